"""HLS the way Kaltura delivers it: nginx-vod-module media playlists and segments, kM3U8ManifestRenderer masters.

`segment_flavor` runs once at ingest and writes MPEG-TS segments for every track set plus a JSON manifest
of their exact durations; playlists are rendered from that manifest, so requests never run ffmpeg.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from simulator.media._run import ffmpeg
from simulator.media.errors import MediaError
from simulator.media.probe import probe
from simulator.media.tracks import AUDIO, VIDEO, VIDEO_AUDIO, normalize_tracks

MANIFEST_NAME = "rendition.json"
MANIFEST_SCHEMA = "reachsim/hls-rendition/v1"
SEGMENT_PREFIX = "seg"  # nginx-vod's vod_hls_segment_file_name_prefix default
# ffmpeg's own playlists, read once for the segment durations and then removed.
_FFMPEG_PLAYLIST = ".ffmpeg-{tracks}.m3u8"
_EXTINF = re.compile(r"#EXTINF:([0-9.]+),")
_MAPS = {VIDEO_AUDIO: ["-map", "0:v:0", "-map", "0:a:0"], VIDEO: ["-map", "0:v:0"], AUDIO: ["-map", "0:a:0"]}


@dataclass(frozen=True)
class Segment:
    name: str  # e.g. "seg-1-v1-a1.ts", relative to the playlist
    duration: float  # seconds, as the muxer measured it
    size: int  # bytes


@dataclass(frozen=True)
class HlsRendition:
    """One flavor's segments on disk, per track set ("v1-a1", "v1", "a1")."""

    directory: Path
    segment_seconds: int
    track_sets: Mapping[str, tuple[Segment, ...]]

    @property
    def default_tracks(self) -> str:
        """What nginx-vod serves without a `tracks/` parameter: every track the flavor has."""
        return next(t for t in (VIDEO_AUDIO, VIDEO, AUDIO) if t in self.track_sets)

    def segments(self, tracks: str) -> tuple[Segment, ...]:
        """Segments of a track set given in any `tracks/` form; ValueError when the flavor lacks it."""
        canonical = normalize_tracks(tracks)
        if canonical not in self.track_sets:
            raise ValueError(f"tracks {tracks!r} not in this flavor (has {', '.join(self.track_sets)})")
        return self.track_sets[canonical]

    def segment_path(self, name: str) -> Path | None:
        """The file for a segment name this rendition has, else None (so nothing else is ever served)."""
        for segments in self.track_sets.values():
            for segment in segments:
                if segment.name == name:
                    path = self.directory / segment.name
                    return path if path.is_file() else None
        return None


@dataclass(frozen=True)
class MasterVariant:
    """One `#EXT-X-STREAM-INF` entry of a playManifest master playlist (a flavor)."""

    bitrate: int  # kbps, the flavor asset's bitrate
    width: int
    height: int
    frame_rate: float
    codecs: str  # RFC 6381 list, or "" when unknown
    url: str


def segment_name(index: int, tracks: str) -> str:
    """nginx-vod segment file name: 1-based index, then the track set ("seg-1-v1-a1.ts")."""
    return f"{SEGMENT_PREFIX}-{index}-{normalize_tracks(tracks)}.ts"


def segment_flavor(flavor_path: Path, out_dir: Path, *, segment_seconds: int = 10) -> HlsRendition:
    """Cut a flavor into MPEG-TS segments for each track set it supports, with stream copy (no re-encode).

    Segments start at key frames, so with the 2 s GOP of the transcoded flavors every segment but the last
    lasts exactly `segment_seconds` (an even number keeps that true). Writes MANIFEST_NAME in out_dir.
    """
    flavor_path = Path(flavor_path)
    out_dir = Path(out_dir)
    info = probe(flavor_path)
    track_sets = [VIDEO_AUDIO] if info.has_video and info.has_audio else []
    track_sets += [VIDEO] if info.has_video else []
    track_sets += [AUDIO] if info.has_audio else []
    out_dir.mkdir(parents=True, exist_ok=True)

    # One ffmpeg run, one output per track set: the input is read once.
    args: list[str | Path] = ["-i", flavor_path]
    for tracks in track_sets:
        args += [
            *_MAPS[tracks],
            *["-c", "copy", "-f", "hls", "-hls_list_size", "0"],
            *["-hls_playlist_type", "vod", "-hls_segment_type", "mpegts"],
            *["-hls_time", str(segment_seconds), "-start_number", "1"],
            "-hls_segment_filename",
            out_dir / f"{SEGMENT_PREFIX}-%d-{tracks}.ts",
            out_dir / _FFMPEG_PLAYLIST.format(tracks=tracks),
        ]
    ffmpeg(args, f"segmenting {flavor_path.name} failed")

    rendition = HlsRendition(
        directory=out_dir,
        segment_seconds=segment_seconds,
        track_sets={tracks: _read_ffmpeg_playlist(out_dir, tracks) for tracks in track_sets},
    )
    _write_manifest(rendition, flavor_path.name)
    return rendition


def _read_ffmpeg_playlist(out_dir: Path, tracks: str) -> tuple[Segment, ...]:
    playlist = out_dir / _FFMPEG_PLAYLIST.format(tracks=tracks)
    lines = playlist.read_text(encoding="utf-8").splitlines()
    playlist.unlink()
    segments = []
    for line, uri in itertools.pairwise(lines):
        match = _EXTINF.match(line)
        if match:
            segments.append(Segment(name=uri, duration=float(match.group(1)), size=(out_dir / uri).stat().st_size))
    expected = [segment_name(i, tracks) for i in range(1, len(segments) + 1)]
    if not segments or [s.name for s in segments] != expected:
        raise MediaError(f"segmenting for tracks {tracks} gave unexpected segments")
    return tuple(segments)


def _write_manifest(rendition: HlsRendition, flavor_name: str) -> None:
    data = {
        "schema": MANIFEST_SCHEMA,
        "flavor": flavor_name,
        "segmentSeconds": rendition.segment_seconds,
        "trackSets": {
            tracks: [{"name": s.name, "duration": s.duration, "size": s.size} for s in segments]
            for tracks, segments in rendition.track_sets.items()
        },
    }
    tmp = rendition.directory / (MANIFEST_NAME + ".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    tmp.replace(rendition.directory / MANIFEST_NAME)  # readers never see half a manifest


def load_rendition(out_dir: Path) -> HlsRendition:
    """The rendition `segment_flavor` wrote into out_dir; MediaError when there is none or it is damaged."""
    out_dir = Path(out_dir)
    try:
        data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        if data.get("schema") != MANIFEST_SCHEMA:
            raise ValueError("unknown schema")
        track_sets = {
            normalize_tracks(tracks): tuple(
                Segment(name=str(s["name"]), duration=float(s["duration"]), size=int(s["size"])) for s in segments
            )
            for tracks, segments in data["trackSets"].items()
        }
        return HlsRendition(directory=out_dir, segment_seconds=int(data["segmentSeconds"]), track_sets=track_sets)
    except FileNotFoundError as exc:
        raise MediaError(f"no HLS rendition in {out_dir.name}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise MediaError(f"damaged HLS rendition manifest in {out_dir.name}: {exc}") from exc


def segment_path(out_dir: Path, name: str) -> Path | None:
    """Map a requested segment file name to its file, or None: only names in the manifest are ever served,
    so "../x", absolute paths or the manifest itself cannot be fetched."""
    try:
        return load_rendition(out_dir).segment_path(name)
    except MediaError:
        return None


def _millis(seconds: float) -> int:
    return round(seconds * 1000)


def render_media_playlist(rendition: HlsRendition, tracks: str) -> str:
    """nginx-vod-module `index.m3u8` for one track set, in its exact layout (m3u8 version 3).

    EXTINF carries milliseconds with three decimals, as nginx-vod prints them. TARGETDURATION is the longest
    segment rounded up (nginx-vod prints its configured segment length instead; the two agree for the
    regular segments of transcoded flavors), so no EXTINF ever exceeds it (RFC 8216 4.3.3.1).
    """
    segments = rendition.segments(tracks)
    target = math.ceil(max(_millis(s.duration) for s in segments) / 1000)
    lines = [
        "#EXTM3U",
        f"#EXT-X-TARGETDURATION:{target}",
        "#EXT-X-ALLOW-CACHE:YES",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-VERSION:3",
        "#EXT-X-MEDIA-SEQUENCE:1",
    ]
    for segment in segments:
        ms = _millis(segment.duration)
        lines += [f"#EXTINF:{ms // 1000}.{ms % 1000:03d},", segment.name]
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def master_bandwidth(bitrate_kbps: int, frame_rate: float) -> int:
    """kM3U8ManifestRenderer: kbps scaled by the 188/184 TS packet overhead, plus 4 PES headers per frame."""
    exact = Fraction(bitrate_kbps * 1024 * 188, 184) + Fraction(repr(float(frame_rate))) * 188 * 4
    return math.floor(exact)


def render_master_playlist(variants: Sequence[MasterVariant]) -> str:
    """playManifest `format/applehttp` master playlist: one STREAM-INF and URL per flavor, in the given order."""
    lines = ["#EXTM3U"]
    for v in variants:
        attrs = [f"PROGRAM-ID=1,BANDWIDTH={master_bandwidth(v.bitrate, v.frame_rate)}"]
        if v.width > 0 and v.height > 0:
            attrs.append(f"RESOLUTION={v.width}x{v.height}")
        if v.frame_rate > 0:
            attrs.append(f"FRAME-RATE={v.frame_rate:.3f}")
        # Without a resolution the flavor is audio-only; players need its codec to not expect video.
        codecs = v.codecs or ("mp4a.40.2" if not (v.width > 0 and v.height > 0) else "")
        if codecs:
            attrs.append(f'CODECS="{codecs}"')
        lines += ["#EXT-X-STREAM-INF:" + ",".join(attrs), v.url]
    return "\n".join(lines) + "\n"
