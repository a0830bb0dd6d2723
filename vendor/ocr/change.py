"""Change detection on grey thumbnails: which cells of the picture changed, and how far a crop moved."""

from __future__ import annotations

import cv2
import numpy as np

CELL = 8  # thumbnail pixels per change-detection cell side
PIXEL_DELTA = 18  # grey levels: film grain stays below, text edges go far above
CELL_FRACTION = 0.02  # share of a cell's pixels that must change for the cell to count as changed


def changed_cells(thumb: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Boolean grid of CELL x CELL cells where enough pixels moved by more than PIXEL_DELTA."""
    moved = np.abs(thumb.astype(np.int16) - ref.astype(np.int16)) > PIXEL_DELTA
    th, tw = moved.shape
    rows, cols = -(-th // CELL), -(-tw // CELL)
    padded = np.zeros((rows * CELL, cols * CELL), bool)
    padded[:th, :tw] = moved
    return padded.reshape(rows, CELL, cols, CELL).mean(axis=(1, 3)) > CELL_FRACTION


def mad(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute grey difference of two equal crops (0 for empty ones)."""
    return float(np.mean(np.abs(a.astype(np.int16) - b.astype(np.int16)))) if a.size else 0.0


FLICKER_GAIN = 1.3  # a brightness change of the whole crop within this factor is flicker, not the text changing


def steady_mad(now: np.ndarray, ref: np.ndarray) -> float:
    """`mad` after the best brightness and contrast match of `ref` to `now`: a backdrop that flickers (paper under
    a lamp, a pulsing gradient) moves every grey of the crop together, the text changing moves some greys only.
    A gain outside FLICKER_GAIN (a line fading out, or one on a flat crop) is judged without the match."""
    if now.size < 2:
        return mad(now, ref)
    x, y = ref.astype(np.float32).ravel(), now.astype(np.float32).ravel()
    spread = float(x.var())
    if spread < 1.0:
        return mad(now, ref)
    gain = float(np.mean((x - x.mean()) * (y - y.mean()))) / spread
    if not 1 / FLICKER_GAIN <= gain <= FLICKER_GAIN:
        return mad(now, ref)
    return min(mad(now, ref), float(np.mean(np.abs(y - (gain * (x - x.mean()) + y.mean())))))


def match_brightness(look: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """`look` scaled to the brightness of `ref` when the two differ by a flicker's gain (see FLICKER_GAIN): a
    flickering backdrop then stays still and only what really moves does."""
    a, b = float(np.median(ref[::8, ::8])), float(np.median(look[::8, ::8]))
    if a < 1 or b < 1 or not 1 / FLICKER_GAIN <= a / b <= FLICKER_GAIN or abs(a - b) < 1:
        return look
    return np.clip(look.astype(np.float32) * (a / b), 0, 255).astype(np.uint8)


INK_DELTA = 48  # grey levels, after 2x area averaging: glyphs appearing or leaving go far above, grain stays under
INK_SHARE = 0.04  # share of a crop's (masked) pixels that must move that much for its text to count as changed
MIN_BLOB = 60  # pixels: still islands smaller than this are footage that happened to keep its grey
TWO_TONE = 80  # grey levels between a still layer's 10th and 90th percentiles: letters and outline (or plate)
STATIC_SPAN = 24  # grey levels: a pixel whose range over the last looks stays under this is part of a still layer


def _half(a: np.ndarray) -> np.ndarray:
    h, w = a.shape[0] // 2 * 2, a.shape[1] // 2 * 2
    if h == 0 or w == 0:
        return a.astype(np.float32)
    return a[:h, :w].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3), dtype=np.float32)


def ink_changed(now: np.ndarray, ref: np.ndarray, mask: np.ndarray | None = None) -> bool:
    """Has the text in a full-resolution crop changed since `ref`? Thumbnails blur small dense text into grey
    bars that look alike from one page (or one table value) to the next; glyph-sized pixels do not."""
    moved = np.abs(_half(now) - _half(ref)) > INK_DELTA
    if mask is not None:
        keep = _half(mask.astype(np.float32)) > 0.5
        if not keep.any():
            return False
        return float(moved[keep].mean()) > INK_SHARE
    return bool(moved.size) and float(moved.mean()) > INK_SHARE


def still_layer(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(picture, mask) of what stays still across three looks (full-resolution grey): an overlay over footage
    that pans, zooms or flickers. Pixels that move are filled flat, so the engine sees the overlay alone; the
    picture is the median of the looks, so grain averages out too. Specks of footage that happened to keep
    their grey (smooth patches) are opened away and small islands dropped: a glyph with its outline is bigger.

    A layer of two tones (letters with an outline, a shadow or a plate) is filled with the grey of its rim, so
    the outline or plate merges with the fill and the letters stand out plainly (Tesseract often reads nothing
    in a letter outlined on mid grey); a layer of one tone (plain letters) is filled with the opposite grey."""
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    span = np.maximum(hi, c).astype(np.int16) - np.minimum(lo, c)
    opened = cv2.morphologyEx((span < STATIC_SPAN).astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= MIN_BLOB
    keep[0] = False  # the background label
    mask = keep[labels] if count > 1 else np.zeros(span.shape, bool)
    median = np.maximum(lo, np.minimum(hi, c))
    fill = 255
    if mask.any():
        values = median[mask]
        low, mid, high = np.percentile(values, (10, 50, 90))
        rim = mask & ~(cv2.erode(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0)
        fill = 0 if mid > 127 else 255  # plain letters (or nothing moves: no rim): the opposite of theirs
        if high - low > TWO_TONE and rim.any():  # letters with an outline, shadow or plate: the rim's grey
            fill = round(float(np.median(median[rim])))
    return np.where(mask, median, fill).astype(np.uint8), mask
