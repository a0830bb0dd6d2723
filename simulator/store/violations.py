"""The violations table: REACH rule violations reported by the `--lint` journal follower (conformance/lint.py).
The simulator only keeps and serves them; it never evaluates a rule. `/__sim__/reset` clears them."""

from __future__ import annotations

import sqlite3
from typing import Any

from simulator.store.db import DocTable

TABLE = DocTable("violations", {"rule_id": "TEXT"})


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> int:
    return int(TABLE.insert(conn, dict(doc)))


def all_violations(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return TABLE.find(conn)
