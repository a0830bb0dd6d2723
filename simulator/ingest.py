"""The one ingest path: a source file becomes an entry's flavors and HLS renditions, off the request thread.

An entry goes PRECONVERT ("1", Kaltura's converting state) when ingest starts, then READY ("2") with its
flavors, or ERROR_CONVERTING ("-1") when ffmpeg cannot read the source. What ffmpeg writes is stored under
`<data_dir>/media/<key>/`, where the key is a hash of the source bytes: the same file ingested twice (the demo
seed after every reset, say) is transcoded once, and serving later only reads those files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.media import MediaError
from simulator.media.hls import segment_flavor
from simulator.media.transcode import FlavorFile, make_flavors
from simulator.objects.entries import EntryStatus, MediaType
from simulator.objects.flavors import FlavorAssetStatus
from simulator.store import entries, flavors

if TYPE_CHECKING:
    from concurrent.futures import Future

    from simulator.runtime import Simulator

log = logging.getLogger("reachsim")

# Part of every media key: bump it when what ingest writes changes, so older directories are not reused.
INGEST_VERSION = "1"
FACTS_FILE = "ingest.json"
_HASH_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class PreparedMedia:
    """What ingest made of one source: its directory key, the source's facts and one dict per flavor."""

    key: str
    duration: float
    width: int
    height: int
    has_video: bool
    flavors: tuple[dict[str, Any], ...]


def media_key(source: Path, ext: str) -> str:
    digest = hashlib.sha256(f"reachsim-ingest-{INGEST_VERSION}-{ext}\n".encode())
    with source.open("rb") as stream:
        while block := stream.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()[:32]


def _extension(source: Path, file_name: str | None) -> str:
    """The upload's own extension (`clip.mp4`): stored uploads are `<token>.data`, which says nothing."""
    for candidate in (file_name or "", source.name):
        ext = Path(candidate).suffix.lstrip(".").lower()
        if ext.isalnum() and len(ext) <= 5 and ext != "data":
            return ext
    return "mp4"


def prepare(data_dir: Path, source: Path, file_name: str | None = None) -> PreparedMedia:
    """Flavors and HLS renditions of `source`, made now or found from an earlier ingest of the same bytes."""
    source = Path(source)
    if not source.is_file():
        raise MediaError(f"cannot ingest {source.name}: no such file")
    ext = _extension(source, file_name)
    key = media_key(source, ext)
    root = data_dir / flavors.MEDIA_DIR
    final = root / key
    if not (final / FACTS_FILE).is_file():
        work = root / f".work-{secrets.token_hex(6)}"
        try:
            _build(source, ext, work)
            try:
                os.rename(work, final)
            except OSError:  # another job finished the same source first; its result is identical
                if not (final / FACTS_FILE).is_file():
                    raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    facts = json.loads((final / FACTS_FILE).read_text(encoding="utf-8"))
    return PreparedMedia(
        key=key,
        duration=float(facts["duration"]),
        width=int(facts["width"]),
        height=int(facts["height"]),
        has_video=bool(facts["hasVideo"]),
        flavors=tuple(facts["flavors"]),
    )


def _build(source: Path, ext: str, work: Path) -> None:
    work.mkdir(parents=True)
    # make_flavors names the source flavor after the input's extension, so give it the upload's own.
    staged = work / f"input.{ext}"
    try:
        os.link(source, staged)
    except OSError:
        shutil.copyfile(source, staged)
    made = make_flavors(staged, work)
    staged.unlink()
    original = next(f for f in made if f.is_original)
    facts = {
        "duration": original.duration,
        "width": original.width,
        "height": original.height,
        "hasVideo": original.has_video,
        "flavors": [_flavor_facts(f, work) for f in made],
    }
    (work / FACTS_FILE).write_text(json.dumps(facts, indent=1), encoding="utf-8")


def _flavor_facts(flavor: FlavorFile, work: Path) -> dict[str, Any]:
    hls: str | None = f"hls-{flavor.flavor_params_id}"
    try:
        segment_flavor(flavor.path, work / str(hls))
    except MediaError:
        # Only a source flavor can fail here (a codec MPEG-TS cannot carry); Kaltura's packager would not
        # serve it as HLS either, so the flavor stays progressive-only.
        if not flavor.is_original:
            raise
        hls = None
    return {
        "flavorParamsId": flavor.flavor_params_id,
        "file": flavor.path.name,
        "hls": hls,
        "tags": flavor.tags,
        "width": flavor.width,
        "height": flavor.height,
        "bitrate": flavor.bitrate,
        "frameRate": flavor.frame_rate,
        "fileExt": flavor.file_ext,
        "containerFormat": flavor.container_format,
        "videoCodecId": flavor.video_codec_id,
        "codecs": flavor.codecs,
        "sizeInBytes": flavor.size,
        "duration": flavor.duration,
        "hasVideo": flavor.has_video,
        "hasAudio": flavor.has_audio,
        "isOriginal": flavor.is_original,
        "isWeb": flavor.is_web,
    }


def mark_converting(conn: sqlite3.Connection, entry: dict[str, Any], now: float) -> None:
    """The entry waits for its flavors (PRECONVERT, what Kaltura shows while converting)."""
    entry["status"] = EntryStatus.PRECONVERT
    entry["updatedAt"] = int(now)
    entries.save(conn, entry)


def submit(sim: Simulator, entry_id: str, source: Path, file_name: str | None = None) -> Future[None]:
    """Run ingest for an entry already marked converting, on the simulator's job workers."""
    return sim.submit(run, sim, entry_id, Path(source), file_name)


def run(sim: Simulator, entry_id: str, source: Path, file_name: str | None = None) -> None:
    """Job body: transcode, then record the flavors and make the entry READY, or ERROR_CONVERTING."""
    try:
        media = prepare(sim.config.data_dir, source, file_name)
    except MediaError as exc:
        log.info("ingest of %s failed: %s", entry_id, exc)
        _fail(sim, entry_id, str(exc))
        return
    except Exception as exc:  # an unexpected failure still ends the entry's conversion, and surfaces in tests
        log.exception("ingest of %s failed", entry_id)
        sim.record_error(exc)
        _fail(sim, entry_id, "internal error")
        return
    with sim.db.transaction() as conn:
        entry = entries.get(conn, entry_id)
        if entry is not None:  # a reset may have removed it while ffmpeg ran
            attach(conn, entry, media, sim.clock.now())


def _fail(sim: Simulator, entry_id: str, reason: str) -> None:
    with sim.db.transaction() as conn:
        entry = entries.get(conn, entry_id)
        if entry is not None:
            entry["status"] = EntryStatus.ERROR_CONVERTING
            entry["conversionError"] = reason  # not an API field; the back door's state view shows it
            entry["updatedAt"] = int(sim.clock.now())
            entries.save(conn, entry)


def attach(conn: sqlite3.Connection, entry: dict[str, Any], media: PreparedMedia, now: float) -> list[dict[str, Any]]:
    """Replace the entry's flavors with the prepared ones and make it READY with the source's facts."""
    flavors.remove_for_entry(conn, entry["id"])
    stamp = int(now)
    made = []
    for facts in media.flavors:
        doc = {
            "entryId": entry["id"],
            "partnerId": entry["partnerId"],
            "version": 1,
            "size": -(-int(facts["sizeInBytes"]) // 1024),  # KB, rounded up as Kaltura reports it
            "sizeInBytes": float(facts["sizeInBytes"]),
            "tags": facts["tags"],
            "fileExt": facts["fileExt"],
            "createdAt": stamp,
            "updatedAt": stamp,
            "description": "",
            "flavorParamsId": facts["flavorParamsId"],
            "width": facts["width"],
            "height": facts["height"],
            "bitrate": facts["bitrate"],
            "frameRate": facts["frameRate"],
            "isOriginal": facts["isOriginal"],
            "isWeb": facts["isWeb"],
            "containerFormat": facts["containerFormat"],
            "videoCodecId": facts["videoCodecId"],
            "status": FlavorAssetStatus.READY,
            "language": "Undefined",
            # internal: where the bytes are (see simulator.store.flavors)
            "media": media.key,
            "file": facts["file"],
            "hls": facts["hls"],
            "codecs": facts["codecs"],
            "hasVideo": facts["hasVideo"],
            "hasAudio": facts["hasAudio"],
        }
        made.append(flavors.add(conn, doc))
    ms = round(media.duration * 1000)
    entry.update(
        {
            "status": EntryStatus.READY,
            "mediaType": MediaType.VIDEO if media.has_video else MediaType.AUDIO,
            "duration": round(ms / 1000),
            "msDuration": ms,
            "width": media.width,
            "height": media.height,
            "flavorParamsIds": ",".join(str(f["flavorParamsId"]) for f in made),
            "updatedAt": stamp,
        }
    )
    entry.pop("conversionError", None)
    entries.save(conn, entry)
    return made
