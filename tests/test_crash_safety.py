"""Crash safety with `--db FILE`: kill -9 the server in the middle of a load of task updates and attachment
writes, restart it on the same file, and find every acknowledged write there and nothing half-written.

REACHSIM_CRASH_ROUNDS (default 1) kill/restart rounds; the full run uses more.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
ROUNDS = int(os.environ.get("REACHSIM_CRASH_ROUNDS", "1"))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "serve", "--port", str(port), "--db", str(db), "--seed", "demo"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/__sim__/health", timeout=2).ok:
                return proc, base
        except requests.RequestException:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("reachsim serve did not come up")


def api(base: str, service: str, action: str, **fields: Any) -> Any:
    answer = requests.post(f"{base}/api_v3/service/{service}/action/{action}", data={"format": 1, **fields}, timeout=30)
    answer.raise_for_status()
    return answer.json()


def sessions(base: str) -> tuple[dict[str, Any], str, str]:
    seed = requests.get(f"{base}/__sim__/seed", timeout=30).json()
    admin = api(base, "session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type=2)
    vendor = api(base, "session", "start", secret=seed["vendorSecret"], partnerId=seed["vendorPartnerId"], type=2)
    return seed, admin, vendor


def test_kill_9_under_load_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite"
    proc, base = start(db)
    seed, admin, vendor = sessions(base)
    task = api(
        base,
        "reach_entryvendortask",
        "add",
        ks=admin,
        **{
            "entryVendorTask[objectType]": "KalturaEntryVendorTask",
            "entryVendorTask[entryId]": seed["entryIds"][0],
            "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
            "entryVendorTask[reachProfileId]": seed["reachProfileId"],
        },
    )
    acked_counter = [0]
    acked_assets: dict[str, str] = {}
    lock = threading.Lock()
    try:
        for _round in range(ROUNDS):
            stop = threading.Event()

            def updates(base: str = base, stop: threading.Event = stop, vendor: str = vendor) -> None:
                while not stop.is_set():
                    value = acked_counter[0] + 1
                    try:
                        done = api(
                            base,
                            "reach_entryvendortask",
                            "updateJob",
                            ks=vendor,
                            id=task["id"],
                            **{
                                "entryVendorTask[objectType]": "KalturaEntryVendorTask",
                                "entryVendorTask[externalTaskId]": str(value),
                            },
                        )
                    except (requests.RequestException, ValueError):
                        return
                    assert done.get("externalTaskId") == str(value), done
                    acked_counter[0] = value

            def attachments(base: str = base, stop: threading.Event = stop, admin: str = admin) -> None:
                n = 0
                while not stop.is_set():
                    n += 1
                    content = f'{{"n": {n}, "pad": "{"x" * 2000}"}}'
                    try:
                        asset = api(
                            base,
                            "attachment_attachmentasset",
                            "add",
                            ks=admin,
                            entryId=seed["entryIds"][1],
                            **{
                                "attachmentAsset[objectType]": "KalturaAttachmentAsset",
                                "attachmentAsset[fileExt]": "json",
                            },
                        )
                        done = api(
                            base,
                            "attachment_attachmentasset",
                            "setContent",
                            ks=admin,
                            id=asset["id"],
                            **{
                                "contentResource[objectType]": "KalturaStringResource",
                                "contentResource[content]": content,
                            },
                        )
                    except (requests.RequestException, ValueError):
                        return
                    assert done.get("status") == 2, done
                    with lock:
                        acked_assets[asset["id"]] = content

            workers = [threading.Thread(target=updates), threading.Thread(target=attachments)]
            for worker in workers:
                worker.start()
            time.sleep(1.5)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            stop.set()
            for worker in workers:
                worker.join(timeout=60)

            proc, base = start(db)
            _seed, admin, vendor = sessions(base)
            stored = api(base, "reach_entryvendortask", "get", ks=admin, id=task["id"])
            # The last acknowledged value or the one in flight when the server died, never an older one.
            assert int(stored.get("externalTaskId") or 0) in (acked_counter[0], acked_counter[0] + 1), stored
            acked_counter[0] = int(stored.get("externalTaskId") or 0)
            listed = api(
                base,
                "attachment_attachmentasset",
                "list",
                ks=admin,
                **{"filter[entryIdEqual]": seed["entryIds"][1], "pager[pageSize]": 500},
            )
            for asset in listed["objects"]:
                # Half-written is invisible: an asset is QUEUED without content or READY with all of it.
                assert asset["status"] in (0, 2), asset
                if asset["status"] == 2:
                    served = requests.get(
                        api(base, "attachment_attachmentasset", "getUrl", ks=admin, id=asset["id"]), timeout=30
                    )
                    assert served.status_code == 200 and served.text.startswith('{"n": '), asset
            ready = {a["id"] for a in listed["objects"] if a["status"] == 2}
            assert set(acked_assets) <= ready, set(acked_assets) - ready
            for asset_id, content in acked_assets.items():
                url = api(base, "attachment_attachmentasset", "getUrl", ks=admin, id=asset_id)
                assert requests.get(url, timeout=30).text == content
        assert acked_counter[0] > 0 and acked_assets, "the load made no acknowledged writes before the kill"
    finally:
        proc.kill()
        proc.wait(timeout=30)
