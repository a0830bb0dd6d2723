"""REACH catalog: vendor catalog items, which partners have them enabled, and the partners' reach profiles.

Documents use Kaltura's field names; `_type` keeps the API class of a catalog item (captions, video analysis, …)
and never reaches the wire.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from simulator.store.db import DocTable, register_schema

CATALOG = DocTable("reach_catalog_items", {"vendorPartnerId": "INTEGER", "status": "INTEGER"}, first_id=301)
PROFILES = DocTable("reach_profiles", {"partnerId": "INTEGER", "status": "INTEGER"}, first_id=401)
register_schema(
    "CREATE TABLE IF NOT EXISTS reach_partner_catalog_items "
    "(partnerId INTEGER NOT NULL, catalogItemId INTEGER NOT NULL, PRIMARY KEY (partnerId, catalogItemId))"
)

ACTIVE = 2  # KalturaVendorCatalogItemStatus.ACTIVE and KalturaReachProfileStatus.ACTIVE share the value


def add_catalog_item(conn: sqlite3.Connection, type_name: str, doc: dict[str, Any]) -> dict[str, Any]:
    doc = {"status": ACTIVE, **doc, "_type": type_name}
    CATALOG.insert(conn, doc)
    return doc


def catalog_item(conn: sqlite3.Connection, item_id: int) -> dict[str, Any] | None:
    return CATALOG.get(conn, item_id)


def catalog_items(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return CATALOG.find(conn)


def enable_for_partner(conn: sqlite3.Connection, partner_id: int, item_id: int) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO reach_partner_catalog_items (partnerId, catalogItemId) VALUES (?, ?)",
        (partner_id, item_id),
    )


def enabled_for_partner(conn: sqlite3.Connection, partner_id: int, item_id: int) -> bool:
    row = conn.execute(
        "SELECT 1 FROM reach_partner_catalog_items WHERE partnerId = ? AND catalogItemId = ?", (partner_id, item_id)
    ).fetchone()
    return row is not None


def enabled_item_ids(conn: sqlite3.Connection, partner_id: int) -> set[int]:
    rows = conn.execute("SELECT catalogItemId FROM reach_partner_catalog_items WHERE partnerId = ?", (partner_id,))
    return {int(r["catalogItemId"]) for r in rows}


def add_profile(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    doc = {"status": ACTIVE, "usedCredit": 0.0, **doc}
    PROFILES.insert(conn, doc)
    return doc


def profile(conn: sqlite3.Connection, profile_id: int) -> dict[str, Any] | None:
    return PROFILES.get(conn, profile_id)


def profiles_of(conn: sqlite3.Connection, partner_id: int) -> list[dict[str, Any]]:
    return PROFILES.find(conn, "partnerId = ?", (partner_id,))


def save_profile(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    PROFILES.update(conn, doc)
