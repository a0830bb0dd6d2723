"""The truth format and the catalog, without rendering any video."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fixtures import catalog, fonts, layout, truth
from fixtures.compose import FrameRenderer

SAMPLE = {
    "schema": "reachsim/truth/v1",
    "name": "sample",
    "renderer": "r",
    "partial": False,
    "video": {"width": 640, "height": 360, "fps": 25, "frames": 100, "duration": 4.0},
    "tags": ["hard"],
    "lines": [
        {
            "id": "T1",
            "text": "moving",
            "language": "en",
            "kind": "ticker",
            "instances": [
                {
                    "start": 0.4,
                    "end": 2.4,
                    "start_frame": 10,
                    "end_frame": 60,
                    "box": {"left": 630, "top": 300, "width": 100, "height": 20},
                    "path": [
                        {"t": 0.4, "left": 630, "top": 300, "width": 100, "height": 20},
                        {"t": 2.4, "left": -170, "top": 300, "width": 100, "height": 20},
                    ],
                }
            ],
        }
    ],
}


def _renderable(group: str) -> list[str]:
    return [n for n in catalog.names(group) if all(fonts.available(f) for f in catalog.get(n).fonts)]


def test_round_trip_keeps_the_json_exactly(tmp_path: Path) -> None:
    path = tmp_path / "sample.truth.json"
    path.write_text(json.dumps(SAMPLE), encoding="utf-8")
    assert json.loads(truth.dumps(truth.load(path))) == SAMPLE


def test_box_at_interpolates_the_path() -> None:
    doc = truth.from_dict(SAMPLE)
    instance = doc.lines[0].instances[0]
    assert doc.box_at(instance, 0.4) == truth.Box(630, 300, 100, 20)
    assert doc.box_at(instance, 1.4) == truth.Box(230, 300, 100, 20)  # halfway: 16 px per frame for 25 frames
    assert doc.box_at(instance, 9.0) == truth.Box(-170, 300, 100, 20)  # past the end: the last keyframe


def test_rejects_other_schemas() -> None:
    with pytest.raises(ValueError, match="schema"):
        truth.from_dict({**SAMPLE, "schema": "other/v9"})


def test_groups_and_lookup() -> None:
    assert len(catalog.names()) >= 12
    assert {"lecture-10min", "newsroom-2min"} == set(catalog.names("bench"))
    assert {"tiny-slide", "tiny-lowerthird", "tiny-notext"} <= set(catalog.names("tiny"))
    assert catalog.names("all") == catalog.names("catalog") + catalog.names("tiny") + catalog.names("bench")
    assert catalog.get("tiny-slide").name == "tiny-slide"
    with pytest.raises(catalog.UnknownFixture, match="nope"):
        catalog.get("nope")


def test_catalog_varies_resolution_and_fonts() -> None:
    specs = [catalog.get(n) for n in catalog.names()]
    assert {480, 720, 1080} <= {s.height for s in specs}
    assert len({ln.style.font for s in specs for ln in s.lines}) >= 4
    assert all(6.0 <= s.duration <= 15.0 for s in specs)


def test_bench_specs_are_pinned() -> None:
    lecture, news = catalog.get("lecture-10min"), catalog.get("newsroom-2min")
    assert (lecture.width, lecture.height, lecture.fps, lecture.duration) == (1280, 720, 30, 600.0)
    assert (news.width, news.height, news.fps, news.duration) == (1280, 720, 25, 120.0)
    doc = layout.build_truth(lecture)
    titles = sorted(i.start_frame for ln in doc.lines if ln.id.endswith("-t") for i in ln.instances)
    gaps = np.diff([*titles, lecture.frames]) / lecture.fps
    assert gaps.min() >= 10 and gaps.max() <= 30
    assert len(next(ln for ln in doc.lines if ln.id == "LT-name").instances) >= 3
    assert {"ticker", "static"} <= {ln.kind for ln in layout.build_truth(news).lines}


@pytest.mark.parametrize("name", catalog.names("all"))
def test_truth_is_consistent(name: str) -> None:
    spec = catalog.get(name)
    if not all(fonts.available(f) for f in spec.fonts):
        pytest.skip(f"{name} needs fonts {spec.fonts} (Debian package fonts-noto-cjk)")
    doc = layout.build_truth(spec)
    assert doc.to_dict() == layout.build_truth(spec).to_dict()  # same spec, same truth
    assert (doc.video.frames, doc.video.duration) == (spec.frames, spec.frames / spec.fps)
    assert ("hard" in doc.tags) != ("clean" in doc.tags)
    assert bool(doc.lines) != ("notext" in doc.tags)
    for line in doc.lines:
        assert line.kind in {"static", "fade", "scroll", "ticker"}
        for inst in line.instances:
            assert 0 <= inst.start_frame < inst.end_frame <= spec.frames
            assert inst.start == inst.start_frame / spec.fps and inst.end == inst.end_frame / spec.fps
            if line.kind in ("static", "fade"):
                assert inst.path is None
                box = inst.box
                assert box.left >= 0 and box.top >= 0
                assert box.left + box.width <= spec.width and box.top + box.height <= spec.height
            else:
                assert inst.path is not None and inst.path[0].box == inst.box
                assert (inst.path[0].t, inst.path[-1].t) == (inst.start, inst.end)


def _changed_outside(spec_name: str, frame: int) -> tuple[np.ndarray, list[tuple[truth.Box, np.ndarray]]]:
    """Pixels the text changed on `frame` outside every visible truth box, and each visible box's ink."""
    spec = catalog.get(spec_name)
    renderer = FrameRenderer(spec)
    changed = np.any(renderer.frame(frame) != renderer.frame(frame, text=False), axis=2)
    doc = layout.build_truth(spec)
    outside = changed.copy()
    inks = []
    for _, inst in doc.visible_at(frame):
        box = doc.box_at(inst, frame / spec.fps)
        left, top = int(box.left), int(box.top)
        region = (slice(max(top, 0), max(top + int(box.height), 0)), slice(max(left, 0), max(left + int(box.width), 0)))
        inks.append((box, changed[region].copy()))
        outside[region] = False
    return outside, inks


@pytest.mark.parametrize("name", _renderable("catalog") + _renderable("tiny"))
def test_drawn_ink_lies_exactly_in_the_truth_boxes(name: str) -> None:
    """On the renderer's own frames (before compression) ink is only inside visible boxes, and touches their
    edges (the boxes are tight). Frames inside a fade's ramp below 0.5 opacity are left to the video tests."""
    spec = catalog.get(name)
    doc = layout.build_truth(spec)
    frames = {0, spec.frames - 1}
    for line in doc.lines:
        for inst in line.instances:
            frames |= {inst.start_frame, (inst.start_frame + inst.end_frame) // 2, inst.end_frame - 1}
    fading = [ln for ln in spec.lines if ln.fade_frames]
    for frame in sorted(frames):
        if any(frame in layout.drawn_frames(ln) and layout.opacity(ln, frame) < 0.5 for ln in fading):
            continue
        outside, inks = _changed_outside(name, frame)
        assert not outside.any(), f"{name} frame {frame}: ink outside the truth boxes"
        for box, ink in inks:
            inside = box.left >= 0 and box.top >= 0
            if inside and box.left + box.width <= spec.width and box.top + box.height <= spec.height:
                assert ink[0].any() and ink[-1].any() and ink[:, 0].any() and ink[:, -1].any(), (name, frame, box)


def test_fade_crosses_half_opacity_at_the_interval_edges() -> None:
    for name in ("fade-titles", "tiny-fade"):
        spec = catalog.get(name)
        for line in spec.lines:
            assert layout.opacity(line, line.start_frame - 1) < 0.5 <= layout.opacity(line, line.start_frame)
            assert layout.opacity(line, line.end_frame) < 0.5 <= layout.opacity(line, line.end_frame - 1)


def test_missing_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(fonts._FONTS, "cjk-ja", (tmp_path / "absent.ttc", 0))
    fonts.load.cache_clear()
    try:
        with pytest.raises(fonts.FontUnavailable, match="fonts-noto-cjk"):
            fonts.load("cjk-ja", 20)
    finally:
        fonts.load.cache_clear()
