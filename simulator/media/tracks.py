"""nginx-vod-module track selections (`tracks/v1-a1` path parameter, `-v1-a1` in segment names)."""

from __future__ import annotations

VIDEO_AUDIO = "v1-a1"
VIDEO = "v1"
AUDIO = "a1"
TRACK_SETS = (VIDEO_AUDIO, VIDEO, AUDIO)


def normalize_tracks(value: str) -> str:
    """Canonical track set for a `tracks/` value: "v1-a1" (also "a1-v1"), "v1" or "a1"; else ValueError.

    A flavor has at most one video and one audio track, so only track 1 of each kind exists. The canonical
    form puts video first because nginx-vod names segments in stream order (video, then audio).
    """
    parts = value.split("-")
    if not value or len(set(parts)) != len(parts) or not set(parts) <= {VIDEO, AUDIO}:
        raise ValueError(f"unsupported tracks value {value!r}: use v1-a1, v1 or a1")
    return "-".join(p for p in (VIDEO, AUDIO) if p in parts)
