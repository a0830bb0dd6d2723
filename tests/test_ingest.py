"""Ingest through the API: media.add + uploadToken + media.addContent → PRECONVERT → READY with real flavors."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import requests
from KalturaClient.Plugins.Core import (
    KalturaEntryStatus,
    KalturaFlavorAssetFilter,
    KalturaMediaEntry,
    KalturaMediaType,
    KalturaSessionType,
    KalturaUploadedFileTokenResource,
    KalturaUploadToken,
)

from simulator.media.testclips import make_test_clip
from simulator.media.transcode import AUDIO_ONLY_PARAMS_ID, MOBILE_PARAMS_ID, SOURCE_PARAMS_ID

CLIP_SECONDS = 3.0
CLIP_FPS = 25


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_test_clip(
        tmp_path_factory.mktemp("clips") / "clip.mp4", seconds=CLIP_SECONDS, width=320, height=240, fps=CLIP_FPS
    )


def admin_client(reachsim: Any, kaltura_client: Any, partner_id: int | None = None, secret: str | None = None) -> Any:
    seed = reachsim.seed()
    client = kaltura_client()
    ks = client.session.start(
        secret or seed["adminSecret"], "admin", KalturaSessionType.ADMIN, partner_id or seed["partnerId"]
    )
    client.setKs(ks)
    return client


def wait_ready(reachsim: Any, client: Any, entry_id: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        entry = client.media.get(entry_id)
        if entry.status.getValue() not in (KalturaEntryStatus.PRECONVERT, KalturaEntryStatus.PENDING):
            return entry
        if time.monotonic() > deadline:
            raise AssertionError(f"entry {entry_id} still {entry.status.getValue()}")
        reachsim.sim.wait_for_jobs(timeout=timeout)


def upload_entry(reachsim: Any, client: Any, path: Path, name: str = "clip") -> Any:
    """The whole API path; returns the entry once ingest has finished."""
    token = client.uploadToken.add(KalturaUploadToken())
    with path.open("rb") as data:
        client.uploadToken.upload(token.id, data)
    entry = client.media.add(KalturaMediaEntry(name=name, mediaType=KalturaMediaType.VIDEO))
    assert entry.status.getValue() == KalturaEntryStatus.NO_CONTENT
    added = client.media.addContent(entry.id, KalturaUploadedFileTokenResource(token=token.id))
    assert added.status.getValue() in (KalturaEntryStatus.PRECONVERT, KalturaEntryStatus.READY)
    return wait_ready(reachsim, client, entry.id)


def test_upload_makes_ready_entry_with_flavors(reachsim: Any, kaltura_client: Any, clip: Path) -> None:
    client = admin_client(reachsim, kaltura_client)
    entry = upload_entry(reachsim, client, clip)
    assert entry.status.getValue() == KalturaEntryStatus.READY
    assert entry.msDuration == pytest.approx(CLIP_SECONDS * 1000, abs=100)
    assert entry.duration == 3
    assert entry.mediaType.getValue() == KalturaMediaType.VIDEO
    flt = KalturaFlavorAssetFilter()
    flt.entryIdEqual = entry.id
    listed = client.flavorAsset.list(flt).objects
    by_params = {f.flavorParamsId: f for f in listed}
    assert set(by_params) == {SOURCE_PARAMS_ID, MOBILE_PARAMS_ID, AUDIO_ONLY_PARAMS_ID}
    source = by_params[SOURCE_PARAMS_ID]
    assert source.isOriginal and source.tags == "source,web" and source.sizeInBytes == clip.stat().st_size
    assert (source.width, source.height, source.fileExt, source.containerFormat) == (320, 240, "mp4", "isom")
    mobile = by_params[MOBILE_PARAMS_ID]
    assert mobile.height == 120 and mobile.videoCodecId == "avc1" and mobile.isWeb and not mobile.isOriginal
    assert mobile.status.getValue() == 2 and mobile.version == 1 and mobile.frameRate == pytest.approx(25)
    assert by_params[AUDIO_ONLY_PARAMS_ID].width == 0
    assert client.flavorAsset.get(mobile.id).id == mobile.id
    url = client.flavorAsset.getUrl(source.id)
    assert "/serveFlavor/entryId/" + entry.id in url
    body = requests.get(url, timeout=30).content
    assert body == clip.read_bytes()


def test_add_content_before_the_last_chunk_ingests_when_it_lands(
    reachsim: Any, kaltura_client: Any, clip: Path, tmp_path: Path
) -> None:
    client = admin_client(reachsim, kaltura_client)
    data = clip.read_bytes()
    half = len(data) // 2
    (tmp_path / "part1.mp4").write_bytes(data[:half])
    (tmp_path / "part2.mp4").write_bytes(data[half:])
    token = client.uploadToken.add(KalturaUploadToken(fileSize=len(data)))
    with (tmp_path / "part1.mp4").open("rb") as first:
        client.uploadToken.upload(token.id, first, False, False)
    entry = client.media.add(KalturaMediaEntry(name="chunked", mediaType=KalturaMediaType.VIDEO))
    waiting = client.media.addContent(entry.id, KalturaUploadedFileTokenResource(token=token.id))
    assert waiting.status.getValue() == KalturaEntryStatus.PENDING
    with (tmp_path / "part2.mp4").open("rb") as second:
        client.uploadToken.upload(token.id, second, True, True, half)
    ready = wait_ready(reachsim, client, entry.id)
    assert ready.status.getValue() == KalturaEntryStatus.READY
    assert ready.msDuration == pytest.approx(CLIP_SECONDS * 1000, abs=100)


def test_unreadable_file_ends_in_error_converting(reachsim: Any, kaltura_client: Any, tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"this is not a video" * 100)
    client = admin_client(reachsim, kaltura_client)
    entry = upload_entry(reachsim, client, junk)
    assert entry.status.getValue() == KalturaEntryStatus.ERROR_CONVERTING
    flt = KalturaFlavorAssetFilter()
    flt.entryIdEqual = entry.id
    assert client.flavorAsset.list(flt).totalCount == 0


def test_backdoor_ingest_and_media_update(reachsim: Any, kaltura_client: Any, clip: Path) -> None:
    seed = reachsim.seed()
    done = reachsim.backdoor(
        "POST",
        "ingest",
        json={"partnerId": seed["partnerId"], "path": str(clip), "name": "via back door", "wait": True},
    )
    assert done["status"] == "2"
    client = admin_client(reachsim, kaltura_client)
    update = KalturaMediaEntry()
    update.tags = "ocr,slides"
    updated = client.media.update(done["entryId"], update)
    assert updated.tags == "ocr,slides" and updated.name == "via back door"


def test_demo_seed_entries_have_media(reachsim: Any, kaltura_client: Any) -> None:
    seed = reachsim.seed()
    client = admin_client(reachsim, kaltura_client)
    for entry_id in seed["entryIds"]:
        entry = client.media.get(entry_id)
        assert entry.status.getValue() == KalturaEntryStatus.READY and entry.msDuration > 0
    assert set(seed["accounts"]) == {"noHls", "remotePackager"}
    assert seed["entryFixtures"][seed["entryIds"][0]] == "tiny-slide"
