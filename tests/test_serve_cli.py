"""`reachsim serve` as a user runs it: a real process, its printed URL, state kept across a kill with --db."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.e2e


def start(db: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "serve", "--port", "0", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    assert match, f"no URL printed: {line!r} {process.stderr.read() if process.poll() is not None else ''}"
    return process, match.group(1)


def test_state_survives_a_kill_and_the_seed_is_not_added_twice(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite"
    process, url = start(db)
    try:
        seed = requests.get(f"{url}/__sim__/seed", timeout=30).json()
        requests.post(f"{url}/__sim__/clock", json={"advance": 3600}, timeout=30).raise_for_status()
        requests.post(f"{url}/__sim__/partners/{seed['partnerId']}", json={"ksVersion": 1}, timeout=30)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    process, url = start(db)
    try:
        again = requests.get(f"{url}/__sim__/seed", timeout=30).json()
        assert again["entryIds"] == seed["entryIds"], "the demo seed ran twice"
        assert requests.get(f"{url}/__sim__/clock", timeout=30).json()["offset"] == 3600
        partner = requests.get(f"{url}/__sim__/partners/{seed['partnerId']}", timeout=30).json()
        assert partner["settings"]["ksVersion"] == 1
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_bad_flags_give_one_clear_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "simulator.cli", "serve", "--db", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "is a directory" in result.stderr
