"""A minimal REACH OCR vendor with plain `requests`: the smallest program that follows the vendor guide.

It reads its settings from the variables `reachsim certify` sets (REACH_SERVICE_URL, REACH_VENDOR_PARTNER_ID,
REACH_VENDOR_SECRET, REACH_VENDOR_NAME), takes every pending OCR task once, reads one frame a second with
Tesseract, delivers the insight as a JSON attachment and marks the task READY (or ERROR with a reason);
then polls every 10 s (`--once`: exits when the pending tasks are done).
The reference vendor (`reachsim vendor`) does the same with retries, fairness, workers and a real OCR engine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import pytesseract
import requests

URL = os.environ["REACH_SERVICE_URL"].rstrip("/")
PARTNER_ID = os.environ["REACH_VENDOR_PARTNER_ID"]
SECRET = os.environ["REACH_VENDOR_SECRET"]
TAG = f"app:1.0_{os.environ.get('REACH_VENDOR_NAME', 'minimal')}-{PARTNER_ID}"
PENDING, READY, PROCESSING, ERROR = 1, 2, 3, 4


class KalturaError(Exception):
    def __init__(self, body: dict) -> None:
        super().__init__(f"{body['code']}: {body['message']}")
        self.code = body["code"]


def call(service: str, action: str, ks: str, task_id: object = None, files: dict | None = None, **params: object):
    """One API call, JSON answers (format=1); the clientTag names the task when the call is about one."""
    tag = f"{TAG}-{task_id}" if task_id else TAG
    data = {"format": 1, "ks": ks, "clientTag": tag, **params}
    answer = requests.post(f"{URL}/api_v3/service/{service}/action/{action}", data=data, files=files, timeout=120)
    answer.raise_for_status()
    body = answer.json()
    if isinstance(body, dict) and body.get("objectType") == "KalturaAPIException":
        raise KalturaError(body)
    return body


def choose_flavor(context: dict, profile: dict) -> dict:
    """The profile's flavorParamsIds in their order, else the smallest video flavor at least 480 lines high."""
    videos = [f for f in context["flavorAssets"] if f.get("height")]
    wanted = [int(p) for p in str(profile.get("flavorParamsIds") or "").split(",") if p.strip()]
    for params_id in wanted:
        match = [f for f in context["flavorAssets"] if f["flavorParamsId"] == params_id]
        if match:
            if not match[0].get("height"):
                raise ValueError("the flavor the profile asks for has no video")
            return match[0]
    if not videos:
        raise ValueError("the entry has no video flavor")
    readable = [f for f in videos if f["height"] >= 480]
    return min(readable, key=lambda f: f["height"]) if readable else max(videos, key=lambda f: f["height"])


def download(task: dict, key: str, out: Path) -> None:
    """HLS when the account has it (joined with ffmpeg as the guide shows), else the MP4 itself."""
    context = call(
        "baseentry", "getPlaybackContext", key, task["id"], entryId=task["entryId"],
        **{"contextDataParams[objectType]": "KalturaPlaybackContextOptions"},
    )  # fmt: skip
    profile = task["relatedObjects"]["reach_vendor_profile"]["objects"][0]
    flavor = choose_flavor(context, profile)
    sources = {s["format"]: s["url"] for s in context["sources"]}
    fmt = "applehttp" if "applehttp" in sources else "url"
    base = sources[fmt].split("/flavorIds/")[0]
    name = "a.m3u8" if fmt == "applehttp" else "a.mp4"
    url = f"{base}/flavorIds/{flavor['id']}/format/{fmt}/protocol/{URL.split(':')[0]}/ks/{key}/name/{name}"
    if fmt == "applehttp":
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", url, "-c", "copy", str(out)], check=True)
    else:
        with requests.get(url, stream=True, timeout=120) as answer:
            answer.raise_for_status()
            out.write_bytes(answer.content)


def read_text(video: Path) -> dict:
    """One frame a second through Tesseract; a line seen in consecutive seconds is one item."""
    capture = cv2.VideoCapture(str(video))
    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    width, height = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    items: dict[str, dict] = {}
    second = 0
    while capture.set(cv2.CAP_PROP_POS_MSEC, second * 1000) and (frame := capture.read()[1]) is not None:
        for line in filter(None, (s.strip() for s in pytesseract.image_to_string(frame).splitlines())):
            item = items.setdefault(line, {"text": line, "instances": []})
            spans = item["instances"]
            if spans and spans[-1]["end"] == second:
                spans[-1]["end"] = second + 1
            else:
                spans.append({"start": second, "end": second + 1})
        second += 1
    duration = second
    ocr = [
        {"id": n, "confidence": 0.8, "language": "en-US", "left": 0, "top": 0, "width": width, "height": height,
         "angle": 0, **item, "instances": [{**s, "end": min(s["end"], duration)} for s in item["instances"]]}
        for n, item in enumerate(items.values(), 1)
    ]  # fmt: skip
    video_info = {"duration": duration, "width": width, "height": height, "fps": fps}
    engine = {"name": "tesseract", "version": str(pytesseract.get_tesseract_version()), "languages": ["eng"]}
    return {"schema": "reachsim/ocr/v1", "video": video_info, "engine": engine, "ocr": ocr}


def deliver(task: dict, key: str, doc: dict) -> str:
    token = call("uploadtoken", "add", key, task["id"])
    files = {"fileData": ("ocr.json", json.dumps(doc).encode(), "application/json")}
    call("uploadtoken", "upload", key, task["id"], files=files, uploadTokenId=token["id"])
    asset = call(
        "attachment_attachmentasset", "add", key, task["id"], entryId=task["entryId"],
        **{"attachmentAsset[format]": 4, "attachmentAsset[fileExt]": "json", "attachmentAsset[title]": "OCR"},
    )  # fmt: skip
    resource = {
        "contentResource[objectType]": "KalturaUploadedFileTokenResource",
        "contentResource[token]": token["id"],
    }
    call("attachment_attachmentasset", "setContent", key, task["id"], id=asset["id"], **resource)
    return asset["id"]


def process(vendor_ks: str, job: dict) -> None:
    task_id = job["id"]

    def update(**fields: object) -> None:
        values = {f"entryVendorTask[{k}]": v for k, v in fields.items()}
        call("reach_entryvendortask", "updateJob", vendor_ks, task_id, id=task_id, **values)

    def with_key(step, *args):
        try:
            return step(task, key, *args)
        except KalturaError as error:
            if error.code != "INVALID_KS":
                raise
            extended = call("reach_entryvendortask", "extendAccessKey", vendor_ks, task_id, id=task_id)
            return step(task, extended["accessKey"], *args)

    key = job["accessKey"]
    profile = {"responseProfile[systemName]": "reach_vendor"}
    task = call("reach_entryvendortask", "get", key, task_id, id=task_id, **profile)
    update(status=PROCESSING)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            video = Path(tmp) / "video.mp4"
            with_key(download, video)
            doc = {**read_text(video), "entryId": task["entryId"], "taskId": int(task_id)}
        asset_id = with_key(deliver, doc)
        update(status=READY, outputObjectId=asset_id, accuracy=80)
    except Exception as error:  # any failure ends the task in ERROR with a reason, never stuck in PROCESSING
        update(status=ERROR, errDescription=str(error)[:200] or type(error).__name__)


def main() -> int:
    session = {"secret": SECRET, "partnerId": PARTNER_ID, "type": 2, "privileges": "disableentitlement"}
    answer = requests.post(f"{URL}/api_v3/service/session/action/start", data={"format": 1, **session}, timeout=60)
    vendor_ks = answer.json()
    if not isinstance(vendor_ks, str):
        print(f"cannot start a vendor session: {vendor_ks.get('message')}", file=sys.stderr)
        return 1
    while True:
        for job in call("reach_entryvendortask", "getJobs", vendor_ks)["objects"]:
            process(vendor_ks, job)
        if "--once" in sys.argv:
            return 0
        time.sleep(10)


if __name__ == "__main__":
    sys.exit(main())
