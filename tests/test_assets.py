"""Attachment and caption assets end to end with the official client, as a vendor delivers them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Attachment import KalturaAttachmentAsset, KalturaAttachmentAssetFilter
from KalturaClient.Plugins.Caption import KalturaCaptionAsset, KalturaCaptionAssetFilter
from KalturaClient.Plugins.Core import (
    KalturaAssetResource,
    KalturaString,
    KalturaStringResource,
    KalturaUploadedFileTokenResource,
    KalturaUploadToken,
    KalturaUrlResource,
)

from simulator.store import assets, uploads

INSIGHT = {
    "schema": "reachsim/ocr/v1",
    "entryId": "0_x",
    "taskId": 1,
    "video": {"duration": 10.0, "width": 640, "height": 360, "fps": 25.0},
    "engine": {"name": "tesseract", "version": "5", "languages": ["eng"]},
    "ocr": [],
}
SRT = b"1\n00:00:01,000 --> 00:00:02,500\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n"


def upload(client: Any, tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    token = client.uploadToken.add(KalturaUploadToken())
    with path.open("rb") as handle:
        client.uploadToken.upload(token.id, handle)
    return token.id


@pytest.fixture
def vendor(reachsim: Any, kaltura_client: Any) -> tuple[Any, dict[str, Any]]:
    seed = reachsim.seed()
    client = kaltura_client()
    client.setKs(reachsim.sessions.access_key(reachsim.order_task()))
    return client, seed


def test_insight_attachment_round_trip(reachsim: Any, vendor: Any, tmp_path: Path) -> None:
    client, seed = vendor
    entry_id = seed["entryIds"][0]
    data = json.dumps(INSIGHT).encode()
    token_id = upload(client, tmp_path, "ocr.json", data)
    asset = client.attachment.attachmentAsset.add(
        entry_id, KalturaAttachmentAsset(filename="ocr.json", title="OCR", format="4", fileExt="json")
    )
    assert asset.status.getValue() == 0
    ready = client.attachment.attachmentAsset.setContent(asset.id, KalturaUploadedFileTokenResource(token=token_id))
    assert ready.status.getValue() == 2 and ready.entryId == entry_id
    assert client.uploadToken.get(token_id).status.getValue() == 3
    assert client.attachment.attachmentAsset.get(asset.id).title == "OCR"
    url = client.attachment.attachmentAsset.getUrl(asset.id)
    assert requests.get(url, timeout=10).content == data
    assert requests.get(client.attachment.attachmentAsset.serve(asset.id), timeout=10).content == data
    listed = client.attachment.attachmentAsset.list(KalturaAttachmentAssetFilter(entryIdEqual=entry_id))
    assert [a.id for a in listed.objects] == [asset.id]
    state = reachsim.backdoor("GET", "state")["entries"][entry_id]["assets"][0]
    assert state["inspection"]["kind"] == "ocr-insight" and state["inspection"]["valid"] is True
    assert state["inspection"]["size"] == len(data)
    notes = [e["extra"] for e in reachsim.journal() if e["action"] == "setContent"]
    assert notes[-1]["inspection"]["valid"] is True


def test_invalid_insight_is_accepted_and_reported(reachsim: Any, vendor: Any) -> None:
    client, seed = vendor
    asset = client.attachment.attachmentAsset.add(seed["entryIds"][0], KalturaAttachmentAsset(format="4"))
    bad = json.dumps({**INSIGHT, "video": {"duration": "long"}})
    client.attachment.attachmentAsset.setContent(asset.id, KalturaStringResource(content=bad))
    state = reachsim.backdoor("GET", "state")["entries"][seed["entryIds"][0]]["assets"][0]
    assert state["status"] == 2
    assert state["inspection"]["valid"] is False and state["inspection"]["errors"]


def test_access_key_cannot_write_another_entry(vendor: Any) -> None:
    client, seed = vendor
    with pytest.raises(KalturaException) as failure:
        client.attachment.attachmentAsset.add(seed["entryIds"][1], KalturaAttachmentAsset(format="4"))
    assert failure.value.code == "INVALID_KS"
    assert failure.value.message == 'Invalid KS "", Error "-4,INVALID_TYPE"'


def test_url_resource_to_a_foreign_host_is_refused(reachsim: Any, vendor: Any) -> None:
    client, seed = vendor
    asset = client.attachment.attachmentAsset.add(seed["entryIds"][0], KalturaAttachmentAsset(format="1"))
    resource = KalturaUrlResource(url="https://vendor.example.com/deliverable.txt", urlHeaders=[KalturaString("A: b")])
    with pytest.raises(KalturaException) as failure:
        client.attachment.attachmentAsset.setContent(asset.id, resource)
    assert failure.value.code == "ATTACHMENT_ASSET_DOWNLOAD_FAILED"
    assert "url_allow_list" in failure.value.message and '"vendor.example.com"' in failure.value.message
    assert client.attachment.attachmentAsset.get(asset.id).status.getValue() == 0
    leftovers = [p.name for p in assets.asset_dir(reachsim.config.data_dir).iterdir()]
    assert not [name for name in leftovers if name.startswith((asset.id, ".staged-", ".incoming-"))]


def test_asset_resource_copies_content(reachsim: Any, vendor: Any) -> None:
    client, seed = vendor
    entry_id = seed["entryIds"][0]
    first = client.attachment.attachmentAsset.add(entry_id, KalturaAttachmentAsset(format="1", filename="a.txt"))
    client.attachment.attachmentAsset.setContent(first.id, KalturaStringResource(content="plain words"))
    second = client.attachment.attachmentAsset.add(entry_id, KalturaAttachmentAsset(format="1"))
    client.attachment.attachmentAsset.setContent(second.id, KalturaAssetResource(assetId=first.id))
    served = requests.get(client.attachment.attachmentAsset.getUrl(second.id), timeout=10)
    assert served.content == b"plain words"


@pytest.mark.parametrize("path", ["/__sim__/seed", "/__sim__/journal", "/api_v3/service/system/action/ping"])
def test_url_resource_pointing_at_the_simulator_is_refused(reachsim: Any, vendor: Any, path: str) -> None:
    """Fetching itself would copy the back door's secrets (or another key's files) into an asset any KS reads."""
    client, seed = vendor
    asset = client.attachment.attachmentAsset.add(seed["entryIds"][0], KalturaAttachmentAsset(format="1"))
    port = reachsim.port
    for url in (f"http://127.0.0.1:{port}{path}", f"http://localhost:{port}{path}", f"http://[::1]:{port}{path}"):
        with pytest.raises(KalturaException) as failure:
            client.attachment.attachmentAsset.setContent(asset.id, KalturaUrlResource(url=url))
        assert failure.value.code == "ATTACHMENT_ASSET_DOWNLOAD_FAILED"
        assert "never fetches its own URLs" in failure.value.message
    assert client.attachment.attachmentAsset.get(asset.id).status.getValue() == 0
    assert "adminSecret" not in requests.get(reachsim.url + "/__sim__/journal", timeout=10).text


def test_used_or_missing_token_is_not_found(vendor: Any, tmp_path: Path) -> None:
    client, seed = vendor
    token_id = upload(client, tmp_path, "x.json", b"{}")
    asset = client.attachment.attachmentAsset.add(seed["entryIds"][0], KalturaAttachmentAsset(format="4"))
    client.attachment.attachmentAsset.setContent(asset.id, KalturaUploadedFileTokenResource(token=token_id))
    with pytest.raises(KalturaException) as failure:
        client.attachment.attachmentAsset.setContent(asset.id, KalturaUploadedFileTokenResource(token=token_id))
    assert failure.value.code == "UPLOADED_FILE_NOT_FOUND_BY_TOKEN"


def test_asset_waits_for_a_token_still_uploading(reachsim: Any, vendor: Any, tmp_path: Path) -> None:
    client, seed = vendor
    token = client.uploadToken.add(KalturaUploadToken())
    asset = client.attachment.attachmentAsset.add(seed["entryIds"][0], KalturaAttachmentAsset(format="1"))
    waiting = client.attachment.attachmentAsset.setContent(asset.id, KalturaUploadedFileTokenResource(token=token.id))
    assert waiting.status.getValue() == 0
    path = tmp_path / "late.txt"
    path.write_bytes(b"late bytes")
    with path.open("rb") as handle:
        assert client.uploadToken.upload(token.id, handle).status.getValue() == 3
    assert client.attachment.attachmentAsset.get(asset.id).status.getValue() == 2
    assert not uploads.data_path(reachsim.config.data_dir, token.id).exists()


def test_caption_delivery_with_transcripts(reachsim: Any, vendor: Any, tmp_path: Path) -> None:
    client, seed = vendor
    entry_id = seed["entryIds"][0]
    caption = client.caption.captionAsset.add(
        entry_id,
        KalturaCaptionAsset(
            language="English",
            format="1",
            label="English",
            isDefault=1,
            accuracy=93,
            displayOnPlayer=True,
            fileExt="srt",
        ),
    )
    assert caption.languageCode.getValue() == "en" and caption.status.getValue() == 0
    token_id = upload(client, tmp_path, "captions.srt", SRT)
    ready = client.caption.captionAsset.setContent(caption.id, KalturaUploadedFileTokenResource(token=token_id))
    assert ready.status.getValue() == 2
    transcript = client.attachment.attachmentAsset.add(entry_id, KalturaAttachmentAsset(format="1"))
    updated = client.caption.captionAsset.update(caption.id, KalturaCaptionAsset(associatedTranscriptIds=transcript.id))
    assert updated.associatedTranscriptIds == transcript.id and updated.accuracy == 93
    assert requests.get(client.caption.captionAsset.getUrl(caption.id), timeout=10).content == SRT
    found = reachsim.backdoor("GET", "state")["entries"][entry_id]["assets"][0]["inspection"]
    assert found["captions"]["cues"] == 2 and found["captions"]["last"] == 4.0 and found["valid"] is True


def test_caption_rules(reachsim: Any, kaltura_client: Any) -> None:
    seed = reachsim.seed()
    client = kaltura_client()
    entry_id = seed["entryIds"][0]
    # A human service whose captions the profile does not auto-display: its key carries enablecaptionmoderation.
    client.setKs(reachsim.sessions.access_key(reachsim.order_task(entry_id, item="extended_ad")))
    moderated = client.caption.captionAsset.add(
        entry_id, KalturaCaptionAsset(language="Hebrew", format="3", displayOnPlayer=True, captionParamsId=7)
    )
    assert moderated.displayOnPlayer is False and moderated.languageCode.getValue() == "he"
    with pytest.raises(KalturaException) as failure:
        client.caption.captionAsset.add(entry_id, KalturaCaptionAsset(language="English", captionParamsId=7))
    assert failure.value.code == "CAPTION_ASSET_ALREADY_EXISTS"
    assert failure.value.message == f'Caption asset "{moderated.id}" already exists for params id "7"'
    # Audit row 17: REACH_VENDOR_ROLE holds BASE_USER_SESSION_PERMISSION, which opens captionAsset.list.
    listed = client.caption.captionAsset.list(KalturaCaptionAssetFilter(entryIdEqual=entry_id))
    assert [asset.id for asset in listed.objects] == [moderated.id]
    with pytest.raises(KalturaException) as failure:
        client.caption.captionAsset.getUrl(moderated.id)
    assert failure.value.code == "CAPTION_ASSET_IS_NOT_READY"
    client.caption.captionAsset.delete(moderated.id)
    with pytest.raises(KalturaException) as failure:
        client.caption.captionAsset.get(moderated.id)
    assert failure.value.code == "CAPTION_ASSET_ID_NOT_FOUND"
