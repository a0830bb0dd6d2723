"""`kaltura-uploader` (PyPI), a third-party upload tool, run unchanged against the live simulator: its own
command line in a subprocess (tests/uploader/run_cli.py only points its hard-coded Kaltura address here).

It calls session.start, uploadToken.add/get, chunked uploadtoken.upload (parameters in the query string),
partner.get, media.addFromUploadedFile or, for a file it takes for neither media nor a document,
baseEntry.addFromUploadedFile with type DATA (posted to `/api_v3/` with `service`/`action` in the body and `:`
nested names), and categoryEntry.add. `./dev test` installs it into `.cache/pypi`, apart from the virtual
environment (its wheel ships a top-level `tests` package)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from KalturaClient.Plugins.Core import (
    KalturaBaseEntryFilter,
    KalturaCategory,
    KalturaCategoryEntryFilter,
    KalturaEntryStatus,
    KalturaUploadTokenStatus,
)
from missing_setup import missing

from simulator.media.testclips import make_test_clip

ROOT = Path(__file__).resolve().parents[1]
TOOL_DIR = ROOT / ".cache" / "pypi"
RUN_CLI = Path(__file__).parent / "uploader" / "run_cli.py"

pytestmark = pytest.mark.e2e


def run_tool(reachsim: Any, file: Path, tmp_path: Path, *args: str) -> None:
    if not (TOOL_DIR / "kaltura_uploader").is_dir():
        missing(f"kaltura-uploader is not installed in {TOOL_DIR}: run ./dev test (it runs `pip install --target`)")
    seed = reachsim.seed()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TOOL_DIR), os.environ.get("PYTHONPATH", "")]),
        "KALTURA_PARTNER_ID": str(seed["partnerId"]),
        "KALTURA_ADMIN_SECRET": seed["adminSecret"],
    }
    # 8 KB chunks: a file of a few tens of KB goes up in several resumed chunks.
    command = [sys.executable, str(RUN_CLI), reachsim.url, str(file), "--chunk_size", "8"]
    command += ["--json_log_file", str(tmp_path / "upload.log"), *args]
    run = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


def only_entry_named(admin: Any, name: str) -> Any:
    listed = admin.baseEntry.list(KalturaBaseEntryFilter(nameEqual=name))
    assert listed.totalCount == 1, [e.name for e in listed.objects]
    return listed.objects[0]


def test_the_tool_uploads_a_video_that_ingests(reachsim: Any, kaltura_client: Any, tmp_path: Path) -> None:
    admin = kaltura_client(reachsim.sessions.admin())
    category = admin.category.add(KalturaCategory(name="uploads"))
    clip = make_test_clip(tmp_path / "lecture.mp4", seconds=1, width=160, height=120, fps=10)
    assert clip.stat().st_size > 2 * 8 * 1024
    run_tool(reachsim, clip, tmp_path, "--tags", "lecture", "--category_id", str(category.id))
    entry_id = only_entry_named(admin, "lecture.mp4").id
    deadline = time.monotonic() + 60
    entry = admin.media.get(entry_id)
    while entry.status.getValue() != KalturaEntryStatus.READY and time.monotonic() < deadline:
        reachsim.sim.wait_for_jobs(timeout=60)
        entry = admin.media.get(entry_id)
    assert (entry.status.getValue(), entry.tags, entry.duration) == (KalturaEntryStatus.READY, "lecture", 1)
    assigned = admin.categoryEntry.list(KalturaCategoryEntryFilter(entryIdEqual=entry_id))
    assert [c.categoryId for c in assigned.objects] == [category.id]
    tokens = admin.uploadToken.list().objects
    assert [t.status.getValue() for t in tokens] == [KalturaUploadTokenStatus.CLOSED]
    reachsim.check()


def test_the_tool_makes_a_data_entry_of_another_file(reachsim: Any, kaltura_client: Any, tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("time,text\n1.0,Signals and Systems\n", encoding="utf-8")
    run_tool(reachsim, notes, tmp_path)
    admin = kaltura_client(reachsim.sessions.admin())
    entry = admin.data.get(only_entry_named(admin, "notes.csv").id)
    assert entry.status.getValue() == KalturaEntryStatus.READY
    assert entry.dataContent == notes.read_text(encoding="utf-8")
    assert requests.get(admin.data.serve(entry.id), timeout=30).text == entry.dataContent
