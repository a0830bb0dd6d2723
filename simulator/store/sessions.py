"""Killed sessions (session.end, REACH access keys on READY), recorded by KS fingerprint."""

from __future__ import annotations

import sqlite3

from simulator.store.db import register_schema

register_schema("CREATE TABLE IF NOT EXISTS killed_sessions (fingerprint TEXT PRIMARY KEY, killed_at REAL NOT NULL)")


def kill(conn: sqlite3.Connection, fingerprint: str, now: float) -> None:
    conn.execute("INSERT OR IGNORE INTO killed_sessions (fingerprint, killed_at) VALUES (?, ?)", (fingerprint, now))


def is_killed(conn: sqlite3.Connection, fingerprint: str) -> bool:
    return conn.execute("SELECT 1 FROM killed_sessions WHERE fingerprint = ?", (fingerprint,)).fetchone() is not None
