"""Probing a delivered flavor file (simulator.inspection.inspect_media): what the audio-track rules read."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from simulator.inspection import inspect_media


def encode(path: Path, *args: str) -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "anoisesrc=d=1:a=0.1", *args, str(path)], check=True
    )
    return path


@pytest.mark.parametrize("kbps", [64, 128])
def test_an_aac_lc_track_is_probed_with_its_audio_bitrate(tmp_path: Path, kbps: int) -> None:
    path = encode(tmp_path / "t.mp4", "-c:a", "aac", "-b:a", f"{kbps}k", "-f", "mp4")
    findings = inspect_media(path)
    media = findings["media"]
    assert findings["valid"] and findings["kind"] == "media" and findings["contentType"] == "audio/mp4"
    assert (media["audioCodec"], media["audioProfile"], media["videoCodec"]) == ("aac", "LC", None)
    assert abs(media["audioBitrate"] - kbps) <= kbps * 0.1
    assert "mp4" in media["formatName"].split(",") and media["codecs"] == "mp4a.40.2"
    assert findings["size"] == path.stat().st_size and len(findings["sha256"]) == 64


def test_an_mp3_track_says_mp3(tmp_path: Path) -> None:
    media = inspect_media(encode(tmp_path / "t.mp4", "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp4"))["media"]
    assert media["audioCodec"] == "mp3" and media["codecs"] == ""


def test_a_file_that_is_not_media_is_invalid_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "t.mp4"
    path.write_bytes(b"plain text, not a track\n")
    findings = inspect_media(path)
    assert findings["valid"] is False and "media" not in findings
    assert findings["errors"] and "cannot probe t.mp4" in findings["errors"][0]
