"""Certification of a translation vendor (from source captions) end to end: the scripted vendor passes both
translation scenarios, and each broken variant fails exactly the rules it breaks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conformance.model import Verdict
from tests.service_vendors.harness import failures, judge, stager  # noqa: F401  (module fixture)

pytestmark = pytest.mark.e2e

VENDOR = Path(__file__).parent / "service_vendors" / "translation_vendor.py"


def command(*breaks: str) -> str:
    return " ".join([sys.executable, str(VENDOR), *(f"--break {b}" for b in breaks)])


def test_a_correct_translation_vendor_translates_human_captions(stager, tmp_path):  # noqa: F811
    results = judge(stager, command(), "translation", tmp_path)
    assert failures(results) == set()
    for rule_id in ("REACH-TRN-001", "REACH-TRN-003", "REACH-TRN-004"):
        assert results[rule_id].verdict == Verdict.PASS, results[rule_id].message


def test_a_correct_translation_vendor_refuses_machine_captions(stager, tmp_path):  # noqa: F811
    results = judge(stager, command(), "translation-machine-source", tmp_path)
    assert failures(results) == set()
    assert results["REACH-TRN-002"].verdict == Verdict.PASS, results["REACH-TRN-002"].message


@pytest.mark.parametrize(
    ("broken", "scenario", "rules"),
    [
        ("skip-source", "translation", {"REACH-TRN-001"}),
        ("output-translation", "translation", {"REACH-TRN-003"}),
        ("default-translation", "translation", {"REACH-TRN-004"}),
        # READY where ERROR was due is also the lifecycle's failure (the task did not end as the scenario expects)
        ("translate-machine", "translation-machine-source", {"REACH-TRN-002", "REACH-LIFE-008"}),
    ],
)
def test_a_broken_translation_vendor_fails_exactly_its_rules(stager, tmp_path, broken, scenario, rules):  # noqa: F811
    assert failures(judge(stager, command(broken), scenario, tmp_path)) == rules
