"""One worker's pass over a chunk: change detection, OCR of changed bands, frame-exact boundaries.

The worker is handed only the frames of its windows (see `activity`: frames between windows repeat the last one
handed over). It OCRs only candidate frames whose pixels changed since the last OCR, and only the horizontal bands
that changed. A line whose box is unchanged keeps its recognition even when the background elsewhere moves.
Start and end frames come from the thumbnails inside the line's box: each frame between two looks is classed as
"with the text" or "without" by which look it resembles more, so hard cuts are frame-exact with no extra OCR.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vendor.languages import Language
from vendor.ocr import activity, decode, engines
from vendor.ocr.box import Box
from vendor.ocr.change import CELL, changed_cells, mad
from vendor.ocr.engines import Engine

SAME_MAD = 4.0  # mean absolute grey difference under which a box counts as unchanged
BAND_PAD = 10  # full-resolution pixels around a changed band, so OCR sees whole glyphs
FULL_FRAME_SHARE = 0.6  # when bands cover more of the frame than this, one full-frame read is cheaper


@dataclass
class Segment:
    """One continuous sighting of a text line inside one worker's chunk (global frame numbers, end exclusive)."""

    text: str
    confidence: float
    box: Box
    start: int
    end: int
    reads: list[tuple[int, Box]] = field(default_factory=list)  # (frame, box) of every read: keyframes
    contrast: list[tuple[int, float]] = field(default_factory=list)  # (frame, grey std in the box) while live

    def __post_init__(self) -> None:
        self.box = Box(*self.box)


@dataclass
class _Live:
    seg: Segment
    tbox: tuple[int, int, int, int]  # x0, y0, x1, y1 in thumbnail pixels
    ref: np.ndarray  # the box's thumbnail pixels when last confirmed
    confirmed: int


@dataclass(frozen=True)
class ReadPlan:
    """Everything a worker needs to read any chunk of one video, passed whole (it pickles to worker processes)."""

    video: str
    info: decode.VideoInfo
    seeks: dict[int, float]  # keyframe index -> presentation time (where a decoder starts)
    mode: str
    langs: tuple[Language, ...]
    grid: int  # frames between OCR candidates
    base: int  # the longest a changing region waits for OCR


def _crop(thumb: np.ndarray, tbox: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = tbox
    return thumb[y0:y1, x0:x1]


class ChunkReader:
    def __init__(self, info: decode.VideoInfo, engine: Engine, grid: int, base: int) -> None:
        self.info = info
        self.engine = engine
        self.grid = grid  # frames between OCR candidates
        self.base = base  # the longest a changing region waits for OCR
        tw, th = info.thumb_size
        self.sx, self.sy = info.width / tw, info.height / th
        self.ring: deque[tuple[int, np.ndarray]] = deque(maxlen=base + grid + 2)
        self.live: list[_Live] = []
        self.done: list[Segment] = []
        self.ref: np.ndarray | None = None  # thumbnail at the last OCR
        self.last_ocr = -(10**9)
        self.prev_candidate: np.ndarray | None = None
        self.ocr_calls = 0

    # --- geometry -------------------------------------------------------------------------------------------

    def _to_thumb(self, box: Box) -> tuple[int, int, int, int]:
        x, y, w, h = box
        tw, th = self.info.thumb_size
        x0, y0 = max(int(x / self.sx), 0), max(int(y / self.sy), 0)
        x1, y1 = min(int(np.ceil((x + w) / self.sx)), tw), min(int(np.ceil((y + h) / self.sy)), th)
        return x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)

    # --- per frame ------------------------------------------------------------------------------------------

    def feed(self, frame: decode.Frame) -> None:
        self.ring.append((frame.index, frame.thumb))
        if frame.full is not None:
            self._candidate(frame)

    def finish(self, last_frame: decode.Frame | None, end: int) -> list[Segment]:
        if last_frame is not None:
            self._check_live(last_frame.index, last_frame.thumb)
        for live in self.live:
            live.seg.end = end
            self.done.append(live.seg)
        self.live = []
        return self.done

    def _check_live(self, n: int, thumb: np.ndarray) -> np.ndarray | None:
        """Confirm or close live lines; returns a mask of cells covered by closed lines."""
        closed_cells = None
        keep = []
        for live in self.live:
            now = _crop(thumb, live.tbox)
            live.seg.contrast.append((n, float(now.std())))
            if mad(now, live.ref) < SAME_MAD:
                live.confirmed = n
                keep.append(live)
                continue
            live.seg.end = self._walk_end(live, now, n)
            self.done.append(live.seg)
            if closed_cells is None:
                closed_cells = np.zeros((-(-thumb.shape[0] // CELL), -(-thumb.shape[1] // CELL)), bool)
            x0, y0, x1, y1 = live.tbox
            closed_cells[y0 // CELL : -(-y1 // CELL), x0 // CELL : -(-x1 // CELL)] = True
        self.live = keep
        return closed_cells

    def _walk_end(self, live: _Live, now: np.ndarray, n: int) -> int:
        """First frame after `confirmed` that looks more like frame n than like the confirmed text."""
        for m, thumb in self.ring:
            if live.confirmed < m <= n:
                crop = _crop(thumb, live.tbox)
                with_text = mad(crop, live.ref)
                if with_text >= SAME_MAD and with_text >= mad(crop, now):
                    return m
        return n

    def _walk_start(self, tbox: tuple[int, int, int, int], now: np.ndarray, n: int) -> int:
        """Earliest frame, walking back from n, that still looks like frame n inside the box."""
        before = _crop(self.ref, tbox) if self.ref is not None else None
        start = n
        for m, thumb in reversed(self.ring):
            if m >= n:
                continue
            if m <= self.last_ocr:
                break
            crop = _crop(thumb, tbox)
            with_text = mad(crop, now)
            if with_text >= SAME_MAD and (before is None or with_text >= mad(crop, before)):
                break
            start = m
        return start

    def _candidate(self, frame: decode.Frame) -> None:
        n, thumb, full = frame.index, frame.thumb, frame.full
        assert full is not None
        closed = self._check_live(n, thumb)
        if self.ref is None:
            cells = np.ones((-(-thumb.shape[0] // CELL), -(-thumb.shape[1] // CELL)), bool)
        else:
            cells = changed_cells(thumb, self.ref)
            if closed is not None:
                cells |= closed
        prev, self.prev_candidate = self.prev_candidate, thumb
        if not cells.any():
            return
        # Wait for a change to settle (a slide transition, a fade) unless it keeps moving: then read at the base rate.
        settled = frame.settled or (prev is not None and not (changed_cells(thumb, prev) & cells).any())
        if not (settled or self.ref is None or n - self.last_ocr >= self.base):
            return
        self._read(n, thumb, full, cells)
        self.ref = thumb
        self.last_ocr = n

    def _bands(self, cells: np.ndarray, height: int) -> list[tuple[int, int]]:
        rows = np.flatnonzero(cells.any(axis=1))
        bands: list[list[int]] = []
        for r in rows:
            if bands and r <= bands[-1][1] + 2:  # bridge a one-row gap: one line may touch two cell rows
                bands[-1][1] = r
            else:
                bands.append([r, r])
        out = []
        for r0, r1 in bands:
            y0 = max(int(r0 * CELL * self.sy) - BAND_PAD, 0)
            y1 = min(int((r1 + 1) * CELL * self.sy) + BAND_PAD, height)
            out.append((y0, y1))
        if sum(y1 - y0 for y0, y1 in out) > FULL_FRAME_SHARE * height:
            return [(0, height)]
        return out

    def _read(self, n: int, thumb: np.ndarray, full: np.ndarray, cells: np.ndarray) -> None:
        height = full.shape[0]
        for y0, y1 in self._bands(cells, height):
            # Lines of unchanged boxes are not re-read: drop what the band OCR finds on top of them.
            self.ocr_calls += 1
            for line in self.engine.read(full[y0:y1]):
                x, y, w, h = line.box
                box = Box(x, y + y0, w, h)
                if any(box.overlap(live.seg.box) > 0.5 for live in self.live):
                    continue
                tbox = self._to_thumb(box)
                now = _crop(thumb, tbox)
                seg = Segment(
                    line.text,
                    line.confidence,
                    box,
                    self._walk_start(tbox, now, n),
                    n + 1,
                    [(n, box)],
                    [(n, float(now.std()))],
                )
                self.live.append(_Live(seg, tbox, now.copy(), n))


def read_chunk(plan: ReadPlan, chunk: activity.Chunk) -> tuple[list[Segment], int]:
    """Segments of the chunk's frames, and the number of OCR calls made.

    Frames between windows repeat the last frame looked at (see `activity`), so lines stay live across them.
    """
    reader = ChunkReader(plan.info, engines.get(plan.mode, list(plan.langs)), plan.grid, plan.base)
    frame = None
    bounds = [*chunk.runs[1:], chunk.last]
    for start, stop in zip(chunk.runs, bounds, strict=True):
        wins = [w for w in chunk.windows if start <= w[0] < stop]
        for frame in decode.frames(Path(plan.video), plan.info, plan.seeks[start], start, wins, plan.grid):
            reader.feed(frame)
    return reader.finish(frame, chunk.last), reader.ocr_calls
