"""The reference vendor's task lifecycle and poll loop.

`Vendor.process` is the whole REACH flow for one task, one step per method so a reader sees it on one screen and
a variant overrides a single step:

    fetch (get + reach_vendor, access key) -> start (updateJob PROCESSING, vendor KS) -> check (OCR item,
    language, duration) -> download (getPlaybackContext, flavor, playManifest) -> recognise (OCR) -> deliver
    (attachments) -> tag (metadata extraction) -> finish (updateJob READY)

and any failure on the way -> fail (updateJob ERROR with a short errDescription). `Runner` is the loop: one
poller feeding a fair queue, N worker threads taking from it, `--shard K/N`, `--once`, SIGTERM.
"""

from __future__ import annotations

import functools
import json
import logging
import multiprocessing
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from vendor import exporters, insight, media
from vendor.client import (
    ATTACHMENT_JSON,
    ATTACHMENT_TEXT,
    ERROR,
    PROCESSING,
    READY,
    Client,
    KalturaError,
    TaskSession,
    TransportError,
    retrying,
)
from vendor.fairness import FairQueue, in_shard
from vendor.languages import UnsupportedLanguage, bcp47, lookup, resolve
from vendor.ocr import pipeline
from vendor.ocr.errors import OCRError

log = logging.getLogger("reachsim.vendor")

VIDEO_ANALYSIS = 14
OCR_ANALYSIS = 1
ASSET_READY, ASSET_DELETED = 2, 3
MAX_TAGS = 20
STEPS = ("fetch", "start", "check", "download", "ocr", "deliver", "tag", "finish")
UNTAKEN_STEPS = ("fetch", "start")  # a stopping vendor leaves these tasks PENDING for the next run
BEFORE_RESULT_STEPS = ("check", "download", "ocr")  # ... and errors a task it holds but has no result for


class TaskFailed(Exception):
    """The task cannot be done; the message becomes its errDescription."""


class Skipped(Exception):
    """The task is no longer ours to do (aborted or gone between getJobs and pick-up)."""


@dataclass
class Task:
    """What one task's steps share."""

    job: dict[str, Any]
    session: TaskSession
    workdir: Path
    details: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.job["id"])

    @property
    def entry_id(self) -> str:
        return str(self.job["entryId"])

    @property
    def partner_id(self) -> int:
        return int(self.job["partnerId"])

    def related(self, name: str) -> dict[str, Any]:
        objects = ((self.details.get("relatedObjects") or {}).get(name) or {}).get("objects") or []
        return objects[0] if objects else {}

    @property
    def catalog_item(self) -> dict[str, Any]:
        return self.related("reach_vendor_catalog_item")

    @property
    def profile(self) -> dict[str, Any]:
        return self.related("reach_vendor_profile")


def log_step(task: Task, step: str, level: int = logging.INFO, **fields: Any) -> None:
    """One structured line: task, partner, entry, step, then the step's own fields (key=value, quoted if spaced)."""
    extra = " ".join(
        f"{k}={json.dumps(v) if isinstance(v, str) and (' ' in v or not v) else v}" for k, v in fields.items()
    )
    log.log(level, "task=%s partner=%s entry=%s step=%s %s", task.id, task.partner_id, task.entry_id, step, extra)


def accuracy(doc: dict[str, Any]) -> int:
    """0-100: the OCR confidences averaged over the recognised characters (0 when no text was found)."""
    weights = [(len(item["text"]), float(item["confidence"])) for item in doc.get("ocr", []) if item.get("text")]
    total = sum(w for w, _ in weights)
    if not total:
        return 0
    return max(0, min(100, round(100 * sum(w * c for w, c in weights) / total)))


def tags_from(doc: dict[str, Any], limit: int = MAX_TAGS) -> list[str]:
    """Entry tags from the recognised text: each distinct line, longest on screen first, commas removed."""

    def screen_time(item: dict[str, Any]) -> float:
        return sum(i["end"] - i["start"] for i in item.get("instances", []))

    tags: list[str] = []
    seen: set[str] = set()
    for item in sorted(doc.get("ocr", []), key=screen_time, reverse=True):
        tag = " ".join(item.get("text", "").replace(",", " ").split())[:64]
        if len(tag) >= 2 and tag.lower() not in seen:
            seen.add(tag.lower())
            tags.append(tag)
    return tags[:limit]


class Vendor:
    """One task from PENDING to READY or ERROR. Override a step to change one behaviour."""

    def __init__(
        self, client: Client, ocr_mode: str = "default", stopping: threading.Event | None = None, http_timeout=120.0
    ) -> None:
        self.client = client
        self.ocr_mode = ocr_mode
        self.stopping = stopping or threading.Event()
        self.http_timeout = http_timeout
        self.on_step: Callable[[Task, str], None] | None = None  # progress display hook
        # OCR engines are not thread-safe and load once per process: one worker reads every task with this one
        # Runner (its engines, and its pool for long videos, serve every task); with several workers, OCR runs in
        # a pool of processes, each keeping its own Runner between tasks (see `process_ocr`; Runner sets it up).
        self.ocr = pipeline.Runner()
        self.ocr_pool: Executor | None = None

    def process(self, job: dict[str, Any]) -> Task:
        """The flow of the vendor guide, every outcome final: READY, ERROR, or skipped when aborted."""
        with tempfile.TemporaryDirectory(prefix=f"reachsim-task-{job['id']}-") as workdir:
            task = Task(job, self.session_for(job), Path(workdir))
            try:
                with self.step(task, "fetch"):
                    task.details = self.fetch(task)
                with self.step(task, "start"):
                    self.start(task)
                with self.step(task, "check"):
                    self.check(task)
                with self.step(task, "download"):
                    video = self.download(task)
                with self.step(task, "ocr"):
                    doc = self.recognise(task, video)
                with self.step(task, "deliver"):
                    output_id = self.deliver(task, doc)
                with self.step(task, "tag"):
                    self.tag(task, doc)
                with self.step(task, "finish"):
                    self.finish(task, output_id, accuracy(doc))
            except Skipped as exc:
                log_step(task, "skip", reason=str(exc))
            except Exception as exc:  # whatever stopped it, the task is never left PENDING or PROCESSING
                self.fail(task, describe(exc))
            finally:
                if self.on_step:
                    self.on_step(task, "done")
        return task

    def session_for(self, job: dict[str, Any]) -> TaskSession:
        """The task's calls go with its access key from getJobs."""
        return TaskSession(self.client, str(job["id"]), str(job.get("accessKey") or ""))

    @contextmanager
    def step(self, task: Task, name: str) -> Iterator[None]:
        """Time and log one step; once the vendor is stopping, refuse the steps before the result exists."""
        if self.stopping.is_set() and name in UNTAKEN_STEPS:
            raise Skipped("the vendor is stopping; the task stays PENDING")
        if self.stopping.is_set() and name in BEFORE_RESULT_STEPS:
            raise TaskFailed("the vendor was stopped before the task was done; order it again")
        started = time.perf_counter()
        outcome = "ok"
        try:
            yield
        except Exception as exc:
            outcome = type(exc).__name__
            raise
        finally:
            took = time.perf_counter() - started
            task.timings[name] = took
            log_step(task, name, duration=f"{took:.3f}s", outcome=outcome)
            if self.on_step:
                self.on_step(task, name)

    # --- the steps -----------------------------------------------------------------------------------------

    def fetch(self, task: Task) -> dict[str, Any]:
        """entryVendorTask.get with the reach_vendor response profile, with the task's access key."""
        try:
            return task.session.get_task()
        except KalturaError as exc:
            if exc.code == "ENTRY_VENDOR_TASK_NOT_FOUND":
                raise Skipped("the task is gone (aborted)") from exc
            raise

    def start(self, task: Task) -> None:
        """updateJob PROCESSING with the vendor session, before any media request."""
        try:
            self.client.update_job(task.id, status=PROCESSING)
        except KalturaError as exc:
            if exc.code in ("ENTRY_VENDOR_TASK_NOT_FOUND", "ENTRY_VENDOR_TASK_ITEM_COULD_NOT_BE_UPDATED"):
                raise Skipped(f"the task cannot be taken ({exc.code})") from exc
            raise

    def check(self, task: Task) -> None:
        """Refuse what this vendor cannot do, before downloading anything."""
        item = task.catalog_item
        if item.get("serviceFeature") != VIDEO_ANALYSIS or item.get("videoAnalysisType", OCR_ANALYSIS) != OCR_ANALYSIS:
            kind = item.get("objectType") or f"serviceFeature {item.get('serviceFeature')}"
            raise TaskFailed(f"this vendor only does OCR (video analysis); the catalog item is {kind}")
        language = item.get("sourceLanguage") or "English"
        try:
            resolve([language], pipeline.READERS.get(self.ocr_mode, ("tesseract",)))
        except UnsupportedLanguage as exc:
            raise TaskFailed(f"unsupported language {language!r}: {exc}") from exc
        limit = item.get("maxVideoDuration")
        duration_ms = task.session.get_entry(task.entry_id).get("msDuration") if limit else None
        if limit and duration_ms and duration_ms / 1000 > float(limit):
            raise TaskFailed(f"the video lasts {duration_ms / 1000:.0f} s, over the catalog item's {limit} s limit")

    def download(self, task: Task) -> Path:
        """getPlaybackContext (applehttp, else http), the flavor to fetch, then that flavor only."""
        context = task.session.playback_context(task.entry_id, media.HLS)
        if not context.get("sources"):
            # No HLS on this account. The context lists only the flavors its sources play, so the flavor is
            # chosen from the progressive context.
            context = task.session.playback_context(task.entry_id, media.HTTP)
        flavor = self.choose_flavor(task, context)
        source, streamer = self.pick_source(task, context, flavor)
        out = task.workdir / "video.mp4"
        fetch = media.download_hls if streamer == media.HLS else media.download_mp4
        log_step(task, "media", flavor=flavor.id, params=flavor.params_id, height=flavor.height, via=streamer)

        def attempt(ks: str) -> Path:
            try:
                return fetch(self.client.http, media.manifest_url(source["url"], flavor.id, ks), out, self.http_timeout)
            except media.ManifestRefused as exc:
                if exc.bad_ks:
                    raise KalturaError("INVALID_KS", "EXPIRED (playManifest refused the key)") from exc
                raise TaskFailed(f"playManifest refused the flavor ({exc.header})") from exc

        return retrying(self.client.retry, lambda: task.session.with_key(attempt), self.client.sleep)

    def choose_flavor(self, task: Task, context: dict[str, Any]) -> media.Flavor:
        """The profile's flavorParamsIds are matched against the entry's own flavor assets, as the guide says: the
        context lists only what its sources play, which leaves out the source itself. Without them, the flavors
        the context offers come first; only when none of them is readable are the entry's own flavors (the
        source among them, fetched progressively) looked at, so the common case costs no extra call."""
        preferred = task.profile.get("flavorParamsIds")
        if media.parse_params_ids(preferred):
            return media.choose_flavor(task.session.entry_flavors(task.entry_id), preferred)
        offered = media.readable_choice(context.get("flavorAssets") or [])
        if offered is not None:
            return offered
        return media.choose_flavor(task.session.entry_flavors(task.entry_id), None)

    def pick_source(self, task: Task, context: dict[str, Any], flavor: media.Flavor) -> tuple[dict[str, Any], str]:
        """The HLS source when it plays the flavor; otherwise (no HLS on the account, or a flavor such as the
        source that no HLS rendition carries) the progressive one."""
        source = media.source_for(context, media.HLS, flavor.id)
        if source is not None and media.plays(source, flavor.id):
            return source, media.HLS
        source = media.source_for(context, media.HTTP, flavor.id)
        if source is None and context.get("sources"):
            source = media.source_for(task.session.playback_context(task.entry_id, media.HTTP), media.HTTP, flavor.id)
        if source is None:
            raise TaskFailed("the entry has no playable source (neither HLS nor HTTP)")
        return source, media.HTTP

    def recognise(self, task: Task, video: Path) -> dict[str, Any]:
        language = task.catalog_item.get("sourceLanguage") or "English"
        doc = self.run_ocr(video, [lookup(language).pack])
        doc = insight.for_task(doc, task.entry_id, task.id, bcp47(language))
        insight.validate(doc)
        return doc

    def run_ocr(self, video: Path, languages: list[str]) -> dict[str, Any]:
        if self.ocr_pool is None:
            return self.ocr.run(video, languages, self.ocr_mode)[0]
        return self.ocr_pool.submit(ocr_in_process, str(video), languages, self.ocr_mode).result()

    def close(self) -> None:
        """Stop the OCR worker processes this vendor started (a later task starts them again)."""
        self.ocr.close()
        if self.ocr_pool is not None:
            self.ocr_pool.shutdown(cancel_futures=True)
            self.ocr_pool = None

    def deliver(self, task: Task, doc: dict[str, Any]) -> str:
        """The insight JSON and its WebVTT as attachments. A delivery cut off midway is tried again from the start,
        and each try first looks at the entry's attachments, so a retry never adds a second one."""
        return retrying(self.client.retry, lambda: self.deliver_once(task, doc), self.client.sleep)

    def deliver_once(self, task: Task, doc: dict[str, Any]) -> str:
        existing = {
            a.get("filename"): a for a in task.session.attachments(task.entry_id) if a.get("status") != ASSET_DELETED
        }
        body = json.dumps(doc, ensure_ascii=False).encode()
        json_id = self.attach(
            task, existing, f"ocr-{task.id}.json", body, title="OCR", format=ATTACHMENT_JSON, ext="json"
        )
        vtt = exporters.to_webvtt(doc).encode()
        self.attach(task, existing, f"ocr-{task.id}.vtt", vtt, title="OCR (WebVTT)", format=ATTACHMENT_TEXT, ext="vtt")
        return json_id

    def attach(
        self,
        task: Task,
        existing: dict[Any, dict[str, Any]],
        filename: str,
        data: bytes,
        title: str,
        format: str,
        ext: str,
    ) -> str:
        asset = existing.get(filename)
        if asset is None:
            asset = task.session.add_attachment(
                task.entry_id, filename=filename, title=title, format=format, fileExt=ext
            )
        if asset.get("status") != ASSET_READY:
            token = task.session.upload_file(data, filename)
            task.session.set_attachment_content(asset["id"], token)
        return str(asset["id"])

    def tag(self, task: Task, doc: dict[str, Any]) -> None:
        """With enableMetadataExtraction, the recognised lines become entry tags (the guide's multiLingual form)."""
        if not task.profile.get("enableMetadataExtraction"):
            return
        new = tags_from(doc)
        if not new:
            return
        entry = task.session.get_entry(task.entry_id)
        current = [t.strip() for t in str(entry.get("tags") or "").split(",") if t.strip()]
        merged = current + [t for t in new if t.lower() not in {c.lower() for c in current}]
        language = bcp47(task.catalog_item.get("sourceLanguage") or "English").split("-")[0].upper()
        task.session.set_entry_tags(task.entry_id, language, ",".join(merged))

    def finish(self, task: Task, output_id: str, score: int) -> None:
        self.client.update_job(task.id, status=READY, outputObjectId=output_id, accuracy=score)

    def fail(self, task: Task, description: str) -> None:
        log_step(task, "error", level=logging.WARNING, description=description)
        try:
            self.client.update_job(task.id, status=ERROR, errDescription=description[:500])
        except (KalturaError, TransportError) as exc:
            log.error("task=%s step=error could not set ERROR: %s", task.id, exc)


@functools.cache
def process_ocr() -> pipeline.Runner:
    """The OCR runner of this process, made once and kept for every task the process reads. One worker process
    each: the vendor's pool already runs one task per core."""
    return pipeline.Runner(workers=1)


def ocr_in_process(video: str, languages: list[str], mode: str) -> dict[str, Any]:
    """A task's OCR inside a vendor pool process."""
    return process_ocr().run(video, languages, mode)[0]


def describe(exc: BaseException) -> str:
    """A short, useful errDescription for what stopped the task."""
    if isinstance(exc, TaskFailed | media.MediaError):
        return str(exc)
    if isinstance(exc, OCRError):
        return f"the media could not be read: {exc}"
    if isinstance(exc, KalturaError):
        return f"Kaltura refused a call: {exc}"
    if isinstance(exc, TransportError):
        return f"Kaltura could not be reached after retries: {exc}"
    if isinstance(exc, requests.RequestException):
        return f"the media download failed: {type(exc).__name__}"
    log.exception("unexpected vendor error", exc_info=exc)
    return f"internal vendor error ({type(exc).__name__})"


@dataclass
class Options:
    workers: int = 1
    shard: tuple[int, int] | None = None
    once: bool = False
    poll_interval: float = 5.0


class Runner:
    """One poller (this thread) feeding a fair queue; `workers` threads take tasks from it."""

    def __init__(self, vendor: Vendor, options: Options) -> None:
        self.vendor = vendor
        self.options = options
        self.queue = FairQueue()
        self.stopping = vendor.stopping
        self.done: list[Task] = []
        self._idle = threading.Condition()
        self._busy = 0

    def poll(self) -> int:
        jobs = [j for j in self.vendor.client.get_jobs() if in_shard(j["id"], self.options.shard)]
        added = self.queue.put_many(jobs)
        if added:
            log.info("step=poll pending=%d new=%d", len(jobs), added)
        return added

    def work(self) -> None:
        while not self.stopping.is_set():
            job = self.queue.take(timeout=0.5)
            if job is None:
                if self.queue.closed:
                    return
                continue
            with self._idle:
                self._busy += 1
            try:
                self.done.append(self.vendor.process(job))
            finally:
                with self._idle:
                    self._busy -= 1
                    self._idle.notify_all()

    def drained(self) -> bool:
        return self.queue.pending() == 0 and self._busy == 0

    def run(self) -> int:
        if self.options.workers > 1 and self.vendor.ocr_pool is None:
            # spawn, not fork: this process already runs threads.
            context = multiprocessing.get_context("spawn")
            self.vendor.ocr_pool = ProcessPoolExecutor(
                max_workers=self.options.workers, mp_context=context, initializer=pipeline.init_process
            )
        try:
            return self._run()
        finally:
            self.vendor.close()

    def _run(self) -> int:
        threads = [
            threading.Thread(target=self.work, name=f"vendor-{n}", daemon=True) for n in range(self.options.workers)
        ]
        for thread in threads:
            thread.start()
        try:
            while not self.stopping.is_set():
                try:
                    added = self.poll()
                except (KalturaError, TransportError) as exc:
                    log.error("step=poll error=%r", str(exc))
                    if self.options.once:
                        return 1
                    self.stopping.wait(self.options.poll_interval)
                    continue
                if self.options.once:
                    with self._idle:
                        self._idle.wait_for(lambda: self.drained() or self.stopping.is_set())
                    if not added:
                        break
                else:
                    self.stopping.wait(self.options.poll_interval)
        finally:
            self.queue.close()
            for thread in threads:
                thread.join()
        return 0


def install_sigterm(stopping: threading.Event) -> None:
    """SIGTERM: stop taking tasks, finish (or error) the ones in hand, then exit 0."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())


def configure_logging(stream: Any = None) -> None:
    stream = stream or sys.stderr
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
