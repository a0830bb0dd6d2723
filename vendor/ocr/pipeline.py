"""Video -> OCR insight: find where the picture changes (packet sizes, keyframes), split the timeline at keyframes
across worker processes, read the changing stretches, track lines, build the document."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from vendor.insight import SCHEMA_ID
from vendor.languages import UnsupportedLanguage, bcp47, resolve
from vendor.ocr import activity, decode, engines, reader, tracker
from vendor.ocr.engines import MODES
from vendor.ocr.errors import OCRError

CANDIDATE_SECONDS = 0.25  # how often a changed region may be looked at (denser than the base rate)
BASE_SECONDS = 0.5  # the longest a changing region waits for a read
READERS = {"fast": ("tesseract",), "default": ("tesseract", "rapidocr"), "accurate": ("rapidocr",)}

Progress = Callable[[int], None]  # called with frames done


def _workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


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
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    try:
        langs = resolve(list(languages or ["eng"]), READERS[mode])
    except UnsupportedLanguage as exc:
        raise OCRError(str(exc)) from exc
    video = Path(video_path)
    info = decode.probe(video)
    grid = max(1, round(info.fps * CANDIDATE_SECONDS))
    base = max(grid, round(info.fps * BASE_SECONDS) // grid * grid)
    workers = workers or _workers()
    if info.duration < 15:
        workers = 1  # a short clip is read faster than a second process starts
    act = activity.scan(video, info)
    wins = activity.windows(act, info, activity.keyframe_thumbs(video, info, act))
    chunks = activity.chunks(act, info, wins, workers)
    segments: list[reader.Segment] = []
    calls = 0
    if workers == 1 or len(chunks) == 1:
        workers = 1
        for chunk in chunks:
            segs, n = reader.read_chunk(str(video), info, chunk, act.pts, mode, langs, grid, base)
            segments += segs
            calls += n
            if progress:
                progress(chunk.last - chunk.first)
    else:
        # onnxruntime and Tesseract each get one thread per process: two processes use both cores best.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {
                pool.submit(reader.read_chunk, str(video), info, chunk, act.pts, mode, langs, grid, base): chunk.last
                - chunk.first
                for chunk in chunks
            }
            for fut in as_completed(futures):
                segs, n = fut.result()
                segments += segs
                calls += n
                if progress:
                    progress(futures[fut])
    size = (info.width, info.height)
    tracks = tracker.track(segments, info.fps, size)
    language = bcp47(languages[0]) if languages else "en-US"
    doc = {
        "schema": SCHEMA_ID,
        "video": {
            "duration": round(info.duration, 3),
            "width": info.width,
            "height": info.height,
            "fps": round(info.fps, 3),
        },
        "engine": {
            "name": "reachsim-ocr",
            "version": engines.describe(mode),
            "mode": mode,
            "languages": [bcp47(lang.pack) for lang in langs],
        },
        "ocr": tracker.to_items(tracks, info.fps, language, size=size, frames=info.frames),
    }
    decoded = sum(chunk.decoded() for chunk in chunks)
    return doc, {
        "ocr_calls": calls,
        "workers": workers,
        "chunks": len(chunks),
        "frames_decoded": decoded,
        "keyframes": len(act.keyframes),
    }
