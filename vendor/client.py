"""The Kaltura calls a REACH vendor makes, over plain HTTP (format=1 JSON), in one place.

`Client` owns the vendor's own session (started from the admin secret or an app token, renewed before it runs out
and whenever the server answers INVALID_KS EXPIRED), the clientTag grammar, and retries with exponential backoff
and jitter for transport errors and 5xx answers. `TaskSession` is one task's view: every call carries the task's
access key and the task id in its clientTag, and an expired access key is extended once through
`extendAccessKey` (vendor session) before the call is retried. Requests made with the access key never carry a
`partnerId`: the key names its partner.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, TypeVar

import requests

T = TypeVar("T")

ADMIN = 2
PROCESSING, READY, ERROR = 3, 2, 6
SESSION_SECONDS = 86400
RENEW_AFTER = 0.8  # renew the vendor session once 80 % of its lifetime has passed
ATTACHMENT_JSON = "4"
ATTACHMENT_TEXT = "1"
UPLOAD_FULL = 2
ASSET_READY = 2


class KalturaError(Exception):
    """A KalturaAPIException answer: the server refused the call."""

    def __init__(self, code: str, message: str, service: str = "", action: str = "") -> None:
        super().__init__(f"{service}.{action}: {code}: {message}" if service else f"{code}: {message}")
        self.code = code
        self.message = message

    @property
    def expired(self) -> bool:
        """INVALID_KS whose reason is EXPIRED: the server's `Invalid KS "EXPIRED", Error "-1,INVALID_STR"`."""
        return self.code == "INVALID_KS" and "EXPIRED" in self.message


class TransportError(Exception):
    """The server could not be reached, or kept answering 5xx, after every retry."""


@dataclass(frozen=True)
class Credentials:
    """Who the vendor is: its partner and either its admin secret or an app token (id + token)."""

    service_url: str
    partner_id: int
    vendor_name: str
    secret: str | None = None
    app_token_id: str | None = None
    app_token: str | None = None
    app_token_hash: str = "SHA1"  # the server's default hash type for app tokens


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    base: float = 0.5
    cap: float = 8.0

    def delays(self, rng: random.Random | None = None) -> Iterator[float]:
        """Full-jitter exponential backoff: the wait before retry n is uniform in [0, min(cap, base·2^n)]."""
        rng = rng or random.Random()
        for n in range(self.attempts - 1):
            yield rng.uniform(0, min(self.cap, self.base * 2**n))


def app_version() -> str:
    try:
        return metadata.version("reachsim")
    except metadata.PackageNotFoundError:
        return "0"


def client_tag(vendor_name: str, partner_id: int, task_id: str | int | None = None, prefix: str = "") -> str:
    """DESIGN.md's grammar: `<prefix>_<vendorName>-<vendorPartnerId>` plus `-<taskId>` for one task's calls."""
    tag = f"{prefix or 'app:' + app_version()}_{vendor_name}-{partner_id}"
    return f"{tag}-{task_id}" if task_id is not None else tag


def retrying(policy: RetryPolicy, attempt: Callable[[], T], sleep: Callable[[float], None] = time.sleep) -> T:
    """Run `attempt`, retrying on TransportError after each backoff delay; the last error is raised."""
    for delay in policy.delays():
        try:
            return attempt()
        except TransportError:
            sleep(delay)
    return attempt()


@dataclass
class Client:
    """HTTP to the Kaltura API as the vendor partner."""

    creds: Credentials
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    http: requests.Session = field(default_factory=requests.Session)
    _ks: str | None = field(default=None, init=False, repr=False)
    _ks_renew_at: float = field(default=0.0, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    # --- the wire ------------------------------------------------------------------------------------------

    def call(
        self, service: str, action: str, params: dict[str, Any], ks: str | None, task_id: Any = None, retry: bool = True
    ) -> Any:
        """One API call with retries on transport errors and 5xx; KalturaError when the server refuses it.

        `retry=False` for calls that create something (a lost answer retried would create it twice): their caller
        looks for the object before trying again."""
        body = {**params, "format": 1, "clientTag": self.tag(task_id)}
        if ks is not None:
            body["ks"] = ks
        url = f"{self.creds.service_url.rstrip('/')}/api_v3/service/{service}/action/{action}"
        policy = self.retry if retry else RetryPolicy(attempts=1)
        return retrying(policy, lambda: self._post(url, service, action, json=body), self.sleep)

    def upload(self, token_id: str, data: bytes, filename: str, ks: str, task_id: Any) -> Any:
        """uploadToken.upload as multipart (`json` field + `fileData`), as the official clients send it."""
        params = {"uploadTokenId": token_id, "resume": False, "finalChunk": True, "resumeAt": -1}
        body = {**params, "format": 1, "clientTag": self.tag(task_id), "ks": ks}
        url = f"{self.creds.service_url.rstrip('/')}/api_v3/service/uploadtoken/action/upload"
        return retrying(
            self.retry,
            lambda: self._post(
                url, "uploadtoken", "upload", data={"json": json.dumps(body)}, files={"fileData": (filename, data)}
            ),
            self.sleep,
        )

    def _post(self, url: str, service: str, action: str, **kwargs: Any) -> Any:
        try:
            response = self.http.post(url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise TransportError(f"{service}.{action}: {type(exc).__name__}: {exc}") from exc
        if response.status_code >= 500:
            raise TransportError(f"{service}.{action}: HTTP {response.status_code}")
        try:
            result = response.json()
        except ValueError as exc:
            # A truncated or non-JSON body is a broken transfer, not an answer.
            raise TransportError(f"{service}.{action}: unreadable answer (HTTP {response.status_code})") from exc
        if isinstance(result, dict) and result.get("objectType") == "KalturaAPIException":
            raise KalturaError(str(result.get("code")), str(result.get("message")), service, action)
        if response.status_code >= 400:
            raise KalturaError(f"HTTP_{response.status_code}", response.text[:200], service, action)
        return result

    def tag(self, task_id: Any = None) -> str:
        return client_tag(self.creds.vendor_name, self.creds.partner_id, task_id)

    # --- the vendor session --------------------------------------------------------------------------------

    def vendor_ks(self, renew: bool = False) -> str:
        with self._lock:
            if renew or self._ks is None or time.monotonic() >= self._ks_renew_at:
                self._ks, lifetime = self.start_session()
                self._ks_renew_at = time.monotonic() + RENEW_AFTER * lifetime
            return self._ks

    def start_session(self) -> tuple[str, float]:
        """A new ADMIN session of the vendor partner with `disableentitlement`, and its lifetime in seconds."""
        creds = self.creds
        if creds.app_token_id and creds.app_token:
            widget = self.call("session", "startWidgetSession", {"widgetId": f"_{creds.partner_id}"}, ks=None)
            widget_ks = widget["ks"]
            digest = hashlib.new(creds.app_token_hash.lower(), (widget_ks + creds.app_token).encode()).hexdigest()
            info = self.call(
                "apptoken",
                "startSession",
                {"id": creds.app_token_id, "tokenHash": digest, "type": ADMIN, "expiry": SESSION_SECONDS},
                ks=widget_ks,
            )
            # `expiry` is the server's epoch time; a clock apart from ours only makes us renew early or on EXPIRED.
            left = float(info.get("expiry") or 0) - time.time()
            return info["ks"], min(SESSION_SECONDS, max(60.0, left))
        if not creds.secret:
            raise ValueError("no vendor credentials: give the admin secret or an app token id and token")
        ks = self.call(
            "session",
            "start",
            {
                "secret": creds.secret,
                "partnerId": creds.partner_id,
                "type": ADMIN,
                "expiry": SESSION_SECONDS,
                "privileges": "disableentitlement",
            },
            ks=None,
        )
        return ks, SESSION_SECONDS

    def vendor_call(self, service: str, action: str, params: dict[str, Any], task_id: Any = None) -> Any:
        """A call with the vendor's own session, started again once when the server says it expired."""
        try:
            return self.call(service, action, params, self.vendor_ks(), task_id)
        except KalturaError as exc:
            if not exc.expired:
                raise
        return self.call(service, action, params, self.vendor_ks(renew=True), task_id)

    # --- vendor-session actions ----------------------------------------------------------------------------

    def get_jobs(self, page_size: int = 500) -> list[dict[str, Any]]:
        """Every PENDING task of this vendor, oldest first, all pages."""
        jobs: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = self.vendor_call(
                "reach_entryvendortask",
                "getJobs",
                {
                    "filter": {"objectType": "KalturaEntryVendorTaskFilter", "orderBy": "+createdAt"},
                    "pager": {"objectType": "KalturaFilterPager", "pageSize": page_size, "pageIndex": page},
                },
            )
            objects = answer.get("objects") or []
            jobs += objects
            if len(objects) < page_size or len(jobs) >= int(answer.get("totalCount") or 0):
                return jobs
            page += 1

    def update_job(self, task_id: Any, **fields: Any) -> dict[str, Any]:
        return self.vendor_call(
            "reach_entryvendortask",
            "updateJob",
            {"id": task_id, "entryVendorTask": {"objectType": "KalturaEntryVendorTask", **fields}},
            task_id=task_id,
        )

    def extend_access_key(self, task_id: Any) -> str:
        task = self.vendor_call("reach_entryvendortask", "extendAccessKey", {"id": task_id}, task_id=task_id)
        return task["accessKey"]


@dataclass
class TaskSession:
    """One task's calls: the access key as KS, the task id in the clientTag, one extension on EXPIRED."""

    client: Client
    task_id: str
    access_key: str

    def call(self, service: str, action: str, params: dict[str, Any], retry: bool = True) -> Any:
        return self.with_key(lambda ks: self.client.call(service, action, params, ks, self.task_id, retry))

    def with_key(self, use: Callable[[str], T]) -> T:
        """Run `use(access_key)`; if the key has expired, extend it once and run again."""
        try:
            return use(self.access_key)
        except KalturaError as exc:
            if not exc.expired:
                raise
        self.extend()
        return use(self.access_key)

    def extend(self) -> None:
        self.access_key = self.client.extend_access_key(self.task_id)

    # --- access-key actions --------------------------------------------------------------------------------

    def get_task(self) -> dict[str, Any]:
        return self.call("reach_entryvendortask", "get", {"id": self.task_id, "responseProfile": REACH_VENDOR})

    def playback_context(self, entry_id: str, streamer_type: str) -> dict[str, Any]:
        """The sources of one delivery format (`applehttp`, `http`) and the flavors they play."""
        options = {"objectType": "KalturaPlaybackContextOptions", "streamerType": streamer_type}
        return self.call("baseentry", "getPlaybackContext", {"entryId": entry_id, "contextDataParams": options})

    def entry_flavors(self, entry_id: str) -> list[dict[str, Any]]:
        """Every flavor asset of the entry (flavorAsset.list), the source and renditions no player plays too."""
        answer = self.call(
            "flavorasset", "list", {"filter": {"objectType": "KalturaFlavorAssetFilter", "entryIdEqual": entry_id}}
        )
        return list(answer.get("objects") or [])

    def get_entry(self, entry_id: str) -> dict[str, Any]:
        return self.call("media", "get", {"entryId": entry_id})

    def set_entry_tags(self, entry_id: str, language: str, tags: str) -> dict[str, Any]:
        """The guide's metadata-extraction form: `mediaEntry[multiLingual_tags][0]{language, value}`."""
        tag = {"objectType": "KalturaMultiLingualString", "language": language, "value": tags}
        return self.call(
            "media",
            "update",
            {"entryId": entry_id, "mediaEntry": {"objectType": "KalturaMediaEntry", "multiLingual_tags": [tag]}},
        )

    def attachments(self, entry_id: str) -> list[dict[str, Any]]:
        answer = self.call(
            "attachment_attachmentasset",
            "list",
            {"filter": {"objectType": "KalturaAttachmentAssetFilter", "entryIdEqual": entry_id}},
        )
        return answer.get("objects") or []

    def add_attachment(self, entry_id: str, **fields: Any) -> dict[str, Any]:
        return self.call(
            "attachment_attachmentasset",
            "add",
            {"entryId": entry_id, "attachmentAsset": {"objectType": "KalturaAttachmentAsset", **fields}},
            retry=False,
        )

    def upload_file(self, data: bytes, filename: str) -> str:
        """uploadToken.add + upload; the token id, its file fully uploaded."""
        token = self.call(
            "uploadtoken", "add", {"uploadToken": {"objectType": "KalturaUploadToken", "fileName": filename}}
        )
        try:
            self.with_key(lambda ks: self.client.upload(token["id"], data, filename, ks, self.task_id))
        except KalturaError as exc:
            # A retried upload whose first try did arrive finds the token already full: that is success.
            if exc.code != "UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD":
                raise
            if self.call("uploadtoken", "get", {"uploadTokenId": token["id"]}).get("status") != UPLOAD_FULL:
                raise
        return token["id"]

    def set_attachment_content(self, asset_id: str, token_id: str) -> dict[str, Any]:
        try:
            return self.call(
                "attachment_attachmentasset",
                "setContent",
                {
                    "id": asset_id,
                    "contentResource": {"objectType": "KalturaUploadedFileTokenResource", "token": token_id},
                },
            )
        except KalturaError as exc:
            # A retried setContent whose first try did arrive finds its token used: the asset READY is success.
            if exc.code != "UPLOADED_FILE_NOT_FOUND_BY_TOKEN":
                raise
            asset = self.call("attachment_attachmentasset", "get", {"attachmentAssetId": asset_id})
            if asset.get("status") != ASSET_READY:
                raise
            return asset


REACH_VENDOR = {"objectType": "KalturaResponseProfileHolder", "systemName": "reach_vendor"}
