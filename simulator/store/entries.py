"""Entries (media clips): documents keyed by Kaltura's `0_xxxxxxxx` ids, filtered by partner."""

from __future__ import annotations

import secrets
import sqlite3
import string
from typing import Any

from simulator.store.db import DocTable

TABLE = DocTable("entries", {"partnerId": "INTEGER", "status": "TEXT"}, text_id=True)

_ALPHABET = string.ascii_lowercase + string.digits


def new_id(conn: sqlite3.Connection, table: DocTable = TABLE) -> str:
    """Kaltura-shaped object id: data-centre prefix, underscore, eight base-36 characters."""
    while True:
        candidate = "0_" + "".join(secrets.choice(_ALPHABET) for _ in range(8))
        if table.get(conn, candidate) is None:
            return candidate


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    doc.setdefault("id", new_id(conn))
    TABLE.insert(conn, doc)
    return doc


def get(conn: sqlite3.Connection, entry_id: str, partner_id: int | None = None) -> dict[str, Any] | None:
    doc = TABLE.get(conn, entry_id)
    if doc is None or (partner_id is not None and doc.get("partnerId") != partner_id):
        return None
    return doc


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    TABLE.update(conn, doc)


def for_partner(conn: sqlite3.Connection, partner_id: int) -> list[dict[str, Any]]:
    return TABLE.find(conn, "partnerId = ?", (partner_id,), order="rowid")
