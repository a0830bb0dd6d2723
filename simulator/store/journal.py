"""The request journal: every API and media request, in order, for the harness and the portal to read."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from simulator.store.db import register_schema

register_schema(
    """CREATE TABLE IF NOT EXISTS journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        time REAL NOT NULL,
        kind TEXT NOT NULL,
        service TEXT, action TEXT, path TEXT,
        partner_id INTEGER, ks_type INTEGER, ks_privileges TEXT, ks_user TEXT,
        client_tag TEXT, task_id INTEGER,
        result TEXT, http_status INTEGER, duration_ms REAL,
        extra TEXT)""",
    "CREATE INDEX IF NOT EXISTS ix_journal_task ON journal(task_id)",
)

COLUMNS = (
    "time",
    "kind",
    "service",
    "action",
    "path",
    "partner_id",
    "ks_type",
    "ks_privileges",
    "ks_user",
    "client_tag",
    "task_id",
    "result",
    "http_status",
    "duration_ms",
    "extra",
)


def append(conn: sqlite3.Connection, entry: dict[str, Any]) -> int:
    values = [json.dumps(entry[c]) if c == "extra" and entry.get(c) is not None else entry.get(c) for c in COLUMNS]
    cursor = conn.execute(
        f"INSERT INTO journal ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", values
    )
    return int(cursor.lastrowid or 0)


def since(conn: sqlite3.Connection, seq: int, limit: int = 1000) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)).fetchall()
    out = []
    for row in rows:
        entry = {k: row[k] for k in row.keys() if row[k] is not None}  # noqa: SIM118 (sqlite3.Row is not a dict)
        if "extra" in entry:
            entry["extra"] = json.loads(entry["extra"])
        out.append(entry)
    return out
