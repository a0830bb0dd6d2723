"""The API behind alignment orders and their deliveries: transcript assets, an alignment order's transcript
checks, a caption asset's associatedTranscriptIds, and entryVendorTask.externalTaskId (vendor-set, round trip)."""

from __future__ import annotations

from typing import Any

import requests

ALIGNMENT_DATA = "KalturaAlignmentVendorTaskData"


def upload(reachsim: Any, ks: str, name: str, data: bytes) -> str:
    token = reachsim.api("uploadtoken", "add", ks=ks, uploadToken={"objectType": "KalturaUploadToken"})
    response = requests.post(
        f"{reachsim.url}/api_v3/service/uploadtoken/action/upload",
        data={"format": "1", "ks": ks, "uploadTokenId": token["id"], "finalChunk": "1"},
        files={"fileData": (name, data)},
        timeout=30,
    )
    assert response.status_code == 200 and "KalturaAPIException" not in response.text
    return str(token["id"])


def attachment(reachsim: Any, ks: str, entry_id: str, object_type: str, fmt: str, **fields: Any) -> dict[str, Any]:
    asset = reachsim.api(
        "attachment_attachmentasset",
        "add",
        ks=ks,
        entryId=entry_id,
        attachmentAsset={"objectType": object_type, "format": fmt, "fileExt": "txt", **fields},
    )
    token = upload(reachsim, ks, "transcript.txt", b"Hello and welcome.\n")
    reachsim.api(
        "attachment_attachmentasset",
        "setContent",
        ks=ks,
        id=asset["id"],
        contentResource={"objectType": "KalturaUploadedFileTokenResource", "token": token},
    )
    return asset


def order_alignment(reachsim: Any, entry_id: str, job_data: dict[str, Any]) -> Any:
    seed = reachsim.seed()
    return reachsim.api(
        "reach_entryvendortask",
        "add",
        ks=reachsim.sessions.admin(),
        entryVendorTask={
            "objectType": "KalturaEntryVendorTask",
            "entryId": entry_id,
            "catalogItemId": seed["catalogItemIds"]["alignment"],
            "reachProfileId": seed["reachProfileId"],
            "taskJobData": {"objectType": ALIGNMENT_DATA, **job_data},
        },
    )


def test_a_transcript_asset_answers_as_itself(reachsim):
    ks, entry_id = reachsim.sessions.admin(), reachsim.seed()["entryIds"][0]
    added = attachment(reachsim, ks, entry_id, "KalturaTranscriptAsset", "1", language="English", accuracy=98.5)
    got = reachsim.api("attachment_attachmentasset", "get", ks=ks, attachmentAssetId=added["id"])
    assert got["objectType"] == "KalturaTranscriptAsset"
    assert (got["language"], got["accuracy"], got["format"], got["status"]) == ("English", 98.5, "1", 2)


def test_an_alignment_order_names_a_text_transcript_the_vendor_receives(reachsim):
    ks, entry_id = reachsim.sessions.admin(), reachsim.seed()["entryIds"][0]
    transcript = attachment(reachsim, ks, entry_id, "KalturaTranscriptAsset", "1", language="English")
    task = order_alignment(reachsim, entry_id, {"textTranscriptAssetId": transcript["id"]})
    assert task["taskJobData"]["objectType"] == ALIGNMENT_DATA
    key = reachsim.sessions.access_key(task["id"])
    seen = reachsim.api(
        "reach_entryvendortask", "get", ks=key, id=task["id"], responseProfile={"systemName": "reach_vendor"}
    )
    assert seen["taskJobData"]["textTranscriptAssetId"] == transcript["id"]
    url = reachsim.api("attachment_attachmentasset", "getUrl", ks=key, id=transcript["id"])
    assert requests.get(url, timeout=30).text == "Hello and welcome.\n"


def test_an_alignment_order_refuses_what_is_not_a_text_transcript(reachsim):
    ks, entry_id = reachsim.sessions.admin(), reachsim.seed()["entryIds"][0]
    json_transcript = attachment(reachsim, ks, entry_id, "KalturaTranscriptAsset", "4")
    plain = attachment(reachsim, ks, entry_id, "KalturaAttachmentAsset", "1")
    mismatch = order_alignment(reachsim, entry_id, {"textTranscriptAssetId": json_transcript["id"]})
    assert mismatch["code"] == "ATTACHMENT_ASSET_FORMAT_MISMATCH" and mismatch["args"]["EXPECTED_TYPE"] == "1"
    assert order_alignment(reachsim, entry_id, {"textTranscriptAssetId": plain["id"]})["code"] == (
        "ATTACHMENT_ASSET_ID_NOT_FOUND"
    )
    assert order_alignment(reachsim, entry_id, {})["code"] == "PROPERTY_VALIDATION_CANNOT_BE_NULL"


def test_associated_transcript_ids_round_trip_on_a_caption_asset(reachsim):
    ks, entry_id = reachsim.sessions.admin(), reachsim.seed()["entryIds"][0]
    first = attachment(reachsim, ks, entry_id, "KalturaTranscriptAsset", "1")
    second = attachment(reachsim, ks, entry_id, "KalturaTranscriptAsset", "2")
    caption = reachsim.api(
        "caption_captionasset",
        "add",
        ks=ks,
        entryId=entry_id,
        captionAsset={"objectType": "KalturaCaptionAsset", "format": "1", "language": "English"},
    )
    ids = f"{first['id']},{second['id']}"
    updated = reachsim.api(
        "caption_captionasset", "update", ks=ks, id=caption["id"], captionAsset={"associatedTranscriptIds": ids}
    )
    assert updated["associatedTranscriptIds"] == ids
    assert (
        reachsim.api("caption_captionasset", "get", ks=ks, captionAssetId=caption["id"])["associatedTranscriptIds"]
        == ids
    )


def test_external_task_id_is_the_vendors_to_set_and_round_trips(reachsim):
    task_id = reachsim.order_task(item="captions")
    vendor, admin = reachsim.sessions.vendor(), reachsim.sessions.admin()
    set_by_vendor = reachsim.api(
        "reach_entryvendortask",
        "updateJob",
        ks=vendor,
        id=task_id,
        entryVendorTask={"status": 3, "externalTaskId": "vendor-job-42"},
    )
    assert set_by_vendor["externalTaskId"] == "vendor-job-42"
    assert reachsim.api("reach_entryvendortask", "get", ks=admin, id=task_id)["externalTaskId"] == "vendor-job-42"
    listed = reachsim.api(
        "reach_entryvendortask",
        "list",
        ks=vendor,
        filter={"objectType": "KalturaEntryVendorTaskFilter", "idEqual": task_id},
    )
    assert listed["objects"][0]["externalTaskId"] == "vendor-job-42"
    # A customer's update of a vendor-only field is silently dropped (object.KalturaEntryVendorTask.ini).
    reachsim.api("reach_entryvendortask", "update", ks=admin, id=task_id, entryVendorTask={"externalTaskId": "mine"})
    assert reachsim.task(task_id)["externalTaskId"] == "vendor-job-42"
