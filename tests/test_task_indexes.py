"""reach_tasks keeps the indexes its queries use and no other (each costs every write of its column), and a save
assigns only the columns that changed without ever leaving one stale.

The queries are the ones the code issues: `tasks.find` (its listing and count) for every filter field and every
orderBy, under the partner filter (list) and the vendor filter (getJobs, a vendor's list), the lookup by id and
an order's duplicate check; SQLite's `EXPLAIN QUERY PLAN` names the index each would use."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.objects.reach import TaskStatus
from simulator.store import db as store_db
from simulator.store import tasks

ROOT = Path(__file__).resolve().parent.parent
OLD_RELEASE_DB = ROOT / "tests" / "data" / "release-0463204.sqlite"

FILTER_SAMPLES: dict[str, Any] = {
    "idEqual": 5001,
    "entryIdEqual": "0_abc",
    "statusEqual": 1,
    "reachProfileIdEqual": 401,
    "catalogItemIdEqual": 301,
    "userIdEqual": "someone",
    "contextEqual": "ctx",
    "entryObjectTypeEqual": 1,
    "idIn": "5001,5002",
    "idNotIn": "5001",
    "vendorPartnerIdIn": "2002,2003",
    "statusIn": "1,3",
    "reachProfileIdIn": "401,402",
    "catalogItemIdIn": "301,302",
    "entryObjectTypeIn": "1",
    "entryObjectTypeNotIn": "2",
    "createdAtGreaterThanOrEqual": 1,
    "updatedAtLessThanOrEqual": 1,
    "queueTimeGreaterThanOrEqual": 1,
    "finishTimeLessThanOrEqual": 1,
    "expectedFinishTimeGreaterThanOrEqual": 1,
    "freeText": "word",
}


@pytest.fixture
def database(tmp_path: Path) -> Iterator[store_db.Database]:
    database = store_db.Database(tmp_path / "tasks.sqlite")
    database.create_schema()
    yield database
    database.close()


def _plan(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[str]:
    return [row["detail"] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


def _query_plans(conn: sqlite3.Connection) -> list[str]:
    details: list[str] = []
    orders = [None] + [f"{sign}{name}" for name in tasks.ORDER_COLUMNS for sign in "+-"]
    for owner in ({"partnerIdEqual": 1001}, {"vendorPartnerIdEqual": 2002}):
        for name in [None, *FILTER_SAMPLES]:
            criteria = {**owner, **({name: FILTER_SAMPLES[name]} if name else {})}
            where, params = tasks.where_clause(criteria)
            for order in orders:
                sql = f"SELECT doc FROM reach_tasks WHERE {where} ORDER BY {tasks.order_clause(order)} LIMIT 10"
                details += _plan(conn, sql, params)
            details += _plan(conn, f"SELECT COUNT(*) FROM reach_tasks WHERE {where}", params)
    return details


def _duplicate_check_plan(conn: sqlite3.Connection) -> list[str]:
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    tasks.active_duplicates(conn, "0_abc", 301, "1", (TaskStatus.PENDING, TaskStatus.PROCESSING))
    conn.set_trace_callback(None)
    return _plan(conn, seen[-1], [])


def _task_indexes(conn: sqlite3.Connection) -> set[str]:
    return {row["name"] for row in conn.execute("PRAGMA index_list(reach_tasks)") if row["origin"] == "c"}


def test_every_index_of_reach_tasks_is_used_by_a_query_and_no_query_scans_the_table(
    database: store_db.Database,
) -> None:
    conn = database.connection()
    details = _query_plans(conn) + _duplicate_check_plan(conn)
    used = {index for index in _task_indexes(conn) if any(f" {index} " in f"{d} " for d in details)}
    assert used == _task_indexes(conn)
    assert not [d for d in details if d.startswith("SCAN reach_tasks")]


def test_getjobs_and_the_duplicate_check_use_their_indexes(database: store_db.Database) -> None:
    conn = database.connection()
    where, params = tasks.where_clause({"vendorPartnerIdEqual": 2002, "statusEqual": TaskStatus.PENDING})
    count = _plan(conn, f"SELECT COUNT(*) FROM reach_tasks WHERE {where}", params)
    covering = "SEARCH reach_tasks USING COVERING INDEX ix_reach_tasks_vendor_status (vendorPartnerId=? AND status=?)"
    assert count == [covering]
    assert _duplicate_check_plan(conn) == ["SEARCH reach_tasks USING INDEX ix_reach_tasks_entryId (entryId=?)"]


def test_an_old_file_loses_the_indexes_no_query_uses(tmp_path: Path) -> None:
    db_path = tmp_path / "old.sqlite"
    shutil.copy(OLD_RELEASE_DB, db_path)
    with sqlite3.connect(db_path) as conn:
        before = {row[1] for row in conn.execute("PRAGMA index_list(reach_tasks)")}
    assert "ix_reach_tasks_updatedAt" in before
    database = store_db.Database(db_path)
    database.create_schema()
    fresh = store_db.Database(tmp_path / "fresh.sqlite")
    fresh.create_schema()
    assert _task_indexes(database.connection()) == _task_indexes(fresh.connection())
    database.close()
    fresh.close()


def _stored_columns(conn: sqlite3.Connection, task_id: int) -> dict[str, Any]:
    row = conn.execute(f"SELECT {', '.join(tasks.COLUMNS)} FROM reach_tasks WHERE id = ?", (task_id,)).fetchone()
    return dict(zip(tasks.COLUMNS, row, strict=True))


def _task(**fields: Any) -> dict[str, Any]:
    return {
        "partnerId": 1001,
        "vendorPartnerId": 2002,
        "status": TaskStatus.PENDING,
        "entryId": "0_abc",
        "catalogItemId": 301,
        "version": "1",
        "createdAt": 100,
        "updatedAt": 100,
        "price": 0.5,
        **fields,
    }


def test_a_save_writes_the_changed_columns_and_only_those(database: store_db.Database) -> None:
    conn = database.connection()
    with database.transaction():
        task = tasks.add(conn, _task())
    task.update(status=TaskStatus.PROCESSING, updatedAt=200, externalTaskId="x")
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    with database.transaction():
        tasks.save(conn, task)
    conn.set_trace_callback(None)
    update = next(s for s in seen if s.startswith("UPDATE"))
    assert update.startswith("UPDATE reach_tasks SET status = 3, updatedAt = 200, doc = ")
    assert _stored_columns(conn, task["id"]) == {c: task.get(c) for c in tasks.COLUMNS}
    assert tasks.get(conn, task["id"]) == task


def test_a_save_from_a_stale_copy_still_writes_every_column_it_differs_in(database: store_db.Database) -> None:
    """A document read before another writer changed the row: its columns win, as its document does."""
    conn = database.connection()
    with database.transaction():
        task = tasks.add(conn, _task())
    stale = dict(task)
    with database.transaction():
        tasks.save(conn, {**task, "status": TaskStatus.PROCESSING, "userId": "other", "price": 2.0})
    stale["updatedAt"] = 300
    with database.transaction():
        tasks.save(conn, stale)
    assert _stored_columns(conn, task["id"]) == {c: stale.get(c) for c in tasks.COLUMNS}
    assert tasks.get(conn, task["id"]) == stale
