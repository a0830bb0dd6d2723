"""Cue points: rows keyed by Kaltura-shaped ids, filtered by partner and entry."""

from __future__ import annotations

import sqlite3
from typing import Any

from simulator.store import entries
from simulator.store.db import DocTable

TABLE = DocTable(
    "cue_points",
    {"partnerId": "INTEGER", "entryId": "TEXT", "cuePointType": "TEXT", "status": "INTEGER"},
    text_id=True,
)

READY, DELETED = 1, 2


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    doc.setdefault("id", entries.new_id(conn, TABLE))
    doc.setdefault("intId", conn.execute("SELECT COUNT(*) AS n FROM cue_points").fetchone()["n"] + 1)
    TABLE.insert(conn, doc)
    return doc


def get(conn: sqlite3.Connection, cue_point_id: str, partner_id: int | None) -> dict[str, Any] | None:
    doc = TABLE.get(conn, cue_point_id)
    if doc is None or doc.get("partnerId") != partner_id or doc.get("status") == DELETED:
        return None
    return doc


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    TABLE.update(conn, doc)


def find(conn: sqlite3.Connection, where: str, params: list[Any]) -> list[dict[str, Any]]:
    return TABLE.find(conn, where, params, order="rowid")
