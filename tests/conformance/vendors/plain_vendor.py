"""A TEST DOUBLE of a REACH vendor, written with plain `requests`: it follows the vendor guide's protocol (getJobs,
get with the access key, PROCESSING, getPlaybackContext with HLS then http, flavorParamsIds order, download,
upload of an insight JSON, tags, READY/ERROR, extendAccessKey on expiry) but does no OCR: it delivers a valid
insight with no text. It exercises the certification harness; it is not the reference vendor.

`--break NAME` (repeatable) turns one step wrong, so tests can check that each break fails exactly its rules.
Environment: the REACH_* variables the harness sets (DESIGN.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

import requests

BREAKS = {
    "vendor-ks-for-get": "entryVendorTask.get and getPlaybackContext with the vendor KS instead of the access key",
    "no-processing": "never sets PROCESSING",
    "wrong-client-tag": "clientTag without the vendor name and task id",
    "ignore-flavor-order": "takes the first flavor, ignoring flavorParamsIds",
    "no-http-fallback": "gives up when getPlaybackContext has no HLS source",
    "ready-without-output": "READY without outputObjectId",
    "error-without-description": "ERROR without errDescription",
    "process-aborted": "works on tasks it saw before they were aborted",
    "never-extend": "never calls extendAccessKey; an expired key ends the task in ERROR",
    "hammer": "polls getJobs in a tight loop",
    "crash": "exits with a traceback at the first task",
    "garbage": "prints binary garbage and never polls",
    "hang": "sleeps forever without polling",
}
VERSION = "app:0.1"


class Expired(Exception):
    pass


class MediaRefused(Exception):
    pass


class ApiError(Exception):
    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__(f"{answer.get('code')}: {answer.get('message')}")
        self.code = answer.get("code")
        self.message = str(answer.get("message", ""))


def fair_order(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Round robin over customers, oldest first within each (the guide's equal priority for every customer)."""
    queues: dict[Any, list[dict[str, Any]]] = {}
    for job in sorted(jobs, key=lambda j: int(j["id"])):
        queues.setdefault(job["partnerId"], []).append(job)
    ordered = []
    while any(queues.values()):
        for queue in queues.values():
            if queue:
                ordered.append(queue.pop(0))
    return ordered


class Vendor:
    def __init__(self, breaks: set[str], work_seconds: float) -> None:
        self.url = os.environ["REACH_SERVICE_URL"].rstrip("/")
        self.partner_id = int(os.environ["REACH_VENDOR_PARTNER_ID"])
        self.secret = os.environ["REACH_VENDOR_SECRET"]
        self.name = os.environ.get("REACH_VENDOR_NAME", "plainvendor")
        self.breaks = breaks
        self.work_seconds = work_seconds
        self.http = requests.Session()
        self.ks = ""
        self.login()

    def tag(self, task_id: Any = None) -> str:
        if "wrong-client-tag" in self.breaks:
            return "plain-vendor"
        base = f"{VERSION}_{self.name}-{self.partner_id}"
        return base if task_id is None else f"{base}-{task_id}"

    def raw(self, service: str, action: str, ks: str, task_id: Any = None, **fields: Any) -> Any:
        data = {"format": "1", "ks": ks, "clientTag": self.tag(task_id), **fields}
        answer = self.http.post(f"{self.url}/api_v3/service/{service}/action/{action}", data=data, timeout=60).json()
        if isinstance(answer, dict) and answer.get("objectType") == "KalturaAPIException":
            if answer.get("code") == "INVALID_KS" and "EXPIRED" in str(answer.get("message")):
                raise Expired()
            raise ApiError(answer)
        return answer

    def login(self) -> None:
        self.ks = self.raw(
            "session",
            "start",
            "",
            secret=self.secret,
            partnerId=self.partner_id,
            type="2",
            privileges="disableentitlement",
        )

    def vendor_call(self, service: str, action: str, task_id: Any = None, **fields: Any) -> Any:
        try:
            return self.raw(service, action, self.ks, task_id, **fields)
        except Expired:
            self.login()
            return self.raw(service, action, self.ks, task_id, **fields)

    def keyed(self, task: dict[str, Any], service: str, action: str, **fields: Any) -> Any:
        """An access-key call; on expiry the key is extended (vendor KS) and the call retried once."""
        wrong_key = "vendor-ks-for-get" in self.breaks and action in ("get", "getPlaybackContext")
        key = self.ks if wrong_key else task["accessKey"]
        try:
            return self.raw(service, action, key, task["id"], **fields)
        except Expired:
            if "never-extend" in self.breaks:
                raise
            self.extend(task)
            return self.raw(service, action, task["accessKey"], task["id"], **fields)

    def extend(self, task: dict[str, Any]) -> None:
        extended = self.vendor_call("reach_entryvendortask", "extendAccessKey", task["id"], id=task["id"])
        task["accessKey"] = extended["accessKey"]

    def update(self, task_id: Any, **fields: Any) -> Any:
        body = {f"entryVendorTask[{k}]": v for k, v in fields.items()}
        return self.vendor_call("reach_entryvendortask", "updateJob", task_id, id=task_id, **body)

    def jobs(self) -> list[dict[str, Any]]:
        return self.vendor_call("reach_entryvendortask", "getJobs", **{"pager[pageSize]": 100})["objects"]

    def run(self) -> None:
        seen: dict[str, dict[str, Any]] = {}
        idle = 0.05 if "hammer" in self.breaks else 5.0
        while True:
            jobs = self.jobs()
            if "process-aborted" in self.breaks:
                for job in jobs:
                    seen.setdefault(job["id"], job)
                jobs = list(seen.values())
                time.sleep(0.5)  # the customer aborts in this window; the vendor keeps its stale list
            for job in fair_order(jobs):
                self.handle(job)
            time.sleep(idle)

    def handle(self, job: dict[str, Any]) -> None:
        if "crash" in self.breaks:
            raise RuntimeError("plain vendor: deliberate crash")
        task_id = job["id"]
        task = dict(job)
        try:
            full = self.keyed(
                task, "reach_entryvendortask", "get", id=task_id, **{"responseProfile[systemName]": "reach_vendor"}
            )
        except ApiError:
            if not self.breaks & {"process-aborted", "vendor-ks-for-get"}:
                return
            full = task
        if "no-processing" not in self.breaks:
            try:
                self.update(task_id, status=3)
            except ApiError:
                if "process-aborted" not in self.breaks:
                    return
        try:
            self.work(task, full)
        except Expired:
            self.fail(task_id, "the access key expired")
        except (ApiError, ValueError, MediaRefused) as exc:
            self.fail(task_id, f"plain vendor could not process: {exc}")

    def fail(self, task_id: Any, reason: str) -> None:
        fields: dict[str, Any] = {"status": 6}
        if "error-without-description" not in self.breaks:
            fields["errDescription"] = reason
        try:
            self.update(task_id, **fields)
        except ApiError as exc:
            print(f"task {task_id}: could not set ERROR: {exc}", file=sys.stderr)

    def choose(self, flavors: list[dict[str, Any]], preferred: str) -> dict[str, Any]:
        if "ignore-flavor-order" in self.breaks or not preferred:
            return flavors[0]
        by_params = {int(f["flavorParamsId"]): f for f in flavors}
        for wanted in (int(p) for p in preferred.split(",") if p.strip()):
            if wanted in by_params:
                return by_params[wanted]
        return flavors[0]

    def work(self, task: dict[str, Any], full: dict[str, Any]) -> None:
        entry_id = task["entryId"]
        profile = (full.get("relatedObjects", {}).get("reach_vendor_profile", {}).get("objects") or [{}])[0]
        context = self.playback(task, entry_id, "applehttp")
        if not context.get("sources"):
            if "no-http-fallback" in self.breaks:
                raise ValueError("no HLS source")
            context = self.playback(task, entry_id, "http")
        preferred = str(profile.get("flavorParamsIds") or "")
        offered = context["flavorAssets"]
        if preferred and "ignore-flavor-order" not in self.breaks:  # the entry's own flavors, the source included
            flt = {"filter[objectType]": "KalturaFlavorAssetFilter", "filter[entryIdEqual]": entry_id}
            offered = self.keyed(task, "flavorasset", "list", **flt)["objects"]
        flavor = self.choose(offered, preferred)
        if not int(flavor.get("width") or 0):
            raise ValueError(
                f"flavor {flavor['id']} (params {flavor['flavorParamsId']}) is audio only; OCR needs video"
            )
        source = context["sources"][0]
        if flavor["id"] not in str(source.get("flavorIds") or "").split(","):  # no HLS rendition of it: the MP4
            source = self.playback(task, entry_id, "http")["sources"][0]
        try:
            content = self.download(task, source, flavor)
        except MediaRefused:
            if "never-extend" in self.breaks:
                raise Expired() from None
            self.extend(task)  # a refused fetch mid-task: most likely the key expired
            content = self.download(task, source, flavor)
        if not content[:12].strip() or content.startswith(b"reachsim corrupt"):
            raise ValueError("the media cannot be decoded")
        time.sleep(self.work_seconds)
        doc = {
            "schema": "reachsim/ocr/v1",
            "entryId": entry_id,
            "taskId": str(task["id"]),
            "video": {
                "duration": 1.0,
                "width": int(flavor.get("width") or 1) or 1,
                "height": int(flavor.get("height") or 1) or 1,
                "fps": 25,
            },
            "engine": {"name": "plain-vendor", "version": "0", "languages": ["en"]},
            "ocr": [],
        }
        asset_id = self.deliver(task, entry_id, json.dumps(doc).encode())
        if profile.get("enableMetadataExtraction"):
            self.keyed(
                task,
                "baseentry",
                "update",
                entryId=entry_id,
                **{"baseEntry[tags]": "ocr,plain-vendor", "baseEntry[objectType]": "KalturaMediaEntry"},
            )
        done: dict[str, Any] = {"status": 2, "accuracy": 90}
        if "ready-without-output" not in self.breaks:
            done["outputObjectId"] = asset_id
        self.update(task["id"], **done)

    def playback(self, task: dict[str, Any], entry_id: str, streamer: str) -> Any:
        return self.keyed(
            task,
            "baseentry",
            "getPlaybackContext",
            entryId=entry_id,
            **{
                "contextDataParams[objectType]": "KalturaPlaybackContextOptions",
                "contextDataParams[streamerType]": streamer,
            },
        )

    def download(self, task: dict[str, Any], source: dict[str, Any], flavor: dict[str, Any]) -> bytes:
        base = source["url"].split("/flavorIds/")[0]
        fmt = source["format"]
        name = "a.m3u8" if fmt == "applehttp" else "a.mp4"
        url = f"{base}/flavorIds/{flavor['id']}/format/{fmt}/protocol/http/ks/{task['accessKey']}/name/{name}"
        got = self.http.get(url, timeout=60)
        if got.status_code != 200:
            raise MediaRefused(f"playManifest answered {got.status_code}")
        if fmt != "applehttp":
            return got.content
        variant = next(line for line in got.text.splitlines() if line and not line.startswith("#"))
        playlist = self.fetch(requests.compat.urljoin(url, variant))
        segments = [line for line in playlist.text.splitlines() if line and not line.startswith("#")]
        return b"".join(self.fetch(requests.compat.urljoin(playlist.url, s)).content for s in segments)

    def fetch(self, url: str) -> requests.Response:
        got = self.http.get(url, timeout=60)
        if got.status_code != 200:
            raise MediaRefused(f"{url.rsplit('/', 1)[-1]} answered {got.status_code}")
        return got

    def deliver(self, task: dict[str, Any], entry_id: str, data: bytes) -> str:
        token = self.keyed(task, "uploadtoken", "add", **{"uploadToken[fileName]": "ocr.json"})
        self.http.post(
            f"{self.url}/api_v3/service/uploadtoken/action/upload",
            data={
                "format": "1",
                "ks": task["accessKey"],
                "clientTag": self.tag(task["id"]),
                "uploadTokenId": token["id"],
                "resume": "0",
                "finalChunk": "1",
                "resumeAt": "-1",
            },
            files={"fileData": ("ocr.json", data, "application/json")},
            timeout=60,
        ).raise_for_status()
        asset = self.keyed(
            task,
            "attachment_attachmentasset",
            "add",
            entryId=entry_id,
            **{
                "attachmentAsset[format]": "4",
                "attachmentAsset[fileExt]": "json",
                "attachmentAsset[title]": "OCR",
                "attachmentAsset[objectType]": "KalturaAttachmentAsset",
            },
        )
        self.keyed(
            task,
            "attachment_attachmentasset",
            "setContent",
            id=asset["id"],
            **{
                "contentResource[objectType]": "KalturaUploadedFileTokenResource",
                "contentResource[token]": token["id"],
            },
        )
        return str(asset["id"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--break", dest="breaks", action="append", choices=sorted(BREAKS), default=[])
    parser.add_argument("--work-seconds", type=float, default=0.5, help="pretend processing time per task")
    args = parser.parse_args()
    if "garbage" in args.breaks:
        sys.stdout.buffer.write(bytes(range(256)) * 4)
        sys.stdout.flush()
        time.sleep(3600)
    if "hang" in args.breaks:
        time.sleep(3600)
    Vendor(set(args.breaks), args.work_seconds).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
