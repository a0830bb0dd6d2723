"""What a media file holds, read with `ffprobe -print_format json`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from simulator.media._run import run_tool
from simulator.media.errors import MediaError

# RFC 6381 profile_idc + constraint flags for the H.264 profiles ffprobe names; HLS CODECS needs them.
_AVC_PROFILES = {
    "Constrained Baseline": "42C0",
    "Baseline": "4200",
    "Main": "4D40",
    "Extended": "5800",
    "High": "6400",
}


@dataclass(frozen=True)
class MediaInfo:
    """The facts Kaltura keeps about a flavor file (KalturaFlavorAsset) plus what HLS packaging needs."""

    duration: float  # seconds
    width: int  # 0 without video
    height: int
    fps: float  # 0.0 without video
    frame_count: int | None  # video frames, when the container records it
    video_codec: str | None  # ffprobe codec name, e.g. "h264"
    video_codec_tag: str | None  # the fourcc Kaltura calls videoCodecId, e.g. "avc1"
    video_profile: str | None
    video_level: int | None
    audio_codec: str | None  # e.g. "aac"
    audio_profile: str | None  # e.g. "LC" for AAC-LC
    audio_bitrate: int  # kbps of the audio stream alone; 0 when the container does not say
    audio_channels: int
    audio_sample_rate: int
    bitrate: int  # kbps, whole file
    format_name: str  # ffprobe's, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    major_brand: str | None  # ISO-BMFF brand, e.g. "isom": Kaltura's containerFormat for MP4 flavors
    size: int  # bytes

    @property
    def has_video(self) -> bool:
        return self.video_codec is not None

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None

    @property
    def codecs(self) -> str:
        """RFC 6381 codec list for an HLS CODECS attribute ("avc1.640028,mp4a.40.2"); "" when unknown."""
        parts = []
        if self.video_codec == "h264" and self.video_profile in _AVC_PROFILES and self.video_level:
            parts.append(f"avc1.{_AVC_PROFILES[self.video_profile]}{self.video_level:02X}".lower())
        if self.audio_codec == "aac":
            parts.append("mp4a.40.2")  # AAC-LC, the only AAC profile the simulator produces
        return ",".join(parts)


def probe(path: Path) -> MediaInfo:
    """Read a media file's streams and container; MediaError when ffprobe cannot, or finds no media."""
    path = Path(path)
    if not path.is_file():
        raise MediaError(f"cannot probe {path.name}: no such file")
    out = run_tool(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
        f"cannot probe {path.name}",
    )
    try:
        data = json.loads(out or "{}")
    except json.JSONDecodeError as exc:
        raise MediaError(f"cannot probe {path.name}: ffprobe gave unreadable output") from exc
    return _media_info(path, data)


def _media_info(path: Path, data: dict[str, Any]) -> MediaInfo:
    streams = data.get("streams") or []
    fmt = data.get("format") or {}
    # A cover picture is a "video" stream of one frame; it is not video for Kaltura or HLS.
    video = next(
        (s for s in streams if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")),
        None,
    )
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    if video is None and audio is None:
        raise MediaError(f"cannot probe {path.name}: no audio or video stream")

    duration = _float(fmt.get("duration")) or max((_float(s.get("duration")) for s in streams), default=0.0)
    size = int(fmt.get("size") or path.stat().st_size)
    bit_rate = _float(fmt.get("bit_rate")) or (size * 8 / duration if duration else 0.0)
    tag = (video or {}).get("codec_tag_string")
    return MediaInfo(
        duration=duration,
        width=int((video or {}).get("width") or 0),
        height=int((video or {}).get("height") or 0),
        fps=(_rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate"))) if video else 0.0,
        frame_count=int(video["nb_frames"]) if video and str(video.get("nb_frames", "")).isdigit() else None,
        video_codec=video.get("codec_name") if video else None,
        # ffprobe prints "[0][0][0][0]" when the container has no fourcc (e.g. MPEG-TS).
        video_codec_tag=tag if tag and not tag.startswith("[") else (video or {}).get("codec_name"),
        video_profile=(video or {}).get("profile"),
        video_level=int(video["level"]) if video and int(video.get("level", -99)) > 0 else None,
        audio_codec=audio.get("codec_name") if audio else None,
        audio_profile=(audio or {}).get("profile"),
        audio_bitrate=round(_float((audio or {}).get("bit_rate")) / 1000),
        audio_channels=int((audio or {}).get("channels") or 0),
        audio_sample_rate=int((audio or {}).get("sample_rate") or 0),
        bitrate=round(bit_rate / 1000),
        format_name=str(fmt.get("format_name") or ""),
        major_brand=(fmt.get("tags") or {}).get("major_brand", "").strip() or None,
        size=size,
    )


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]  # ffprobe JSON: any value; float() refusing it is the check
    except (TypeError, ValueError):
        return 0.0


def _rate(value: object) -> float:
    """ffprobe frame rates are fractions ("30000/1001"); "0/0" means unknown."""
    try:
        rate = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return 0.0
    return round(float(rate), 3)
