"""Certification of a live caption vendor end to end: the scripted vendor passes the live-caption scenario (feature
filled, SCHEDULED before the event, PROCESSING once it started), and each broken variant fails exactly the rules it
breaks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conformance.model import Verdict
from tests.service_vendors.harness import failures, judge, stager  # noqa: F401  (module fixture)

pytestmark = pytest.mark.e2e

VENDOR = Path(__file__).parent / "service_vendors" / "live_caption_vendor.py"


def command(*breaks: str) -> str:
    return " ".join([sys.executable, str(VENDOR), *(f"--break {b}" for b in breaks)])


def test_a_correct_live_caption_vendor_passes(stager, tmp_path):  # noqa: F811
    results = judge(stager, command(), "live-caption", tmp_path)
    assert failures(results) == set()
    for rule_id in ("REACH-LIVE-001", "REACH-LIVE-002", "REACH-LIVE-003", "REACH-LIVE-004"):
        assert results[rule_id].verdict == Verdict.PASS, results[rule_id].message


@pytest.mark.parametrize(
    ("broken", "rules"),
    [
        ("no-token", {"REACH-LIVE-002"}),
        ("late-feature", {"REACH-LIVE-001"}),
        ("wrong-feature-name", {"REACH-LIVE-001"}),
        ("vod-flow", {"REACH-LIVE-003", "REACH-LIVE-004"}),
    ],
)
def test_a_broken_live_caption_vendor_fails_exactly_its_rules(stager, tmp_path, broken, rules):  # noqa: F811
    assert failures(judge(stager, command(broken), "live-caption", tmp_path)) == rules
