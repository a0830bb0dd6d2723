"""The journal table: every API and media request, in order (entries are shaped by simulator/journal.py)."""

from __future__ import annotations

import sqlite3
from typing import Any

from simulator.store import json_text
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


def append(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    """Insert one entry (keys are column names; simulator.journal.JournalEntry shapes them) and return its seq."""
    values = [json_text.dumps(v) if k == "extra" and v is not None else v for k, v in row.items()]
    cursor = conn.execute(f"INSERT INTO journal ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", values)
    return int(cursor.lastrowid or 0)


def since(conn: sqlite3.Connection, seq: int, limit: int = 1000) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)).fetchall()
    out = []
    for row in rows:
        entry = {k: row[k] for k in row.keys() if row[k] is not None}  # noqa: SIM118 (sqlite3.Row is not a dict)
        if "extra" in entry:
            entry["extra"] = json_text.loads(entry["extra"])
        out.append(entry)
    return out
