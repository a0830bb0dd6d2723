"""Upload tokens: their rows, and their bytes on disk under `<data_dir>/uploads/`.

Chunks follow kUploadTokenMgr: a chunk sent with `resumeAt` is parked as `<token>.chunk.<offset>` and appended
once the file reaches its offset (so chunks may arrive out of order), `resumeAt=-1` appends at the end, and a
final chunk with `resumeAt > 0` must leave the file exactly `resumeAt + len(chunk)` long. Unlike the real server
the outcome of a chunk is planned from sizes alone before any byte moves, so a refused chunk changes nothing.

The row's `uploadedFileSize` is what was acknowledged, and it is the file's end: bytes past it belong to a chunk
whose request died before its row was saved (a killed server), and the next chunk cuts them off (`trim`), so a
resume with `resumeAt=-1` appends where the client was told the file ends.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from simulator.store.db import DocTable

TABLE = DocTable("upload_tokens", {"partnerId": "INTEGER", "userId": "TEXT", "status": "INTEGER"}, text_id=True)

PENDING, PARTIAL_UPLOAD, FULL_UPLOAD, CLOSED, TIMED_OUT, DELETED = 0, 1, 2, 3, 4, 5
BLOCK = 1024 * 1024  # copy unit: files are streamed, never held whole in memory

# Held from planning a chunk to saving its token's row, so two chunks of one token neither interleave their bytes
# nor save their sizes out of order. Applying chunks is short and rare.
WRITE_LOCK = threading.Lock()


def new_id(conn: sqlite3.Connection) -> str:
    """Kaltura-shaped upload token id: `0_` and sixteen hex digits."""
    while True:
        candidate = "0_" + secrets.token_hex(8)
        if TABLE.get(conn, candidate) is None:
            return candidate


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    doc.setdefault("id", new_id(conn))
    TABLE.insert(conn, doc)
    return doc


def get(conn: sqlite3.Connection, token_id: str, partner_id: int | None) -> dict[str, Any] | None:
    doc = TABLE.get(conn, token_id)
    if doc is None or doc.get("partnerId") != partner_id:
        return None
    return doc


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    TABLE.update(conn, doc)


def find(conn: sqlite3.Connection, where: str, params: list[Any]) -> list[dict[str, Any]]:
    return TABLE.find(conn, where, params, order="rowid")


# --- files ---------------------------------------------------------------------------------------------------


class TooLarge(Exception):
    """The bytes would pass the simulator's upload_max_bytes."""


def upload_dir(data_dir: Path) -> Path:
    path = data_dir / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_path(data_dir: Path, token_id: str) -> Path:
    return upload_dir(data_dir) / f"{token_id}.data"


def read_blocks(stream: IO[bytes]) -> Iterator[bytes]:
    while block := stream.read(BLOCK):
        yield block


def stage(blocks: Iterable[bytes], directory: Path, limit: int) -> Path:
    """Write blocks into a new file in `directory`; TooLarge (and no file left) past `limit` bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f".incoming-{secrets.token_hex(8)}"
    written = 0
    try:
        with target.open("wb") as out:
            for block in blocks:
                written += len(block)
                if written > limit:
                    raise TooLarge(written)
                out.write(block)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


@dataclass(frozen=True)
class Chunk:
    offset: int
    size: int
    path: Path


@dataclass(frozen=True)
class Plan:
    """What a chunk will do: the chunks appended in order, the final size, and what stays parked."""

    applied: tuple[Chunk, ...]
    size: int
    parked: tuple[Chunk, ...]


def parked_chunks(data_dir: Path, token_id: str) -> list[Chunk]:
    chunks = []
    for path in upload_dir(data_dir).glob(f"{token_id}.chunk.*"):
        offset = path.name.rsplit(".", 1)[-1]
        if offset.isdigit():
            chunks.append(Chunk(int(offset), path.stat().st_size, path))
    return chunks


def plan_merge(size: int, chunks: Iterable[Chunk]) -> Plan:
    """appendAvailableChunks by sizes: take a chunk that starts within (or at the end of) the file and grows it,
    or that starts at 0 (the server's backwards-compatible overwrite); chunks that can never grow it are dropped."""
    waiting = sorted(chunks, key=lambda c: c.offset)
    applied: list[Chunk] = []
    progress = True
    while progress:
        progress = False
        for chunk in waiting:
            if chunk.offset == 0 or chunk.offset <= size < chunk.offset + chunk.size:
                applied.append(chunk)
                waiting.remove(chunk)
                size = max(size, chunk.offset + chunk.size)
                progress = True
                break
    parked = tuple(c for c in waiting if c.offset + c.size > size)
    return Plan(tuple(applied), size, parked)


def apply(target: Path, plan: Plan, dropped: Iterable[Path] = ()) -> None:
    """Write the planned chunks into the token's file (each at its offset) and remove the consumed chunk files.
    The caller holds WRITE_LOCK."""
    mode = "r+b" if target.exists() else "w+b"
    with target.open(mode) as out:
        for chunk in plan.applied:
            out.seek(chunk.offset)
            with chunk.path.open("rb") as source:
                shutil.copyfileobj(source, out, BLOCK)
    for chunk in plan.applied:
        chunk.path.unlink(missing_ok=True)
    for path in dropped:
        path.unlink(missing_ok=True)


def trim(target: Path, size: int) -> None:
    """Cut the token's file back to its acknowledged size (see the module's note). The caller holds WRITE_LOCK."""
    if target.exists() and target.stat().st_size > size:
        os.truncate(target, size)


def park(staged: Path, data_dir: Path, token_id: str, offset: int) -> Path:
    parked = upload_dir(data_dir) / f"{token_id}.chunk.{offset}"
    os.replace(staged, parked)
    return parked


def remove_files(data_dir: Path, token_id: str) -> None:
    for path in upload_dir(data_dir).glob(f"{token_id}.*"):
        path.unlink(missing_ok=True)
