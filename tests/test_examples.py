"""CI runs what the example's GitHub Actions workflow runs: its test step and its `reachsim certify` step, read from
examples/minimal_vendor/certify-workflow.yml and run on this checkout (so the workflow cannot rot unnoticed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "minimal_vendor" / "certify-workflow.yml"


def workflow_step(needle: str) -> str:
    """The `run` command of the workflow's one step that contains `needle`."""
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["certify"]["steps"]
    [command] = [s["run"] for s in steps if needle in s.get("run", "")]
    return command


def run_step(command: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    """The command as the runner's shell runs it, in a directory laid out like the vendor's checkout, with this
    interpreter's `python` and `reachsim` first on PATH and this checkout's code importable."""
    (workdir / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", command], cwd=workdir, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_workflow_steps_are_the_ones_ci_runs() -> None:
    assert workflow_step("python -m pytest") == "python -m pytest -q examples/minimal_vendor"
    certify = workflow_step("reachsim certify")
    assert "--profile protocol" in certify and "--report-dir certification" in certify


@pytest.mark.e2e
def test_the_workflows_test_step_passes(tmp_path: Path) -> None:
    done = run_step(workflow_step("python -m pytest"), tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout


@pytest.mark.e2e
def test_the_workflows_certify_step_certifies_the_minimal_vendor(tmp_path: Path) -> None:
    done = run_step(workflow_step("reachsim certify"), tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    reports = tmp_path / "certification"
    assert {p.name for p in reports.iterdir()} >= {"report.html", "junit.xml", "report.json"}
    report = json.loads((reports / "report.json").read_text())
    assert report["exitStatus"] == 0 and report["profile"] == "protocol"
    assert not [
        (scenario["scenario"], verdict["rule_id"])
        for scenario in report["scenarios"]
        for verdict in scenario["results"]
        if verdict["severity"] == "MUST" and verdict["verdict"] == "fail"
    ]


def test_the_workflow_installs_reachsim_from_where_the_user_says_or_stops_with_why(tmp_path: Path) -> None:
    """The install step reads REACHSIM (a repository variable); unset, it fails with one line saying what to set,
    rather than installing whatever a package index holds under that name."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow["jobs"]["certify"]["env"]["REACHSIM"] == "${{ vars.REACHSIM }}"
    install = workflow_step('pip install "$REACHSIM"')
    env = {"PATH": os.environ.get("PATH", ""), "REACHSIM": ""}
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", install], env=env, capture_output=True, text=True)
    assert done.returncode == 1 and "set the repository variable REACHSIM" in done.stdout
    # pytest is a test extra of reachsim, not a base dependency: the test step needs it installed by name.
    assert "pytest" in install.split('"$REACHSIM"', 1)[1].split()
