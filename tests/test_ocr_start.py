"""Where a line over footage starts: between the last full-resolution look without it and the first with it."""

import numpy as np

from vendor.ocr.box import Box
from vendor.ocr.decode import VideoInfo
from vendor.ocr.reader import ChunkReader


def _reader_with_looks(appears: int) -> tuple[ChunkReader, Box, np.ndarray, np.ndarray]:
    reader = ChunkReader(VideoInfo(320, 180, 25.0, 100, 4.0), engine=None, grid=6, base=12)  # type: ignore[arg-type]
    box = Box(40, 60, 120, 30)
    blank = np.full((180, 320), 90, np.uint8)
    shown = blank.copy()
    shown[66:84, 50:150:6] = 250  # glyph strokes
    for m in range(0, 43, 6):
        reader.looks.append((m, shown if m >= appears else blank))
    x, y, w, h = box
    mask = np.ones((h, w), bool)
    return reader, box, shown[y : y + h, x : x + w], mask


def test_a_line_starts_midway_between_the_last_look_without_it_and_the_first_with_it() -> None:
    reader, box, ref, mask = _reader_with_looks(appears=20)  # looks at 18 (without) and 24 (with)
    assert reader._layer_start(box, mask, ref, 42) == 21


def test_a_line_on_every_look_kept_starts_at_the_earliest() -> None:
    reader, box, ref, mask = _reader_with_looks(appears=0)
    assert reader._layer_start(box, mask, ref, 42) == 0
