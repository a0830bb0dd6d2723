"""Short synthetic clips with exact truth, drawn with OpenCV and encoded by ffmpeg.

The fixture package renders the real corpus; these clips are small on purpose so the OCR unit tests can make
their own in a second without depending on it. The truth follows the `reachsim/truth/v1` JSON format.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

FONT = cv2.FONT_HERSHEY_DUPLEX


@dataclass
class Caption:
    text: str
    start: float
    end: float
    left: int
    baseline: int  # y of the text baseline in pixels
    scale: float = 1.0
    color: tuple[int, int, int] = (255, 255, 255)
    plate: tuple[int, int, int] | None = (40, 40, 40)  # a solid plate behind the text, like a lower third
    speed_y: float = 0.0  # pixels per second, negative scrolls up


@dataclass
class Clip:
    name: str
    width: int = 640
    height: int = 360
    fps: int = 10
    duration: float = 6.0
    captions: list[Caption] = field(default_factory=list)
    moving_background: bool = False
    tags: list[str] = field(default_factory=lambda: ["clean"])


def _text_box(cap: Caption, t: float) -> tuple[int, int, int, int]:
    (w, h), base = cv2.getTextSize(cap.text, FONT, cap.scale, 2)
    y = round(cap.baseline + cap.speed_y * (t - cap.start))
    return cap.left, y - h, w, h + base


def _background(clip: Clip, n: int) -> np.ndarray:
    ys, xs = np.mgrid[0 : clip.height, 0 : clip.width]
    shift = n * 6 if clip.moving_background else 0
    base = (40 + 60 * (np.sin((xs + shift) / 37.0) * np.cos(ys / 23.0) + 1)).astype(np.uint8)
    return cv2.merge([base, (base * 0.6).astype(np.uint8), np.full_like(base, 90)])


def _draw(frame: np.ndarray, cap: Caption, t: float) -> None:
    left, top, w, h = _text_box(cap, t)
    if cap.plate is not None:
        cv2.rectangle(frame, (left - 10, top - 8), (left + w + 10, top + h + 8), cap.plate, -1)
    (_, th), _ = cv2.getTextSize(cap.text, FONT, cap.scale, 2)
    cv2.putText(frame, cap.text, (left, top + th), FONT, cap.scale, cap.color, 2, cv2.LINE_AA)


def render(clip: Clip, out_dir: Path) -> tuple[Path, Path]:
    """Encode the clip as H.264 MP4 and write its truth; returns (video, truth)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    video, truth = out_dir / f"{clip.name}.mp4", out_dir / f"{clip.name}.truth.json"
    frames = round(clip.duration * clip.fps)
    cmd = [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "bgr24",
        "-s",
        f"{clip.width}x{clip.height}",
        "-r",
        str(clip.fps),
        "-i",
        "pipe:0",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        "20",
        "-pix_fmt",
        "yuv420p",
        str(video),
    ]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    static_bg = _background(clip, 0)
    for n in range(frames):
        t = n / clip.fps
        frame = _background(clip, n) if clip.moving_background else static_bg.copy()
        for cap in clip.captions:
            if round(cap.start * clip.fps) <= n < round(cap.end * clip.fps):
                _draw(frame, cap, t)
        proc.stdin.write(frame.tobytes())
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError(f"ffmpeg failed to encode {clip.name}")
    truth.write_text(json.dumps(_truth(clip, frames), indent=1), encoding="utf-8")
    return video, truth


def _truth(clip: Clip, frames: int) -> dict:
    lines = []
    for i, cap in enumerate(clip.captions, start=1):
        f0, f1 = round(cap.start * clip.fps), min(round(cap.end * clip.fps), frames)
        left, top, w, h = _text_box(cap, f0 / clip.fps)
        path = None
        if cap.speed_y:
            path = [
                {"t": f / clip.fps, "left": b[0], "top": b[1], "width": b[2], "height": b[3]}
                for f in (f0, f1 - 1)
                for b in [_text_box(cap, f / clip.fps)]
            ]
        lines.append(
            {
                "id": f"L{i}",
                "text": cap.text,
                "language": "en",
                "kind": "scroll" if cap.speed_y else "static",
                "instances": [
                    {
                        "start": f0 / clip.fps,
                        "end": f1 / clip.fps,
                        "start_frame": f0,
                        "end_frame": f1,
                        "box": {"left": left, "top": top, "width": w, "height": h},
                        "path": path,
                    }
                ],
            }
        )
    return {
        "schema": "reachsim/truth/v1",
        "name": clip.name,
        "renderer": "bench.ocr.synthclip",
        "partial": False,
        "video": {
            "width": clip.width,
            "height": clip.height,
            "fps": clip.fps,
            "frames": frames,
            "duration": frames / clip.fps,
        },
        "tags": clip.tags,
        "lines": lines,
    }


def slides_clip(
    name: str = "synth-slides", width: int = 640, height: int = 360, fps: int = 10, duration: float = 6.0
) -> Clip:
    """Two slides with a title and bullets, and a lower third over the second one (off the sample grid)."""
    s = width / 640
    return Clip(
        name=name,
        width=width,
        height=height,
        fps=fps,
        duration=duration,
        captions=[
            Caption("Introduction to Signals", 0.0, 3.1, round(40 * s), round(70 * s), 1.1 * s, plate=None),
            Caption("Sampling and aliasing", 0.3, 3.1, round(60 * s), round(150 * s), 0.9 * s, plate=None),
            Caption("Fourier transforms explained", 3.1, duration, round(40 * s), round(70 * s), 1.1 * s, plate=None),
            Caption("Professor Ada Lovelace", 3.7, 5.3, round(60 * s), round(310 * s), 0.9 * s),
        ],
    )


def scroll_clip(name: str = "synth-scroll", fps: int = 10, duration: float = 5.0) -> Clip:
    """Credits scrolling up at 40 px/s over a static background."""
    caps = [
        Caption(text, 0.0, duration, 120, 300 + 60 * i, 0.9, speed_y=-40.0)
        for i, text in enumerate(["Directed by Grace Hopper", "Music by Alan Turing"])
    ]
    return Clip(name=name, fps=fps, duration=duration, captions=caps, tags=["clean"])
