"""Ingest-time transcoding: the flavors Kaltura's default conversion profile would make of an upload."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from simulator.media._run import FFMPEG_THREADS, ffmpeg
from simulator.media.probe import MediaInfo, probe

# flavorParams the simulator uses. Ids are Kaltura SaaS system flavorParams; tags and encoding settings
# follow kaltura/server deployment/base/scripts/init_data/04.flavorParams.ini.
SOURCE_PARAMS_ID = 0  # "Source": the upload as is; isOriginal
# "Basic/Small - WEB/MBL (H264/400)": height 360, H.264 400 kbps, AAC 64 kbps stereo 44.1 kHz.
# 487041 is its id on Kaltura SaaS (id 2 in an on-prem install's init data).
MOBILE_PARAMS_ID = 487041
MOBILE_TAGS = "mobile,web,mbr,iphone,iphonenew,ipad,ipadnew,dash"
# Kaltura ships no language-neutral audio-only flavorParams (its audio params are per-language
# alternate tracks tagged alt_audio); partners define their own, with large ids. This one is the
# simulator's; tags are Kaltura's audio-flavor tags without alt_audio, since this track is the main audio.
AUDIO_ONLY_PARAMS_ID = 1000001
AUDIO_ONLY_TAGS = "mobile,web,mbr,iphone,iphonenew,ipad,ipadnew,dash,audio_only"

MOBILE_MAX_HEIGHT = 360
KEYFRAME_SECONDS = 2  # fixed GOP so HLS segments (cut at key frames) come out regular
AUDIO_BITRATE = "64k"
AUDIO_RATE = "44100"
VIDEO_BITRATE = "400k"

# Containers browsers play progressively; a source in one of these (with H.264/AAC) is tagged "web".
_WEB_FORMATS = ("mp4", "mov")
_WEB_VIDEO = ("h264",)
_WEB_AUDIO = ("aac", "mp3")


@dataclass(frozen=True)
class FlavorFile:
    """One produced flavor and the KalturaFlavorAsset fields that describe it."""

    flavor_params_id: int
    path: Path
    is_original: bool
    tags: str
    width: int
    height: int
    bitrate: int  # kbps
    frame_rate: float
    file_ext: str
    container_format: str  # "isom" for MP4s, as Kaltura's media parser reports the brand
    video_codec_id: str  # "avc1"; "" for audio-only
    audio_codec: str  # "aac"; "" without audio
    codecs: str  # RFC 6381, for HLS CODECS
    size: int  # bytes
    duration: float  # seconds
    has_video: bool
    has_audio: bool

    @property
    def is_web(self) -> bool:
        return "web" in self.tags.split(",")


def make_flavors(source: Path, out_dir: Path) -> list[FlavorFile]:
    """Write the source copy, a 360p-or-smaller H.264/AAC MP4 and an AAC audio-only MP4 into out_dir.

    A source without video gives the source and the audio-only flavor; without audio, no audio-only flavor.
    Raises MediaError (one line, ffmpeg's own last words) when the source is unreadable or a step fails.
    """
    source = Path(source)
    info = probe(source)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    ext = _source_ext(source, info)
    source_copy = out_dir / f"flavor-{SOURCE_PARAMS_ID}.{ext}"
    shutil.copyfile(source, source_copy)  # Kaltura keeps the upload byte for byte as the source flavor
    flavors = [_flavor(SOURCE_PARAMS_ID, source_copy, info, is_original=True, tags=_source_tags(info))]

    jobs = []
    if info.has_video:
        jobs.append((MOBILE_PARAMS_ID, out_dir / f"flavor-{MOBILE_PARAMS_ID}.mp4", MOBILE_TAGS, _mobile_args(info)))
    if info.has_audio:
        audio_path = out_dir / f"flavor-{AUDIO_ONLY_PARAMS_ID}.m4a"
        jobs.append((AUDIO_ONLY_PARAMS_ID, audio_path, AUDIO_ONLY_TAGS, _AUDIO_ARGS))

    def encode(job: tuple[int, Path, str, list[str]]) -> FlavorFile:
        params_id, path, tags, args = job
        ffmpeg(["-i", source, *args, "-threads", FFMPEG_THREADS, "-f", "mp4", path], f"flavor {params_id} failed")
        return _flavor(params_id, path, probe(path), is_original=False, tags=tags)

    # The encoders are independent; running them side by side halves ingest time on a multi-core host.
    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        flavors.extend(pool.map(encode, jobs))
    return flavors


# Audio as Kaltura's audio flavors encode it: AAC-LC stereo 44.1 kHz at 64 kbps.
_AUDIO_ENCODE = ["-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ac", "2", "-ar", AUDIO_RATE]
_AUDIO_ARGS = ["-vn", "-sn", "-dn", "-map", "0:a:0", *_AUDIO_ENCODE, "-movflags", "+faststart"]


def _mobile_args(info: MediaInfo) -> list[str]:
    height = min(MOBILE_MAX_HEIGHT, info.height // 2)
    height -= height % 2  # H.264 4:2:0 needs even dimensions
    args = [
        *["-map", "0:v:0", "-sn", "-dn"],
        *["-vf", f"scale=-2:{max(height, 2)}"],
        *["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p"],
        *["-crf", "23", "-maxrate", VIDEO_BITRATE, "-bufsize", "1200k"],
        # Key frames exactly every KEYFRAME_SECONDS and nowhere else (no scene-cut key frames), so the
        # segmenter cuts every segment at the same spot for every track set.
        *["-force_key_frames", f"expr:gte(t,n_forced*{KEYFRAME_SECONDS})", "-sc_threshold", "0"],
        *["-movflags", "+faststart"],
    ]
    return args + (["-map", "0:a:0", *_AUDIO_ENCODE] if info.has_audio else ["-an"])


def _flavor(params_id: int, path: Path, info: MediaInfo, *, is_original: bool, tags: str) -> FlavorFile:
    return FlavorFile(
        flavor_params_id=params_id,
        path=path,
        is_original=is_original,
        tags=tags,
        width=info.width,
        height=info.height,
        bitrate=info.bitrate,
        frame_rate=info.fps,
        file_ext=path.suffix.lstrip("."),
        container_format=info.major_brand or info.format_name.split(",")[0],
        video_codec_id=(info.video_codec_tag or "") if info.has_video else "",
        audio_codec=info.audio_codec or "",
        codecs=info.codecs,
        size=info.size,
        duration=info.duration,
        has_video=info.has_video,
        has_audio=info.has_audio,
    )


def _source_ext(source: Path, info: MediaInfo) -> str:
    ext = source.suffix.lstrip(".").lower()
    if ext.isalnum() and len(ext) <= 5:
        return ext
    return info.format_name.split(",")[0] or "bin"


def _source_tags(info: MediaInfo) -> str:
    """Kaltura tags a source "web" only when it can be played as is (isWeb follows the tag)."""
    playable = (
        any(f in info.format_name.split(",") for f in _WEB_FORMATS)
        and (not info.has_video or info.video_codec in _WEB_VIDEO)
        and (not info.has_audio or info.audio_codec in _WEB_AUDIO)
    )
    return "source,web" if playable else "source"
