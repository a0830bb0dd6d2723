"""Every rule on recorded runs, without a server: the plain test-double vendor recorded whole and with one step
broken (tests/conformance/record_runs.py), and recorded runs edited by hand to break one thing each."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conformance.model import Verdict, run_from_dict
from conformance.results import evaluate
from conformance.rules import SERVICES, catalog
from conformance.scenarios import PROTOCOL

DATA = Path(__file__).parent / "data"
RULES = catalog()

# What each broken variant must fail, and nothing else: the step it breaks and what that step's break entails.
# `ref` variants are the reference vendor with one step overridden (vendors/broken_reference.py); `plain` ones the
# requests double (vendors/plain_vendor.py --break).
COMMON: dict[str, tuple[str, set[str]]] = {
    "no-processing": ("hls-happy-path", {"REACH-LIFE-001", "REACH-LIFE-002"}),
    "ignore-flavor-order": ("flavor-preference-later-match", {"REACH-MEDIA-003"}),
    "no-http-fallback": ("no-hls", {"REACH-MEDIA-002", "REACH-LIFE-008"}),
    "ready-without-output": ("hls-happy-path", {"REACH-LIFE-003"}),
    "error-without-description": ("corrupt-media", {"REACH-LIFE-005"}),
    "never-extend": ("access-key-expiry", {"REACH-TIME-002", "REACH-LIFE-008"}),
    "hammer": ("hls-happy-path", {"REACH-POLL-001", "REACH-POLL-002"}),
    "crash": ("hls-happy-path", {"REACH-PROC-001", "REACH-PROC-003"}),
}
BROKEN: dict[str, dict[str, tuple[str, set[str]]]] = {
    "ref": {
        **COMMON,
        # the reference fails the task when get is refused: before PROCESSING, so ERROR without PROCESSING
        "vendor-ks-for-get": ("hls-happy-path", {"REACH-AUTH-004", "REACH-LIFE-002", "REACH-LIFE-008"}),
        "wrong-client-tag": ("hls-happy-path", {"REACH-TAG-002"}),
        "process-aborted": ("aborted-before-pickup", {"REACH-LIFE-007", "REACH-LIFE-010"}),
    },
    "plain": {
        **COMMON,
        "vendor-ks-for-get": ("hls-happy-path", {"REACH-AUTH-004", "REACH-AUTH-005", "REACH-LIFE-008"}),
        "wrong-client-tag": ("hls-happy-path", {"REACH-TAG-001", "REACH-TAG-002"}),
        # the double also fetches the aborted task's media (refused PROCESSING, no profile: not its flavor)
        "process-aborted": (
            "aborted-before-pickup",
            {"REACH-LIFE-007", "REACH-LIFE-001", "REACH-MEDIA-003", "REACH-LIFE-010"},
        ),
        "garbage": ("hls-happy-path", {"REACH-PROC-002", "REACH-PROC-003", "REACH-PROC-004"}),
        "hang": ("hls-happy-path", {"REACH-PROC-002", "REACH-PROC-003"}),
    },
}
# Rules judged on how the vendor process behaved (exit, output, signals), not on journal entries.
PROCESS_FACTS = {"REACH-PROC-001", "REACH-PROC-002", "REACH-PROC-004", "REACH-PROC-005"}
CASES = [(family, variant) for family, table in BROKEN.items() for variant in sorted(table)]


def recorded(variant: str, scenario: str, family: str = "plain") -> dict[str, Any]:
    return json.loads((DATA / f"{family}-{variant}__{scenario}.json").read_text())


def verdicts(doc: dict[str, Any]) -> dict[str, Any]:
    return {r.rule_id: r for r in evaluate(RULES, run_from_dict(doc))}


def failed(doc: dict[str, Any]) -> set[str]:
    return {rid for rid, r in verdicts(doc).items() if r.verdict == Verdict.FAIL}


def test_catalog_has_at_least_thirty_rules_with_citations():
    assert len(RULES) >= 30
    assert len({r.id for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.statement.endswith(".") and rule.citation, rule.id


@pytest.mark.parametrize("family", ["ref", "plain"])
@pytest.mark.parametrize("scenario", PROTOCOL)
def test_the_reference_and_the_good_double_pass_every_scenario(family, scenario):
    results = verdicts(recorded("good", scenario, family))
    assert {rid for rid, r in results.items() if r.verdict in (Verdict.FAIL, Verdict.HARNESS_ERROR)} == set()


@pytest.mark.parametrize(("family", "variant"), CASES)
def test_each_broken_vendor_fails_exactly_what_it_breaks(family, variant):
    scenario, expected = BROKEN[family][variant]
    results = verdicts(recorded(variant, scenario, family))
    assert {rid for rid, r in results.items() if r.verdict == Verdict.FAIL} == expected
    assert not [r for r in results.values() if r.verdict == Verdict.HARNESS_ERROR]
    for rid in expected:
        assert results[rid].message
        # a task the vendor never finished, or what its process did, has no journal entry to name
        if rid not in PROCESS_FACTS and not results[rid].message.endswith(("PENDING", "(time limit reached)")):
            assert results[rid].evidence, f"{rid} failed without evidence"


# ---------------------------------------------------------------------------------------- hand-edited journals


def _entries(doc: dict[str, Any], service: str | None = None, action: str | None = None) -> list[dict[str, Any]]:
    return [
        e
        for e in doc["journal"]
        if (service is None or e.get("service") == service) and (action is None or e.get("action") == action)
    ]


def _append(doc: dict[str, Any], entry: dict[str, Any], after: float = 0.0) -> dict[str, Any]:
    last = doc["journal"][-1]
    added = {**copy.deepcopy(entry), "seq": last["seq"] + 1, "time": last["time"] + after}
    doc["journal"].append(added)
    return added


def _task(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["state"]["tasks"][0]


def _asset(doc: dict[str, Any]) -> dict[str, Any]:
    entry_id = doc["tasks"][0]["entry_id"]
    return doc["state"]["entries"][entry_id]["assets"][0]


def _set(entries: list[dict[str, Any]], **values: Any) -> None:
    for entry in entries:
        entry.update(values)


def _request(entry: dict[str, Any]) -> dict[str, Any]:
    return entry["extra"]["request"]


def _prefix_without_library(doc: dict[str, Any]) -> None:
    for entry in _entries(doc):
        if entry.get("client_tag"):
            entry["client_tag"] = entry["client_tag"].replace("app:0.1_", "vendor_")


def _swap_customers(doc: dict[str, Any]) -> None:
    plans = {p["key"]: p for p in doc["tasks"]}
    plans["a2"]["partner_id"], plans["b1"]["partner_id"] = plans["b1"]["partner_id"], plans["a2"]["partner_id"]


def _drop_session_renewal(doc: dict[str, Any]) -> None:
    refused = next(e for e in doc["journal"] if e.get("result") == "INVALID_KS" and e.get("partner_id") == 2002)
    doc["journal"] = [e for e in doc["journal"] if not (e["seq"] > refused["seq"] and e.get("service") == "session")]
    for entry in doc["journal"]:
        if entry["seq"] > refused["seq"] and entry.get("partner_id") == 2002:
            entry["result"] = "INVALID_KS"


EDITS: dict[str, tuple[str, Callable[[dict[str, Any]], None]]] = {
    "REACH-AUTH-001": ("hls-happy-path", lambda d: _set(_entries(d, action="getJobs"), partner_id=1001)),
    "REACH-AUTH-002": ("hls-happy-path", lambda d: _set(_entries(d, action="updateJob"), ks_type=0)),
    "REACH-AUTH-003": (
        "access-key-expiry",
        lambda d: _set(_entries(d, action="extendAccessKey"), partner_id=1001, ks_type=0),
    ),
    "REACH-AUTH-006": (
        "hls-happy-path",
        lambda d: _set([e for e in d["journal"] if e["kind"] == "media"], ks_privileges="disableentitlement"),
    ),
    "REACH-AUTH-007": ("hls-happy-path", lambda d: _set(_entries(d, "uploadtoken"), ks_privileges="", ks_type=2)),
    "REACH-AUTH-008": (
        "hls-happy-path",
        lambda d: _request(_entries(d, action="getPlaybackContext")[0]).update(entryId="0_another"),
    ),
    "REACH-AUTH-009": ("hls-happy-path", lambda d: _request(_entries(d, action="get")[0]).pop("responseProfile")),
    "REACH-AUTH-010": (
        "hls-happy-path",
        lambda d: [_append(d, _entries(d, "session", "start")[0]) for _ in range(3)],
    ),
    "REACH-TAG-003": ("hls-happy-path", _prefix_without_library),
    "REACH-LIFE-004": ("hls-happy-path", lambda d: _task(d).pop("accuracy")),
    "REACH-LIFE-011": (
        "corrupt-media",
        lambda d: _task(d).update(
            errDescription="ffmpeg failed: http://h/hls/p/1/ks/djJ8MTAwMXwPKbBfSgW8Sbyie-HwO/a.ts"
        ),
    ),
    "REACH-LIFE-006": ("hls-happy-path", lambda d: _append(d, _entries(d, action="updateJob")[-1], after=1)),
    "REACH-LIFE-009": ("hls-happy-path", lambda d: _append(d, _entries(d, action="updateJob")[0])),
    "REACH-MEDIA-001": (
        "hls-happy-path",
        lambda d: _request(_entries(d, action="getPlaybackContext")[0])["contextDataParams"].update(
            streamerType="http"
        ),
    ),
    "REACH-MEDIA-004": (
        "hls-happy-path",
        lambda d: _entries(d, "playManifest")[0]["extra"]["flavorIds"].append("0_second"),
    ),
    "REACH-MEDIA-005": (
        "hls-happy-path",
        lambda d: d.update(journal=[e for e in d["journal"] if e.get("service") != "serveFlavor"]),
    ),
    "REACH-MEDIA-006": ("hls-happy-path", lambda d: _set(_entries(d, "serveFlavor")[-1:], http_status=404)),
    "REACH-DELIV-001": ("hls-happy-path", lambda d: _asset(d)["inspection"].update(valid=False, errors=["x"])),
    "REACH-DELIV-002": ("hls-happy-path", lambda d: _asset(d).update(title="insight")),
    "REACH-DELIV-003": (
        "metadata-extraction",
        lambda d: d["state"]["entries"][d["tasks"][0]["entry_id"]].update(tags="", multiLingual_tags=None),
    ),
    "REACH-DELIV-004": ("hls-happy-path", lambda d: _asset(d).update(status=0)),
    "REACH-POLL-003": ("hls-happy-path", lambda d: d["tasks"][0].update(created_at=d["tasks"][0]["created_at"] - 120)),
    "REACH-POLL-004": ("two-customers", _swap_customers),
    "REACH-PROC-005": ("hls-happy-path", lambda d: d["process"].update(killed=True)),
    "REACH-TIME-001": (
        "hls-happy-path",
        lambda d: _task(d).update(finishTime=_task(d)["expectedFinishTime"] + 10),
    ),
    "REACH-TIME-003": (
        "access-key-expiry",
        lambda d: _set(_entries(d, action="extendAccessKey")[-1:], result="CANNOT_EXTEND_ACCESS_KEY"),
    ),
    "REACH-TIME-004": ("access-key-expiry", _drop_session_renewal),
}


@pytest.mark.parametrize("rule_id", sorted(EDITS))
def test_an_edited_journal_fails_the_rule_with_evidence(rule_id):
    scenario, edit = EDITS[rule_id]
    doc = recorded("good", scenario)
    assert verdicts(doc)[rule_id].verdict == Verdict.PASS  # the unedited run is the passing case
    edit(doc)
    result = verdicts(doc)[rule_id]
    assert result.verdict == Verdict.FAIL, result.message
    assert result.message
    if rule_id not in PROCESS_FACTS:
        assert result.evidence, f"{rule_id} failed without naming the journal entries that decide it"


def test_idle_polls_five_seconds_apart_pass_and_faster_ones_fail():
    doc = recorded("good", "hls-happy-path")
    poll = _entries(doc, action="getJobs")[0]
    _append(doc, poll, after=5.0)
    _append(doc, poll, after=5.0)
    assert verdicts(doc)["REACH-POLL-001"].verdict == Verdict.PASS
    _append(doc, poll, after=1.0)
    result = verdicts(doc)["REACH-POLL-001"]
    assert result.verdict == Verdict.FAIL and result.evidence == [doc["journal"][-1]["seq"]]


def test_every_rule_is_seen_passing_and_failing():
    failing = set(EDITS) | {r for table in BROKEN.values() for _, rules in table.values() for r in rules}
    passing = set()
    for scenario in PROTOCOL:
        passing |= {rid for rid, r in verdicts(recorded("good", scenario)).items() if r.verdict == Verdict.PASS}
    passing.add("REACH-POLL-001")  # test_idle_polls_five_seconds_apart_pass_and_faster_ones_fail
    # resilience, fairness, quality rules are seen both ways in test_fault_rules.py and test_quality.py; each
    # service's rules in tests/test_service_<service>.py
    seen_elsewhere = ("resilience", "fairness", "quality", *SERVICES)
    protocol_rules = {r.id for r in RULES if r.family not in seen_elsewhere}
    assert protocol_rules - passing == set()
    assert protocol_rules - failing == set()


def test_a_rule_that_raises_is_a_harness_error_not_a_failure():
    doc = recorded("good", "hls-happy-path")
    doc["state"]["tasks"][0]["status"] = "not a number"
    results = verdicts(doc)
    assert results["REACH-LIFE-004"].verdict == Verdict.HARNESS_ERROR
    assert "raised" in results["REACH-LIFE-004"].message
