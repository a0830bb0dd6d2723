"""Certification of an alignment vendor end to end: the scripted vendor passes the alignment scenario, and each
broken variant fails exactly the rules it breaks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conformance.model import Verdict
from tests.service_vendors.harness import failures, judge, stager  # noqa: F401  (module fixture)

pytestmark = pytest.mark.e2e

VENDOR = Path(__file__).parent / "service_vendors" / "alignment_vendor.py"


def command(*breaks: str) -> str:
    return " ".join([sys.executable, str(VENDOR), *(f"--break {b}" for b in breaks)])


def test_a_correct_alignment_vendor_passes(stager, tmp_path):  # noqa: F811
    results = judge(stager, command(), "alignment", tmp_path)
    assert failures(results) == set()
    for rule_id in ("REACH-ALN-001", "REACH-ALN-002", "REACH-ALN-003", "REACH-ALN-004"):
        assert results[rule_id].verdict == Verdict.PASS, results[rule_id].message


@pytest.mark.parametrize(
    ("broken", "rules"),
    [
        ("skip-transcript", {"REACH-ALN-001"}),
        ("wrong-format", {"REACH-ALN-002"}),
        ("beyond-end", {"REACH-ALN-003"}),
        ("unlinked", {"REACH-ALN-004"}),
    ],
)
def test_a_broken_alignment_vendor_fails_exactly_its_rules(stager, tmp_path, broken, rules):  # noqa: F811
    assert failures(judge(stager, command(broken), "alignment", tmp_path)) == rules
