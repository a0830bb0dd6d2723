"""The rendered MP4s: container facts, and decoded frames that agree with the truth (no OCR involved)."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import cv2
import numpy as np
import pytest

from fixtures import catalog, render, truth
from fixtures.compose import FrameRenderer

CacheEnv = Callable[[Path], AbstractContextManager[None]]
CHECKED = ["tiny-slide", "tiny-lowerthird", "tiny-ticker", "tiny-fade", "tiny-notext", "small-print"]
MARGIN = 3  # px the encoder's ringing and chroma subsampling may spread ink beyond its box
INK = 48  # luma difference that counts as text, well above H.264 noise at CRF 20


def _probe(path: Path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-count_frames", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {s["codec_type"]: s for s in json.loads(out)["streams"]}


def _decode(path: Path) -> list[np.ndarray]:
    """Every frame as luma (grey), in order."""
    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, bgr = capture.read()
        if not ok:
            break
        frames.append(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY).astype(np.int16))
    capture.release()
    return frames


def _region(box: truth.Box, shape: tuple[int, ...], margin: int = 0) -> tuple[slice, slice]:
    top, left = max(int(box.top) - margin, 0), max(int(box.left) - margin, 0)
    bottom = min(int(box.top + box.height) + margin, shape[0])
    right = min(int(box.left + box.width) + margin, shape[1])
    return slice(top, max(bottom, top)), slice(left, max(right, left))


@pytest.mark.parametrize("name", CHECKED)
def test_container_matches_the_spec(name: str, rendered: Callable[[str], render.RenderedFixture]) -> None:
    fixture = rendered(name)
    spec = fixture.spec
    streams = _probe(fixture.video)
    video, audio = streams["video"], streams["audio"]
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert (video["width"], video["height"]) == (spec.width, spec.height)
    assert video["r_frame_rate"] == f"{spec.fps}/1"
    assert int(video["nb_read_frames"]) == spec.frames
    assert float(video["duration"]) == pytest.approx(spec.duration, abs=0.5 / spec.fps)
    assert audio["codec_name"] == "aac"
    assert float(audio["duration"]) == pytest.approx(spec.duration, abs=0.05)
    doc = truth.load(fixture.truth)
    assert (doc.video.width, doc.video.height, doc.video.fps, doc.video.frames) == (
        spec.width,
        spec.height,
        spec.fps,
        spec.frames,
    )


@pytest.mark.parametrize("name", CHECKED)
def test_decoded_text_lies_in_the_truth_boxes(name: str, rendered: Callable[[str], render.RenderedFixture]) -> None:
    """Against the same frame drawn without text: what differs is inside a visible box (plus a margin), and
    every visible box shows ink."""
    fixture = rendered(name)
    doc = truth.load(fixture.truth)
    decoded = _decode(fixture.video)
    renderer = FrameRenderer(fixture.spec)
    for index in range(0, len(decoded), 3):
        plain = cv2.cvtColor(renderer.frame(index, text=False), cv2.COLOR_RGB2GRAY).astype(np.int16)
        ink = np.abs(decoded[index] - plain) > INK
        outside = ink.copy()
        for line in doc.lines:  # a fade's ramp below 0.5 opacity still puts ink in its (fixed) box
            if line.kind == "fade":
                for inst in line.instances:
                    outside[_region(inst.box, ink.shape, MARGIN)] = False
        for line, inst in doc.visible_at(index):
            box = doc.box_at(inst, index / doc.video.fps)
            outside[_region(box, ink.shape, MARGIN)] = False
            inside = ink[_region(box, ink.shape)]
            if inside.size:
                assert inside.mean() > 0.02, f"{name} frame {index}: no ink in the box of {line.text!r}"
        assert outside.sum() <= 2, f"{name} frame {index}: {outside.sum()} ink pixels outside the truth boxes"


@pytest.mark.parametrize("name", ["tiny-slide", "tiny-fade", "small-print"])
def test_boxes_change_exactly_at_start_and_end(name: str, rendered: Callable[[str], render.RenderedFixture]) -> None:
    """The frame before a line's start and the frame at its end differ from its visible frames inside its box."""
    fixture = rendered(name)
    doc = truth.load(fixture.truth)
    decoded = _decode(fixture.video)
    for line in doc.lines:
        for inst in line.instances:
            region = _region(inst.box, decoded[0].shape)
            pairs = [(inst.start_frame - 1, inst.start_frame), (inst.end_frame, inst.end_frame - 1)]
            for absent, present in pairs:
                if not 0 <= absent < len(decoded):
                    continue
                change = np.abs(decoded[present][region] - decoded[absent][region]).mean()
                assert change > 1.0, f"{name} {line.text!r}: frames {absent} and {present} look alike ({change:.2f})"
            if line.kind == "fade":
                # The interval holds the frames at opacity >= 0.5: its edges are brighter than their outside.
                assert decoded[inst.start_frame][region].mean() > decoded[inst.start_frame - 1][region].mean()
                assert decoded[inst.end_frame - 1][region].mean() > decoded[inst.end_frame][region].mean()


def test_same_spec_renders_the_same_truth_and_pictures(tmp_path: Path, use_cache: CacheEnv) -> None:
    outputs = []
    for run in ("a", "b"):
        with use_cache(tmp_path / run):
            fixture = render.ensure("tiny-fade")
        outputs.append((fixture.truth.read_bytes(), _decode(fixture.video)))
    (truth_a, frames_a), (truth_b, frames_b) = outputs
    assert truth_a == truth_b
    assert len(frames_a) == len(frames_b)
    assert max(int(np.abs(a - b).max()) for a, b in zip(frames_a, frames_b, strict=True)) <= 2


def test_cache_is_reused_and_out_dir_gets_copies(tmp_path: Path, session_cache: Path, use_cache: CacheEnv) -> None:
    with use_cache(session_cache):
        first = render.ensure("tiny-notext")
        stamp = first.video.stat().st_mtime_ns
        placed = render.ensure("tiny-notext", out_dir=tmp_path / "out")
    assert first.video.stat().st_mtime_ns == stamp  # not rendered again
    assert placed.video == tmp_path / "out" / "tiny-notext.mp4"
    assert placed.truth == tmp_path / "out" / "tiny-notext.truth.json"
    assert placed.video.read_bytes() == first.video.read_bytes()
    assert truth.load(placed.truth).tags == ("clean", "notext")


def _ensure_in(cache: str) -> str:
    os.environ["REACHSIM_CACHE_DIR"] = cache  # a spawned worker process: its environment is its own
    return str(render.ensure("tiny-notext").video)


def test_two_processes_rendering_one_fixture_agree(tmp_path: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        videos = pool.map(_ensure_in, [str(tmp_path)] * 2)
    assert videos[0] == videos[1]
    assert len(_decode(Path(videos[0]))) == catalog.get("tiny-notext").frames
    assert [p.name for p in (tmp_path / "fixtures").iterdir()] == [Path(videos[0]).parent.name]
