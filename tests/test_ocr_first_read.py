"""The first read of a chunk defers the slower detector until the next look shows whether the picture stands still."""

import cv2
import numpy as np

from vendor.ocr import decode
from vendor.ocr.box import Box
from vendor.ocr.engines import Detect, Line
from vendor.ocr.reader import ChunkReader

INFO = decode.VideoInfo(width=640, height=360, fps=25.0, frames=250, duration=10.0)


class DetectorOnly:
    """Reads the caption only with its detector look, as RapidOCR reads outlined text Tesseract misses."""

    name = "detector-only"
    version = "test"

    def __init__(self) -> None:
        self.looks = 0

    def read(self, gray: np.ndarray, *, plain: bool = False, detect: Detect = True) -> list[Line]:
        if detect is False:
            return []
        self.looks += 1
        return [Line("Harbour bridge reopens", 0.95, Box(100, 160, 400, 40))] if gray.std() > 5 else []


def _frame(index: int, picture: np.ndarray, settled: bool = False) -> decode.Frame:
    tw, th = INFO.thumb_size
    thumb = cv2.resize(picture, (tw, th), interpolation=cv2.INTER_AREA)
    return decode.Frame(index, thumb, picture, settled=settled)


def _caption() -> np.ndarray:
    img = np.full((INFO.height, INFO.width), 90, np.uint8)
    cv2.putText(img, "Harbour bridge reopens", (100, 190), cv2.FONT_HERSHEY_DUPLEX, 1.2, 255, 3)
    return img


def test_a_still_picture_only_the_detector_reads_is_read_from_its_first_frame():
    engine = DetectorOnly()
    reader = ChunkReader(INFO, engine, grid=6, base=12)
    picture = _caption()
    reader.feed(_frame(0, picture))
    assert engine.looks == 0  # deferred: the picture might be footage
    reader.feed(_frame(249, picture, settled=True))  # the next look is the clip's last frame
    segments = reader.finish(_frame(249, picture), 250)
    assert engine.looks == 1
    assert [(s.text, s.start, s.end) for s in segments] == [("Harbour bridge reopens", 0, 250)]


def test_the_first_read_over_moving_footage_makes_no_detector_look():
    engine = DetectorOnly()
    reader = ChunkReader(INFO, engine, grid=6, base=12)
    rng = np.random.default_rng(0)
    for k in range(2):
        noise = cv2.GaussianBlur((rng.random((INFO.height, INFO.width)) * 255).astype(np.uint8), (0, 0), 3)
        reader.feed(_frame(6 * k, noise))
    assert engine.looks == 0
