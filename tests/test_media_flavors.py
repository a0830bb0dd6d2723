"""simulator.media.probe and simulator.media.transcode against synthetic lavfi clips."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from simulator.media import MediaError
from simulator.media.probe import probe
from simulator.media.testclips import make_test_clip
from simulator.media.transcode import (
    AUDIO_ONLY_PARAMS_ID,
    AUDIO_ONLY_TAGS,
    MOBILE_PARAMS_ID,
    MOBILE_TAGS,
    SOURCE_PARAMS_ID,
    FlavorFile,
    make_flavors,
)

FPS = 25


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("clips")
    return {
        "av": make_test_clip(d / "av.mp4", seconds=3, width=640, height=360, fps=FPS),
        "small": make_test_clip(d / "small.mp4", seconds=2, width=320, height=240, fps=FPS),
        "hd": make_test_clip(d / "hd.mp4", seconds=1, width=1280, height=720, fps=FPS),
        "audio": make_test_clip(d / "audio.m4a", seconds=2, video=False),
        "video": make_test_clip(d / "video.mp4", seconds=2, width=320, height=240, fps=FPS, audio=False),
    }


@pytest.fixture(scope="module")
def av_flavors(clips: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[int, FlavorFile]:
    return {f.flavor_params_id: f for f in make_flavors(clips["av"], tmp_path_factory.mktemp("av-flavors"))}


def test_probe_reads_a_clip(clips: dict[str, Path]) -> None:
    info = probe(clips["av"])
    assert (info.width, info.height, info.fps) == (640, 360, 25.0)
    assert info.frame_count == 3 * FPS
    assert (info.video_codec, info.video_codec_tag, info.audio_codec) == ("h264", "avc1", "aac")
    assert info.has_video and info.has_audio
    assert info.duration == pytest.approx(3.0, abs=1 / FPS)
    assert info.size == clips["av"].stat().st_size
    assert info.bitrate > 0
    assert info.major_brand == "isom" and "mp4" in info.format_name.split(",")
    assert info.codecs.startswith("avc1.64") and info.codecs.endswith(",mp4a.40.2")


def test_probe_audio_only(clips: dict[str, Path]) -> None:
    info = probe(clips["audio"])
    assert not info.has_video and info.has_audio
    assert (info.width, info.height, info.fps, info.frame_count) == (0, 0, 0.0, None)
    assert info.codecs == "mp4a.40.2"


def test_probe_rejects_random_bytes(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(MediaError) as err:
        probe(junk)
    message = str(err.value)
    assert "junk.mp4" in message and "\n" not in message
    assert "Invalid data" in message or "moov atom not found" in message


def test_probe_rejects_a_file_without_streams(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello\n" * 10)
    with pytest.raises(MediaError, match=r"notes\.txt"):
        probe(text)


def test_probe_rejects_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no such file"):
        probe(tmp_path / "absent.mp4")


def test_three_flavors_with_kaltura_fields(av_flavors: dict[int, FlavorFile], clips: dict[str, Path]) -> None:
    assert set(av_flavors) == {SOURCE_PARAMS_ID, MOBILE_PARAMS_ID, AUDIO_ONLY_PARAMS_ID}
    source, mobile, audio = (av_flavors[i] for i in (SOURCE_PARAMS_ID, MOBILE_PARAMS_ID, AUDIO_ONLY_PARAMS_ID))

    # The source is the upload, byte for byte.
    assert source.is_original and source.tags == "source,web" and source.is_web
    assert source.path.read_bytes() == clips["av"].read_bytes()
    assert (source.width, source.height, source.file_ext) == (640, 360, "mp4")

    # Half of 360 is below the 360 cap; width follows the aspect ratio.
    assert not mobile.is_original and mobile.tags == MOBILE_TAGS
    assert (mobile.width, mobile.height, mobile.frame_rate) == (320, 180, 25.0)
    assert (mobile.video_codec_id, mobile.audio_codec, mobile.container_format) == ("avc1", "aac", "isom")
    assert mobile.file_ext == "mp4" and mobile.has_video and mobile.has_audio

    assert audio.tags == AUDIO_ONLY_TAGS and "audio_only" in audio.tags.split(",")
    assert not audio.has_video and audio.has_audio
    assert (audio.width, audio.height, audio.video_codec_id, audio.audio_codec) == (0, 0, "", "aac")
    assert audio.file_ext == "m4a" and audio.codecs == "mp4a.40.2"

    for flavor in (source, mobile, audio):
        assert flavor.path.is_file() and flavor.size == flavor.path.stat().st_size
        info = probe(flavor.path)
        assert (info.width, info.height, info.has_video, info.has_audio) == (
            flavor.width,
            flavor.height,
            flavor.has_video,
            flavor.has_audio,
        )
        assert flavor.duration == pytest.approx(source.duration, abs=1 / FPS)
    assert probe(mobile.path).frame_count == probe(source.path).frame_count


def test_mobile_flavor_has_a_key_frame_every_two_seconds(av_flavors: dict[int, FlavorFile]) -> None:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-skip_frame",
            "nokey",
            "-show_entries",
            "frame=pts_time",
            "-print_format",
            "json",
            str(av_flavors[MOBILE_PARAMS_ID].path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    times = [round(float(f["pts_time"]), 3) for f in json.loads(out)["frames"]]
    assert times == [0.0, 2.0]


def test_mobile_flavor_height_is_capped_at_360(clips: dict[str, Path], tmp_path: Path) -> None:
    mobile = next(f for f in make_flavors(clips["hd"], tmp_path) if f.flavor_params_id == MOBILE_PARAMS_ID)
    assert (mobile.width, mobile.height) == (640, 360)


def test_small_source_gives_half_size_rendition(clips: dict[str, Path], tmp_path: Path) -> None:
    mobile = next(f for f in make_flavors(clips["small"], tmp_path) if f.flavor_params_id == MOBILE_PARAMS_ID)
    assert (mobile.width, mobile.height) == (160, 120)


def test_audio_only_source_gives_only_audio_flavors(clips: dict[str, Path], tmp_path: Path) -> None:
    flavors = make_flavors(clips["audio"], tmp_path)
    assert [f.flavor_params_id for f in flavors] == [SOURCE_PARAMS_ID, AUDIO_ONLY_PARAMS_ID]
    assert all(not f.has_video and f.has_audio and f.width == 0 for f in flavors)
    assert flavors[0].file_ext == "m4a"


def test_video_only_source_gives_no_audio(clips: dict[str, Path], tmp_path: Path) -> None:
    flavors = make_flavors(clips["video"], tmp_path)
    assert [f.flavor_params_id for f in flavors] == [SOURCE_PARAMS_ID, MOBILE_PARAMS_ID]
    assert all(f.has_video and not f.has_audio and f.audio_codec == "" for f in flavors)


def test_unreadable_source_raises(tmp_path: Path) -> None:
    junk = tmp_path / "upload.mov"
    junk.write_bytes(os.urandom(2048))
    with pytest.raises(MediaError, match=r"upload\.mov"):
        make_flavors(junk, tmp_path / "out")
    assert not (tmp_path / "out").exists()
