"""Certification of an extended audio description vendor end to end: the scripted vendor passes its scenario,
and each broken variant fails exactly the rules it breaks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conformance.model import Verdict
from tests.service_vendors.harness import failures, judge, stager  # noqa: F401  (module fixture)

pytestmark = pytest.mark.e2e

VENDOR = Path(__file__).parent / "service_vendors" / "extended_ad_vendor.py"


def command(*breaks: str) -> str:
    return " ".join([sys.executable, str(VENDOR), *(f"--break {b}" for b in breaks)])


def test_a_correct_extended_ad_vendor_passes(stager, tmp_path):  # noqa: F811
    results = judge(stager, command(), "extended-audio-description", tmp_path)
    assert failures(results) == set()
    for rule_id in ("REACH-XAD-001", "REACH-XAD-002", "REACH-XAD-003"):
        assert results[rule_id].verdict == Verdict.PASS, results[rule_id].message


@pytest.mark.parametrize(
    ("broken", "rules"),
    [
        ("no-aad-tag", {"REACH-XAD-001"}),
        ("srt-body", {"REACH-XAD-002"}),
        ("untitled", {"REACH-XAD-003"}),
    ],
)
def test_a_broken_extended_ad_vendor_fails_exactly_its_rules(stager, tmp_path, broken, rules):  # noqa: F811
    assert failures(judge(stager, command(broken), "extended-audio-description", tmp_path)) == rules
