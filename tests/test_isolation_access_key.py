"""Isolation matrix, access key row: the key the server minted for a task on entry A reaches entry A and nothing
of entry B — API reads and writes, attachments, search, playManifest and HLS segments. (Vendor A against vendor B
tasks is pinned in tests/test_reach_e2e.py; partner against partner in tests/test_isolation.py.)"""

from __future__ import annotations

from typing import Any

import pytest
import requests

REFUSED = ("ENTRY_ID_NOT_FOUND", "ATTACHMENT_ASSET_ID_NOT_FOUND", "INVALID_KS", "SERVICE_FORBIDDEN")


def call(reachsim: Any, service: str, action: str, **fields: Any) -> Any:
    answer = requests.post(
        f"{reachsim.url}/api_v3/service/{service}/action/{action}", data={"format": 1, **fields}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture
def keyed(reachsim: Any) -> dict[str, Any]:
    seed = reachsim.seed()
    admin = reachsim.sessions.admin()
    entry_a, entry_b = seed["entryIds"][0], seed["entryIds"][1]
    task = reachsim.api(
        "reach_entryvendortask",
        "add",
        ks=admin,
        entryVendorTask={
            "objectType": "KalturaEntryVendorTask",
            "entryId": entry_a,
            "catalogItemId": seed["catalogItemIds"]["ocr"],
            "reachProfileId": seed["reachProfileId"],
        },
    )
    assets = {}
    for entry in (entry_a, entry_b):
        asset = call(
            reachsim,
            "attachment_attachmentasset",
            "add",
            ks=admin,
            entryId=entry,
            **{"attachmentAsset[objectType]": "KalturaAttachmentAsset", "attachmentAsset[fileExt]": "json"},
        )
        call(
            reachsim,
            "attachment_attachmentasset",
            "setContent",
            ks=admin,
            id=asset["id"],
            **{"contentResource[objectType]": "KalturaStringResource", "contentResource[content]": "{}"},
        )
        assets[entry] = asset["id"]
    flavors = {
        entry: call(reachsim, "flavorasset", "list", ks=admin, **{"filter[entryIdEqual]": entry})["objects"]
        for entry in (entry_a, entry_b)
    }
    return {
        "seed": seed,
        "key": reachsim.sessions.access_key(task["id"]),
        "a": entry_a,
        "b": entry_b,
        "assets": assets,
        "flavors": flavors,
    }


def api_probes(k: dict[str, Any], entry: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("baseentry", "get", {"entryId": entry}),
        ("media", "get", {"entryId": entry}),
        (
            "baseentry",
            "getPlaybackContext",
            {"entryId": entry, "contextDataParams[objectType]": "KalturaPlaybackContextOptions"},
        ),
        ("attachment_attachmentasset", "get", {"attachmentAssetId": k["assets"][entry]}),
        ("attachment_attachmentasset", "getUrl", {"id": k["assets"][entry]}),
        (
            "attachment_attachmentasset",
            "add",
            {"entryId": entry, "attachmentAsset[objectType]": "KalturaAttachmentAsset"},
        ),
        (
            "baseentry",
            "update",
            {"entryId": entry, "baseEntry[objectType]": "KalturaMediaEntry", "baseEntry[tags]": "x"},
        ),
    ]


def test_access_key_reaches_its_own_entry(reachsim: Any, keyed: dict[str, Any]) -> None:
    for service, action, fields in api_probes(keyed, keyed["a"]):
        answer = call(reachsim, service, action, ks=keyed["key"], **fields)
        assert not (isinstance(answer, dict) and answer.get("objectType") == "KalturaAPIException"), (action, answer)


def test_access_key_of_entry_a_reaches_nothing_of_entry_b(reachsim: Any, keyed: dict[str, Any]) -> None:
    for service, action, fields in api_probes(keyed, keyed["b"]):
        answer = call(reachsim, service, action, ks=keyed["key"], **fields)
        assert isinstance(answer, dict) and answer.get("code") in REFUSED, (service, action, answer)


def test_access_key_search_and_lists_show_only_its_entry(reachsim: Any, keyed: dict[str, Any]) -> None:
    key, b = keyed["key"], keyed["b"]
    listed = call(reachsim, "baseentry", "list", ks=key)
    assert b not in {o["id"] for o in listed.get("objects") or []}, listed
    for service in ("attachment_attachmentasset", "flavorasset"):
        found = call(reachsim, service, "list", ks=key, **{"filter[entryIdEqual]": b})
        assert not found.get("objects"), (service, found)


def test_access_key_of_entry_a_gets_no_manifest_or_segment_of_entry_b(reachsim: Any, keyed: dict[str, Any]) -> None:
    pid, key = keyed["seed"]["partnerId"], keyed["key"]
    base = f"{reachsim.url}/p/{pid}/sp/{pid}00"
    for entry, allowed in ((keyed["a"], True), (keyed["b"], False)):
        flavor = keyed["flavors"][entry][0]["id"]
        manifest = (
            f"{base}/playManifest/entryId/{entry}/flavorIds/{flavor}/format/applehttp/protocol/http/ks/{key}/a.m3u8"
        )
        progressive = f"{base}/serveFlavor/entryId/{entry}/v/1/flavorId/{flavor}/ks/{key}/name/a.mp4"
        for url in (manifest, progressive):
            status = requests.get(url, timeout=30).status_code
            assert (status == 200) == allowed, (url, status)
