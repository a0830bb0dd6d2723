"""Certification of a standard audio description vendor end to end: the scripted vendor delivers the described
track and the clear audio as real AAC-LC flavors and passes its scenario, and each broken variant fails exactly the
rules it breaks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conformance.model import Verdict
from tests.service_vendors.harness import failures, judge, stager  # noqa: F401  (module fixture)

pytestmark = pytest.mark.e2e

VENDOR = Path(__file__).parent / "service_vendors" / "audio_description_vendor.py"
RULES = ("REACH-AD-001", "REACH-AD-002", "REACH-AD-003", "REACH-AD-004", "REACH-AD-005", "REACH-AD-006")


def command(*breaks: str) -> str:
    return " ".join([sys.executable, str(VENDOR), *(f"--break {b}" for b in breaks)])


def test_a_correct_audio_description_vendor_passes(stager, tmp_path):  # noqa: F811
    results = judge(stager, command(), "audio-description", tmp_path)
    assert failures(results) == set()
    for rule_id in RULES:
        assert results[rule_id].verdict == Verdict.PASS, results[rule_id].message
    # the evidence is the tracks' flavorAsset.add/setContent calls, made with the task's access key
    assert len(results["REACH-AD-001"].evidence) == 4
    assert results["REACH-AUTH-007"].verdict == Verdict.PASS


@pytest.mark.parametrize(
    ("broken", "rules"),
    [
        ("plain-label", {"REACH-AD-004"}),
        ("described-is-default", {"REACH-AD-003"}),
        ("low-bitrate", {"REACH-AD-005"}),
        ("no-clear-audio", {"REACH-AD-002"}),
        # the clear audio is the default and labelled with the bare language: the track fields are wrong too
        ("output-is-clear-audio", {"REACH-AD-001", "REACH-AD-003", "REACH-AD-004"}),
        # the profile names the small video flavor first: fetching audio also breaks its preference
        ("audio-only-media", {"REACH-AD-006", "REACH-MEDIA-003"}),
    ],
)
def test_a_broken_audio_description_vendor_fails_exactly_its_rules(stager, tmp_path, broken, rules):  # noqa: F811
    assert failures(judge(stager, command(broken), "audio-description", tmp_path)) == rules
