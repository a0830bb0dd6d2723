"""Partners (customer and vendor accounts): secrets and the settings the back door changes."""

from __future__ import annotations

import sqlite3
from typing import Any

from simulator.store.db import DocTable

TABLE = DocTable("partners", {"kind": "TEXT"}, first_id=100)

CUSTOMER = "customer"
VENDOR = "vendor"

DEFAULT_SETTINGS: dict[str, Any] = {
    "ksVersion": 2,
    "hlsEnabled": True,
    "packagerUrl": None,
    "entitlement": True,
    "ksMaxExpiry": 86400,
    "reachEnabled": True,
}


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    # Vendor accounts have no entitlement to enforce; customer accounts have it on by default.
    kind_defaults = {"entitlement": False} if doc.get("kind") == VENDOR else {}
    doc = {**doc, "settings": {**DEFAULT_SETTINGS, **kind_defaults, **doc.get("settings", {})}}
    TABLE.insert(conn, doc)
    return doc


def get(conn: sqlite3.Connection, partner_id: int) -> dict[str, Any] | None:
    return TABLE.get(conn, partner_id)


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    TABLE.update(conn, doc)


def all_partners(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return TABLE.find(conn)


def admin_secrets(partner: dict[str, Any]) -> list[str]:
    return [s for s in str(partner.get("adminSecret", "")).split(",") if s]


def setting(partner: dict[str, Any], name: str) -> Any:
    return partner.get("settings", {}).get(name, DEFAULT_SETTINGS.get(name))
