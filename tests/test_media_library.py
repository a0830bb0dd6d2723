"""The actions around the vendor flow that real tools and Kaltura's own client tests call: media.upload,
addFromUploadedFile (media and baseEntry), addFromUrl, list, delete; data entries; partner.get/getInfo."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import requests
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import (
    KalturaBaseEntry,
    KalturaDataEntry,
    KalturaEntryStatus,
    KalturaEntryType,
    KalturaMediaEntry,
    KalturaMediaEntryFilter,
    KalturaMediaType,
    KalturaUploadToken,
    KalturaUploadTokenStatus,
)

from simulator.media.testclips import make_test_clip

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_test_clip(tmp_path_factory.mktemp("clips") / "clip.mp4", seconds=1, width=160, height=120, fps=10)


@pytest.fixture
def admin(reachsim: Any, kaltura_client: Any) -> Any:
    return kaltura_client(reachsim.sessions.admin())


def refused(code: str, call: Any, *args: Any) -> KalturaException:
    with pytest.raises(KalturaException) as caught:
        call(*args)
    assert caught.value.code == code, caught.value
    return caught.value


def settled(reachsim: Any, client: Any, entry_id: str) -> Any:
    deadline = time.monotonic() + 60
    while True:
        reachsim.sim.wait_for_jobs(timeout=60)
        entry = client.media.get(entry_id)
        waiting = (KalturaEntryStatus.IMPORT, KalturaEntryStatus.PRECONVERT, KalturaEntryStatus.PENDING)
        if entry.status.getValue() not in waiting or time.monotonic() > deadline:
            return entry


def test_upload_then_add_from_uploaded_file_ingests(reachsim: Any, admin: Any, clip: Path) -> None:
    with clip.open("rb") as data:
        token_id = admin.media.upload(data)
    entry = admin.media.addFromUploadedFile(KalturaMediaEntry(name="up", mediaType=KalturaMediaType.VIDEO), token_id)
    ready = settled(reachsim, admin, entry.id)
    assert ready.status.getValue() == KalturaEntryStatus.READY and ready.duration == 1
    assert admin.uploadToken.get(token_id).status.getValue() == KalturaUploadTokenStatus.CLOSED
    refused(
        "UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY",
        admin.media.addFromUploadedFile,
        KalturaMediaEntry(mediaType=KalturaMediaType.VIDEO),
        token_id,
    )
    refused(
        "UPLOADED_FILE_NOT_FOUND_BY_TOKEN",
        admin.media.addFromUploadedFile,
        KalturaMediaEntry(mediaType=KalturaMediaType.VIDEO),
        "0_nosuchtoken",
    )
    refused("PROPERTY_VALIDATION_CANNOT_BE_NULL", admin.media.addFromUploadedFile, KalturaMediaEntry(), token_id)
    pending = admin.uploadToken.add(KalturaUploadToken())
    refused(
        "UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY",
        admin.baseEntry.addFromUploadedFile,
        KalturaBaseEntry(),
        pending.id,
    )


def test_base_entry_add_from_uploaded_file_names_the_entry(reachsim: Any, admin: Any, clip: Path) -> None:
    with clip.open("rb") as data:
        token_id = admin.media.upload(data)
    entry = admin.baseEntry.addFromUploadedFile(KalturaBaseEntry(), token_id)
    assert entry.name.startswith(f"{reachsim.seed()['partnerId']}_")
    assert settled(reachsim, admin, entry.id).status.getValue() == KalturaEntryStatus.READY


def test_base_entry_add_from_uploaded_file_makes_a_data_entry(reachsim: Any, admin: Any, tmp_path: Path) -> None:
    text = tmp_path / "glossary.txt"
    text.write_text("ćwiczenie: exercise\n", encoding="utf-8")
    with text.open("rb") as data:
        token_id = admin.media.upload(data)
    entry = admin.baseEntry.addFromUploadedFile(KalturaDataEntry(name="glossary"), token_id, KalturaEntryType.DATA)
    assert isinstance(entry, KalturaDataEntry) and entry.status.getValue() == KalturaEntryStatus.READY
    assert admin.data.get(entry.id).dataContent == "ćwiczenie: exercise\n"
    assert admin.uploadToken.get(token_id).status.getValue() == KalturaUploadTokenStatus.CLOSED
    refused(
        "UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY",
        admin.baseEntry.addFromUploadedFile,
        KalturaDataEntry(),
        token_id,
        6,
    )
    with text.open("rb") as data:
        again = admin.media.upload(data)
    refused(
        "ENTRY_TYPE_NOT_SUPPORTED",
        admin.baseEntry.addFromUploadedFile,
        KalturaBaseEntry(),
        again,
        KalturaEntryType.PLAYLIST,
    )


def test_add_from_url_imports(reachsim: Any, admin: Any) -> None:
    source = admin.media.get(reachsim.seed()["entryIds"][0])
    url = requests.get(f"{source.downloadUrl}/ks/{admin.getKs()}", allow_redirects=False, timeout=30)
    entry = admin.media.addFromUrl(KalturaMediaEntry(mediaType=KalturaMediaType.VIDEO), url.headers["Location"])
    assert entry.status.getValue() == KalturaEntryStatus.IMPORT
    assert settled(reachsim, admin, entry.id).status.getValue() == KalturaEntryStatus.READY
    far = admin.media.addFromUrl(KalturaMediaEntry(mediaType=KalturaMediaType.VIDEO), "http://example.com/a.mp4")
    assert settled(reachsim, admin, far.id).status.getValue() == KalturaEntryStatus.ERROR_IMPORTING


def test_list_and_delete(reachsim: Any, admin: Any) -> None:
    seed = reachsim.seed()
    listed = admin.media.list()
    assert {e.id for e in listed.objects} >= set(seed["entryIds"])
    admin.data.add(KalturaDataEntry(name="not media", dataContent="x"))
    assert admin.media.list().totalCount == listed.totalCount
    victim = seed["entryIds"][-1]
    assert admin.media.list(KalturaMediaEntryFilter(idEqual=victim)).totalCount == 1
    admin.media.delete(victim)
    refused("ENTRY_ID_NOT_FOUND", admin.media.get, victim)
    refused("ENTRY_ID_NOT_FOUND", admin.media.delete, victim)
    assert admin.media.list(KalturaMediaEntryFilter(idEqual=victim)).totalCount == 0


def test_data_entries(reachsim: Any, admin: Any) -> None:
    added = admin.data.add(KalturaDataEntry(name="notes.txt", dataContent="bla bla bla"))
    assert added.status.getValue() == KalturaEntryStatus.READY and added.dataContent == "bla bla bla"
    assert admin.data.get(added.id).name == "notes.txt"
    served = requests.get(admin.data.serve(added.id), timeout=30)
    assert served.text == "bla bla bla"
    assert served.headers["Content-Disposition"] == 'attachment; filename="notes.txt"'
    refused("ENTRY_ID_NOT_FOUND", admin.data.get, reachsim.seed()["entryIds"][0])


def test_partner_get_and_get_info(reachsim: Any, admin: Any, kaltura_client: Any) -> None:
    seed = reachsim.seed()
    assert admin.partner.get().id == seed["partnerId"] == admin.partner.getInfo().id
    assert admin.partner.get(seed["partnerId"]).name
    refused("INVALID_PARTNER_ID", admin.partner.get, seed["vendorPartnerId"])
    user = kaltura_client(reachsim.sessions.access_key(_order(reachsim, admin)))
    refused("SERVICE_FORBIDDEN", user.partner.getInfo)


def _order(reachsim: Any, admin: Any) -> int:
    from KalturaClient.Plugins.Reach import KalturaEntryVendorTask

    seed = reachsim.seed()
    task = KalturaEntryVendorTask(
        entryId=seed["entryIds"][0], catalogItemId=seed["catalogItemIds"]["ocr"], reachProfileId=seed["reachProfileId"]
    )
    return admin.reach.entryVendorTask.add(task).id
