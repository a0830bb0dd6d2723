"""The faults table: count-limited faults registered through `/__sim__/faults` (simulator/faults.py shapes them).

A row holds the fault as registered plus its two counters, `seen` (matching requests) and `met` (requests the
fault acted on). Being a table, `/__sim__/reset` clears it with everything else.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from simulator.store.db import DocTable

TABLE = DocTable("faults", {"spent": "INTEGER"})


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> int:
    return int(TABLE.insert(conn, {**doc, "seen": 0, "met": 0, "spent": 0}))


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    doc["spent"] = int(doc["met"] >= doc["times"])
    TABLE.update(conn, doc)


def live(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Faults that may still act, oldest first."""
    return TABLE.find(conn, "spent = 0")


def any_live(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM faults WHERE spent = 0 LIMIT 1").fetchone() is not None


def all_faults(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return TABLE.find(conn)


def clear(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM faults")


def met_at(conn: sqlite3.Connection, fault_id: int) -> list[int]:
    """Journal seqs of the requests this fault acted on (each such entry carries `extra.fault.id`)."""
    rows = conn.execute(
        "SELECT seq FROM journal WHERE extra IS NOT NULL AND json_extract(extra, '$.fault.id') = ? ORDER BY seq",
        (fault_id,),
    )
    return [int(r["seq"]) for r in rows]
