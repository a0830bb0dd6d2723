"""The resilience and fairness rules on recorded runs (tests/conformance/record_fault_runs.py): the reference vendor
passes every fault scenario, each broken variant fails the rule it breaks, a fault never met is no pass; plus one
short end-to-end run of the harness with faults against the reference vendor and a broken one."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conformance.model import Verdict, run_from_dict
from conformance.results import EXIT_FAULT_NOT_REACHED, EXIT_OK, Report, ScenarioResult, evaluate
from conformance.rules import catalog
from conformance.scenarios import RESILIENCE

DATA = Path(__file__).parent / "data"
VENDORS = Path(__file__).parent / "vendors"
RULES = catalog()
OURS = {r.id for r in RULES if r.family in ("resilience", "fairness")}

# variant -> (scenario, every rule it fails): the broken reaction's rule and what that reaction entails.
BROKEN: dict[str, tuple[str, set[str]]] = {
    "tight-loop": ("fault-updatejob-5xx", {"REACH-RES-002"}),
    "double-upload": ("fault-delivery", {"REACH-RES-003"}),
    # left PROCESSING: also not as expected (RES-001), and the harness had to stop it at its time limit (PROC-003)
    "leave-processing": ("fault-segment-dropped", {"REACH-RES-004", "REACH-RES-001", "REACH-PROC-003"}),
    # the protocol profile's own expiry rule sees the same thing
    "keep-expired-session": ("fault-vendor-session-expired", {"REACH-RES-006", "REACH-TIME-004"}),
    "fifo": ("fairness-backlogs", {"REACH-FAIR-001", "REACH-POLL-004"}),
}


def recorded(variant: str, scenario: str) -> dict[str, Any]:
    return json.loads((DATA / f"faults-{variant}__{scenario}.json").read_text())


def verdicts(doc: dict[str, Any]) -> dict[str, Any]:
    return {r.rule_id: r for r in evaluate(RULES, run_from_dict(doc))}


def failed(doc: dict[str, Any]) -> set[str]:
    return {rid for rid, r in verdicts(doc).items() if r.verdict == Verdict.FAIL}


@pytest.mark.parametrize("scenario", RESILIENCE)
def test_reference_vendor_passes_every_fault_scenario(scenario: str) -> None:
    doc = recorded("good", scenario)
    assert failed(doc) == set()
    if doc["faults"]:
        assert all(f["met"] >= 1 and f["metAt"] for f in doc["faults"])
        assert verdicts(doc)["REACH-RES-001"].verdict == Verdict.PASS


@pytest.mark.parametrize("variant", sorted(BROKEN))
def test_broken_variant_fails_its_rule(variant: str) -> None:
    scenario, rules = BROKEN[variant]
    doc = recorded(variant, scenario)
    assert failed(doc) == rules
    for rule_id in rules & OURS:
        assert verdicts(doc)[rule_id].message


def _unmet(doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for fault in doc["faults"]:
        fault["met"], fault["metAt"] = 0, []
    return doc


def test_a_fault_never_met_is_reported_not_passed() -> None:
    doc = _unmet(recorded("good", "fault-updatejob-5xx"))
    results = verdicts(doc)
    for rule_id in OURS - {"REACH-FAIR-001"}:
        assert results[rule_id].verdict == Verdict.FAULT_NOT_REACHED
        assert "never met" in results[rule_id].message
    run = run_from_dict(doc)
    report = Report("vendor", "resilience", "now", 1.0, [ScenarioResult("s", "", evaluate(RULES, run), run)])
    assert report.exit_status() == EXIT_FAULT_NOT_REACHED


def test_cut_media_used_without_fetching_it_again_fails() -> None:
    doc = recorded("good", "fault-mp4-truncated")
    assert verdicts(doc)["REACH-RES-005"].verdict == Verdict.PASS
    cut = next(e for e in doc["journal"] if (e.get("extra") or {}).get("fault"))
    doc["journal"] = [e for e in doc["journal"] if not (e["kind"] == "media" and e["seq"] > cut["seq"])]
    result = verdicts(doc)["REACH-RES-005"]
    assert result.verdict == Verdict.FAIL and result.evidence == [cut["seq"]]


def test_retries_spread_out_are_not_a_tight_loop() -> None:
    doc = recorded("tight-loop", "fault-updatejob-5xx")
    assert verdicts(doc)["REACH-RES-002"].verdict == Verdict.FAIL
    for i, entry in enumerate(doc["journal"]):
        entry["time"] = 1_000_000.0 + 0.05 * i  # the same calls, 50 ms apart: 3 retries take 0.15 s
    assert verdicts(doc)["REACH-RES-002"].verdict == Verdict.PASS


def test_every_resilience_and_fairness_rule_is_seen_passing_and_failing() -> None:
    passing = set()
    for scenario in RESILIENCE:
        passing |= {rid for rid, r in verdicts(recorded("good", scenario)).items() if r.verdict == Verdict.PASS}
    failing = {r for _, rules in BROKEN.values() for r in rules} | {"REACH-RES-005"}  # RES-005: edited above
    assert OURS - passing == set()
    assert OURS - failing == set()


@pytest.mark.e2e
def test_harness_with_faults_passes_the_reference_vendor_and_fails_a_tight_loop(tmp_path: Path) -> None:
    from conformance.runner import certify

    reference = f"{sys.executable} -m simulator.cli vendor"
    report = certify(reference, ["fault-mp4-truncated"], tmp_path / "ref", "resilience")
    assert report.exit_status() == EXIT_OK, report.must_failures()
    assert report.scenarios[0].run is not None and report.scenarios[0].run.faults[0]["met"] == 1
    tight = f"{sys.executable} {VENDORS / 'faulty_reference.py'} tight-loop"
    report = certify(tight, ["fault-updatejob-5xx"], tmp_path / "tight", "resilience")
    assert {r.rule_id for _, r in report.must_failures()} == {"REACH-RES-002"}


def test_reports_show_a_fault_never_met_as_not_reached_never_as_a_pass(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from conformance.report import write_all

    run = run_from_dict(_unmet(recorded("good", "fault-updatejob-5xx")))
    report = Report("vendor", "resilience", "now", 1.0, [ScenarioResult(run.scenario, "", evaluate(RULES, run), run)])
    paths = write_all(report, tmp_path)
    [suite] = ET.parse(paths["junit"]).getroot().findall("testsuite")
    unreached = [c for c in suite.findall("testcase") if c.find("error[@type='fault_not_reached']") is not None]
    assert {c.get("name", "").split()[0] for c in unreached} == OURS - {"REACH-FAIR-001"}
    assert int(suite.get("errors", "0")) == len(unreached)
    html = paths["html"].read_text()
    assert 'data-verdict="fault_not_reached"' in html and "fault not reached" in html


def test_html_report_shows_each_fault_met_and_how_the_vendor_reacted(tmp_path: Path) -> None:
    from conformance.report import write_all

    run = run_from_dict(recorded("good", "fault-updatejob-5xx"))
    report = Report("vendor", "resilience", "now", 1.0, [ScenarioResult(run.scenario, "", evaluate(RULES, run), run)])
    html = write_all(report, tmp_path)["html"].read_text()
    assert "first updateJob: 503 x3" in html and "3 / 3" in html
    assert "tried again after 0.35 s" in html and "succeeded" in html
    assert 'href="#fault-updatejob-5xx-9"' in html  # the met request links into the journal
