"""Entry thumbnails: the frame of an entry's video that `thumbnailUrl` names, as a JPEG.

`/p/{pid}/sp/{sp}/thumbnail/entry_id/{id}/version/{v}[/width/W][/height/H][/vid_sec/S][/ks/KS]` — the URL
`baseEntry` hands out and Kaltura's player asks for its poster (with `/width/…/height/…` appended). The frame is
taken with ffmpeg from the entry's source flavor at `vid_sec` (else 3 s in, or the middle of a shorter clip), fitted
inside width × height keeping its aspect (one of them alone scales the other), and kept under
`<data_dir>/thumbnails/` so the next request is a file read. Access is the delivery's: anonymous or a KS of the
partner, and an entry the caller may read.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from flask import Response, request, send_file

from simulator.delivery import access
from simulator.delivery.errors import BAD_QUERY, FLAVOR_NOT_FOUND, DeliveryError
from simulator.media import MediaError
from simulator.media._run import ffmpeg
from simulator.store import flavors

DEFAULT_SECOND = 3.0
MAX_SIDE = 4096
THUMB_DIR = "thumbnails"
_NUMERIC = ("width", "height", "vid_sec", "version")


def parse(path: str) -> dict[str, str]:
    """The key/value pairs after `/thumbnail/`, the query string's added; BAD_QUERY when they do not pair up."""
    _, _, rest = path.partition("/thumbnail/")
    parts = [unquote(p) for p in rest.split("/") if p]
    if len(parts) % 2:
        raise DeliveryError(BAD_QUERY)
    pairs = dict(zip(parts[::2], parts[1::2], strict=True))
    pairs.update({k: v for k, v in request.args.items() if k in _NUMERIC})
    if not pairs.get("entry_id"):
        raise DeliveryError(BAD_QUERY)
    return pairs


def _number(pairs: dict[str, str], key: str, limit: float) -> float | None:
    raw = pairs.get(key)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError as exc:
        raise DeliveryError(BAD_QUERY) from exc
    if not 0 <= value <= limit:
        raise DeliveryError(BAD_QUERY)
    return value


def answer(caller: access.Caller, partner_id: int, path: str) -> tuple[str, Response]:
    pairs = parse(path)
    width = _number(pairs, "width", MAX_SIDE)
    height = _number(pairs, "height", MAX_SIDE)
    second = _number(pairs, "vid_sec", 24 * 3600)
    access.authenticate(caller, partner_id, pairs.get("ks"))
    entry = access.readable_entry(caller, partner_id, pairs["entry_id"])
    ready = access.ready_flavors(caller, entry)
    if not ready:
        raise DeliveryError(FLAVOR_NOT_FOUND)
    source = ready[0]  # flavors.for_entry lists the source first
    duration = float(entry.get("msDuration") or 0) / 1000 or float(entry.get("duration") or 0)
    if second is not None:
        at = second
    else:
        at = DEFAULT_SECOND if not duration or duration >= 2 * DEFAULT_SECOND else duration / 2
    if duration:
        at = min(at, max(duration - 0.1, 0))  # the last frame rather than none
    return "thumbnail", send_file(
        _frame(caller, source, at, int(width or 0), int(height or 0)), mimetype="image/jpeg", max_age=3600
    )


def _scale(width: int, height: int) -> list[str]:
    if width and height:
        return ["-vf", f"scale={width}:{height}:force_original_aspect_ratio=decrease:force_divisible_by=2"]
    if width or height:
        return ["-vf", f"scale={width or -2}:{height or -2}"]
    return []


def _frame(caller: access.Caller, flavor: dict[str, Any], at: float, width: int, height: int) -> Path:
    data_dir = caller.sim.config.data_dir
    source = flavors.file_path(data_dir, flavor)
    directory = data_dir / THUMB_DIR
    kept = directory / f"{flavor['media']}-{source.stem}-{width}x{height}-{round(at * 1000)}.jpg"
    if kept.is_file():
        return kept
    directory.mkdir(parents=True, exist_ok=True)
    handle, staged = tempfile.mkstemp(suffix=".jpg", dir=directory, prefix=".staged-")
    os.close(handle)
    try:
        args: list[str | Path] = [
            "-ss",
            f"{at:.3f}",
            "-i",
            source,
            "-frames:v",
            "1",
            *_scale(width, height),
            "-q:v",
            "3",
            staged,
        ]
        ffmpeg(args, "thumbnail")
        if os.path.getsize(staged) == 0:  # a seek past the last frame writes nothing
            raise MediaError("thumbnail: no frame at that time")
        os.replace(staged, kept)  # atomic: a concurrent request reads a whole file or makes its own
    except MediaError as exc:
        raise DeliveryError(FLAVOR_NOT_FOUND) from exc
    finally:
        Path(staged).unlink(missing_ok=True)
    return kept
