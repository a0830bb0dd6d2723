"""One worker's pass over a span of frames: change detection, OCR of changed bands, frame-exact boundaries.

The worker decodes every frame (as a small thumbnail) but OCRs only grid frames whose pixels changed since the
last OCR, and only the horizontal bands that changed. A line whose box is unchanged keeps its recognition even
when the background elsewhere moves. Start and end frames come from the thumbnails inside the line's box: each
frame between two looks is classed as "with the text" or "without" by which look it resembles more, so hard
cuts are frame-exact with no extra OCR.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vendor.languages import Language
from vendor.ocr import decode, engines
from vendor.ocr.engines import Box, Engine

CELL = 8  # thumbnail pixels per change-detection cell side
PIXEL_DELTA = 18  # grey levels: film grain stays below, text edges go far above
CELL_FRACTION = 0.02  # share of a cell's pixels that must change for the cell to count as changed
SAME_MAD = 4.0  # mean absolute grey difference under which a box counts as unchanged
BAND_PAD = 10  # full-resolution pixels around a changed band, so OCR sees whole glyphs
FULL_FRAME_SHARE = 0.6  # when bands cover more of the frame than this, one full-frame read is cheaper


@dataclass
class Segment:
    """One continuous sighting of a text line inside one worker's span (global frame numbers, end exclusive)."""

    text: str
    confidence: float
    box: Box
    start: int
    end: int
    reads: list[tuple[int, Box]] = field(default_factory=list)  # (frame, box) of every read: keyframes


@dataclass
class _Live:
    seg: Segment
    tbox: tuple[int, int, int, int]  # x0, y0, x1, y1 in thumbnail pixels
    ref: np.ndarray  # the box's thumbnail pixels when last confirmed
    confirmed: int


_ENGINES: dict[tuple[str, tuple[str, ...]], Engine] = {}


def engine_for(mode: str, langs: list[Language]) -> Engine:
    """Engines load once per process: model loading costs far more than a frame."""
    key = (mode, tuple(lang.pack for lang in langs))
    if key not in _ENGINES:
        _ENGINES[key] = engines.build(mode, langs)
    return _ENGINES[key]


def _mad(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.abs(a.astype(np.int16) - b.astype(np.int16)))) if a.size else 0.0


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

    def _changed_cells(self, thumb: np.ndarray, ref: np.ndarray) -> np.ndarray:
        moved = np.abs(thumb.astype(np.int16) - ref.astype(np.int16)) > PIXEL_DELTA
        th, tw = moved.shape
        rows, cols = -(-th // CELL), -(-tw // CELL)
        padded = np.zeros((rows * CELL, cols * CELL), bool)
        padded[:th, :tw] = moved
        return padded.reshape(rows, CELL, cols, CELL).mean(axis=(1, 3)) > CELL_FRACTION

    # --- per frame ------------------------------------------------------------------------------------------

    def feed(self, frame: decode.Frame, first: int) -> None:
        self.ring.append((frame.index, frame.thumb))
        if frame.index < first:
            return  # pre-roll: only context for the boundary walks
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
            if _mad(now, live.ref) < SAME_MAD:
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
                with_text = _mad(crop, live.ref)
                if with_text >= SAME_MAD and with_text >= _mad(crop, now):
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
            with_text = _mad(crop, now)
            if with_text >= SAME_MAD and (before is None or with_text >= _mad(crop, before)):
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
            cells = self._changed_cells(thumb, self.ref)
            if closed is not None:
                cells |= closed
        prev, self.prev_candidate = self.prev_candidate, thumb
        if not cells.any():
            return
        # Wait for a change to settle (a slide transition, a fade) unless it keeps moving: then read at the base rate.
        settled = prev is not None and not (self._changed_cells(thumb, prev) & cells).any()
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
                box = (x, y + y0, w, h)
                if any(_overlap(box, live.seg.box) > 0.5 for live in self.live):
                    continue
                tbox = self._to_thumb(box)
                now = _crop(thumb, tbox)
                seg = Segment(line.text, line.confidence, box, self._walk_start(tbox, now, n), n + 1, [(n, box)])
                self.live.append(_Live(seg, tbox, now.copy(), n))


def _overlap(a: Box, b: Box) -> float:
    """Intersection over the smaller box."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    iw = min(ax + aw, bx + bw) - max(ax, bx)
    ih = min(ay + ah, by + bh) - max(ay, by)
    if iw <= 0 or ih <= 0:
        return 0.0
    return iw * ih / max(min(aw * ah, bw * bh), 1)


def read_span(video: str, info: decode.VideoInfo, first: int, last: int, mode: str, langs: list[Language],
              grid: int, base: int) -> tuple[list[Segment], int]:
    """Segments of frames first..last-1 (first on the grid), and the number of OCR calls made."""
    reader = ChunkReader(info, engine_for(mode, langs), grid, base)
    pre_roll = max(first - base, 0)
    frame = None
    for frame in decode.frames(Path(video), info, pre_roll, last, grid):
        reader.feed(frame, first)
    end = frame.index + 1 if frame is not None else first
    return reader.finish(frame, end), reader.ocr_calls
