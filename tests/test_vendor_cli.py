"""`reachsim vendor` as a user meets it: its help, its log lines, its progress display (terminal or not)."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
import responses

from vendor import cli
from vendor.client import Client, Credentials, TaskSession
from vendor.worker import STEPS, Task, Vendor, log_step

URL = "http://kaltura.test"
ROOT = Path(__file__).resolve().parents[1]


def test_help_documents_every_flag_and_its_reach_variable():
    done = subprocess.run(
        [sys.executable, "-m", "simulator.cli", "vendor", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for flag in ("--service-url", "--partner-id", "--secret", "--app-token-id", "--app-token", "--vendor-name"):
        assert flag in done.stdout
    for flag in ("--workers", "--shard", "--once", "--poll-interval", "--ocr-mode"):
        assert flag in done.stdout
    for variable, key in ((v, k) for k, v in cli.ENV.items()):
        [line] = [line for line in done.stdout.splitlines() if line.strip().startswith(variable + " ")]
        assert "--" + key.replace("_", "-") in line, line
    assert "progress line per task" in done.stdout


def test_a_step_is_one_line_with_task_partner_entry_step_and_duration(caplog):
    task = Task({"id": "7", "entryId": "0_e", "partnerId": 1001}, TaskSession(None, "7", "AK"), Path("."))  # type: ignore[arg-type]
    with caplog.at_level(logging.INFO, logger="reachsim.vendor"):
        log_step(task, "download", duration="1.250s", outcome="ok", reason="two words")
    [line] = caplog.messages
    assert line == 'task=7 partner=1001 entry=0_e step=download duration=1.250s outcome=ok reason="two words"'


def test_the_progress_line_of_a_task_advances_step_by_step_and_closes(capsys):
    task = Task({"id": "7", "entryId": "0_e", "partnerId": 1001}, TaskSession(None, "7", "AK"), Path("."))  # type: ignore[arg-type]
    progress = cli.TaskProgress()
    for step in STEPS[:3]:
        progress(task, step)
    progress(task, "done")
    err = capsys.readouterr().err
    assert "task 7 (0_e)" in err and f"3/{len(STEPS)}" in err
    assert progress._bars == {}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Recorded(Vendor):
    made: ClassVar[list[Vendor]] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        Recorded.made.append(self)


@pytest.mark.parametrize("stream, shown", [(io.StringIO, False), (Terminal, True)])
@responses.activate
def test_progress_is_shown_on_a_terminal_and_not_otherwise(monkeypatch, stream, shown):
    responses.post(f"{URL}/api_v3/service/session/action/start", json="VKS")
    responses.post(f"{URL}/api_v3/service/reach_entryvendortask/action/getJobs", json={"objects": [], "totalCount": 0})
    monkeypatch.setattr(sys, "stderr", stream())
    monkeypatch.setattr(cli, "configure_logging", lambda: None)
    Recorded.made.clear()
    args = ["--service-url", URL, "--partner-id", "2002", "--secret", "s", "--once"]

    class Quick(Client):
        def __init__(self, creds: Credentials) -> None:
            super().__init__(creds, sleep=lambda _: None)

    assert cli.main(args, vendor_class=Recorded, client_class=Quick) == 0
    [vendor] = Recorded.made
    assert isinstance(vendor.on_step, cli.TaskProgress) is shown
    assert (vendor.on_step is None) is not shown
