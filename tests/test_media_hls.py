"""simulator.media.hls: segments made once, nginx-vod playlists, kM3U8ManifestRenderer masters."""

from __future__ import annotations

import json
import math
import re
import subprocess
from pathlib import Path

import m3u8
import pytest

from simulator.media import MediaError
from simulator.media.hls import (
    MANIFEST_NAME,
    HlsRendition,
    MasterVariant,
    load_rendition,
    master_bandwidth,
    render_master_playlist,
    render_media_playlist,
    segment_flavor,
    segment_path,
)
from simulator.media.probe import MediaInfo, probe
from simulator.media.testclips import make_test_clip
from simulator.media.tracks import normalize_tracks
from simulator.media.transcode import AUDIO_ONLY_PARAMS_ID, MOBILE_PARAMS_ID, make_flavors

FPS = 25
SECONDS = 4


@pytest.fixture(scope="module")
def flavors(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    d = tmp_path_factory.mktemp("hls-src")
    clip = make_test_clip(d / "clip.mp4", seconds=SECONDS, width=640, height=360, fps=FPS)
    return {f.flavor_params_id: f.path for f in make_flavors(clip, d / "flavors")}


@pytest.fixture(scope="module")
def rendition(flavors: dict[int, Path], tmp_path_factory: pytest.TempPathFactory) -> HlsRendition:
    # 2 s segments give a 4 s clip two segments, so the playlist has more than one entry.
    return segment_flavor(flavors[MOBILE_PARAMS_ID], tmp_path_factory.mktemp("hls"), segment_seconds=2)


def _guide_download(rendition: HlsRendition, tracks: str, out: Path) -> MediaInfo:
    """The integration guide's command, against the rendered playlist written next to the segments."""
    (rendition.directory / "index.m3u8").write_text(render_media_playlist(rendition, tracks))
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(rendition.directory / "index.m3u8"),
            "-c",
            "copy",
            "-bsf:a",
            "aac_adtstoasc",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return probe(out)


def test_segments_written_once_per_track_set(rendition: HlsRendition) -> None:
    assert set(rendition.track_sets) == {"v1-a1", "v1", "a1"}
    assert rendition.default_tracks == "v1-a1"
    for tracks, segments in rendition.track_sets.items():
        assert [s.name for s in segments] == [f"seg-{i}-{tracks}.ts" for i in range(1, len(segments) + 1)]
        assert all((rendition.directory / s.name).stat().st_size == s.size for s in segments)
    # Key frames every 2 s in the flavor: video segments are cut exactly there.
    assert [round(s.duration, 3) for s in rendition.track_sets["v1-a1"]] == [2.0, 2.0]
    assert not list(rendition.directory.glob("*.m3u8")), "ffmpeg's own playlists are not left behind"


def test_guide_command_rebuilds_the_flavor(rendition: HlsRendition, flavors: dict[int, Path], tmp_path: Path) -> None:
    source = probe(flavors[MOBILE_PARAMS_ID])
    got = _guide_download(rendition, "v1-a1", tmp_path / "videoToProcess.mp4")
    assert got.has_video and got.has_audio
    assert (got.width, got.height, got.video_codec, got.audio_codec) == (320, 180, "h264", "aac")
    assert got.frame_count == source.frame_count == SECONDS * FPS
    assert got.duration == pytest.approx(source.duration, abs=1 / FPS)


@pytest.mark.parametrize(("tracks", "video", "audio"), [("v1", True, False), ("a1", False, True)])
def test_single_track_sets_hold_only_that_stream(
    rendition: HlsRendition, tmp_path: Path, tracks: str, video: bool, audio: bool
) -> None:
    got = _guide_download(rendition, tracks, tmp_path / f"{tracks}.mp4")
    assert (got.has_video, got.has_audio) == (video, audio)
    assert got.duration == pytest.approx(SECONDS, abs=2 / FPS)
    for segment in rendition.track_sets[tracks]:
        streams = json.loads(
            subprocess.run(
                [
                    "ffprobe",
                    "-v",
                    "error",
                    "-show_entries",
                    "stream=codec_type",
                    "-print_format",
                    "json",
                    str(rendition.directory / segment.name),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )["streams"]
        assert [s["codec_type"] for s in streams] == (["video"] if video else ["audio"])


def test_media_playlist_has_the_nginx_vod_shape(rendition: HlsRendition) -> None:
    text = render_media_playlist(rendition, "v1-a1")
    assert text.endswith("#EXT-X-ENDLIST\n")
    lines = text.splitlines()
    assert lines[:6] == [
        "#EXTM3U",
        "#EXT-X-TARGETDURATION:2",
        "#EXT-X-ALLOW-CACHE:YES",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-VERSION:3",
        "#EXT-X-MEDIA-SEQUENCE:1",
    ]
    body = lines[6:-1]
    assert len(body) == 2 * len(rendition.track_sets["v1-a1"])
    for n, (extinf, name) in enumerate(zip(body[0::2], body[1::2], strict=True), start=1):
        assert re.fullmatch(r"#EXTINF:\d+\.\d{3},", extinf)
        assert name == f"seg-{n}-v1-a1.ts"
    assert lines[-1] == "#EXT-X-ENDLIST"


@pytest.mark.parametrize("tracks", ["v1-a1", "a1-v1", "v1", "a1"])
def test_media_playlist_parses_with_m3u8(rendition: HlsRendition, tracks: str) -> None:
    playlist = m3u8.loads(render_media_playlist(rendition, tracks))
    canonical = normalize_tracks(tracks)
    assert playlist.is_endlist and playlist.playlist_type == "vod"
    assert playlist.media_sequence == 1 and playlist.version == 3
    assert [s.uri for s in playlist.segments] == [s.name for s in rendition.track_sets[canonical]]
    assert all(s.duration <= playlist.target_duration for s in playlist.segments)
    assert playlist.target_duration == math.ceil(max(s.duration for s in playlist.segments))
    assert sum(s.duration for s in playlist.segments) == pytest.approx(SECONDS, abs=0.1)


def test_tracks_values() -> None:
    assert [normalize_tracks(t) for t in ("v1-a1", "a1-v1", "v1", "a1")] == ["v1-a1", "v1-a1", "v1", "a1"]
    for bad in ("", "v2", "a0", "v1-v1", "v1-a1-v1", "v1a1", "x", "-", "v1-", "V1"):
        with pytest.raises(ValueError):
            normalize_tracks(bad)


def test_render_rejects_unknown_tracks(rendition: HlsRendition) -> None:
    with pytest.raises(ValueError):
        render_media_playlist(rendition, "v2")


def test_load_rendition_reads_back_the_manifest(rendition: HlsRendition) -> None:
    loaded = load_rendition(rendition.directory)
    assert loaded == rendition
    assert render_media_playlist(loaded, "a1") == render_media_playlist(rendition, "a1")
    manifest = (rendition.directory / MANIFEST_NAME).read_text()
    assert str(rendition.directory) not in manifest, "the manifest holds names only, so the directory can move"


def test_load_rendition_errors(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no HLS rendition"):
        load_rendition(tmp_path)
    (tmp_path / MANIFEST_NAME).write_text('{"schema": "reachsim/hls-rendition/v1", "trackSets": {"v9": []}}')
    with pytest.raises(MediaError, match="damaged"):
        load_rendition(tmp_path)


def test_segment_path_only_serves_known_segments(rendition: HlsRendition) -> None:
    d = rendition.directory
    assert segment_path(d, "seg-1-v1-a1.ts") == d / "seg-1-v1-a1.ts"
    assert segment_path(d, "seg-2-a1.ts") == d / "seg-2-a1.ts"
    for bad in (
        "seg-3-v1-a1.ts",
        "seg-0-v1.ts",
        MANIFEST_NAME,
        "../" + MANIFEST_NAME,
        "/etc/passwd",
        "seg-1-v1-a1.ts/../../x",
        "./seg-1-v1.ts",
        "",
        "seg-1-a1-v1.ts",
    ):
        assert segment_path(d, bad) is None, bad
    assert segment_path(d.parent / "nowhere", "seg-1-v1.ts") is None


def test_audio_only_flavor_has_only_the_audio_track_set(flavors: dict[int, Path], tmp_path: Path) -> None:
    rendition = segment_flavor(flavors[AUDIO_ONLY_PARAMS_ID], tmp_path)
    assert set(rendition.track_sets) == {"a1"} and rendition.default_tracks == "a1"
    assert len(rendition.track_sets["a1"]) == 1  # 10 s default segments, 4 s clip
    assert render_media_playlist(rendition, "a1").count("#EXTINF:") == 1
    for tracks in ("v1", "v1-a1"):
        with pytest.raises(ValueError):
            render_media_playlist(rendition, tracks)


def test_master_bandwidth_formula() -> None:
    assert master_bandwidth(1500, 25.0) == math.floor(1500 * 1024 * 188 / 184 + 25 * 188 * 4) == 1588191
    assert master_bandwidth(64, 0) == math.floor(64 * 1024 * 188 / 184)
    assert master_bandwidth(400, 29.97) == math.floor(400 * 1024 * 188 / 184 + 29.97 * 188 * 4)


def test_master_playlist() -> None:
    variants = [
        MasterVariant(
            bitrate=1500,
            width=1280,
            height=720,
            frame_rate=29.97,
            codecs="avc1.4d401f,mp4a.40.2",
            url="https://h/hls/p/1/sp/100/serveFlavor/entryId/0_e/v/1/ev/1/flavorId/0_a/name/a.mp4/index.m3u8",
        ),
        MasterVariant(bitrate=400, width=640, height=360, frame_rate=25.0, codecs="", url="b/index.m3u8"),
        MasterVariant(bitrate=64, width=0, height=0, frame_rate=0.0, codecs="", url="c/index.m3u8"),
    ]
    text = render_master_playlist(variants)
    assert text.splitlines() == [
        "#EXTM3U",
        "#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=1591928,RESOLUTION=1280x720,FRAME-RATE=29.970,"
        'CODECS="avc1.4d401f,mp4a.40.2"',
        variants[0].url,
        "#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=437304,RESOLUTION=640x360,FRAME-RATE=25.000",
        "b/index.m3u8",
        '#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=66960,CODECS="mp4a.40.2"',
        "c/index.m3u8",
    ]
    parsed = m3u8.loads(text)
    assert parsed.is_variant and len(parsed.playlists) == 3
    for variant, playlist in zip(variants, parsed.playlists, strict=True):
        info = playlist.stream_info
        assert info.bandwidth == math.floor(variant.bitrate * 1024 * 188 / 184 + variant.frame_rate * 188 * 4)
        assert info.program_id == 1 and playlist.uri == variant.url
    assert parsed.playlists[0].stream_info.resolution == (1280, 720)
    assert parsed.playlists[0].stream_info.frame_rate == pytest.approx(29.97)
    assert parsed.playlists[2].stream_info.resolution is None
    assert parsed.playlists[2].stream_info.codecs == "mp4a.40.2"
