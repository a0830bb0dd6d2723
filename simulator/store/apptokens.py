"""Application tokens: documents with Kaltura's field names, keyed by `0_xxxxxxxx` ids, always read per partner.

Every read takes the caller's partner id (AppTokenService applies the partner filter to the class), and deleted
tokens are never returned: AppTokenPeer's default criteria leave status DELETED out, so a deleted token answers
APP_TOKEN_ID_NOT_FOUND like one that never existed.
"""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any

from simulator.store import entries
from simulator.store.db import DocTable

TABLE = DocTable("app_tokens", {"partnerId": "INTEGER", "status": "INTEGER"}, text_id=True)

DISABLED, ACTIVE, DELETED = 1, 2, 3


def new_token() -> str:
    """A token as AppToken::preInsert makes one: 32 lowercase hex characters."""
    return secrets.token_hex(16)


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    doc.setdefault("id", entries.new_id(conn, TABLE))
    doc.setdefault("token", new_token())
    TABLE.insert(conn, doc)
    return doc


def get(conn: sqlite3.Connection, token_id: str, partner_id: int) -> dict[str, Any] | None:
    doc = TABLE.get(conn, token_id)
    if doc is None or doc.get("partnerId") != partner_id or doc.get("status") == DELETED:
        return None
    return doc


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    TABLE.update(conn, doc)


def for_partner(conn: sqlite3.Connection, partner_id: int) -> list[dict[str, Any]]:
    return TABLE.find(conn, "partnerId = ? AND status != ?", (partner_id, DELETED), order="rowid")
