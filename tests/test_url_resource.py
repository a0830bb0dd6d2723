"""KalturaUrlResource: the simulator's own HTTP client, unit-tested with `responses` (no network)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import responses
from flask.testing import FlaskClient

ALLOWED = "media.example.test"


@pytest.fixture(scope="module")
def app(reachsim_app: Any) -> Any:
    return reachsim_app(url_allow_list=[ALLOWED])


@pytest.fixture
def api(app: Any) -> Iterator[Any]:
    client: FlaskClient = app.test_client()
    seed = client.get("/__sim__/seed").json

    def call(service: str, action: str, **fields: Any) -> Any:
        return client.post(f"/api_v3/service/{service}/action/{action}", data={"format": "1", **fields}).json

    ks = call("session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type="2")
    asset = call(
        "attachment_attachmentasset",
        "add",
        ks=ks,
        entryId=seed["entryIds"][0],
        **{"attachmentAsset[objectType]": "KalturaAttachmentAsset", "attachmentAsset[format]": "4"},
    )

    def set_url(url: str, *headers: str) -> Any:
        fields = {"contentResource[objectType]": "KalturaUrlResource", "contentResource[url]": url}
        for i, header in enumerate(headers):
            fields[f"contentResource[urlHeaders][{i}][objectType]"] = "KalturaString"
            fields[f"contentResource[urlHeaders][{i}][value]"] = header
        return call("attachment_attachmentasset", "setContent", ks=ks, id=asset["id"], **fields)

    def get() -> Any:
        return call("attachment_attachmentasset", "get", ks=ks, attachmentAssetId=asset["id"])

    yield set_url, get, app


@responses.activate
def test_allowed_host_is_fetched_with_the_given_headers(api: Any) -> None:
    set_url, get, _app = api
    responses.get(f"https://{ALLOWED}/ocr.json", body=b'{"schema": "x"}', status=200)
    result = set_url(f"https://{ALLOWED}/ocr.json", "Authorization: Bearer abc")
    assert result["status"] == 2 and result["size"] >= 0
    assert responses.calls[0].request.headers["Authorization"] == "Bearer abc"
    assert get()["status"] == 2


@responses.activate
def test_a_failed_download_is_a_kaltura_error_and_marks_the_asset(api: Any) -> None:
    set_url, get, _app = api
    responses.get(f"https://{ALLOWED}/missing.json", status=404)
    result = set_url(f"https://{ALLOWED}/missing.json")
    assert result["code"] == "ATTACHMENT_ASSET_DOWNLOAD_FAILED"
    assert get()["status"] == -1


@responses.activate
def test_redirects_are_not_followed(api: Any) -> None:
    set_url, _get, _app = api
    responses.get(f"https://{ALLOWED}/moved", status=302, headers={"Location": "https://elsewhere.test/x"})
    assert set_url(f"https://{ALLOWED}/moved")["code"] == "ATTACHMENT_ASSET_DOWNLOAD_FAILED"
    assert len(responses.calls) == 1


@responses.activate
def test_other_hosts_are_refused_without_a_request(api: Any) -> None:
    set_url, _get, _app = api
    result = set_url("https://elsewhere.test/ocr.json")
    assert result["code"] == "ATTACHMENT_ASSET_DOWNLOAD_FAILED" and "elsewhere.test" in result["message"]
    assert len(responses.calls) == 0
