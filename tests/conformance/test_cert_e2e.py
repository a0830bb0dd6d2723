"""`reachsim certify` end to end: a live simulator, real vendor processes in their own process groups, verdicts."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance import scenarios
from conformance.model import Verdict
from conformance.results import evaluate
from conformance.rules import catalog
from conformance.runner import live_simulator, run_scenario
from conformance.staging import Stager

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PLAIN = Path(__file__).parent / "vendors" / "plain_vendor.py"
REFERENCE = f"{sys.executable} -m simulator.cli vendor"


@pytest.fixture(scope="module")
def stager() -> Iterator[Stager]:
    with live_simulator() as server, contextlib.closing(Stager(server.url)) as stager:
        yield stager


def judge(stager: Stager, command: str, scenario: str, tmp_path: Path, timeout: float = 30.0) -> dict[str, object]:
    run = run_scenario(stager, scenarios.load(scenario), command, tmp_path, timeout)
    return {r.rule_id: r for r in evaluate(catalog(), run)}


def failures(results: dict[str, object]) -> set[str]:
    return {rid for rid, r in results.items() if r.verdict in (Verdict.FAIL, Verdict.HARNESS_ERROR)}  # type: ignore[attr-defined]


def test_the_reference_vendor_passes_the_happy_path(stager, tmp_path):
    results = judge(stager, REFERENCE, "hls-happy-path", tmp_path)
    assert failures(results) == set()
    assert results["REACH-DELIV-001"].verdict == Verdict.PASS  # a real OCR insight, valid  # type: ignore[attr-defined]


def test_over_https_the_reference_vendor_trusts_the_given_ca_and_passes(tmp_path):
    """`certify --tls`: the simulator speaks HTTPS only and the vendor finds the CA in its environment."""
    with live_simulator(tls=True) as server, contextlib.closing(Stager(server.url, server.ca_path)) as tls_stager:
        assert server.url.startswith("https://") and tls_stager.ca == str(server.ca_path)
        results = judge(tls_stager, REFERENCE, "hls-happy-path", tmp_path)
    assert failures(results) == set()
    assert results["REACH-DELIV-001"].verdict == Verdict.PASS  # type: ignore[attr-defined]


# ignore-flavor-order live as well: its break leans on the reference vendor's flavor choice, which moved once and
# left the variant picking the right flavor while its recorded run still failed.
@pytest.mark.parametrize(
    ("variant", "scenario", "rules"),
    [
        ("ready-without-output", "hls-happy-path", {"REACH-LIFE-003"}),
        ("ignore-flavor-order", "flavor-preference-later-match", {"REACH-MEDIA-003"}),
    ],
)
def test_a_broken_reference_fails_exactly_its_rule(stager, tmp_path, variant, scenario, rules):
    command = f"{sys.executable} {PLAIN.parent / 'broken_reference.py'} {variant}"
    assert failures(judge(stager, command, scenario, tmp_path)) == rules


def test_a_crashing_vendor_gets_a_verdict_not_a_traceback(stager, tmp_path):
    results = judge(stager, f"{sys.executable} {PLAIN} --break crash", "hls-happy-path", tmp_path, timeout=10)
    assert failures(results) == {"REACH-PROC-001", "REACH-PROC-003"}
    assert "exited with status 1" in results["REACH-PROC-001"].message  # type: ignore[attr-defined]
    assert "deliberate crash" in (tmp_path / "vendor.stderr").read_text()


def test_a_command_that_cannot_start_is_the_vendors_failure(stager, tmp_path):
    results = judge(stager, "/nonexistent/vendor --serve", "hls-happy-path", tmp_path, timeout=3)
    assert results["REACH-PROC-001"].verdict == Verdict.FAIL  # type: ignore[attr-defined]
    assert "127" in results["REACH-PROC-001"].message  # type: ignore[attr-defined]
    assert not [r for r in results.values() if r.verdict == Verdict.HARNESS_ERROR]  # type: ignore[attr-defined]


def test_the_cli_writes_three_reports_and_exits_by_the_must_rules(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "simulator.cli", "certify", "--report-dir", str(tmp_path), "--profile", "protocol"]
    done = subprocess.run(
        [*command, "--vendor-cmd", f"{sys.executable} {PLAIN} --break no-processing", "--scenario", "hls-happy-path"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    assert "MUST verdicts failed" in done.stdout and "Traceback" not in done.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    failed = {r["rule_id"] for r in report["scenarios"][0]["results"] if r["verdict"] == "fail"}
    assert failed == {"REACH-LIFE-001", "REACH-LIFE-002"}
    assert ET.parse(tmp_path / "junit.xml").getroot().find("testsuite").get("failures") == "2"
    assert (tmp_path / "report.html").read_text().count("REACH-LIFE-001") >= 1
    assert (tmp_path / "hls-happy-path" / "vendor.stderr").exists()


def test_the_cli_certifies_over_https_with_tls(tmp_path):
    """`reachsim certify --tls`: the simulator the vendor is given speaks HTTPS only, with the CA in its environment."""
    wrapper = tmp_path / "vendor.py"  # says which URL it was given, then is the plain vendor
    wrapper.write_text(
        "import os, runpy, sys\n"
        "print(os.environ['REACH_SERVICE_URL'], file=sys.stderr)\n"
        f"runpy.run_path({str(PLAIN)!r}, run_name='__main__')\n"
    )
    reports = tmp_path / "reports"
    command = [sys.executable, "-m", "simulator.cli", "certify", "--tls", "--report-dir", str(reports)]
    done = subprocess.run(
        [
            *command,
            "--profile",
            "protocol",
            "--scenario",
            "hls-happy-path",
            "--vendor-cmd",
            f"{sys.executable} {wrapper}",
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    given = (reports / "hls-happy-path" / "vendor.stderr").read_text().split()[0]
    assert given.startswith("https://127.0.0.1:"), given
