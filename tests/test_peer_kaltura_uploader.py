"""`kaltura-uploader` (PyPI), a third-party upload tool, run unchanged against the live simulator.

It calls session.start, uploadToken.add/get, chunked uploadtoken.upload (parameters in the query string),
partner.get, media.addFromUploadedFile or, for a file it does not take for media or a document,
baseEntry.addFromUploadedFile with type DATA (posted to `/api_v3/` with `service`/`action` in the body and `:`
nested names), and categoryEntry.add. Its Kaltura address is a module constant with no option to change it, so the test
points that constant at the simulator; nothing else of the tool is touched."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import requests
from kaltura_uploader import uploader as tool
from KalturaClient.Plugins.Core import (
    KalturaCategory,
    KalturaCategoryEntryFilter,
    KalturaEntryStatus,
    KalturaUploadTokenStatus,
)

from simulator.media.testclips import make_test_clip

pytestmark = pytest.mark.e2e


@pytest.fixture
def uploader(reachsim: Any, monkeypatch: pytest.MonkeyPatch) -> tool.KalturaUploader:
    monkeypatch.setattr(tool, "KALTURA_SERVICE_URL", f"{reachsim.url}/")
    monkeypatch.setattr(tool, "KALTURA_API_URL", f"{reachsim.url}/api_v3/")
    seed = reachsim.seed()
    # 8 KB chunks: a clip of a few tens of KB goes up in several resumed chunks.
    return tool.KalturaUploader(seed["partnerId"], seed["adminSecret"], chunk_size_kb=8)


def test_the_tool_uploads_a_video_that_ingests(
    reachsim: Any, uploader: Any, kaltura_client: Any, tmp_path: Path
) -> None:
    clip = make_test_clip(tmp_path / "lecture.mp4", seconds=1, width=160, height=120, fps=10)
    assert clip.stat().st_size > 2 * 8 * 1024
    # What its command line does: upload, make the entry, put it in a category.
    token_id = uploader.upload_file(str(clip))
    entry_id = uploader.create_kaltura_entry(token_id, str(clip), tags="lecture")
    admin = kaltura_client(reachsim.sessions.admin())
    deadline = time.monotonic() + 60
    entry = admin.media.get(entry_id)
    while entry.status.getValue() != KalturaEntryStatus.READY and time.monotonic() < deadline:
        reachsim.sim.wait_for_jobs(timeout=60)
        entry = admin.media.get(entry_id)
    assert entry.status.getValue() == KalturaEntryStatus.READY
    assert (entry.name, entry.tags, entry.duration) == ("lecture.mp4", "lecture", 1)
    assert admin.uploadToken.get(token_id).status.getValue() == KalturaUploadTokenStatus.CLOSED
    category = admin.category.add(KalturaCategory(name="uploads"))
    uploader.assign_category(entry_id, category.id)
    assigned = admin.categoryEntry.list(KalturaCategoryEntryFilter(entryIdEqual=entry_id))
    assert [c.categoryId for c in assigned.objects] == [category.id]
    reachsim.check()


def test_the_tool_makes_a_data_entry_of_another_file(
    reachsim: Any, uploader: Any, kaltura_client: Any, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("time,text\n1.0,Signals and Systems\n", encoding="utf-8")
    token_id = uploader.upload_file(str(notes))
    entry_id = uploader.create_kaltura_entry(token_id, str(notes))
    admin = kaltura_client(reachsim.sessions.admin())
    entry = admin.data.get(entry_id)
    assert (entry.name, entry.status.getValue()) == ("notes.csv", KalturaEntryStatus.READY)
    assert entry.dataContent == notes.read_text(encoding="utf-8")
    assert requests.get(admin.data.serve(entry_id), timeout=30).text == entry.dataContent
    assert admin.uploadToken.get(token_id).status.getValue() == KalturaUploadTokenStatus.CLOSED
