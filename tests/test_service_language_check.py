"""The media-language check end to end: the scripted captions vendor refuses media of another language with a
reason and processes media of undefined language; its broken variants fail exactly the rules they break."""

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


def test_a_correct_vendor_refuses_media_of_another_language(stager, tmp_path):  # noqa: F811
    results = judge(stager, command(), "captions-language-mismatch", tmp_path)
    assert failures(results) == set()
    for rule_id in ("REACH-LANG-001", "REACH-LANG-002"):
        assert results[rule_id].verdict == Verdict.PASS, results[rule_id].message


def test_a_correct_vendor_processes_media_of_undefined_language(stager, tmp_path):  # noqa: F811
    results = judge(stager, command(), "captions", tmp_path)
    assert results["REACH-LANG-003"].verdict == Verdict.PASS, results["REACH-LANG-003"].message


@pytest.mark.parametrize(
    ("broken", "scenario", "rules"),
    [
        # A task that ends other than the scenario expects is also the lifecycle's failure; a refused task also
        # leaves the entry untagged although the profile asks for metadata extraction.
        ("ignore-language", "captions-language-mismatch", {"REACH-LANG-001", "REACH-LANG-002", "REACH-LIFE-008"}),
        ("refuse-undefined", "captions", {"REACH-LANG-003", "REACH-LIFE-008", "REACH-DELIV-003"}),
    ],
)
def test_a_broken_language_check_fails_exactly_its_rules(stager, tmp_path, broken, scenario, rules):  # noqa: F811
    assert failures(judge(stager, command(broken), scenario, tmp_path)) == rules
