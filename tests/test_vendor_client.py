"""The vendor's Kaltura calls, against `responses`: request shapes, clientTags, retries, error mapping, sessions."""

from __future__ import annotations

import hashlib
import json
import random

import pytest
import requests
import responses

from vendor.client import (
    Client,
    Credentials,
    KalturaError,
    RetryPolicy,
    TaskSession,
    TransportError,
    app_version,
    client_tag,
)

URL = "http://kaltura.test"
TAG = f"app:{app_version()}_acme-2002"
EXPIRED = {
    "code": "INVALID_KS",
    "message": 'Invalid KS "EXPIRED", Error "-1,INVALID_STR"',
    "objectType": "KalturaAPIException",
}


def api(service: str, action: str) -> str:
    return f"{URL}/api_v3/service/{service}/action/{action}"


def body(call: responses.Call) -> dict:
    return json.loads(call.request.body)


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def client(waits: list[float]) -> Client:
    creds = Credentials(URL, 2002, "acme", secret="s3cret")
    return Client(creds, retry=RetryPolicy(attempts=3, base=0.5, cap=4), sleep=waits.append)


def test_client_tag_grammar():
    assert client_tag("acme", 2002, prefix="app:1.0") == "app:1.0_acme-2002"
    assert client_tag("acme", 2002, 9292, prefix="app:1.0") == "app:1.0_acme-2002-9292"


def test_backoff_is_exponential_with_full_jitter():
    delays = list(RetryPolicy(attempts=6, base=0.5, cap=3).delays(random.Random(1)))
    assert len(delays) == 5
    ceilings = [0.5, 1, 2, 3, 3]
    assert all(0 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert len(set(delays)) == 5  # jittered, not a fixed schedule


@responses.activate
def test_vendor_session_is_an_admin_session_with_disableentitlement(client):
    responses.post(api("session", "start"), json="VKS")
    responses.post(api("reach_entryvendortask", "getJobs"), json={"objects": [], "totalCount": 0})
    assert client.get_jobs() == []
    start, jobs = (body(c) for c in responses.calls)
    assert start == {
        "secret": "s3cret",
        "partnerId": 2002,
        "type": 2,
        "expiry": 86400,
        "privileges": "disableentitlement",
        "format": 1,
        "clientTag": TAG,
    }
    assert jobs["ks"] == "VKS" and jobs["clientTag"] == TAG and "partnerId" not in jobs
    assert jobs["filter"]["orderBy"] == "+createdAt" and jobs["pager"]["pageIndex"] == 1


@responses.activate
def test_app_token_session_hashes_the_widget_ks_with_the_token(waits):
    creds = Credentials(URL, 2002, "acme", app_token_id="0_tok", app_token="T0KEN")
    client = Client(creds, sleep=waits.append)
    responses.post(api("session", "startWidgetSession"), json={"ks": "WKS", "partnerId": 2002})
    responses.post(api("apptoken", "startSession"), json={"ks": "VKS", "expiry": 0})
    assert client.vendor_ks() == "VKS"
    widget, start = (body(c) for c in responses.calls)
    assert widget["widgetId"] == "_2002"
    assert start["ks"] == "WKS" and start["id"] == "0_tok"
    assert start["tokenHash"] == hashlib.sha1(b"WKST0KEN").hexdigest()


@responses.activate
def test_getjobs_reads_every_page(client):
    responses.post(api("session", "start"), json="VKS")
    page1 = [{"id": str(i)} for i in range(2)]
    responses.post(api("reach_entryvendortask", "getJobs"), json={"objects": page1, "totalCount": 3})
    responses.post(api("reach_entryvendortask", "getJobs"), json={"objects": [{"id": "2"}], "totalCount": 3})
    assert [j["id"] for j in client.get_jobs(page_size=2)] == ["0", "1", "2"]
    assert [body(c)["pager"]["pageIndex"] for c in responses.calls[1:]] == [1, 2]


@responses.activate
def test_5xx_and_dropped_connections_are_retried_with_backoff(client, waits):
    responses.post(api("session", "start"), status=503)
    responses.post(api("session", "start"), body=requests.ConnectionError("reset"))
    responses.post(api("session", "start"), json="VKS")
    assert client.vendor_ks() == "VKS"
    assert len(responses.calls) == 3 and len(waits) == 2
    assert 0 <= waits[0] <= 0.5 and 0 <= waits[1] <= 1.0


@responses.activate
def test_retries_are_bounded_then_a_transport_error(client, waits):
    responses.post(api("session", "start"), status=502)
    with pytest.raises(TransportError, match="HTTP 502"):
        client.vendor_ks()
    assert len(responses.calls) == 3 and len(waits) == 2


@responses.activate
def test_a_truncated_body_is_a_transport_error_and_retried(client):
    responses.post(api("session", "start"), body='{"objectType": "Kal')
    responses.post(api("session", "start"), json="VKS")
    assert client.vendor_ks() == "VKS"


@responses.activate
def test_api_errors_are_kaltura_errors_and_not_retried(client, waits):
    error = {"code": "START_SESSION_ERROR", "message": "Error while starting session for partner [2002]"}
    responses.post(api("session", "start"), json={**error, "objectType": "KalturaAPIException"})
    with pytest.raises(KalturaError) as caught:
        client.vendor_ks()
    assert caught.value.code == "START_SESSION_ERROR" and not caught.value.expired
    assert len(responses.calls) == 1 and waits == []


@responses.activate
def test_an_expired_vendor_session_is_started_again_once(client):
    responses.post(api("session", "start"), json="OLD")
    responses.post(api("session", "start"), json="NEW")
    responses.post(api("reach_entryvendortask", "updateJob"), json=EXPIRED)
    responses.post(api("reach_entryvendortask", "updateJob"), json={"id": "7", "status": 3})
    assert client.update_job("7", status=3)["status"] == 3
    first, second = (body(c) for c in responses.calls if "updateJob" in c.request.url)
    assert (first["ks"], second["ks"]) == ("OLD", "NEW")
    assert second["clientTag"] == f"{TAG}-7"
    assert second["entryVendorTask"] == {"objectType": "KalturaEntryVendorTask", "status": 3}


@responses.activate
def test_an_expired_access_key_is_extended_with_the_vendor_session_and_the_call_retried(client):
    responses.post(api("session", "start"), json="VKS")
    responses.post(api("reach_entryvendortask", "get"), json=EXPIRED)
    responses.post(api("reach_entryvendortask", "extendAccessKey"), json={"id": "7", "accessKey": "AK2"})
    responses.post(api("reach_entryvendortask", "get"), json={"id": "7", "entryId": "0_e"})
    task = TaskSession(client, "7", "AK1")
    assert task.get_task()["entryId"] == "0_e"
    calls = [(c.request.url.rsplit("/", 1)[-1], body(c)) for c in responses.calls]
    gets = [b for name, b in calls if name == "get"]
    assert [g["ks"] for g in gets] == ["AK1", "AK2"]
    assert all(g["clientTag"] == f"{TAG}-7" and "partnerId" not in g for g in gets)
    assert gets[0]["responseProfile"] == {"objectType": "KalturaResponseProfileHolder", "systemName": "reach_vendor"}
    extend = next(b for name, b in calls if name == "extendAccessKey")
    assert extend["ks"] == "VKS" and extend["id"] == "7" and extend["clientTag"] == f"{TAG}-7"


@responses.activate
def test_a_key_that_stays_expired_after_one_extension_is_an_error(client):
    responses.post(api("session", "start"), json="VKS")
    responses.post(api("baseentry", "getPlaybackContext"), json=EXPIRED)
    responses.post(api("reach_entryvendortask", "extendAccessKey"), json={"id": "7", "accessKey": "AK2"})
    with pytest.raises(KalturaError) as caught:
        TaskSession(client, "7", "AK1").playback_context("0_e", "applehttp")
    assert caught.value.expired
    assert sum("extendAccessKey" in c.request.url for c in responses.calls) == 1


@responses.activate
def test_upload_is_multipart_with_a_json_field_and_file_data(client):
    responses.post(api("uploadtoken", "add"), json={"id": "0_tok", "status": 0})
    responses.post(api("uploadtoken", "upload"), json={"id": "0_tok", "status": 2})
    assert TaskSession(client, "7", "AK").upload_file(b"{}", "ocr-7.json") == "0_tok"
    upload = responses.calls[1].request
    assert upload.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="fileData"; filename="ocr-7.json"' in upload.body
    fields = upload.body.split(b'name="json"\r\n\r\n', 1)[1].split(b"\r\n", 1)[0]
    sent = json.loads(fields)
    assert sent["ks"] == "AK" and sent["uploadTokenId"] == "0_tok" and sent["clientTag"] == f"{TAG}-7"


@responses.activate
def test_an_upload_retried_after_it_arrived_is_accepted(client):
    responses.post(api("uploadtoken", "add"), json={"id": "0_tok", "status": 0})
    responses.post(api("uploadtoken", "upload"), body=requests.ConnectionError("reset after send"))
    invalid = {"code": "UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD", "message": "x", "objectType": "KalturaAPIException"}
    responses.post(api("uploadtoken", "upload"), json=invalid)
    responses.post(api("uploadtoken", "get"), json={"id": "0_tok", "status": 2})
    assert TaskSession(client, "7", "AK").upload_file(b"{}", "ocr-7.json") == "0_tok"


@responses.activate
def test_attachment_and_tag_calls_carry_the_documented_shapes(client):
    responses.post(api("attachment_attachmentasset", "add"), json={"id": "0_att", "status": 0})
    responses.post(api("attachment_attachmentasset", "setContent"), json={"id": "0_att", "status": 2})
    responses.post(api("media", "update"), json={"id": "0_e"})
    task = TaskSession(client, "7", "AK")
    task.add_attachment("0_e", filename="ocr-7.json", title="OCR", format="4", fileExt="json")
    task.set_attachment_content("0_att", "0_tok")
    task.set_entry_tags("0_e", "EN", "Title,Name")
    add, content, update = (body(c) for c in responses.calls)
    assert add["attachmentAsset"] == {
        "objectType": "KalturaAttachmentAsset",
        "filename": "ocr-7.json",
        "title": "OCR",
        "format": "4",
        "fileExt": "json",
    }
    assert content["contentResource"] == {"objectType": "KalturaUploadedFileTokenResource", "token": "0_tok"}
    assert update["mediaEntry"]["multiLingual_tags"] == [
        {"objectType": "KalturaMultiLingualString", "language": "EN", "value": "Title,Name"}
    ]
    assert {b["ks"] for b in (add, content, update)} == {"AK"}


@responses.activate
def test_the_vendor_session_is_renewed_before_it_expires(client, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("vendor.client.time.monotonic", lambda: now[0])
    responses.post(api("session", "start"), json="FIRST")
    responses.post(api("session", "start"), json="SECOND")
    assert client.vendor_ks() == "FIRST"
    now[0] += 0.79 * 86400
    assert client.vendor_ks() == "FIRST"
    now[0] += 0.02 * 86400  # past 80 % of the day-long session, before it ends: a new one, unasked
    assert client.vendor_ks() == "SECOND"
    assert sum("session/action/start" in c.request.url for c in responses.calls) == 2


@responses.activate
def test_an_app_token_session_is_renewed_by_the_expiry_the_server_gave(waits, monkeypatch):
    now = [5000.0]
    monkeypatch.setattr("vendor.client.time.monotonic", lambda: now[0])
    monkeypatch.setattr("vendor.client.time.time", lambda: 1_000_000.0)
    creds = Credentials(URL, 2002, "acme", app_token_id="0_tok", app_token="T0KEN")
    client = Client(creds, sleep=waits.append)
    responses.post(api("session", "startWidgetSession"), json={"ks": "WKS", "partnerId": 2002})
    responses.post(api("apptoken", "startSession"), json={"ks": "VKS1", "expiry": 1_000_000 + 3600})
    responses.post(api("apptoken", "startSession"), json={"ks": "VKS2", "expiry": 1_000_000 + 3600})
    assert client.vendor_ks() == "VKS1"
    now[0] += 0.81 * 3600  # the token's session lasts an hour, not the day asked for
    assert client.vendor_ks() == "VKS2"
