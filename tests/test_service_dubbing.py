"""Certification of a dubbing vendor end to end: the scripted vendor delivers real AAC-LC tracks made with ffmpeg
and passes its scenario, and each broken variant fails exactly the rules it breaks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conformance.model import Verdict
from tests.service_vendors.harness import failures, judge, stager  # noqa: F401  (module fixture)

pytestmark = pytest.mark.e2e

VENDOR = Path(__file__).parent / "service_vendors" / "dubbing_vendor.py"
RULES = ("REACH-DUB-001", "REACH-DUB-002", "REACH-DUB-003", "REACH-DUB-004", "REACH-DUB-005")


def command(*breaks: str) -> str:
    return " ".join([sys.executable, str(VENDOR), *(f"--break {b}" for b in breaks)])


def test_a_correct_dubbing_vendor_passes(stager, tmp_path):  # noqa: F811
    results = judge(stager, command(), "dubbing", tmp_path)
    assert failures(results) == set()
    for rule_id in RULES:
        assert results[rule_id].verdict == Verdict.PASS, results[rule_id].message
    # the evidence is the tracks' flavorAsset.add/setContent calls, made with the task's access key
    assert len(results["REACH-DUB-001"].evidence) == 4
    assert results["REACH-AUTH-007"].verdict == Verdict.PASS


@pytest.mark.parametrize(
    ("broken", "rules"),
    [
        ("no-clear-audio", {"REACH-DUB-002"}),
        ("dub-is-default", {"REACH-DUB-003"}),
        ("mp3-track", {"REACH-DUB-004"}),
        ("unlabelled", {"REACH-DUB-005"}),
        # the clear audio is in the source language and the default: the "dubbed track" fields are wrong too
        ("output-is-clear-audio", {"REACH-DUB-001", "REACH-DUB-003"}),
    ],
)
def test_a_broken_dubbing_vendor_fails_exactly_its_rules(stager, tmp_path, broken, rules):  # noqa: F811
    assert failures(judge(stager, command(broken), "dubbing", tmp_path)) == rules
