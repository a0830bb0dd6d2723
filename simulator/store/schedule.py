"""Schedule events: the live stream events a live caption order serves, with their live features as documents."""

from __future__ import annotations

import sqlite3
from typing import Any

from simulator.store.db import DocTable

TABLE = DocTable(
    "schedule_events",
    {"partnerId": "INTEGER", "templateEntryId": "TEXT", "status": "INTEGER"},
    first_id=5001,
)
LIVE_STREAM = "KalturaLiveStreamScheduleEvent"


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    TABLE.insert(conn, doc)
    return doc


def get(conn: sqlite3.Connection, event_id: int, partner_id: int | None) -> dict[str, Any] | None:
    """The partner's event (the service's partner filter): another partner's id is not found."""
    doc = TABLE.get(conn, event_id)
    return doc if doc is not None and doc.get("partnerId") == partner_id else None


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    TABLE.update(conn, doc)


def of_partner(conn: sqlite3.Connection, partner_id: int | None) -> list[dict[str, Any]]:
    return TABLE.find(conn, "partnerId = ?", [partner_id])


def live_events_of_entry(conn: sqlite3.Connection, entry_id: str) -> list[dict[str, Any]]:
    """ScheduleEventPeer::retrieveByTemplateEntryIdAndTypes(entry, [LIVE_STREAM]), oldest first."""
    found = TABLE.find(conn, "templateEntryId = ?", [entry_id])
    return [d for d in found if d.get("_type") == LIVE_STREAM]
