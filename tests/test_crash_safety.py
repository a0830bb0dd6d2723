"""Crash safety with `--db FILE`: kill -9 the server in the middle of a load of task updates, attachment writes
and chunked uploads, restart it on the same file, and find every acknowledged write there and nothing half-written.

REACHSIM_CRASH_ROUNDS (default 1) kill/restart rounds; the full run uses more.
"""

from __future__ import annotations

import itertools
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


CHUNK = 48 * 1024
CHUNKS = 4


def upload_content(n: int) -> bytes:
    """Bytes that say where they belong: a chunk out of place or written twice changes them."""
    return b"".join(f"{n:05d}:{i:08d};".encode() for i in range(CHUNK * CHUNKS // 15 + 1))[: CHUNK * CHUNKS]


def upload_chunk(base: str, ks: str, token: str, chunk: bytes, *, resume: bool, resume_at: int, final: bool) -> Any:
    """uploadToken.upload of one chunk, multipart as the official clients send it."""
    fields = {"format": 1, "ks": ks, "uploadTokenId": token, "resume": int(resume), "resumeAt": resume_at}
    answer = requests.post(
        f"{base}/api_v3/service/uploadtoken/action/upload",
        data={**fields, "finalChunk": int(final)},
        files={"fileData": ("part.bin", chunk, "application/octet-stream")},
        timeout=30,
    )
    answer.raise_for_status()
    return answer.json()


def uploaded_bytes(base: str, ks: str, entry_id: str, token: str) -> bytes:
    """A full token's file, read back the way a customer sees it: as the content of a new attachment."""
    asset = api(
        base,
        "attachment_attachmentasset",
        "add",
        ks=ks,
        entryId=entry_id,
        **{"attachmentAsset[objectType]": "KalturaAttachmentAsset", "attachmentAsset[fileExt]": "bin"},
    )
    done = api(
        base,
        "attachment_attachmentasset",
        "setContent",
        ks=ks,
        id=asset["id"],
        **{"contentResource[objectType]": "KalturaUploadedFileTokenResource", "contentResource[token]": token},
    )
    assert done.get("status") == 2, done
    return requests.get(api(base, "attachment_attachmentasset", "getUrl", ks=ks, id=asset["id"]), timeout=30).content


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
    acked_uploads: dict[str, tuple[int, int]] = {}  # token -> (content number, bytes acknowledged)
    numbers = itertools.count(1)
    uploads_checked = 0
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

            def chunked_uploads(base: str = base, stop: threading.Event = stop, admin: str = admin) -> None:
                while not stop.is_set():
                    n = next(numbers)
                    content = upload_content(n)
                    try:
                        token = api(base, "uploadtoken", "add", ks=admin)["id"]
                        acked_uploads[token] = (n, 0)
                        for i in range(CHUNKS):
                            # Half the tokens name each chunk's offset, half append (resumeAt -1).
                            at = i * CHUNK if n % 2 else -1
                            chunk = content[i * CHUNK : (i + 1) * CHUNK]
                            done = upload_chunk(
                                base, admin, token, chunk, resume=i > 0, resume_at=at, final=i == CHUNKS - 1
                            )
                            assert done.get("uploadedFileSize") == (i + 1) * CHUNK, done
                            acked_uploads[token] = (n, (i + 1) * CHUNK)
                    except (requests.RequestException, ValueError):
                        return

            workers = [threading.Thread(target=f) for f in (updates, attachments, chunked_uploads)]
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
            uploads_checked += check_uploads(base, admin, seed["entryIds"][2], acked_uploads)
        assert acked_counter[0] > 0 and acked_assets and uploads_checked, (
            "the load acknowledged no write before the kill"
        )
    finally:
        proc.kill()
        proc.wait(timeout=30)


def check_uploads(base: str, ks: str, entry_id: str, acked: dict[str, tuple[int, int]]) -> int:
    """Each token holds what was acknowledged (or that plus the chunk in flight), FULL only with every byte; an
    unfinished one resumes from its uploadedFileSize, as a client that lost its answer does, and ends exact. The
    tokens checked (each is used by its attachment then, and forgotten)."""
    full = CHUNK * CHUNKS
    checked = len(acked)
    for token, (n, size) in list(acked.items()):
        content = upload_content(n)
        stored = api(base, "uploadtoken", "get", ks=ks, uploadTokenId=token)
        have = int(stored.get("uploadedFileSize") or 0)
        assert have in (size, size + CHUNK), (stored, size)
        assert (stored["status"] == 2) == (have == full), stored  # FULL_UPLOAD exactly when every byte is there
        if have < full:
            # The rest as one final chunk: at its offset for half the tokens, appended for the other half.
            at = have if n % 2 else -1
            done = upload_chunk(base, ks, token, content[have:], resume=have > 0, resume_at=at, final=True)
            assert done.get("status") == 2 and done.get("uploadedFileSize") == full, done
        assert uploaded_bytes(base, ks, entry_id, token) == content, token
        del acked[token]
    return checked
