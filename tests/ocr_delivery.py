"""A stand-in for the reference vendor in portal and search tests: it takes one OCR task the way a vendor does
(vendor KS, access key, getPlaybackContext, the MP4 download), runs the real OCR engine on the media, and delivers
the insight as an attachment (uploadToken, attachmentAsset add/setContent with format JSON, fileExt json, title
OCR) before `updateJob` READY. Everything goes over HTTP to the live simulator."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import requests

from vendor.ocr import pipeline

TIMEOUT = 60


def api(url: str, service: str, action: str, **fields: Any) -> Any:
    answer = requests.post(
        f"{url}/api_v3/service/{service}/action/{action}",
        data={"format": "1", "clientTag": "app:test_reachsimocr-2002", **fields},
        timeout=TIMEOUT,
    )
    answer.raise_for_status()
    body = answer.json()
    if isinstance(body, dict) and body.get("objectType") == "KalturaAPIException":
        raise AssertionError(f"{service}.{action}: {body['code']} {body['message']}")
    return body


def vendor_ks(url: str, seed: dict[str, Any]) -> str:
    return api(url, "session", "start", secret=seed["vendorSecret"], partnerId=seed["vendorPartnerId"], type="2")


def take(url: str, seed: dict[str, Any], task_id: str | int) -> tuple[str, dict[str, Any]]:
    """The vendor KS and the task with its access key, moved to PROCESSING."""
    ks = vendor_ks(url, seed)
    jobs = api(url, "reach_entryVendorTask", "getJobs", ks=ks, **{"pager[pageSize]": "500"})
    task = next(t for t in jobs["objects"] if str(t["id"]) == str(task_id))
    api(url, "reach_entryVendorTask", "updateJob", ks=ks, id=task["id"], **{"entryVendorTask[status]": "3"})
    return ks, task


def media_of(url: str, key: str, entry_id: str, target: Path) -> Path:
    """The entry's MP4 as a vendor downloads it: getPlaybackContext with the access key, then the `url` source."""
    context = api(
        url,
        "baseEntry",
        "getPlaybackContext",
        ks=key,
        entryId=entry_id,
        **{"contextDataParams[objectType]": "KalturaPlaybackContextOptions", "contextDataParams[streamerType]": "http"},
    )
    source = next(s for s in context["sources"] if s["format"] == "url")
    with requests.get(source["url"], timeout=TIMEOUT) as media:
        media.raise_for_status()
        target.write_bytes(media.content)
    return target


def deliver(url: str, seed: dict[str, Any], task_id: str | int) -> dict[str, Any]:
    """Run the OCR engine on the task's entry and deliver its insight; the insight delivered."""
    ks, task = take(url, seed, task_id)
    with tempfile.TemporaryDirectory(prefix="ocr-delivery-") as workdir:
        doc = pipeline.run(media_of(url, task["accessKey"], task["entryId"], Path(workdir) / "video.mp4"))
    return _upload(url, ks, task, doc)


def deliver_insight(url: str, seed: dict[str, Any], task_id: str | int, doc: dict[str, Any]) -> dict[str, Any]:
    """Deliver a given insight for the task, through the same calls."""
    ks, task = take(url, seed, task_id)
    return _upload(url, ks, task, doc)


def _upload(url: str, ks: str, task: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    key, entry_id = task["accessKey"], task["entryId"]
    doc.update(entryId=entry_id, taskId=str(task["id"]))
    token = api(url, "uploadToken", "add", ks=key)
    requests.post(
        f"{url}/api_v3/service/uploadToken/action/upload",
        data={"format": "1", "ks": key, "uploadTokenId": token["id"]},
        files={"fileData": ("ocr.json", json.dumps(doc).encode(), "application/json")},
        timeout=TIMEOUT,
    ).raise_for_status()
    asset = api(
        url,
        "attachment_attachmentAsset",
        "add",
        ks=key,
        entryId=entry_id,
        **{
            "attachmentAsset[objectType]": "KalturaAttachmentAsset",
            "attachmentAsset[format]": "4",
            "attachmentAsset[fileExt]": "json",
            "attachmentAsset[title]": "OCR",
            "attachmentAsset[filename]": "ocr.json",
        },
    )
    api(
        url,
        "attachment_attachmentAsset",
        "setContent",
        ks=key,
        id=asset["id"],
        **{"contentResource[objectType]": "KalturaUploadedFileTokenResource", "contentResource[token]": token["id"]},
    )
    api(
        url,
        "reach_entryVendorTask",
        "updateJob",
        ks=ks,
        id=task["id"],
        **{
            "entryVendorTask[status]": "2",
            "entryVendorTask[outputObjectId]": asset["id"],
            "entryVendorTask[accuracy]": "90",
        },
    )
    return doc
