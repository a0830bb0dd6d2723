"""`reachsim demo`: the README's first command, end to end on one tiny fixture, and its refusals."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]


def demo(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "demo", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.mark.e2e
def test_demo_exit_prints_a_ready_row_per_fixture_and_the_portal_url() -> None:
    proc = demo("--exit", "--fixtures", "tiny-slide", "tiny-lowerthird")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith("tiny-")}
    assert set(rows) == {"tiny-slide", "tiny-lowerthird"}
    for cells in rows.values():
        assert cells[2] == "READY"
        assert all(re.fullmatch(r"\d+(\.\d)?%", c) for c in cells[3:6]), cells  # WER, CER, line recall
        assert re.fullmatch(r"\d+\.\d\d", cells[6]) and cells[7] == "s", cells  # timing error, seconds
        assert re.fullmatch(r"\d+\.\d\dx", cells[8]), cells  # realtime factor
    assert re.search(r"Results in the portal: http://127\.0\.0\.1:\d+/portal/", out)
    # The output is not a terminal: no progress bars.
    assert "it/s" not in err and "\r" not in err


@pytest.mark.e2e
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_demo_serves_until_ctrl_c_or_sigterm_then_ends_with_status_0(stop: signal.Signals) -> None:
    # As from a terminal: SIGINT at its default, whatever the runner's parent set (a background job ignores it).
    proc = demo("--fixtures", "tiny-notext", preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.stdout is not None
    deadline = time.monotonic() + 300
    url = None
    for line in proc.stdout:
        if found := re.search(r"stays up at (http://127\.0\.0\.1:\d+)", line):
            url = found.group(1)
            break
        if time.monotonic() > deadline:
            break
    assert url, "the demo never said it was serving"
    # Still serving after the table: the portal answers until the signal.
    assert requests.get(f"{url}/portal/", timeout=30).status_code == 200
    proc.send_signal(stop)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "reachsim demo: stopped" in err


def test_progress_bars_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance import demo as demo_module

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, shown in ((io.StringIO(), False), (Terminal(), True)):
        monkeypatch.setattr(sys, "stderr", stream)
        with demo_module._progress(total=2, desc="render fixtures") as bar:
            bar.update(1)
            assert bar.disable is not shown
        assert ("render fixtures" in stream.getvalue()) is shown


def test_an_unknown_fixture_is_one_line_and_status_1() -> None:
    proc = demo("--exit", "--fixtures", "no-such-fixture")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert err.strip().splitlines() == [
        "reachsim demo: unknown fixture 'no-such-fixture' (see `reachsim fixtures --list --group all`)"
    ]


def test_the_table_keeps_its_columns_when_a_figure_is_undefined() -> None:
    from conformance.demo import Row, table

    scored = Row("tiny-slide", "0_abcdefgh", 1, 2.0, {}, status=2, processing_at=0.0, final_at=1.0)
    scored.figures = {"wer": 0.05, "cer": 0.02, "line_recall": 1.0, "mean_start_error": 0.1, "mean_end_error": 0.3}
    blank = Row("tiny-notext", "0_ijklmnop", 2, 2.0, {}, status=2, processing_at=0.0, final_at=1.0)
    blank.figures = {"wer": None, "cer": None, "line_recall": None}
    head, rule, *rows = table([scored, blank]).splitlines()
    assert {len(line) for line in (head, rule, *rows)} == {len(head)}
    assert rows[0].split()[2:] == ["READY", "5.0%", "2.0%", "100%", "0.20", "s", "0.50x"]
    assert rows[1].split()[2:] == ["READY", "-", "-", "-", "-", "s", "0.50x"]


def test_a_port_that_is_not_one_is_one_line_and_status_2() -> None:
    proc = demo("--exit", "--port", "99999")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert err.strip().splitlines()[-1] == "reachsim demo: error: argument --port: '99999' is not a TCP port (0-65535)"
