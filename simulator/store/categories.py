"""Categories (flat or nested by parentId) and the entries assigned to them."""

from __future__ import annotations

import sqlite3
from typing import Any

from simulator.store.db import DocTable, register_schema

CATEGORIES = DocTable("categories", {"partnerId": "INTEGER", "status": "INTEGER"}, first_id=101)
register_schema(
    "CREATE TABLE IF NOT EXISTS category_entries (partnerId INTEGER NOT NULL, categoryId INTEGER NOT NULL,"
    " entryId TEXT NOT NULL, createdAt INTEGER NOT NULL, status INTEGER NOT NULL,"
    " PRIMARY KEY (categoryId, entryId))",
    "CREATE INDEX IF NOT EXISTS ix_category_entries_entry ON category_entries(entryId)",
)
ACTIVE, DELETED = 2, 3


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    CATEGORIES.insert(conn, doc)
    return doc


def get(conn: sqlite3.Connection, category_id: int, partner_id: int | None) -> dict[str, Any] | None:
    doc = CATEGORIES.get(conn, category_id)
    if doc is None or doc.get("partnerId") != partner_id or doc.get("status") == DELETED:
        return None
    return doc


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    CATEGORIES.update(conn, doc)


def for_partner(conn: sqlite3.Connection, partner_id: int) -> list[dict[str, Any]]:
    return CATEGORIES.find(conn, "partnerId = ? AND status != ?", (partner_id, DELETED))


def assign(conn: sqlite3.Connection, partner_id: int, category_id: int, entry_id: str, now: int) -> dict[str, Any]:
    conn.execute(
        "INSERT INTO category_entries (partnerId, categoryId, entryId, createdAt, status) VALUES (?, ?, ?, ?, ?)",
        (partner_id, category_id, entry_id, now, ACTIVE),
    )
    return {"partnerId": partner_id, "categoryId": category_id, "entryId": entry_id, "createdAt": now, "status": ACTIVE}


def assignment(conn: sqlite3.Connection, category_id: int, entry_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT * FROM category_entries WHERE categoryId = ? AND entryId = ?", (category_id, entry_id)
    ).fetchone()
    return dict(row) if row else None


def unassign(conn: sqlite3.Connection, category_id: int, entry_id: str) -> None:
    conn.execute("DELETE FROM category_entries WHERE categoryId = ? AND entryId = ?", (category_id, entry_id))


def assignments(conn: sqlite3.Connection, partner_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT * FROM category_entries WHERE partnerId = ? ORDER BY createdAt, entryId", (partner_id,)
    ).fetchall()
    return [dict(r) for r in rows]


def entry_count(conn: sqlite3.Connection, category_id: int) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM category_entries WHERE categoryId = ?", (category_id,)).fetchone()[0])
