"""Running ffmpeg/ffprobe: argument lists only (no shell), errors turned into one-line MediaError."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from simulator.media.errors import MediaError

# Two threads per encoder: ingest runs encoders side by side, and the simulator shares the host with
# the vendor under test, so one clip must not take every core.
FFMPEG_THREADS = "2"
# Generous for the short clips the simulator handles; it only stops a wedged process.
TIMEOUT_SECONDS = 600


def last_line(text: str) -> str:
    """The last non-empty line of a tool's stderr: the one that says what went wrong."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no error output"


def run_tool(args: Sequence[str | Path], what: str) -> str:
    """Run ffmpeg or ffprobe; return stdout, raise MediaError("<what>: <last stderr line>") on failure."""
    argv = [str(a) for a in args]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except FileNotFoundError as exc:
        raise MediaError(f"{what}: {argv[0]} is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise MediaError(f"{what}: {argv[0]} did not finish in {TIMEOUT_SECONDS} s") from exc
    if done.returncode != 0:
        raise MediaError(f"{what}: {last_line(done.stderr)}")
    return done.stdout


def ffmpeg(args: Sequence[str | Path], what: str) -> None:
    """Run ffmpeg with the flags every call wants: no stdin, only errors, overwrite, modest threads."""
    run_tool(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args], what)
