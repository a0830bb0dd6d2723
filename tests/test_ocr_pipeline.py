"""End to end on tiny synthetic clips: decode, change detection, engines, tracking, the CLI."""

import json
import subprocess

import pytest

from conformance import scoring
from fixtures import synthclip
from vendor import exporters, insight
from vendor.ocr import OCRError, run
from vendor.ocr import cli as ocr_cli


@pytest.fixture(scope="module")
def slides(tmp_path_factory):
    return synthclip.render(synthclip.slides_clip(), tmp_path_factory.mktemp("clips"))


@pytest.fixture(scope="module")
def scroll(tmp_path_factory):
    return synthclip.render(synthclip.scroll_clip(), tmp_path_factory.mktemp("clips"))


@pytest.mark.parametrize("mode", ["fast", "default"])
def test_slides_are_read_and_timed(slides, mode):
    video, truth_path = slides
    doc = run(video, ["eng"], mode=mode)
    insight.validate(doc)
    s = scoring.score(json.loads(truth_path.read_text()), doc)
    assert s["line_recall"] >= 0.8
    assert s["wer"] <= 0.2
    assert s["max_hard_cut_error"] <= 0.2  # boundary refinement makes hard cuts (near) frame-exact
    assert s["spurious_items"] == 0


def test_accurate_mode_reads_slides(slides):
    video, truth_path = slides
    doc = run(video, ["English"], mode="accurate")
    insight.validate(doc)
    assert scoring.score(json.loads(truth_path.read_text()), doc)["line_recall"] >= 0.8


def test_scrolling_credits_are_one_item_each(scroll):
    video, truth_path = scroll
    doc = run(video, ["eng"], mode="fast")
    insight.validate(doc)
    s = scoring.score(json.loads(truth_path.read_text()), doc)
    assert s["line_recall"] >= 0.8
    assert s["items_per_scrolling_line"] == 1


def test_two_workers_give_the_same_lines(slides):
    video, _ = slides
    one = run(video, ["eng"], mode="fast", workers=1)
    two = run(video, ["eng"], mode="fast", workers=2)
    assert sorted(i["text"] for i in one["ocr"]) == sorted(i["text"] for i in two["ocr"])


def test_library_errors(tmp_path, slides):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(OCRError, match="cannot read"):
        run(bad)
    audio = tmp_path / "audio.m4a"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=d=1", str(audio)], check=True)
    with pytest.raises(OCRError, match="no video"):
        run(audio)
    with pytest.raises(OCRError, match="not installed"):
        run(slides[0], ["Korean"])


def test_cli_writes_every_format(tmp_path, slides, capsys):
    for fmt in exporters.FORMATS:
        out = tmp_path / f"out.{fmt}"
        assert ocr_cli.main(["ocr", str(slides[0]), "-o", str(out), "--format", fmt, "--fast"]) == 0
        assert out.read_text().strip()
    doc = json.loads((tmp_path / "out.reachsim").read_text())
    insight.validate(doc)
    assert json.loads((tmp_path / "out.twelvelabs").read_text())["data"]
    assert (tmp_path / "out.vtt").read_text().startswith("WEBVTT")


def test_cli_errors_are_one_line(tmp_path, capsys):
    assert ocr_cli.main(["ocr", str(tmp_path / "missing.mp4")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("reachsim ocr: error:") and "\n" not in err and "Traceback" not in err
