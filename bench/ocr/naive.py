"""Two 1-fps Tesseract baselines the engine is timed and scored against, in the same run.

- `script`: the naive script as it is usually written, and as issue 21 measured it (its figures, WER about 0.5 at
  under 1x realtime, are what this reproduces): OpenCV decodes every frame, one a second goes to pytesseract
  (`image_to_data` on the RGB frame: a `tesseract` process, a model load and a PNG per frame, OpenMP as
  installed), its words grouped into Tesseract's own lines.
- `tesserocr`: a stronger baseline, tuned the way `../shared/reference/video-ocr.md` recommends: in-process
  libtesseract on grey frames ffmpeg samples once a second, weak words dropped, lines from the engine's grouping.

Both make a new item whenever a line's text is not the same as a second before, and end it when the text goes.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytesseract

from vendor.languages import resolve
from vendor.ocr import decode
from vendor.ocr.engines import TesserocrEngine

Lines = dict[str, tuple[tuple[int, int, int, int], float]]  # text -> (x, y, w, h), confidence
Baseline = Callable[[Path], tuple[dict, float]]  # video -> (insight document without `video`, wall seconds)


def _document(samples: Iterator[tuple[int, Lines]]) -> dict:
    """An insight document from the lines seen at each second: an item per run of seconds a text stays on."""
    items: list[dict] = []
    open_items: dict[str, dict] = {}
    for second, seen in samples:
        for text in [t for t in open_items if t not in seen]:
            del open_items[text]
        for text, ((x, y, w, h), confidence) in seen.items():
            if text in open_items:
                open_items[text]["instances"][0]["end"] = float(second + 1)
                continue
            item = {
                "id": len(items) + 1,
                "text": text,
                "confidence": confidence,
                "language": "en-US",
                "left": x,
                "top": y,
                "width": w,
                "height": h,
                "angle": 0,
                "instances": [{"start": float(second), "end": float(second + 1)}],
            }
            items.append(item)
            open_items[text] = item
    return {"schema": "reachsim/ocr/v1", "video": {}, "ocr": items}


def _pytesseract_lines(rgb: np.ndarray) -> Lines:
    data = pytesseract.image_to_data(rgb, output_type=pytesseract.Output.DICT)
    grouped: dict[tuple[int, int, int], list[int]] = {}
    for k, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][k]) >= 0:
            grouped.setdefault((data["block_num"][k], data["par_num"][k], data["line_num"][k]), []).append(k)
    lines: Lines = {}
    for ks in grouped.values():
        x0 = min(data["left"][k] for k in ks)
        y0 = min(data["top"][k] for k in ks)
        x1 = max(data["left"][k] + data["width"][k] for k in ks)
        y1 = max(data["top"][k] + data["height"][k] for k in ks)
        text = " ".join(data["text"][k].strip() for k in ks)
        lines[text] = ((x0, y0, x1 - x0, y1 - y0), sum(float(data["conf"][k]) for k in ks) / len(ks) / 100)
    return lines


def script(video: Path) -> tuple[dict, float]:
    """The naive script: every frame decoded by OpenCV, pytesseract on one RGB frame a second."""
    t0 = time.perf_counter()
    cap = cv2.VideoCapture(str(video))
    step = max(1, round(cap.get(cv2.CAP_PROP_FPS) or 25))

    def samples() -> Iterator[tuple[int, Lines]]:
        index = 0
        while True:
            ok, frame = cap.read()
            if not ok:
                return
            if index % step == 0:
                yield index // step, _pytesseract_lines(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
            index += 1

    try:
        doc = _document(samples())
    finally:
        cap.release()
    return doc, time.perf_counter() - t0


def tesserocr(video: Path) -> tuple[dict, float]:
    """In-process Tesseract on the grey frame ffmpeg samples once a second."""
    info = decode.probe(video)
    t0 = time.perf_counter()
    eng = TesserocrEngine(resolve(["eng"]))
    cmd = ["ffmpeg", "-v", "error", "-nostdin", "-i", str(video), "-an", "-vf", "fps=1,format=gray"]
    proc = subprocess.Popen([*cmd, "-f", "rawvideo", "pipe:1"], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    size = info.width * info.height

    def samples() -> Iterator[tuple[int, Lines]]:
        second = 0
        while len(buf := proc.stdout.read(size)) == size:
            frame = np.frombuffer(buf, np.uint8).reshape(info.height, info.width)
            yield second, {line.text: (line.box, line.confidence) for line in eng.read(frame)}
            second += 1

    doc = _document(samples())
    proc.wait()
    return doc, time.perf_counter() - t0


BASELINES: dict[str, Baseline] = {"script": script, "tesserocr": tesserocr}
