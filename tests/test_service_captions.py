"""Certification of a captions vendor end to end: the scripted captions vendor passes every rule of the captions
scenario, and each broken variant fails exactly the rules it breaks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conformance.model import Verdict
from tests.service_vendors.harness import failures, judge, stager  # noqa: F401  (module fixture)

pytestmark = pytest.mark.e2e

VENDOR = Path(__file__).parent / "service_vendors" / "captions_vendor.py"


def command(*breaks: str) -> str:
    return " ".join([sys.executable, str(VENDOR), *(f"--break {b}" for b in breaks)])


def test_a_correct_captions_vendor_passes(stager, tmp_path):  # noqa: F811
    results = judge(stager, command(), "captions", tmp_path)
    assert failures(results) == set()
    for rule_id in ("REACH-CAP-001", "REACH-CAP-002", "REACH-CAP-003", "REACH-CAP-004", "REACH-CAP-005"):
        assert results[rule_id].verdict == Verdict.PASS, results[rule_id].message


@pytest.mark.parametrize(
    ("broken", "rules"),
    [
        ("wrong-ext", {"REACH-CAP-001"}),
        ("garbled-file", {"REACH-CAP-002"}),
        ("no-accuracy", {"REACH-CAP-003"}),
        ("wrong-language", {"REACH-CAP-004"}),
        ("hidden", {"REACH-CAP-005"}),
    ],
)
def test_a_broken_captions_vendor_fails_exactly_its_rules(stager, tmp_path, broken, rules):  # noqa: F811
    assert failures(judge(stager, command(broken), "captions", tmp_path)) == rules


def test_metadata_extraction_as_multilingual_tags_passes_both_ways(stager, tmp_path):  # noqa: F811
    on = judge(stager, command(), "captions", tmp_path / "on")
    assert on["REACH-META-001"].verdict == Verdict.PASS and on["REACH-META-002"].verdict == Verdict.PASS
    off = judge(stager, command(), "captions-metadata-off", tmp_path / "off")
    assert failures(off) == set() and off["REACH-META-003"].verdict == Verdict.PASS


@pytest.mark.parametrize(
    ("broken", "scenario", "rules"),
    [
        ("tags-only", "captions", {"REACH-META-001"}),
        ("languageless-tags", "captions", {"REACH-META-002"}),
        ("tag-unasked", "captions-metadata-off", {"REACH-META-003"}),
    ],
)
def test_a_broken_metadata_extraction_fails_exactly_its_rules(stager, tmp_path, broken, scenario, rules):  # noqa: F811
    assert failures(judge(stager, command(broken), scenario, tmp_path)) == rules
