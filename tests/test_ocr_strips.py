"""Reading over busy footage: overlapping strips, and which lines stand still among moving pixels."""

import cv2
import numpy as np

from vendor.ocr.box import Box
from vendor.ocr.change import still_layer
from vendor.ocr.reader import STRIP_OVERLAP, _cut_by_strip, _moving_edges, _still_ink, _strips


def test_strips_cover_the_frame_and_hold_any_line_up_to_the_overlap_whole():
    for height in (540, 720, 1080):
        strips = _strips(height)
        assert strips[0][0] == 0 and strips[-1][1] == height
        tallest = int(STRIP_OVERLAP * height) - 4  # a pixel either side counts as touching the strip edge
        for top in range(0, height - tallest):
            box = Box(10, top, 100, tallest)
            whole = [(y0, y1) for y0, y1 in strips if y0 <= top and top + tallest <= y1]
            assert any(not _cut_by_strip(box, y0, y1, height) for y0, y1 in whole)


def test_a_line_touching_an_inner_strip_edge_is_left_to_the_neighbouring_strip():
    assert _cut_by_strip(Box(0, 200, 50, 20), 0, 212, 540)
    assert _cut_by_strip(Box(0, 148, 50, 20), 148, 392, 540)
    assert not _cut_by_strip(Box(0, 520, 50, 20), 328, 540, 540)  # the frame's own edge


def _line(shift: int = 0) -> np.ndarray:
    img = np.full((60, 600), 40, np.uint8)
    cv2.putText(img, "Harbour bridge reopens", (20 + shift, 42), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 230, 3)
    return img


def test_an_overlay_is_still_ink_and_a_crawl_is_not_whatever_its_background():
    still_line = _line()
    _, mask = still_layer(still_line, still_line, still_line)
    assert _still_ink(still_line, mask) == 1.0
    # A crawl 8 px further at each look: only the background between and around its letters keeps its grey.
    _, mask = still_layer(_line(16), _line(8), _line())
    assert mask.mean() > 0.5
    assert _still_ink(_line(), mask) < 0.5


def test_moving_detail_is_counted_only_where_pixels_move():
    frame = np.tile(_line(), (6, 2))
    still = np.ones(frame.shape, bool)
    assert _moving_edges(frame, still) == 0.0
    assert _moving_edges(frame, ~still) > 0.03
