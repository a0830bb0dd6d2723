"""Moving text (scrolling credits, ticker crawls): one constant-velocity path per line, its on-screen interval,
and its text from the reads the frame edge did not cut.

A moving line is read every half second, and every read sees a different part of it near the frame edges. The
truth of such a line covers every frame where any of its ink is inside the frame, so the interval comes from the
fitted path (where the box meets the frame), and the text from whole reads; a read cut by the edge counts only
when no whole read exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from vendor.ocr.box import Box

EDGE = 3  # pixels: a read box this close to the frame edge is cut by it
MIN_SPEED = 8.0  # pixels per second: slower boxes are static text that jitters
AGREE = 0.5  # the two edges' velocities of a moving box differ by less than this share of the larger
REACH_SECONDS = 1.0  # how far past its first/last read a path may extend (beyond crossing its own size)


@dataclass(frozen=True)
class Path:
    """Box of the line at frame f: (left0 + vx*(f - f0), top0 + vy*(f - f0), width, height)."""

    f0: int
    left0: float
    top0: float
    vx: float  # pixels per frame
    vy: float
    width: float
    height: float

    def box(self, f: float) -> Box:
        return (
            round(self.left0 + self.vx * (f - self.f0)),
            round(self.top0 + self.vy * (f - self.f0)),
            round(self.width),
            round(self.height),
        )

    def on_screen(self, size: tuple[int, int]) -> tuple[float, float]:
        """Frames [first, last) where the box overlaps the frame (unbounded ends as +-inf)."""
        lo, hi = -np.inf, np.inf
        for p0, v, extent, limit in (
            (self.left0, self.vx, self.width, size[0]),
            (self.top0, self.vy, self.height, size[1]),
        ):
            # p0 + v*(f - f0) < limit  and  p0 + v*(f - f0) + extent > 0
            if abs(v) < 1e-9:
                continue
            a, b = (limit - p0) / v, (-extent - p0) / v
            lo, hi = max(lo, min(a, b) + self.f0), min(hi, max(a, b) + self.f0)
        return lo, hi


def cut(box: Box, size: tuple[int, int]) -> tuple[bool, bool, bool, bool]:
    """Which frame edges (left, top, right, bottom) cut the box."""
    x, y, w, h = box
    return x <= EDGE, y <= EDGE, x + w >= size[0] - EDGE, y + h >= size[1] - EDGE


def _word(text: str, index: int) -> str:
    words = [re.sub(r"^\W+|\W+$", "", w) for w in text.lower().split()]
    return words[index] if words else ""


def fit(reads: list[tuple[int, Box, str]], fps: float, size: tuple[int, int], text: str) -> Path | None:
    """A constant-velocity path through the reads (frame, box, text) of a line whose text is `text`, or None
    when the line does not move.

    Only box edges the frame did not cut are evidence: a crawl entering on the right shows its true left edge,
    one leaving on the left its true right edge. A word the frame cut is often dropped by the engine, leaving the
    box short of the edge, so a left (right) edge counts only when the read starts (ends) with the line's first
    (last) word.
    """
    if len(reads) < 2:
        return None
    frames = np.array([f for f, _, _ in reads], float)
    if frames.max() - frames.min() < 1:
        return None
    first_word, last_word = _word(text, 0), _word(text, -1)
    edges: dict[str, list[tuple[float, float]]] = {"left": [], "top": [], "right": [], "bottom": []}
    for f, box, read in reads:
        x, y, w, h = box
        c_left, c_top, c_right, c_bottom = cut(box, size)
        if not c_left and _word(read, 0) == first_word:
            edges["left"].append((f, x))
        if not c_right and _word(read, -1) == last_word:
            edges["right"].append((f, x + w))
        if not c_top:
            edges["top"].append((f, y))
        if not c_bottom:
            edges["bottom"].append((f, y + h))
    vx = _slope(edges["left"], edges["right"])
    vy = _slope(edges["top"], edges["bottom"])
    if max(abs(vx), abs(vy)) * fps < MIN_SPEED:
        return None
    boxes = [b for _, b, _ in reads]
    whole = [
        b
        for b, (_, _, read) in zip(boxes, reads, strict=True)
        if not any(cut(b, size)) and _word(read, 0) == first_word and _word(read, -1) == last_word
    ]
    width = max(b[2] for b in (whole or boxes))
    height = float(np.median([b[3] for b in (whole or boxes)]))
    f0 = int(frames.min())
    left0 = _anchor(edges["left"], edges["right"], vx, f0, width)
    top0 = _anchor(edges["top"], edges["bottom"], vy, f0, height)
    return Path(f0, left0, top0, vx, vy, float(width), height)


def _slope(near: list[tuple[float, float]], far: list[tuple[float, float]]) -> float:
    """Common velocity of two edges of one box (least squares per edge, weighted by span); 0 when the two edges
    disagree: a box that grows or shrinks on one side is a line read with more or less of its ends (a speck of
    footage taken for a quote mark, a letter lost), not a line that moves."""
    slopes, weights = [], []
    for pts in (near, far):
        if len(pts) >= 2:
            f = np.array([p[0] for p in pts])
            v = np.array([p[1] for p in pts])
            if f.max() - f.min() >= 1:
                slopes.append(float(np.polyfit(f, v, 1)[0]))
                weights.append(float(f.max() - f.min()))
    if len(slopes) == 2 and abs(slopes[0] - slopes[1]) > AGREE * max(abs(slopes[0]), abs(slopes[1])):
        return 0.0
    return float(np.average(slopes, weights=weights)) if slopes else 0.0


def _anchor(near: list[tuple[float, float]], far: list[tuple[float, float]], v: float, f0: int, extent: float) -> float:
    """The near edge at frame f0, from every uncut edge seen (far edges shifted by the extent)."""
    guesses = [p - v * (f - f0) for f, p in near] + [p - extent - v * (f - f0) for f, p in far]
    return float(np.median(guesses)) if guesses else 0.0


def interval(path: Path, first: int, last: int, fps: float, size: tuple[int, int], frames: int) -> tuple[int, int]:
    """[start, end) frames of a moving line seen from `first` to `last`: extended to where its box meets the
    frame edge, but no further than it could have moved unseen (its own size plus REACH_SECONDS)."""
    lo, hi = path.on_screen(size)
    speed = max(abs(path.vx), abs(path.vy), 1e-9)
    reach = max(path.width if abs(path.vx) >= abs(path.vy) else path.height, 1) / speed + REACH_SECONDS * fps
    start = max(int(np.ceil(lo)), first - int(reach), 0)
    end = min(int(np.ceil(hi)), last + int(reach), frames)
    return min(start, first), max(end, last)


def text_of(reads: list[tuple[str, float, Box]], size: tuple[int, int]) -> str:
    """The line's text: the best-voted whole read; with none whole (a crawl the video cuts off), the longest
    read, which holds the most of it."""
    votes: dict[str, float] = {}
    for text, conf, box in reads:
        if not any(cut(box, size)):
            votes[text] = votes.get(text, 0.0) + conf
    if votes:
        return max(votes, key=lambda t: votes[t])
    return max((r[0] for r in reads), key=len)
