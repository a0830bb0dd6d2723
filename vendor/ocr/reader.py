"""One worker's pass over a chunk: change detection, OCR of changed bands, frame-exact boundaries.

The worker is handed only the frames of its windows (see `activity`: frames between windows repeat the last one
handed over). It OCRs only candidate frames whose pixels changed since the last OCR, and only the horizontal bands
that changed. A line whose box is unchanged keeps its recognition even when the background elsewhere moves.
Start and end frames come from the thumbnails inside the line's box: each frame between two looks is classed as
"with the text" or "without" by which look it resembles more, so hard cuts are frame-exact with no extra OCR.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from vendor.languages import Language
from vendor.ocr import activity, decode, engines
from vendor.ocr.box import Box
from vendor.ocr.change import CELL, changed_cells, ink_changed, mad, match_brightness, steady_mad, still_layer
from vendor.ocr.engines import INK_EDGE, Engine

SAME_MAD = 4.0  # mean absolute grey difference under which a box counts as unchanged
BAND_PAD = 10  # full-resolution pixels around a changed band, so OCR sees whole glyphs
FULL_FRAME_SHARE = 0.6  # when bands cover more of the frame than this, one full-frame read is cheaper
LAYER_LOOKS = 3  # full-resolution looks (0.25 s apart) whose still pixels make the still layer
MOVING_SHARE = 0.25  # when more of the frame than this moves across those looks, the still layer is read
FOOTAGE_SHARE = 0.02  # share of the picture that moves, step after step, when footage moves under part of it
BUSY_EDGES = 0.03  # share of the frame that is moving edges when footage is busy (a smooth pan, a crawl: ~0.01-0.02)
STRIPS = 3  # a whole frame over moving footage is read in this many horizontal strips ...
STRIP_OVERLAP = 0.12  # ... overlapping by this share of the height: a line up to that tall (less 4 px) is whole in one
STILL_LINE = 0.5  # share of a line's glyph edges that must be still for it to count as an overlay over footage
SHORT = 3  # letters and digits: a read this short on moving pixels is footage
MIN_FRESH = 200  # new still edge pixels a strip must hold for the slower detector to look at it
WIDER = 1.2  # a still-layer read this much wider than the live lines it holds replaces them (see _widen)
WALK_LOOKS = 8  # full-resolution looks kept to walk back a still-layer line's start
SEEN_DELTA = 24  # grey levels: a still pixel within this of its grey at an earlier read was looked at already


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
    full_ref: np.ndarray  # the box's full-resolution pixels when read
    mask: np.ndarray | None = None  # of a line read on the still layer: its still pixels (the rest is footage)
    votes: dict[str, float] = field(default_factory=dict)  # text -> summed confidence of the reads of this line

    def vote(self, text: str, confidence: float) -> None:
        """Another read of the unchanged line: its text becomes the best-voted read (a first read made while the
        line faded in, or over footage that hid a letter, is outvoted by the later whole ones)."""
        self.votes[text] = self.votes.get(text, 0.0) + confidence
        best = engines.voted(self.votes)
        if best != self.seg.text:
            self.seg.text, self.seg.confidence = best, confidence

    def crop(self, full: np.ndarray) -> np.ndarray:
        x, y, w, h = self.seg.box
        return full[max(y, 0) : y + h, max(x, 0) : x + w]


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
        self.moved_share = 0.0  # share of change-detection cells that moved between the last two candidates
        self.looks: deque[tuple[int, np.ndarray]] = deque(maxlen=WALK_LOOKS)  # recent full-resolution frames
        self.layer_before: np.ndarray | None = None  # the still mask at the previous read over footage
        self.seen: np.ndarray | None = None  # still-layer grey where a read found nothing new (see _unexplained)
        self.seen_mask: np.ndarray | None = None
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
            self._check_live(last_frame.index, last_frame.thumb, last_frame.full)
        for live in self.live:
            live.seg.end = end
            self.done.append(live.seg)
        self.live = []
        return self.done

    def _same(self, live: _Live, now: np.ndarray, full: np.ndarray | None) -> bool:
        """Is the line still shown? A still-layer line is judged on its own still pixels alone (the footage
        around and between its letters moves); any other line on its thumbnail, and on its full-resolution
        pixels when the frame has them (dense text changes where a thumbnail sees the same grey)."""
        if live.mask is not None:
            return full is None or not ink_changed(live.crop(full), live.full_ref, live.mask)
        if steady_mad(now, live.ref) >= SAME_MAD:
            return False
        return full is None or not ink_changed(live.crop(full), live.full_ref)

    def _check_live(self, n: int, thumb: np.ndarray, full: np.ndarray | None) -> np.ndarray | None:
        """Confirm or close live lines; returns a mask of cells covered by closed lines."""
        closed_cells = None
        keep = []
        for live in self.live:
            now = _crop(thumb, live.tbox)
            live.seg.contrast.append((n, float(now.std())))
            if self._same(live, now, full):
                live.confirmed = n
                keep.append(live)
                continue
            if live.mask is not None:  # footage moves under it: the thumbnails cannot place the end
                live.seg.end = (live.confirmed + n + 1) // 2
            else:
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

    def _walk_start(self, tbox: tuple[int, int, int, int], now: np.ndarray, n: int, box: Box, ref: np.ndarray) -> int:
        """Earliest frame, walking back from n, that still looks like frame n inside the box: on the thumbnails,
        and no earlier than the last full-resolution look whose glyphs differ (dense text blurs into alike grey
        on thumbnails of two similar pages, so the thumbnails alone would walk back across the cut)."""
        differs = next((m for m, full in reversed(self.looks) if m < n and ink_changed(_inside(full, box), ref)), None)
        before = _crop(self.ref, tbox) if self.ref is not None else None
        start = n
        for m, thumb in reversed(self.ring):
            if m >= n:
                continue
            if m <= self.last_ocr or (differs is not None and m <= differs):
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
        self.looks.append((n, full))
        closed = self._check_live(n, thumb, full)
        if self.ref is None:
            cells = np.ones((-(-thumb.shape[0] // CELL), -(-thumb.shape[1] // CELL)), bool)
        else:
            cells = changed_cells(match_brightness(thumb, self.ref), self.ref)
            if closed is not None:
                cells |= closed
        prev, self.prev_candidate = self.prev_candidate, thumb
        moved = None if prev is None else changed_cells(match_brightness(thumb, prev), prev)
        # Footage: the picture moved in the last two candidate steps alike (a cut moves it in one step only).
        share = 0.0 if moved is None else float(moved.mean())
        footage = share > FOOTAGE_SHARE and self.moved_share > FOOTAGE_SHARE
        self.moved_share = share
        if not cells.any():
            return
        # Wait for a change to settle (a slide transition, a fade) unless it keeps moving: then read at the base rate.
        settled = frame.settled or (moved is not None and not (moved & cells).any())
        if not (settled or self.ref is None or n - self.last_ocr >= self.base):
            return
        self._read(n, thumb, full, cells, footage and not settled)
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

    def _layer(self, n: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(picture, mask) of the still layer of the last looks (None until there are enough of them)."""
        # Looks a grid step apart at least: footage must have moved between them for its pixels to show it.
        picked: list[tuple[int, np.ndarray]] = []
        for m, f in reversed(self.looks):
            if not picked or picked[-1][0] - m >= self.grid:
                picked.append((m, f))
        if len(picked) < LAYER_LOOKS or n - picked[LAYER_LOOKS - 1][0] > 2 * LAYER_LOOKS * self.grid:
            return None
        first = picked[0][1]
        return still_layer(first, *(match_brightness(f, first) for _, f in picked[1:LAYER_LOOKS]))

    def _layer_cells(self, mask: np.ndarray) -> np.ndarray:
        """Change-detection cells holding still pixels that no live line covers."""
        free = mask.copy()
        for live in self.live:
            x, y, w, h = live.seg.box
            pad = h  # the plate, outline or shadow around it
            free[max(y - pad, 0) : y + h + pad, max(x - pad, 0) : x + w + pad] = False
        tw, th = self.info.thumb_size
        small = cv2.resize(free.astype(np.float32), (tw, th), interpolation=cv2.INTER_AREA)
        rows, cols = -(-th // CELL), -(-tw // CELL)
        padded = np.zeros((rows * CELL, cols * CELL), np.float32)
        padded[:th, :tw] = small
        return padded.reshape(rows, CELL, cols, CELL).mean(axis=(1, 3)) > 0.08

    def _layer_start(self, box: Box, mask: np.ndarray, ref: np.ndarray, n: int) -> int:
        """Where the line appeared, walking back from n over full-resolution looks: midway between the last look
        whose still pixels inside the box differ and the earliest that matches. Looks are a grid step or more
        apart and the line appeared somewhere between the two: the earliest match alone was late by half that
        step on average (0.04-0.2 s on every line over footage)."""
        start = n
        x, y, w, h = box
        for m, full in reversed(self.looks):
            if m >= n:
                continue
            if ink_changed(full[y : y + h, x : x + w], ref, mask):
                return (m + 1 + start) // 2
            start = m
        return start

    def _read(self, n: int, thumb: np.ndarray, full: np.ndarray, cells: np.ndarray, footage: bool) -> None:
        """OCR of the changed cells at frame n; `footage`: the picture keeps moving (not a cut that settled)."""
        height = full.shape[0]
        layer = self._layer(n)
        moving = 0.0 if layer is None else 1.0 - float(layer[1].mean())
        # A cut moves most pixels too, in one step: its still layer would hold only what two pages share.
        on_layer = layer is not None and moving > MOVING_SHARE and footage
        picture = layer[0] if layer is not None and on_layer else full
        bands = self._bands(cells, height)
        # Busy footage (moving detail: buildings, foliage, scrolling text) under part of the frame.
        busy = (
            layer is not None
            and not on_layer
            and footage
            and moving > FOOTAGE_SHARE
            and bands == [(0, height)]
            and _moving_edges(full, layer[1]) > BUSY_EDGES
        )
        fresh = None
        if layer is not None and (on_layer or busy):
            # Only where the still layer holds something not read yet, and that stayed still since the last read.
            fresh = self._unexplained(layer[0], layer[1])
        if on_layer and fresh is not None:
            cells = self._layer_cells(fresh)
            bands = self._bands(cells, height)
        self.layer_before = layer[1] if layer is not None and fresh is not None else None
        # With a still overlay over it, page layout over the whole frame loses or cuts the overlay's lines next to
        # the footage: the frame is read in strips.
        strips = busy and fresh is not None and int(fresh.sum()) >= MIN_FRESH
        if strips:
            bands = _strips(height)
        found: list[Box] = []
        for y0, y1 in bands:
            # Over busy footage the slower detector looks only where something new stands still (an overlay), and
            # at the still layer there: footage looks like text everywhere, and costs the detector dearly.
            detect: bool | np.ndarray = True
            if busy and fresh is not None and layer is not None:
                detect = layer[0][y0:y1] if int(fresh[y0:y1].sum()) >= MIN_FRESH else False
            self.ocr_calls += 1
            for line in self.engine.read(picture[y0:y1], plain=on_layer, detect=detect, still=not footage):
                x, y, w, h = line.box
                box = Box(x, y + y0, w, h)
                if strips and (_cut_by_strip(box, y0, y1, height) or any(box.overlap(b) > 0.5 for b in found)):
                    continue  # a neighbouring strip holds the line whole, or has already read it
                mask = _inside(layer[1], box) if layer is not None and (on_layer or busy) else None
                if busy and mask is not None and _still_ink(_inside(full, box), mask) < STILL_LINE:
                    if len(re.findall(r"\w", line.text)) <= SHORT:
                        continue  # a few letters read on pixels that move: footage (a lit window read as "I")
                    mask = None  # a line that itself moves (a crawl) is judged whole, not on its few still pixels
                found.append(box)
                # A line over moving footage is judged on its still pixels (those that move behind a translucent
                # plate are footage).
                self._place(line.text, line.confidence, box, n, thumb, full, mask)
        if layer is not None and fresh is not None:
            self._explain(layer[0], fresh, bands, found)

    def _place(
        self,
        text: str,
        confidence: float,
        box: Box,
        n: int,
        thumb: np.ndarray,
        full: np.ndarray,
        mask: np.ndarray | None,
    ) -> None:
        """A line read at frame n (`mask`: its still pixels, when footage moves around it): a vote for the live
        line it repeats, the whole of live lines it widens, or a new live line."""
        tbox = self._to_thumb(box)
        now = _crop(thumb, tbox)
        full_ref = _inside(full, box)
        # Lines of unchanged boxes are not re-read: what the band OCR finds on top of them is a vote.
        covered = [live for live in self.live if box.overlap(live.seg.box) > 0.5]
        if covered:
            if (
                mask is not None
                and box.width > WIDER * max(c.seg.box.width for c in covered)
                and all(_same_row(box, c.seg.box) for c in covered)
            ):
                self._widen(covered, text, confidence, box, n, tbox, now, full_ref, mask)
            elif len(covered) == 1 and _same_row(box, covered[0].seg.box) and box.iou(covered[0].seg.box) > 0.5:
                covered[0].vote(text, confidence)
            return
        if mask is not None:
            start = self._layer_start(box, mask, full_ref, n)
        else:
            start = self._walk_start(tbox, now, n, box, full_ref)
        seg = Segment(text, confidence, box, start, n + 1, [(n, box)], [(n, float(now.std()))])
        self.live.append(_Live(seg, tbox, now.copy(), n, full_ref.copy(), mask, {text: confidence}))

    def _unexplained(self, picture: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Still edge pixels worth a detector call: still at this read and at the one before (footage that held
        its grey for three looks rarely holds it for five), and not looked at already with the same grey.

        Over moving footage the still layer is read every half second; what it holds besides the overlay lines
        (a static corner of the scene, a logo, a plate) would otherwise go through the detector every time."""
        # Text is edges: smooth footage (sky, a slow pan over a gradient) holds its grey for a while too, but the
        # footage that keeps still strong edges for five looks is rare. The mask's own rim is no edge.
        inner = cv2.erode(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        edges = inner & (cv2.morphologyEx(picture, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)) > INK_EDGE)
        # Glyphs have strokes across and along the line; footage that pans keeps still only what runs along the
        # pan (a horizon, a row of lit windows under a sideways pan). Edges count where both kinds meet.
        grey = picture.astype(np.int16)
        near = np.ones((5, 5), np.uint8)
        across = np.zeros(grey.shape, np.uint8)
        along = np.zeros(grey.shape, np.uint8)
        across[:, 1:-1] = np.abs(grey[:, 2:] - grey[:, :-2]) > INK_EDGE
        along[1:-1] = np.abs(grey[2:] - grey[:-2]) > INK_EDGE
        edges &= (cv2.dilate(across, near) > 0) & (cv2.dilate(along, near) > 0)
        before = self.layer_before
        fresh = edges if before is None or before.shape != mask.shape else edges & before
        if self.seen is None or self.seen_mask is None or self.seen.shape != picture.shape:
            return fresh
        same = self.seen_mask & (np.abs(picture.astype(np.int16) - self.seen) <= SEEN_DELTA)
        return fresh & ~same

    def _explain(self, picture: np.ndarray, fresh: np.ndarray, bands: list[tuple[int, int]], found: list[Box]) -> None:
        """Remember the still pixels of the bands just read, except around the lines found there (those are
        judged as live lines; a line cut short must stay open to a wider read, see _widen)."""
        if self.seen is None or self.seen_mask is None or self.seen.shape != picture.shape:
            self.seen = np.zeros(picture.shape, np.int16)
            self.seen_mask = np.zeros(picture.shape, bool)
        looked = np.zeros(picture.shape, bool)
        for y0, y1 in bands:
            looked[y0:y1] = True
        for x, y, w, h in found:
            looked[max(y - h, 0) : y + 2 * h, max(x - h, 0) : x + w + h] = False
        self.seen_mask[looked] = fresh[looked]
        self.seen[looked] = picture[looked]

    def _widen(
        self,
        covered: list[_Live],
        text: str,
        confidence: float,
        box: Box,
        n: int,
        tbox: tuple[int, int, int, int],
        now: np.ndarray,
        full_ref: np.ndarray,
        mask: np.ndarray,
    ) -> None:
        """A still-layer read that holds live lines and is wider than them: those were parts of the line read
        while the layer was not yet whole (the overlay had just appeared). The earliest becomes the whole line."""
        keep = min(covered, key=lambda c: c.seg.start)
        self.live = [c for c in self.live if c is keep or c not in covered]
        seg = keep.seg
        seg.text, seg.confidence, seg.box = text, confidence, box
        seg.reads = [(n, box)]  # the partial reads' boxes would look like motion to the tracker
        keep.tbox, keep.ref, keep.confirmed, keep.full_ref, keep.mask = tbox, now.copy(), n, full_ref.copy(), mask
        keep.votes = {text: confidence}


def _inside(picture: np.ndarray, box: Box) -> np.ndarray:
    x, y, w, h = box
    return picture[max(y, 0) : y + h, max(x, 0) : x + w]


def _moving_edges(full: np.ndarray, mask: np.ndarray) -> float:
    """Share of the frame's pixels that are edges (glyph-like detail) and move."""
    edges = cv2.morphologyEx(full, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)) > INK_EDGE
    return float((edges & ~mask).mean())


def _still_ink(crop: np.ndarray, mask: np.ndarray) -> float:
    """Share of a line's glyph edges that stand still: an overlay over footage near 1, a line that itself moves
    (scrolling credits, a crawl; footage read as text) near 0, whatever the still background around it."""
    edges = cv2.morphologyEx(crop, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)) > INK_EDGE
    count = int(edges.sum())
    return float((edges & mask).sum()) / count if count else 0.0


def _strips(height: int) -> list[tuple[int, int]]:
    """Overlapping horizontal strips covering a frame. Page layout (and the scene-text detector) over busy
    footage loses or cuts lines next to it (a name on a plate read as "Head of", "Zoë Bro"); a strip holding
    less of the footage reads them whole."""
    step, pad = -(-height // STRIPS), round(STRIP_OVERLAP * height / 2)
    return [(max(k * step - pad, 0), min((k + 1) * step + pad, height)) for k in range(STRIPS)]


def _cut_by_strip(box: Box, y0: int, y1: int, height: int) -> bool:
    """Does a strip's inner edge (not the frame's) cut the box? The overlapping strip beside it holds it whole."""
    return (y0 > 0 and box.top <= y0 + 1) or (y1 < height and box.top + box.height >= y1 - 1)


def _same_row(a: Box, b: Box) -> bool:
    """Two boxes of one text line: similar heights, vertical centres within half a height."""
    if not 0.7 < (a.height + 1) / (b.height + 1) < 1.4:
        return False
    return abs((a.top + a.height / 2) - (b.top + b.height / 2)) <= max(a.height, b.height) / 2


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
