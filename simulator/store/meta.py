"""Small key/value settings of the simulator itself (virtual clock offset, which seed was loaded)."""

from __future__ import annotations

import sqlite3
from typing import Any

from simulator.store import json_text
from simulator.store.db import register_schema

register_schema("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def get(conn: sqlite3.Connection, key: str, default: Any = None) -> Any:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return json_text.loads(row["value"]) if row else default


def put(conn: sqlite3.Connection, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json_text.dumps(value)),
    )
