"""Synthetic clips from ffmpeg's lavfi sources, for tests and benchmarks of the media layer."""

from __future__ import annotations

from pathlib import Path

from simulator.media._run import FFMPEG_THREADS, ffmpeg


def make_test_clip(
    path: Path,
    *,
    seconds: float = 3.0,
    width: int = 640,
    height: int = 360,
    fps: int = 25,
    video: bool = True,
    audio: bool = True,
) -> Path:
    """An H.264/AAC MP4 of `testsrc2` video and a 440 Hz `sine` tone, like a camera upload (High profile,
    B-frames, 48 kHz mono). Either stream can be left out; an audio-only clip is written as AAC in MP4."""
    if not (video or audio):
        raise ValueError("a clip needs video, audio or both")
    path = Path(path)
    args: list[str | Path] = []
    if video:
        args += ["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}"]
    if audio:
        args += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]
    if video:
        args += ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac", "-b:a", "96k"]
    ffmpeg([*args, "-t", str(seconds), "-threads", FFMPEG_THREADS, "-f", "mp4", path], f"test clip {path.name}")
    return path
