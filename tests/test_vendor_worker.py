"""The task lifecycle against `responses`: the order of the calls, error mapping, and a retried delivery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
import responses

from vendor.client import Client, Credentials, KalturaError, RetryPolicy, TaskSession, TransportError
from vendor.media import MediaError
from vendor.ocr.errors import OCRError
from vendor.worker import Options, Runner, Task, TaskFailed, Vendor, describe

URL = "http://kaltura.test"
OCR_ITEM = {"serviceFeature": 14, "videoAnalysisType": 1, "sourceLanguage": "English", "maxVideoDuration": 7200}
DOC = {
    "schema": "reachsim/ocr/v1",
    "entryId": "0_e",
    "taskId": "7",
    "video": {"duration": 2.0, "width": 854, "height": 480, "fps": 30.0},
    "engine": {"name": "x", "version": "1", "languages": ["en-US"]},
    "ocr": [],
}


def api(service: str, action: str) -> str:
    return f"{URL}/api_v3/service/{service}/action/{action}"


def vendor() -> Vendor:
    creds = Credentials(URL, 2002, "acme", secret="s")
    return Vendor(Client(creds, retry=RetryPolicy(attempts=3), sleep=lambda _: None))


def details(item: dict) -> dict:
    return {
        "id": "7",
        "entryId": "0_e",
        "partnerId": 1001,
        "relatedObjects": {
            "reach_vendor_catalog_item": {"objects": [item]},
            "reach_vendor_profile": {"objects": [{"flavorParamsIds": "", "enableMetadataExtraction": False}]},
        },
    }


def job() -> dict:
    return {"id": "7", "entryId": "0_e", "partnerId": 1001, "accessKey": "AK", "createdAt": 1}


def sent(action: str) -> list[dict]:
    return [json.loads(c.request.body) for c in responses.calls if c.request.url.endswith("/" + action)]


@responses.activate
def test_a_task_this_vendor_cannot_do_goes_processing_then_error_with_a_reason():
    responses.post(api("session", "start"), json="VKS")
    responses.post(api("reach_entryvendortask", "get"), json=details({"serviceFeature": 1}))
    responses.post(api("reach_entryvendortask", "updateJob"), json={"id": "7"})
    vendor().process(job())
    actions = [c.request.url.rsplit("/", 1)[-1] for c in responses.calls]
    assert actions == ["get", "start", "updateJob", "updateJob"]
    processing, error = (u["entryVendorTask"] for u in sent("updateJob"))
    assert processing == {"objectType": "KalturaEntryVendorTask", "status": 3}
    assert error["status"] == 6 and "only does OCR" in error["errDescription"]


@responses.activate
def test_an_aborted_task_is_left_alone():
    gone = {"code": "ENTRY_VENDOR_TASK_NOT_FOUND", "message": "x", "objectType": "KalturaAPIException"}
    responses.post(api("reach_entryvendortask", "get"), json=gone)
    vendor().process(job())
    assert [c.request.url.rsplit("/", 1)[-1] for c in responses.calls] == ["get"]


@responses.activate
def test_an_unreachable_server_ends_the_task_in_error_after_bounded_retries():
    responses.post(api("session", "start"), json="VKS")
    responses.post(api("reach_entryvendortask", "get"), json=details(OCR_ITEM))
    responses.post(api("reach_entryvendortask", "updateJob"), json={"id": "7"})
    responses.post(api("media", "get"), json={"id": "0_e", "msDuration": 2000})
    responses.post(api("baseentry", "getPlaybackContext"), status=503)
    vendor().process(job())
    assert len([c for c in responses.calls if "getPlaybackContext" in c.request.url]) == 3
    error = sent("updateJob")[-1]["entryVendorTask"]
    assert error["status"] == 6 and "could not be reached" in error["errDescription"]


@responses.activate
def test_a_retried_delivery_looks_first_and_adds_no_second_attachment(tmp_path: Path):
    responses.post(api("attachment_attachmentasset", "list"), json={"objects": []})
    # The first add reaches the server but its answer is lost...
    responses.post(api("attachment_attachmentasset", "add"), body=requests.ConnectionError("reset"))
    # ...so the retried delivery finds the asset it created.
    made = {"id": "0_json", "filename": "ocr-7.json", "status": 0}
    responses.post(api("attachment_attachmentasset", "list"), json={"objects": [made]})
    responses.post(api("attachment_attachmentasset", "add"), json={"id": "0_vtt", "status": 0})
    responses.post(api("uploadtoken", "add"), json={"id": "0_tok"})
    responses.post(api("uploadtoken", "upload"), json={"id": "0_tok", "status": 2})
    responses.post(api("attachment_attachmentasset", "setContent"), json={"id": "x", "status": 2})
    v = vendor()
    task = Task(job(), TaskSession(v.client, "7", "AK"), tmp_path)
    assert v.deliver(task, DOC) == "0_json"
    adds = [a["attachmentAsset"]["filename"] for a in sent("add") if "attachmentAsset" in a]
    assert adds == ["ocr-7.json", "ocr-7.vtt"]  # the lost one, then only the WebVTT
    contents = [c["id"] for c in sent("setContent")]
    assert contents == ["0_json", "0_vtt"]


class NoProcessing(Vendor):
    """A broken variant for the certification harness, as a subclass overriding one step."""

    def start(self, task: Task) -> None:
        return None


@responses.activate
def test_a_variant_overrides_one_step():
    responses.post(api("session", "start"), json="VKS")
    responses.post(api("reach_entryvendortask", "get"), json=details({"serviceFeature": 1}))
    responses.post(api("reach_entryvendortask", "updateJob"), json={"id": "7"})
    NoProcessing(vendor().client).process(job())
    assert [u["entryVendorTask"]["status"] for u in sent("updateJob")] == [6]


@responses.activate
def test_a_set_content_whose_answer_was_lost_is_done_when_the_retry_finds_its_token_used(tmp_path: Path):
    """Found by the resilience run: the first setContent arrived and used the token; its retry is refused
    (UPLOADED_FILE_NOT_FOUND_BY_TOKEN), and the asset READY says the content is there."""
    used = {"code": "UPLOADED_FILE_NOT_FOUND_BY_TOKEN", "message": "x", "objectType": "KalturaAPIException"}
    ready = [{"id": f"0_{ext}", "filename": f"ocr-7.{ext}", "status": 0} for ext in ("json", "vtt")]
    responses.post(api("attachment_attachmentasset", "list"), json={"objects": ready})
    responses.post(api("uploadtoken", "add"), json={"id": "0_tok"})
    responses.post(api("uploadtoken", "upload"), json={"id": "0_tok", "status": 2})
    responses.post(api("attachment_attachmentasset", "setContent"), body=requests.ConnectionError("reset"))
    responses.post(api("attachment_attachmentasset", "setContent"), json=used)
    responses.post(api("attachment_attachmentasset", "get"), json={"id": "0_json", "status": 2})
    responses.post(api("attachment_attachmentasset", "setContent"), json={"id": "0_vtt", "status": 2})
    v = vendor()
    task = Task(job(), TaskSession(v.client, "7", "AK"), tmp_path)
    assert v.deliver(task, DOC) == "0_json"
    assert [c["id"] for c in sent("setContent")] == ["0_json", "0_json", "0_vtt"]
    assert sent("get")[0]["attachmentAssetId"] == "0_json"


@pytest.mark.parametrize(
    "error, description",
    [
        (TaskFailed("this vendor only does OCR"), "this vendor only does OCR"),
        (MediaError("the entry has no ready video flavor"), "the entry has no ready video flavor"),
        (OCRError("no frame decoded"), "the media could not be read: no frame decoded"),
        (KalturaError("ENTRY_ID_NOT_FOUND", 'Entry id "0_e" not found', "media", "get"), "Kaltura refused a call"),
        (TransportError("baseentry.getPlaybackContext: HTTP 503"), "Kaltura could not be reached after retries"),
        (requests.ConnectionError("reset"), "the media download failed: ConnectionError"),
        (ZeroDivisionError(), "internal vendor error (ZeroDivisionError)"),
    ],
)
def test_every_failure_maps_to_a_short_description(error: Exception, description: str) -> None:
    assert describe(error).startswith(description)


def with_profile(profile: dict) -> dict:
    doc = details(OCR_ITEM)
    doc["relatedObjects"]["reach_vendor_profile"]["objects"] = [profile]
    return doc


DOC_WITH_TEXT = {
    **DOC,
    "ocr": [{"text": "Quarterly, results", "confidence": 0.9, "instances": [{"start": 0, "end": 2}]}],
}


@responses.activate
def test_tags_only_when_the_profile_asks_and_merged_with_the_entrys_own(tmp_path: Path) -> None:
    v = vendor()
    off = Task(job(), TaskSession(v.client, "7", "AK"), tmp_path, details=with_profile({}))
    v.tag(off, DOC_WITH_TEXT)
    assert len(responses.calls) == 0
    responses.post(api("media", "get"), json={"id": "0_e", "tags": "finance, Quarterly results"})
    responses.post(api("media", "update"), json={"id": "0_e"})
    on = Task(
        job(), TaskSession(v.client, "7", "AK"), tmp_path, details=with_profile({"enableMetadataExtraction": True})
    )
    v.tag(on, {**DOC_WITH_TEXT, "ocr": DOC_WITH_TEXT["ocr"] + [{**DOC_WITH_TEXT["ocr"][0], "text": "Q3 2026"}]})
    [update] = sent("update")
    assert update["mediaEntry"]["multiLingual_tags"] == [
        {"objectType": "KalturaMultiLingualString", "language": "EN", "value": "finance,Quarterly results,Q3 2026"}
    ]


@responses.activate
def test_once_exits_1_when_it_cannot_poll_and_0_with_nothing_to_do() -> None:
    responses.post(api("session", "start"), json="VKS")
    refused = {"code": "SERVICE_FORBIDDEN", "message": "x", "objectType": "KalturaAPIException"}
    responses.post(api("reach_entryvendortask", "getJobs"), json=refused)
    assert Runner(vendor(), Options(once=True)).run() == 1
    responses.post(api("reach_entryvendortask", "getJobs"), json={"objects": [], "totalCount": 0})
    assert Runner(vendor(), Options(once=True)).run() == 0
