"""Segments -> items: chain sightings of the same line (across OCR re-reads, workers' spans, and motion) into
tracks, then group tracks of one text at one place into an item with several instances."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from vendor.ocr import motion
from vendor.ocr.engines import Box
from vendor.ocr.reader import Segment

SAME_TEXT = 80.0  # rapidfuzz ratio (0..100) for two reads of one line
MOVED = 4  # pixels: a track whose reads move further than this gets box keyframes
MIN_PART = 8  # characters of a read cut by the frame edge before it may join a line by partial match


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _iou(a: Box, b: Box) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    iw = min(ax + aw, bx + bw) - max(ax, bx)
    ih = min(ay + ah, by + bh) - max(ay, by)
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    return inter / (aw * ah + bw * bh - inter)


def _plausible_move(a: Box, b: Box, frames: int, max_speed: float) -> bool:
    """Same-sized box shifted by at most max_speed pixels a frame (scrolling credits, crawls, pans)."""
    _, _, _aw, ah = a
    _, _, _bw, bh = b
    if not (0.7 < (bh + 1) / (ah + 1) < 1.4):
        return False
    dx, dy = abs(a[0] - b[0]), abs(a[1] - b[1])
    return max(dx, dy) <= max_speed * max(frames, 1) + 2 * ah


@dataclass
class Track:
    segments: list[Segment] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(s.start for s in self.segments)

    @property
    def end(self) -> int:
        return max(s.end for s in self.segments)

    @property
    def last(self) -> Segment:
        return max(self.segments, key=lambda s: s.end)

    def text(self) -> str:
        """The confidence-and-duration-weighted vote among the reads."""
        votes: dict[str, float] = {}
        for s in self.segments:
            votes[s.text] = votes.get(s.text, 0.0) + s.confidence * max(s.end - s.start, 1)
        return max(votes, key=lambda t: votes[t])

    def confidence(self) -> float:
        weights = [max(s.end - s.start, 1) for s in self.segments]
        return sum(s.confidence * w for s, w in zip(self.segments, weights, strict=True)) / sum(weights)


def _text_score(a: Segment, b: Segment, size: tuple[int, int] | None) -> float:
    """Similarity of two reads; a read cut by the left or right frame edge (a crawl) need only be part of the
    other, as long as that part is long enough to mean something."""
    ta, tb = norm(a.text), norm(b.text)
    if size is not None:
        ca, cb = motion.cut(a.box, size), motion.cut(b.box, size)
        if (ca[0] or ca[2] or cb[0] or cb[2]) and min(len(ta), len(tb)) >= MIN_PART:
            return fuzz.partial_ratio(ta, tb)
    return fuzz.ratio(ta, tb)


def track(segments: list[Segment], fps: float, size: tuple[int, int] | None = None, gap_seconds: float = 0.8,
          max_speed: float = 20.0) -> list[Track]:
    """Chain segments: similar text, starting within `gap_seconds` of a track's end, at a compatible place.

    With the frame `size`, reads of a line cut by the top or bottom edge are dropped: half a line's height of
    glyphs reads as different, wrong words (scrolling credits leave and enter there).
    """
    gap = max(round(gap_seconds * fps), 1)
    tracks: list[Track] = []
    if size is not None:
        segments = [s for s in segments if not any(motion.cut(s.box, size)[1::2])]
    for seg in sorted(segments, key=lambda s: (s.start, s.box[1], s.box[0])):
        best, best_score = None, 0.0
        for tr in tracks:
            last = tr.last
            if not (last.end - gap * 4 <= seg.start <= last.end + gap):
                continue
            score = _text_score(seg, last, size)
            if score < SAME_TEXT:
                continue
            if _iou(seg.box, last.box) < 0.3 and not _plausible_move(last.box, seg.box, seg.start - last.start,
                                                                      max_speed):
                continue
            if score > best_score:
                best, best_score = tr, score
        if best is None:
            tracks.append(Track([seg]))
        else:
            best.segments.append(seg)
    return tracks


@dataclass
class _View:
    """What one track delivers: its interval, text, first box, and box keyframes when it moves."""

    track: Track
    start: int
    end: int
    text: str
    box: Box
    boxes: list[tuple[int, Box]] | None


def _view(tr: Track, fps: float, size: tuple[int, int] | None, frames: int | None) -> _View:
    reads = sorted((f, b) for s in tr.segments for f, b in s.reads)
    if size is not None and frames is not None:
        text = motion.text_of([(s.text, s.confidence, s.box) for s in tr.segments], size)
        path = motion.fit([(f, b, s.text) for s in tr.segments for f, b in s.reads], fps, size, text)
        if path is not None:
            start, end = motion.interval(path, tr.start, tr.end, fps, size, frames)
            return _View(tr, start, end, text, path.box(start), [(start, path.box(start)), (end, path.box(end))])
    box = min(tr.segments, key=lambda s: s.start).box
    boxes = None
    if reads and any(abs(b[0] - reads[0][1][0]) > MOVED or abs(b[1] - reads[0][1][1]) > MOVED for _, b in reads):
        boxes = reads
    return _View(tr, tr.start, tr.end, tr.text(), box, boxes)


def to_items(tracks: list[Track], fps: float, language: str, min_frames: int = 2, size: tuple[int, int] | None = None,
             frames: int | None = None) -> list[dict]:
    """Insight items; tracks of the same text at the same place become instances of one item.

    With the frame `size` and frame count, moving lines get a fitted path (see `motion`).
    """
    groups: list[list[_View]] = []
    for tr in sorted(tracks, key=lambda t: t.start):
        if tr.end - tr.start < min_frames:
            continue  # a one-frame read is almost always a transition artefact
        view = _view(tr, fps, size, frames)
        for group in groups:
            head = group[0]
            if (head.boxes is None and view.boxes is None and norm(head.text) == norm(view.text)
                    and _iou(head.box, view.box) > 0.5):
                group.append(view)
                break
        else:
            groups.append([view])
    items = []
    for number, group in enumerate(sorted(groups, key=lambda g: g[0].start), start=1):
        head = group[0]
        x, y, w, h = head.box
        instances = []
        for view in group:
            inst: dict = {"start": round(view.start / fps, 3), "end": round(view.end / fps, 3)}
            if view.boxes:
                inst["boxes"] = [{"t": round(f / fps, 3), "left": b[0], "top": b[1], "width": b[2], "height": b[3]}
                                 for f, b in view.boxes]
            instances.append(inst)
        conf = sum(v.track.confidence() for v in group) / len(group)
        items.append({"id": number, "text": head.text, "confidence": round(min(max(conf, 0.0), 1.0), 4),
                      "language": language, "left": int(x), "top": int(y), "width": int(w), "height": int(h),
                      "angle": 0, "instances": instances})
    return items
