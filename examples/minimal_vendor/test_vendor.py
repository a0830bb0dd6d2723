"""The minimal vendor against a live reachsim, through the `reachsim` pytest plugin (installed with reachsim).

`reachsim` is a simulator reset to its demo seed for each test; `reachsim.seed()` gives the partner ids and
secrets, `reachsim.url` the service URL. The vendor runs as its own process, exactly as `reachsim certify` runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

VENDOR = Path(__file__).with_name("ocr_vendor.py")
READY, ERROR = 2, 4

pytestmark = pytest.mark.e2e


def api(url: str, service: str, action: str, **params: object) -> object:
    answer = requests.post(f"{url}/api_v3/service/{service}/action/{action}", data={"format": 1, **params}, timeout=30)
    return answer.json()


def order_ocr(reachsim, entry_id: str) -> str:
    """Order OCR the way a customer does: an ADMIN session of the customer partner, then entryVendorTask.add."""
    seed = reachsim.seed()
    ks = api(reachsim.url, "session", "start", partnerId=seed["partnerId"], secret=seed["adminSecret"], type=2)
    task = api(
        reachsim.url,
        "reach_entryvendortask",
        "add",
        ks=ks,
        **{
            "entryVendorTask[entryId]": entry_id,
            "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
            "entryVendorTask[reachProfileId]": seed["reachProfileId"],
        },
    )
    return task["id"]


def run_vendor(reachsim) -> subprocess.CompletedProcess:
    seed = reachsim.seed()
    env = {
        **os.environ,
        "REACH_SERVICE_URL": reachsim.url,
        "REACH_VENDOR_PARTNER_ID": str(seed["vendorPartnerId"]),
        "REACH_VENDOR_SECRET": seed["vendorSecret"],
        "REACH_VENDOR_NAME": seed["vendorName"],
    }
    return subprocess.run([sys.executable, str(VENDOR), "--once"], env=env, capture_output=True, text=True, timeout=300)


def tasks_by_id(reachsim) -> dict[str, dict]:
    return {str(t["id"]): t for t in reachsim.backdoor("GET", "state")["tasks"]}


def test_every_ordered_task_is_delivered_and_ready(reachsim):
    entry_ids = reachsim.seed()["entryIds"]
    ordered = [order_ocr(reachsim, entry_id) for entry_id in entry_ids]

    assert run_vendor(reachsim).returncode == 0

    tasks = tasks_by_id(reachsim)
    entries = reachsim.backdoor("GET", "state")["entries"]
    for task_id in ordered:
        task = tasks[task_id]
        assert task["status"] == READY, task.get("errDescription")
        [asset] = [a for a in entries[task["entryId"]]["assets"] if a["id"] == task["outputObjectId"]]
        assert asset["inspection"]["kind"] == "ocr-insight" and asset["inspection"]["valid"]


def test_the_slide_text_is_read(reachsim):
    seed = reachsim.seed()
    slide = next(e for e, name in seed["entryFixtures"].items() if name == "tiny-slide")
    task_id = order_ocr(reachsim, slide)
    run_vendor(reachsim)
    task = tasks_by_id(reachsim)[task_id]
    entry = reachsim.backdoor("GET", "state")["entries"][task["entryId"]]
    [asset] = [a for a in entry["assets"] if a["id"] == task["outputObjectId"]]
    assert asset["inspection"]["ocrItems"] >= 1


def test_bad_credentials_exit_non_zero_with_one_line(reachsim):
    seed = reachsim.seed()
    env = {
        **os.environ,
        "REACH_SERVICE_URL": reachsim.url,
        "REACH_VENDOR_PARTNER_ID": str(seed["vendorPartnerId"]),
        "REACH_VENDOR_SECRET": "not-the-secret",
    }
    done = subprocess.run([sys.executable, str(VENDOR), "--once"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("cannot start a vendor session")
