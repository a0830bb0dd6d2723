"""Entry vendor tasks and the access keys issued for them.

Tasks are JSON documents with the columns their filters and orderBy use; `reach_access_keys` maps every access key
ever issued (by KS fingerprint) to its task, so the journal and other services can tell which task a key serves.
Keys starting with `_` in a document are internal (the current key's fingerprint, the refunded price) and never
reach the wire.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from simulator.objects.reach import TaskStatus
from simulator.store.db import DocTable, register_schema

COLUMNS = {
    "partnerId": "INTEGER",
    "vendorPartnerId": "INTEGER",
    "status": "INTEGER",
    "entryId": "TEXT",
    "catalogItemId": "INTEGER",
    "reachProfileId": "INTEGER",
    "userId": "TEXT",
    "context": "TEXT",
    "entryObjectType": "INTEGER",
    "version": "TEXT",
    "createdAt": "INTEGER",
    "updatedAt": "INTEGER",
    "queueTime": "INTEGER",
    "finishTime": "INTEGER",
    "expectedFinishTime": "INTEGER",
    "price": "REAL",
}
# Indexes are what the queries use (`EXPLAIN QUERY PLAN` over every filter and orderBy: tests/test_task_indexes.py),
# since each costs every write of its column. Every task query names the vendor (getJobs: with a status, counting
# the matches) or the partner (a customer's list): each pair's index answers both from the index alone. The other
# indexed columns are selective equality filters (an order's duplicate check names the entry) that SQLite then
# prefers to the partner's; range, order and few-valued columns (catalog item, profile, version) have none.
INDEXED = ("entryId", "userId", "context")
TABLE = DocTable("reach_tasks", COLUMNS, first_id=5001, indexed=INDEXED)
register_schema(
    "CREATE INDEX IF NOT EXISTS ix_reach_tasks_vendor_status ON reach_tasks(vendorPartnerId, status)",
    "CREATE INDEX IF NOT EXISTS ix_reach_tasks_partner_status ON reach_tasks(partnerId, status)",
)
register_schema("CREATE TABLE IF NOT EXISTS reach_access_keys (fingerprint TEXT PRIMARY KEY, task_id INTEGER NOT NULL)")

# EntryVendorTaskPeer::setDefaultCriteriaFilter: every query leaves aborted tasks out.
_VISIBLE = f"status != {TaskStatus.ABORTED}"

# KalturaEntryVendorTaskOrderBy values (without the sign) → column.
ORDER_COLUMNS = {
    "id": "id",
    "createdAt": "createdAt",
    "updatedAt": "updatedAt",
    "queueTime": "queueTime",
    "finishTime": "finishTime",
    "status": "status",
    "price": "price",
    "expectedFinishTime": "expectedFinishTime",
}

# filter field → (column, SQL operator); `In`/`NotIn` fields take comma lists.
_SCALAR_FILTERS = {
    "idEqual": ("id", "="),
    "partnerIdEqual": ("partnerId", "="),  # the partner filter services add; not a field of the API filter
    "vendorPartnerIdEqual": ("vendorPartnerId", "="),
    "entryIdEqual": ("entryId", "="),
    "statusEqual": ("status", "="),
    "reachProfileIdEqual": ("reachProfileId", "="),
    "catalogItemIdEqual": ("catalogItemId", "="),
    "userIdEqual": ("userId", "="),
    "contextEqual": ("context", "="),
    "entryObjectTypeEqual": ("entryObjectType", "="),
}
_LIST_FILTERS = {
    "idIn": ("id", "IN", int),
    "idNotIn": ("id", "NOT IN", int),
    "vendorPartnerIdIn": ("vendorPartnerId", "IN", int),
    "statusIn": ("status", "IN", int),
    "reachProfileIdIn": ("reachProfileId", "IN", int),
    "catalogItemIdIn": ("catalogItemId", "IN", int),
    "entryObjectTypeIn": ("entryObjectType", "IN", int),
    "entryObjectTypeNotIn": ("entryObjectType", "NOT IN", int),
}
_RANGE_COLUMNS = ("createdAt", "updatedAt", "queueTime", "finishTime", "expectedFinishTime")


def add(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    TABLE.insert(conn, doc)
    return doc


def save(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
    TABLE.update(conn, doc)


def get(conn: sqlite3.Connection, task_id: int) -> dict[str, Any] | None:
    """A visible (not aborted) task by id, whatever its partner: callers apply their own partner rule."""
    rows = TABLE.find(conn, f"id = ? AND {_VISIBLE}", (task_id,))
    return rows[0] if rows else None


def where_clause(criteria: dict[str, Any]) -> tuple[str, list[Any]]:
    """SQL for a KalturaEntryVendorTaskFilter's values (plus the aborted-task rule)."""
    parts, params = [_VISIBLE], []
    for name, (column, op) in _SCALAR_FILTERS.items():
        if criteria.get(name) is not None:
            parts.append(f"{column} {op} ?")
            params.append(criteria[name])
    for name, (column, op, cast) in _LIST_FILTERS.items():
        raw = criteria.get(name)
        if raw is None:
            continue
        values = [cast(v) for v in str(raw).split(",") if v.strip().lstrip("-").isdigit()]
        if not values and op == "NOT IN":
            continue
        parts.append(f"{column} {op} ({', '.join('?' * len(values))})")
        params += values
    for column in _RANGE_COLUMNS:
        for suffix, op in (("GreaterThanOrEqual", ">="), ("LessThanOrEqual", "<=")):
            value = criteria.get(column + suffix)
            if value is not None:
                parts.append(f"{column} {op} ?")
                params.append(value)
    if criteria.get("freeText"):
        parts.append("(entryId LIKE ? OR doc LIKE ?)")
        params += [f"%{criteria['freeText']}%"] * 2
    return " AND ".join(parts), params


def order_clause(order_by: str | None) -> str:
    """`+createdAt` / `-price` …; no orderBy (or an unknown one) keeps id order, as the real listing does."""
    orders = []
    for item in str(order_by or "").split(","):
        item = item.strip()
        column = ORDER_COLUMNS.get(item.lstrip("+-"))
        if column:
            orders.append(f"{column} {'DESC' if item.startswith('-') else 'ASC'}")
    return ", ".join([*orders, "id ASC"])


def find_texts(
    conn: sqlite3.Connection, criteria: dict[str, Any], order_by: str | None, limit: int, offset: int
) -> tuple[list[str], int]:
    """One page of the matching tasks as their stored JSON texts, and how many match in all."""
    where, params = where_clause(criteria)
    texts = TABLE.find_texts(conn, where, params, order=order_clause(order_by), limit=limit, offset=offset)
    return texts, TABLE.count(conn, where, params)


def active_duplicates(
    conn: sqlite3.Connection, entry_id: str, catalog_item_id: int, version: str, statuses: tuple[int, ...]
) -> int:
    marks = ", ".join("?" * len(statuses))
    return TABLE.count(
        conn,
        f"entryId = ? AND catalogItemId = ? AND version = ? AND status IN ({marks})",
        [entry_id, catalog_item_id, version, *statuses],
    )


def remember_access_key(conn: sqlite3.Connection, fingerprint: str, task_id: int) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO reach_access_keys (fingerprint, task_id) VALUES (?, ?)", (fingerprint, task_id)
    )


def task_for_access_key(conn: sqlite3.Connection, fingerprint: str) -> int | None:
    """The task an access key (by KS fingerprint) was issued for, or None for any other session."""
    row = conn.execute("SELECT task_id FROM reach_access_keys WHERE fingerprint = ?", (fingerprint,)).fetchone()
    return int(row["task_id"]) if row else None


def all_tasks(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every task, aborted ones included (the back door's state view and tests)."""
    return TABLE.find(conn)
