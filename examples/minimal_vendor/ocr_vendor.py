"""A minimal REACH OCR vendor with plain `requests`: the smallest program that follows the vendor guide.

Settings come from the variables `reachsim certify` sets (REACH_SERVICE_URL, REACH_VENDOR_PARTNER_ID,
REACH_VENDOR_SECRET, REACH_VENDOR_NAME). Each pending OCR task: one frame a second through Tesseract, the insight
delivered as a JSON attachment (entry tags too if the profile asks), READY, or ERROR with a reason. Polls every 10 s;
`--once` exits when the pending tasks are done. `reachsim vendor` adds retries, fairness, workers, a real OCR engine.
"""

from __future__ import annotations

import json
import os
import re
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
READY, PROCESSING, ERROR = 2, 3, 6  # KalturaEntryVendorTaskStatus
PROFILE = {"responseProfile[systemName]": "reach_vendor"}  # the task with its REACH profile, as the guide asks
SESSION: dict[str, str] = {}


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


def choose_flavor(flavors: list[dict], profile: dict) -> dict:
    """The profile's flavorParamsIds in their order, strictly; else the smallest video flavor at least 480 high."""
    wanted = [int(p) for p in str(profile.get("flavorParamsIds") or "").split(",") if p.strip().isdigit()]
    if wanted:
        by_params = {f["flavorParamsId"]: f for f in flavors}
        flavor = next((by_params[p] for p in wanted if p in by_params), None)
    else:
        videos = sorted((f for f in flavors if f.get("height")), key=lambda f: f["height"])
        flavor = next((f for f in videos if f["height"] >= 480), videos[-1] if videos else None)
    if not flavor or not flavor.get("height"):
        raise ValueError("no video flavor to read (none the profile names, or audio only)")
    return flavor


def download(task: dict, key: str, out: Path) -> None:
    """HLS when it plays the chosen flavor (joined with ffmpeg, as the guide shows), else the MP4 itself."""
    sources, offered = {}, []
    for streamer in ("applehttp", "http"):  # HLS first, as the guide says
        context = call(
            "baseentry", "getPlaybackContext", key, task["id"], entryId=task["entryId"],
            **{"contextDataParams[objectType]": "KalturaPlaybackContextOptions",
               "contextDataParams[streamerType]": streamer},
        )  # fmt: skip
        sources.update({s["format"]: s for s in context["sources"]})
        offered += context["flavorAssets"]
    profile = task["relatedObjects"]["reach_vendor_profile"]["objects"][0]
    if profile.get("flavorParamsIds"):  # matched against the entry's own flavors, the source included
        flt = {"filter[objectType]": "KalturaFlavorAssetFilter", "filter[entryIdEqual]": task["entryId"]}
        offered = call("flavorasset", "list", key, task["id"], **flt)["objects"]
    flavor = choose_flavor(offered, profile)
    hls = sources.get("applehttp")
    fmt = "applehttp" if hls and flavor["id"] in hls["flavorIds"].split(",") else "url"
    if fmt not in sources:
        raise ValueError("the entry has neither an HLS nor an HTTP source")
    base = sources[fmt]["url"].split("/flavorIds/")[0]
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


def tag_entry(task: dict, key: str, doc: dict) -> None:
    tags = ",".join(dict.fromkeys(item["text"][:50].replace(",", " ") for item in doc["ocr"][:10]))
    call("baseentry", "update", key, task["id"], entryId=task["entryId"], **{"baseEntry[tags]": tags})


def start_session() -> None:
    session = {"secret": SECRET, "partnerId": PARTNER_ID, "type": 2, "privileges": "disableentitlement"}
    SESSION["ks"] = call("session", "start", "", **session)


def as_vendor(service: str, action: str, task_id: object = None, **params: object):
    """A call with the vendor's own KS, started again once it has expired (a long task outlives a session)."""
    for attempt in (1, 2):
        if attempt == 2:
            start_session()
        try:
            return call(service, action, SESSION["ks"], task_id, **params)
        except KalturaError as error:
            if error.code != "INVALID_KS" or attempt == 2:
                raise


def process(job: dict) -> None:
    task_id = job["id"]

    def update(**fields: object) -> None:
        values = {f"entryVendorTask[{k}]": v for k, v in fields.items()}
        as_vendor("reach_entryvendortask", "updateJob", task_id, id=task_id, **values)

    def with_key(step, *args):
        """The access key expires with the task's time; extendAccessKey gives a new one."""
        nonlocal key
        try:
            return step(task, key, *args)
        except KalturaError as error:
            if error.code != "INVALID_KS":
                raise
            key = as_vendor("reach_entryvendortask", "extendAccessKey", task_id, id=task_id)["accessKey"]
            return step(task, key, *args)

    key, task = job["accessKey"], job
    task = with_key(lambda _, k: call("reach_entryvendortask", "get", k, task_id, id=task_id, **PROFILE))
    update(status=PROCESSING)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            video = Path(tmp) / "video.mp4"
            with_key(download, video)
            doc = {**read_text(video), "entryId": task["entryId"], "taskId": int(task_id)}
        asset_id = with_key(deliver, doc)
        if task["relatedObjects"]["reach_vendor_profile"]["objects"][0].get("enableMetadataExtraction"):
            with_key(tag_entry, doc)
        update(status=READY, outputObjectId=asset_id, accuracy=80)
    except Exception as error:  # any failure ends the task in ERROR with a reason, never stuck in PROCESSING
        reason = re.sub(r"/ks/[^/\s]+", "/ks/***", str(error))[:200]  # no credential in errDescription
        update(status=ERROR, errDescription=reason or type(error).__name__)


def main() -> int:
    try:
        start_session()
    except (KalturaError, requests.RequestException) as error:
        print(f"cannot start a vendor session: {error}", file=sys.stderr)
        return 1
    while True:
        for job in as_vendor("reach_entryvendortask", "getJobs")["objects"]:
            try:
                process(job)
            except KalturaError as error:  # e.g. the customer aborted the task before we took it
                print(f"task {job['id']} skipped: {error}", file=sys.stderr)
        if "--once" in sys.argv:
            return 0
        time.sleep(10)


if __name__ == "__main__":
    sys.exit(main())
