"""Attachment and caption assets: rows keyed by Kaltura-shaped ids, files under `<data_dir>/assets/`.

One table holds both kinds (`kind` = "attachment" or "caption"), so the back door and the portal list an entry's
deliverables in one query. Each content version gets its own file; the row names the current one, so replacing
content swaps a pointer inside a transaction instead of rewriting a file a reader may be streaming.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from simulator.objects.model import KObject
from simulator.store import entries
from simulator.store.db import DocTable

TABLE = DocTable(
    "assets",
    {"partnerId": "INTEGER", "entryId": "TEXT", "kind": "TEXT", "status": "INTEGER"},
    text_id=True,
)

ATTACHMENT, CAPTION = "attachment", "caption"
ERROR, QUEUED, READY, DELETED = -1, 0, 2, 3

# A stored document also holds the simulator's own bookkeeping — kind, file, inspection, contentType — which no
# asset class declares, so KObject.from_doc leaves it out of the API object.


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    doc.setdefault("id", entries.new_id(conn, TABLE))
    TABLE.insert(conn, doc)
    return doc


def get(
    conn: sqlite3.Connection, asset_id: str, partner_id: int | None, kind: str | None = None
) -> dict[str, Any] | None:
    """A live asset of the partner (and kind); deleted ones are gone, as the real peer's default criteria hide them."""
    doc = TABLE.get(conn, asset_id)
    if doc is None or doc.get("partnerId") != partner_id or doc.get("status") == DELETED:
        return None
    if kind is not None and doc.get("kind") != kind:
        return None
    return doc


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    TABLE.update(conn, doc)


def find(conn: sqlite3.Connection, where: str, params: list[Any]) -> list[dict[str, Any]]:
    return TABLE.find(conn, where, params, order="rowid")


def for_entry(conn: sqlite3.Connection, entry_id: str) -> list[dict[str, Any]]:
    return TABLE.find(conn, "entryId = ? AND status != ?", (entry_id, DELETED), order="rowid")


def to_object(type_name: str, doc: dict[str, Any]) -> KObject:
    """The stored asset as its API class, without the bookkeeping keys."""
    return KObject.from_doc(type_name, doc)


def asset_dir(data_dir: Path) -> Path:
    path = data_dir / "assets"
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_path(data_dir: Path, doc: dict[str, Any]) -> Path | None:
    name = doc.get("file")
    return asset_dir(data_dir) / name if name else None
