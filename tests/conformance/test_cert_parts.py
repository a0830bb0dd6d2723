"""The harness's parts without a server: request facts in the journal, scenario files, reports, the CLI's refusals."""

from __future__ import annotations

import json
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import cli, scenarios
from conformance.model import run_from_dict
from conformance.report import write_all
from conformance.results import EXIT_HARNESS_ERROR, EXIT_MUST_FAILED, EXIT_OK, Report, ScenarioResult, evaluate
from conformance.results import harness_failed as all_harness_errors
from conformance.rules import catalog
from conformance.rules.client_tag import parse as parse_tag
from simulator.request_facts import request_facts, request_notes

DATA = Path(__file__).parent / "data"
SECRET = "s3cr3t-value-never-journalled"

names = st.text(alphabet=st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=12)


@given(prefix=st.text(min_size=1, max_size=20), vendor=names, partner=st.integers(1, 10**9), task=st.integers(1, 10**9))
def test_client_tag_grammar_round_trips(prefix, vendor, partner, task):
    assert parse_tag(f"{prefix}_{vendor}-{partner}", vendor, partner) == (prefix, None)
    assert parse_tag(f"{prefix}_{vendor}-{partner}-{task}", vendor, partner) == (prefix, task)
    assert parse_tag(f"{prefix}_{vendor}_{partner}", vendor, partner) == (prefix, None)  # the guide's first example
    assert parse_tag(f"{prefix}_{vendor}-{partner + 1}", vendor, partner) is None


def test_guide_examples_parse():
    assert parse_tag("php5:18-11-11_vendorName-12345-9292", "vendorName", 12345) == ("php5:18-11-11", 9292)
    assert parse_tag("app:18-11-11_vendorName_12345", "vendorName", 12345) == ("app:18-11-11", None)
    assert parse_tag("", "vendorName", 12345) is None


params = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=12), params, max_size=6))
def test_request_facts_never_keep_credentials(extra):
    sent = {
        **extra,
        "ks": SECRET,
        "secret": SECRET,
        "contextDataParams": {"ks": SECRET, "streamerType": "applehttp"},
        "appToken": {"tokenHash": SECRET},
        "entryVendorTask": {"accessKey": SECRET, "status": "3"},
    }
    facts = request_facts(sent)
    assert SECRET not in json.dumps(facts)
    assert facts["entryVendorTask"]["status"] == "3"
    assert facts["contextDataParams"] == {"streamerType": "applehttp"}


def test_request_notes_are_absent_for_a_credentials_only_call():
    assert request_notes({"ks": SECRET, "format": "1", "clientTag": "x"}) == {}
    assert request_notes({"id": "5"}) == {"request": {"id": "5"}}


def test_every_scenario_file_loads_and_the_profiles_cover_them():
    assert sorted({n for names in scenarios.PROFILES.values() for n in names}) == scenarios.names()
    for name in scenarios.names():
        scenario = scenarios.load(name)
        assert scenario.summary and (scenario.tasks or scenario.unseen)


@pytest.mark.parametrize(
    ("doc", "complaint"),
    [
        ({"tasks": []}, "needs a name"),
        ({"name": "x", "tasks": []}, "no tasks"),
        ({"name": "x", "tasks": [{"key": "t", "account": "mars", "expect": "ready"}]}, "account"),
        ({"name": "x", "tasks": [{"key": "t", "account": "customer", "expect": "maybe"}]}, "expect"),
        (
            {
                "name": "x",
                "tasks": [{"key": "t", "account": "customer", "expect": "ready"}],
                "script": [{"when": "listed", "task": "t", "do": "advance"}],
            },
            "script step",
        ),
    ],
)
def test_bad_scenarios_are_refused_with_a_reason(doc, complaint):
    with pytest.raises(scenarios.ScenarioError, match=complaint):
        scenarios.parse(doc)


def test_unknown_scenario_names_the_known_ones():
    with pytest.raises(scenarios.ScenarioError, match="hls-happy-path"):
        scenarios.load("nope")


def _report(*variants: str) -> Report:
    report = Report("python vendor.py", "protocol", "2026-01-01T00:00:00+00:00", 1.0)
    for variant in variants:
        run = run_from_dict(json.loads((DATA / variant).read_text()))
        report.scenarios.append(ScenarioResult(run.scenario, "summary", evaluate(catalog(), run), run, seconds=1.0))
    return report


def test_reports_carry_verdicts_and_evidence(tmp_path):
    report = _report("plain-good__hls-happy-path.json", "plain-no-processing__hls-happy-path.json")
    assert report.exit_status() == EXIT_MUST_FAILED
    paths = write_all(report, tmp_path)

    data = json.loads(paths["json"].read_text())
    assert data["exitStatus"] == EXIT_MUST_FAILED and len(data["scenarios"]) == 2
    failed = [r for r in data["scenarios"][1]["results"] if r["verdict"] == "fail"]
    assert {r["rule_id"] for r in failed} == {"REACH-LIFE-001", "REACH-LIFE-002"}

    suites = ET.parse(paths["junit"]).getroot().findall("testsuite")
    assert [int(s.get("tests")) for s in suites] == [len(catalog())] * 2
    failures = suites[1].findall("testcase/failure")
    assert len(failures) == 2 and all(f.get("type") == "MUST" for f in failures)
    assert any("#" in f.text and "playManifest" in f.text for f in failures)  # evidence lines in the failure text
    assert len(suites[0].findall("testcase/skipped")) == int(suites[0].get("skipped"))

    html = paths["html"].read_text()
    assert "REACH-LIFE-001" in html and 'data-verdict="fail"' in html and "<script>" in html
    assert "http://" not in html.replace("http://127.0.0.1", "")  # self-contained: nothing fetched from elsewhere


def test_exit_status_separates_vendor_failures_from_harness_faults():
    assert _report("plain-good__hls-happy-path.json").exit_status() == EXIT_OK
    broken = _report("plain-good__hls-happy-path.json")
    broken.scenarios.append(ScenarioResult("x", "", all_harness_errors(catalog(), "simulator died"), None))
    assert broken.exit_status() == EXIT_HARNESS_ERROR


def test_binary_vendor_output_stays_valid_xml(tmp_path):
    report = _report("plain-garbage__hls-happy-path.json")
    ET.parse(write_all(report, tmp_path)["junit"])  # parses: control bytes were escaped


def test_cli_profiles_and_refusal_of_unknown_scenarios():
    assert cli.chosen_scenarios("resilience", None) == list(scenarios.RESILIENCE)
    with pytest.raises(cli.CertifyUsageError, match="unknown scenario"):
        cli.chosen_scenarios("protocol", ["nope"])
    assert cli.chosen_scenarios("full", ["no-hls"]) == ["no-hls"]


def test_cli_refuses_commands_it_cannot_split_and_report_dirs_that_are_files(tmp_path):
    with pytest.raises(cli.CertifyUsageError, match="cannot be split"):
        cli.check_inputs("python 'unbalanced", tmp_path)
    with pytest.raises(cli.CertifyUsageError, match="empty"):
        cli.check_inputs("   ", tmp_path)
    a_file = tmp_path / "report.txt"
    a_file.write_text("")
    with pytest.raises(cli.CertifyUsageError, match="is a file"):
        cli.check_inputs("python vendor.py", a_file)
    cli.check_inputs("python vendor.py --flag 'two words'", tmp_path / "new")


def test_vendor_output_tails_flag_binary_and_keep_text():
    from conformance.runner import _tail

    assert _tail(b"INFO step=poll\n\x1b[32mcoloured\x1b[0m\n") == ("INFO step=poll\n\x1b[32mcoloured\x1b[0m\n", False)
    shown, binary = _tail(bytes(range(256)))
    assert binary and "\\x00" in shown
    assert _tail(b"") == ("", False)


def test_a_vendor_flooding_its_output_keeps_running_and_fills_no_disk(tmp_path, monkeypatch):
    from conformance import runner

    monkeypatch.setattr(runner, "OUTPUT_LIMIT", 100_000)
    vendor = runner.VendorRun("yes garbage", dict(os.environ), tmp_path)
    time.sleep(0.5)
    assert vendor.alive()  # draining its pipe: `yes` never blocks on a full one
    info = vendor.stop()
    assert info.stopped_by_harness and info.output_bytes > 1_000_000
    kept = (tmp_path / "vendor.stdout").read_bytes()
    assert kept.startswith(b"garbage\n") and len(kept) < 100_200 and b"not kept" in kept
    assert info.stdout_tail.endswith("garbage\n") and not info.output_binary


def test_a_vendor_that_cannot_start_has_its_reason_in_stderr(tmp_path):
    from conformance.runner import VendorRun

    info = VendorRun("reachsim-no-such-command", dict(os.environ), tmp_path).stop()
    assert info.exit_code == 127 and "cannot start the vendor command" in info.stderr_tail


def test_reports_never_carry_access_keys():
    from conformance.runner import public_state

    state = {"tasks": [{"id": 1, "accessKey": "djJ8secret", "_accessKeyFingerprint": "f", "status": 2}], "entries": {}}
    assert public_state(state) == {"tasks": [{"id": 1, "status": 2}], "entries": {}}
    for path in DATA.glob("*.json"):
        assert '"accessKey"' not in path.read_text(), path.name


def test_cli_refuses_a_report_dir_it_cannot_create(tmp_path, capsys):
    from simulator.cli import main

    (tmp_path / "a-file").write_text("")
    assert main(["certify", "--vendor-cmd", "true", "--report-dir", str(tmp_path / "a-file" / "sub")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be created" in err


def test_a_harness_that_breaks_exits_3_with_one_line_not_a_traceback(tmp_path, capsys, monkeypatch):
    from conformance import runner
    from simulator.cli import main

    def broken(*args, **kwargs):
        raise OSError("no free port")

    monkeypatch.setattr(runner, "certify", broken)
    status = main(["certify", "--vendor-cmd", "true", "--profile", "protocol", "--report-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == EXIT_HARNESS_ERROR
    assert err.count("\n") == 1 and "harness itself failed, not the vendor" in err and "no free port" in err


def test_full_orders_only_what_an_ocr_vendor_sells():
    """The reference vendor (OCR only) must be able to pass `full`: another service's order in it is one the vendor
    is expected to refuse (ERROR), as the fairness backlog's captions orders are."""
    tasks = [t for name in scenarios.PROFILES["full"] for t in scenarios.load(name).tasks]
    assert {t.item for t in tasks if t.expect == "ready"} == {"ocr"}
    assert "ocr-quality" in scenarios.PROFILES["full"] and "captions" in scenarios.PROFILES["services"]


def test_on_a_terminal_a_progress_bar_names_the_running_scenario(tmp_path, capsys, monkeypatch):
    import sys

    from conformance import runner
    from simulator.cli import main

    def fake_certify(*args, on_start, **kwargs):
        report = _report("plain-good__hls-happy-path.json")
        on_start("hls-happy-path")
        args[4](report.scenarios[0])  # on_scenario
        return report

    monkeypatch.setattr(runner, "certify", fake_certify)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    argv = ["certify", "--vendor-cmd", "v", "--scenario", "hls-happy-path", "--report-dir", str(tmp_path)]
    assert main(argv) == EXIT_OK
    captured = capsys.readouterr()
    assert "certify:" in captured.err and "scenario/s, hls-happy-path]" in captured.err
    assert "hls-happy-path" in captured.out and "every MUST rule passed" in captured.out
