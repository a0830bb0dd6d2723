"""The minimal vendor against a live reachsim, through the `reachsim` pytest plugin (installed with reachsim).

`reachsim` is a simulator reset to its demo seed for each test: `reachsim.order_task(entry_id)` orders OCR as the
customer does, `reachsim.task(id)` and `reachsim.state()` show what the vendor did, and `reachsim_vendor_env` is
the environment with the REACH_* variables. The vendor runs as its own process, exactly as `reachsim certify` runs it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

VENDOR = Path(__file__).with_name("ocr_vendor.py")
READY = 2


def run_vendor(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(VENDOR), "--once"], env=env, capture_output=True, text=True, timeout=300)


def insight_of(reachsim, task: dict) -> dict:
    """The asset the task's output points at, with the simulator's inspection of it."""
    entry = reachsim.state()["entries"][task["entryId"]]
    [asset] = [a for a in entry["assets"] if a["id"] == task["outputObjectId"]]
    return asset


def test_every_ordered_task_is_delivered_and_ready(reachsim, reachsim_vendor_env):
    ordered = [reachsim.order_task(entry_id) for entry_id in reachsim.seed()["entryIds"]]

    assert run_vendor(reachsim_vendor_env).returncode == 0

    for task_id in ordered:
        task = reachsim.task(task_id)
        assert task["status"] == READY, task.get("errDescription")
        inspection = insight_of(reachsim, task)["inspection"]
        assert inspection["kind"] == "ocr-insight" and inspection["valid"]


def test_the_slide_text_is_read(reachsim, reachsim_vendor_env):
    fixtures = reachsim.seed()["entryFixtures"]
    task_id = reachsim.order_task(next(entry for entry, name in fixtures.items() if name == "tiny-slide"))

    run_vendor(reachsim_vendor_env)

    assert insight_of(reachsim, reachsim.task(task_id))["inspection"]["ocrItems"] >= 1


def test_bad_credentials_exit_non_zero_with_one_line(reachsim_vendor_env):
    env = {**reachsim_vendor_env, "REACH_VENDOR_SECRET": "not-the-secret", "REACH_APP_TOKEN_ID": ""}
    done = run_vendor(env)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("cannot start a vendor session")
