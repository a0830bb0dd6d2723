"""Segments -> items: chain sightings of the same line (across OCR re-reads, workers' chunks, and motion) into
tracks, then group tracks of one text at one place into an item with several instances."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from vendor.insight import Instance, Item
from vendor.ocr import engines, motion
from vendor.ocr.box import Box
from vendor.ocr.reader import Segment

SAME_TEXT = 80.0  # rapidfuzz ratio (0..100) for two reads of one line
MOVED = 4  # pixels: a track whose reads move further than this gets box keyframes
SHARP = 0.8  # share of the plateau contrast at the first (last) look that marks a hard cut, not a fade
SIDE = 3  # text heights from the left or right frame edge within which a crawl's read may be partial
MIN_PART = 8  # characters of a read cut by the frame edge before it may join a line by partial match
BLIP_SECONDS = 0.5  # a single read at the left or right edge seen for less than this is a crawl's cut word
MIN_EDGE_PART = 3  # characters of a shorter edge read that may join as the prefix or suffix of a fuller one
STILL_SECONDS = 1.2  # a sighting this long did not move: a moving line's sightings end at the next look
CUT_EDGE = 1  # pixels: a box this close to the top or bottom frame edge is cut by it (see _cut_across)
NUMBER_EDITS = 2  # digit edits between two reads of a still line that make them two lines (see _other_numbers)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


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
        return engines.voted(votes)

    def faded(self) -> tuple[int, int]:
        """[start, end) where the line has at least half its full contrast, when it fades in or out.

        A fading line is read well below half opacity, so its reads start early and end late. The grey standard
        deviation inside its box is about proportional to opacity over a plain background: the boundary is where
        that crosses half of its plateau, interpolated between the looks at the box (no extra OCR). An end that
        is already sharp (a hard cut: the first look is near the plateau) keeps its frame-exact walked boundary.
        """
        # A segment's last look is often the one that closed it, after the line left: not the line's contrast.
        samples = sorted({f: c for s in self.segments for f, c in s.contrast if s.start <= f < s.end}.items())
        start, end = self.start, self.end
        if len(samples) < 3:
            return start, end
        plateau = max(c for _, c in samples)
        if plateau <= 0:
            return start, end
        half = plateau / 2
        if samples[0][1] < SHARP * plateau:
            start = max(start, _crossing(samples, half))
        if samples[-1][1] < SHARP * plateau:
            end = min(end, _crossing(samples[::-1], half) + 1)
        return start, max(end, start + 1)

    def confidence(self) -> float:
        weights = [max(s.end - s.start, 1) for s in self.segments]
        return sum(s.confidence * w for s, w in zip(self.segments, weights, strict=True)) / sum(weights)


def _text_score(a: Segment, b: Segment, size: tuple[int, int] | None, moved: bool) -> float:
    """Similarity of two reads; of a line that moved, a read at the left or right frame edge (a crawl) need
    only be part of the other, as long as that part is long enough to mean something."""
    ta, tb = norm(a.text), norm(b.text)
    if size is not None and moved:
        short, long = sorted((ta, tb), key=len)
        # The engine drops words the frame edge cuts, and now and then one it cannot read mid-line.
        if len(short) >= MIN_PART:
            return fuzz.partial_ratio(ta, tb)
        # A crawl's first read is a few letters at the right edge, its last a few at the left: a prefix or a
        # suffix of the fuller read next to it (the cut letter may be misread, so it is left out).
        if (
            (_at_side(a.box, size) or _at_side(b.box, size))
            and len(short) >= MIN_EDGE_PART
            and (long.startswith(short[:-1]) or long.endswith(short[1:]))
        ):
            return 100.0
    return fuzz.ratio(ta, tb)


def _other_numbers(a: str, b: str) -> bool:
    """Do two reads carry different numbers (digits two or more edits apart)? A line that stood still and is
    followed at its place by a like one with other figures (an invoice's number and date on the next invoice, a
    table cell's new value) was replaced, not re-read: a misread changes a digit, seldom two."""
    return Levenshtein.distance("".join(re.findall(r"\d", a)), "".join(re.findall(r"\d", b))) >= NUMBER_EDITS


def _at_side(box: Box, size: tuple[int, int]) -> bool:
    """Near the left or right frame edge: the engine drops a word the edge cuts, so "near" is a few heights."""
    x, _, w, h = box
    return x <= SIDE * h or x + w >= size[0] - SIDE * h


def _cut_across(box: Box, size: tuple[int, int]) -> bool:
    """Does the top or bottom frame edge cut the line? Its glyphs then reach the frame's first or last row, and so
    does every reader's box of them (the detector's box is clipped there). A box a few pixels short of the edge
    holds a whole line: the detector's box stands 10-16 pixels clear of the glyphs, so a corner bug 19 pixels from
    the top, read on the still layer, came within 3 pixels of it and was dropped for the whole clip."""
    return box[1] <= CUT_EDGE or box[1] + box[3] >= size[1] - CUT_EDGE


def track(
    segments: list[Segment],
    fps: float,
    size: tuple[int, int] | None = None,
    gap_seconds: float = 0.8,
    max_speed: float = 20.0,
) -> list[Track]:
    """Chain segments: similar text, starting within `gap_seconds` of a track's end, at a compatible place.

    With the frame `size`, reads of a line cut by the top or bottom edge are dropped: half a line's height of
    glyphs reads as different, wrong words (scrolling credits leave and enter there).
    """
    gap = max(round(gap_seconds * fps), 1)
    tracks: list[Track] = []
    if size is not None:
        # A letter or two at the left or right edge is a crawl's cut word, too little to tell which line it is.
        segments = [
            s
            for s in segments
            if not _cut_across(s.box, size) and not (_at_side(s.box, size) and len(norm(s.text)) < MIN_EDGE_PART)
        ]
    for seg in sorted(segments, key=lambda s: (s.start, s.box[1], s.box[0])):
        best, best_score = None, 0.0
        for tr in tracks:
            last = tr.last
            moved = abs(seg.box[0] - last.box[0]) > MOVED or abs(seg.box[1] - last.box[1]) > MOVED
            # A moving line closes at every look, so one missed read leaves a gap of two look intervals.
            if not (last.end - gap * 4 <= seg.start <= last.end + (2 * gap if moved else gap)):
                continue
            # A line that stood still is matched on its whole text even when the next read's box is shifted: a part
            # of it read as a whole line is the moving lines' allowance (a crawl cut by the frame edge), and would
            # chain a still line to a similar one at the same place on the next page.
            still = last.end - last.start > STILL_SECONDS * fps
            score = _text_score(seg, last, size, moved and not still)
            if score < SAME_TEXT or (still and _other_numbers(seg.text, last.text)):
                continue
            # Far from where the track was, the read is the same line only if the line was moving: a line that
            # stood still until a cut and a similar one elsewhere after it (credits pages) are two lines.
            if seg.box.iou(last.box) < 0.3 and (
                still or not _plausible_move(last.box, seg.box, seg.start - last.start, max_speed)
            ):
                continue
            if score > best_score:
                best, best_score = tr, score
        if best is None:
            tracks.append(Track([seg]))
        else:
            best.segments.append(seg)
    return tracks


def _crossing(samples: list[tuple[int, float]], level: float) -> int:
    """The frame where contrast first reaches `level`, walking the samples in the given order."""
    for (f0, c0), (f1, c1) in itertools.pairwise(samples):
        if c0 >= level:
            return f0
        if c1 >= level:
            return round(f0 + (level - c0) / (c1 - c0) * (f1 - f0))
    return samples[-1][0]


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
    start, end = tr.faded() if boxes is None else (tr.start, tr.end)
    return _View(tr, start, end, tr.text(), box, boxes)


def to_items(
    tracks: list[Track],
    fps: float,
    language: str,
    min_frames: int = 2,
    size: tuple[int, int] | None = None,
    frames: int | None = None,
) -> list[Item]:
    """Insight items, in order of first appearance; tracks of the same text at the same place become instances
    of one item.

    With the frame `size` and frame count, moving lines get a fitted path (see `motion`).
    """
    groups: list[list[_View]] = []
    for tr in sorted(tracks, key=lambda t: t.start):
        if tr.end - tr.start < min_frames:
            continue  # a one-frame read is almost always a transition artefact
        if (
            size is not None
            and len(tr.segments) == 1
            and _at_side(tr.segments[0].box, size)
            and tr.end - tr.start < BLIP_SECONDS * fps
        ):
            continue  # a crawl's cut word read once and never again: too little to place or to name a line
        view = _view(tr, fps, size, frames)
        for group in groups:
            head = group[0]
            if (
                head.boxes is None
                and view.boxes is None
                and norm(head.text) == norm(view.text)
                and head.box.iou(view.box) > 0.5
            ):
                group.append(view)
                break
        else:
            groups.append([view])
    items = []
    for group in sorted(groups, key=lambda g: g[0].start):
        head = group[0]
        instances = tuple(
            Instance(start / fps, end / fps, tuple((f / fps, b) for f, b in view.boxes or ()))
            for start, end, view in _appearances(group)
        )
        conf = sum(v.track.confidence() for v in group) / len(group)
        items.append(Item(head.text, conf, language, tuple(head.box), instances))
    return items


def _appearances(group: list[_View]) -> list[tuple[int, int, _View]]:
    """(start, end, view) of each appearance of one item, in time order. A still line is shown once at a time:
    two tracks of it that overlap in time (a second read of the line that did not chain to the first, whose start
    was walked back further) are one appearance, not a line shown twice. Moving lines are alone in their group."""
    out: list[tuple[int, int, _View]] = []
    for view in sorted(group, key=lambda v: v.start):
        if out and view.boxes is None and out[-1][2].boxes is None and view.start < out[-1][1]:
            start, end, first = out[-1]
            out[-1] = (start, max(end, view.end), first)
        else:
            out.append((view.start, view.end, view))
    return out
