"""Flavor assets: one document per flavor of an entry, with where its file and HLS rendition live.

Besides Kaltura's KalturaFlavorAsset fields a document holds `media` (the content-addressed directory under
`<data_dir>/media/` that ingest wrote), `file` (the flavor file in it), `hls` (its rendition directory, or
None when the flavor cannot be packaged as HLS) and `codecs` (RFC 6381, for the master playlist). Those are
not declared on the API type, so they never reach the wire.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from simulator.store import entries
from simulator.store.db import DocTable

TABLE = DocTable("flavor_assets", {"partnerId": "INTEGER", "entryId": "TEXT", "status": "INTEGER"}, text_id=True)

MEDIA_DIR = "media"


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    doc.setdefault("id", entries.new_id(conn, TABLE))
    TABLE.insert(conn, doc)
    return doc


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    TABLE.update(conn, doc)


def get(conn: sqlite3.Connection, flavor_id: str, partner_id: int | None = None) -> dict[str, Any] | None:
    doc = TABLE.get(conn, flavor_id)
    if doc is None or (partner_id is not None and doc.get("partnerId") != partner_id):
        return None
    return doc


def for_entry(conn: sqlite3.Connection, entry_id: str) -> list[dict[str, Any]]:
    """The entry's flavors, source first, in the order ingest made them."""
    return TABLE.find(conn, "entryId = ?", (entry_id,), order="rowid")


def find(conn: sqlite3.Connection, where: str, params: list[Any]) -> list[dict[str, Any]]:
    return TABLE.find(conn, where, params, order="rowid")


def remove_for_entry(conn: sqlite3.Connection, entry_id: str) -> None:
    conn.execute(f"DELETE FROM {TABLE.name} WHERE entryId = ?", (entry_id,))


def file_path(data_dir: Path, doc: dict[str, Any]) -> Path:
    return data_dir / MEDIA_DIR / doc["media"] / doc["file"]


def hls_dir(data_dir: Path, doc: dict[str, Any]) -> Path | None:
    return data_dir / MEDIA_DIR / doc["media"] / doc["hls"] if doc.get("hls") else None
