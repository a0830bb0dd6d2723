"""Video -> OCR insight: find where the picture changes (packet sizes, keyframes), split the timeline at keyframes
across worker processes, read the changing stretches, track lines, build the document.

Engines load once per process (`engines.get`). A caller that OCRs many videos (the vendor worker) keeps one
`Runner` open: its worker processes, and the engines loaded in them, then serve every call.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from vendor import insight
from vendor.languages import Language, UnsupportedLanguage, bcp47, resolve
from vendor.ocr import activity, decode, engines, reader, tracker
from vendor.ocr.engines import MODES
from vendor.ocr.errors import OCRError

CANDIDATE_SECONDS = 0.25  # how often a changed region may be looked at (denser than the base rate)
BASE_SECONDS = 0.5  # the longest a changing region waits for a read
SHORT_SECONDS = 30.0  # a clip this short is read in the calling process: a second decoder and the forced read at
# the chunk start cost about what a second core saves on a 20 s clip (dev split), and a chunk boundary splits lines
READERS = {"fast": ("tesseract",), "default": ("tesseract", "rapidocr"), "accurate": ("rapidocr",)}

Progress = Callable[[int], None]  # called with frames done


def _cpu_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def languages_for(mode: str, languages: list[str] | None) -> list[Language]:
    """The requested languages resolved for the mode's engines; OCRError for one no engine reads here."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    try:
        return resolve(list(languages or ["eng"]), READERS[mode])
    except UnsupportedLanguage as exc:
        raise OCRError(str(exc)) from exc


def warm(mode: str = "default", languages: list[str] | None = None) -> None:
    """Load the mode's engines in this process now, so the first video does not pay for it."""
    engines.get(mode, languages_for(mode, languages))


class _Serial(Executor):
    """Runs each task in the calling process when it is submitted (its engines are this process's)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:  # type: ignore[override]
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            fut.set_exception(exc)
        return fut


def init_process(mode: str = "default", languages: list[str] | None = None) -> None:
    """Initializer of an OCR worker process: engines get one thread each (onnxruntime and Tesseract's OpenMP
    would otherwise fight the other process for the 2 cores); with `languages`, the engines load now."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if languages is not None:
        warm(mode, languages)


class Runner:
    """OCR of many videos with one pool of worker processes, each loading its engines once.

        with Runner() as ocr:
            ocr.warm("default", ["eng"])     # optional: load engines before the first task
            doc = ocr.run("a.mp4", ["eng"])
            doc = ocr.run("b.mp4", ["eng"])  # no process start, no model load

    Short clips are read in the calling process (whose engines are also loaded once), long ones over the pool.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or _cpu_workers()
        self._pool: ProcessPoolExecutor | None = None
        self._warm: tuple[str, list[str] | None] = ("default", None)
        self.runs = 0  # videos read: a caller that keeps one Runner sees its tasks share it

    def warm(self, mode: str = "default", languages: list[str] | None = None) -> None:
        """Load the engines here; worker processes started after this load them as they start."""
        warm(mode, languages)
        self._warm = (mode, list(languages or ["eng"]))

    def _executor(self, chunks: int, duration: float) -> tuple[Executor, int]:
        if self.workers == 1 or chunks == 1 or duration < SHORT_SECONDS:
            return _Serial(), 1
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=init_process, initargs=self._warm)
        return self._pool, self.workers

    def run(
        self,
        video_path: str | Path,
        languages: list[str] | None = None,
        mode: str = "default",
        progress: Progress | None = None,
    ) -> tuple[dict[str, Any], dict[str, int]]:
        """The insight document and counters for benchmarks (OCR calls, workers, chunks, frames decoded)."""
        langs = languages_for(mode, languages)
        self.runs += 1
        video = Path(video_path)
        info, packets = decode.probe_packets(video)
        grid = max(1, round(info.fps * CANDIDATE_SECONDS))
        base = max(grid, round(info.fps * BASE_SECONDS) // grid * grid)
        act = activity.from_packets(packets, info)
        wins = activity.windows(act, info, activity.by_keyframe(act, decode.keyframe_thumbs(video, info)))
        chunks = activity.chunks(act, info, wins, self.workers if info.duration >= SHORT_SECONDS else 1)
        plan = reader.ReadPlan(str(video), info, act.pts, mode, tuple(langs), grid, base)
        executor, workers = self._executor(len(chunks), info.duration)
        segments: list[reader.Segment] = []
        calls = 0
        for chunk, (segs, n) in _read_all(executor, plan, chunks):
            segments += segs
            calls += n
            if progress:
                progress(chunk.last - chunk.first)
        size = (info.width, info.height)
        items = tracker.to_items(
            tracker.track(segments, info.fps, size),
            info.fps,
            bcp47(languages[0]) if languages else "en-US",
            size=size,
            frames=info.frames,
        )
        doc = insight.build(
            insight.VideoFacts(info.duration, info.width, info.height, info.fps),
            insight.EngineFacts(engines.describe(mode), mode, tuple(bcp47(lang.pack) for lang in langs)),
            items,
        )
        stats = {
            "ocr_calls": calls,
            "workers": workers,
            "chunks": len(chunks),
            "frames_decoded": sum(chunk.decoded() for chunk in chunks),
            "keyframes": len(act.keyframes),
        }
        return doc, stats

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_all(
    executor: Executor, plan: reader.ReadPlan, chunks: list[activity.Chunk]
) -> Iterator[tuple[activity.Chunk, tuple[list[reader.Segment], int]]]:
    """The one read loop: every chunk through the executor, results as they complete."""
    futures = {executor.submit(reader.read_chunk, plan, chunk): chunk for chunk in chunks}
    for fut in as_completed(futures):
        yield futures[fut], fut.result()


def run(
    video_path: str | Path,
    languages: list[str] | None = None,
    mode: str = "default",
    progress: Progress | None = None,
    workers: int | None = None,
) -> dict:
    """The OCR insight (`reachsim/ocr/v1`, without entryId/taskId) of a local video file.

    Raises OCRError for a file ffmpeg cannot read, an empty video, or a language whose pack is not installed.
    """
    return run_with_stats(video_path, languages, mode, progress, workers)[0]


def run_with_stats(
    video_path: str | Path,
    languages: list[str] | None = None,
    mode: str = "default",
    progress: Progress | None = None,
    workers: int | None = None,
) -> tuple[dict, dict]:
    """`run`, plus counters for benchmarks: OCR calls, workers, chunks, frames decoded, keyframes."""
    with Runner(workers) as runner:
        return runner.run(video_path, languages, mode, progress)
