"""SQLite access: one database file, WAL, a transaction around every write, one connection per thread.

Each aggregate module declares its tables with `register_schema`; `Database.create_schema` runs them all.
Aggregates are stored as JSON documents with a few indexed columns (`DocTable`), which keeps each store module
small while queries on the indexed columns stay real SQL.

`--db` files outlive releases, so the file carries its schema version (`PRAGMA user_version`). A change to a
table's shape (a new `DocTable` column, say) changes its CREATE statement for new files *and* appends a
`Migration` below that brings older files to the same shape; `create_schema` runs the missing ones in order.
Version 0 is a file written before versions existed (release 0463204 and earlier): the same tables as version 1.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.store import json_text

_SCHEMA: list[str] = []


class SchemaError(Exception):
    """A database file this version cannot use; the message says what to do."""


@dataclass(frozen=True)
class Migration:
    version: int  # the file's user_version once this has run
    summary: str
    apply: Callable[[sqlite3.Connection], None]


def _baseline(conn: sqlite3.Connection) -> None:
    """Version 1 is the unversioned schema of release 0463204, stamped: nothing to change."""


# Indexes of reach_tasks that no task query uses (range and order columns: every query also names the partner or
# the vendor, whose index SQLite prefers), that select a large share of the tasks (entryObjectType, version,
# catalogItemId, reachProfileId: the duplicate check of an order scanned every task of version 1 through the
# version one), the prefix of (vendorPartnerId, status), and those that (partnerId, status) replaces. Every update
# of a task rewrote the updatedAt one.
_UNUSED_TASK_INDEXES = (
    "createdAt",
    "updatedAt",
    "queueTime",
    "finishTime",
    "expectedFinishTime",
    "price",
    "entryObjectType",
    "version",
    "catalogItemId",
    "reachProfileId",
    "vendorPartnerId",
    "partnerId",
    "status",
)


def _drop_unused_task_indexes(conn: sqlite3.Connection) -> None:
    for column in _UNUSED_TASK_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS ix_reach_tasks_{column}")


def _entry_text_columns(conn: sqlite3.Connection) -> None:
    from simulator.store import entries  # the columns' contents are defined with their table

    added = ("free_text", "name_text", "tags_text")  # named here: a later derived column is a later migration's
    for column in added:
        conn.execute(f"ALTER TABLE entries ADD COLUMN {column} BLOB")
    entries.TABLE.refresh_derived(conn, added)


MIGRATIONS: list[Migration] = [
    Migration(1, "schema versions start; tables as of release 0463204", _baseline),
    Migration(2, "reach_tasks: only the indexes its queries use", _drop_unused_task_indexes),
    Migration(3, "entries: the text columns entry lists search (free_text, name_text, tags_text)", _entry_text_columns),
]
SCHEMA_VERSION = MIGRATIONS[-1].version


def register_schema(*statements: str) -> None:
    for statement in statements:
        if statement not in _SCHEMA:
            _SCHEMA.append(statement)


CHECKPOINT_SECONDS = 0.5
# How long a writer waits for this process's other writers before leaving it to SQLite's own busy timeout.
WRITER_WAIT_SECONDS = 30.0


class Database:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._checkpointer: threading.Thread | None = None
        self._closing = threading.Event()
        # Writers of this process queue here rather than on SQLite's write lock, whose busy handler polls with
        # sleeps of up to 100 ms: under 8 concurrent writers those sleeps were the API's whole p99.
        self._writer = threading.Lock()

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            # A checkpoint copies the WAL into the file and syncs it: left automatic, it runs inside whichever
            # request commits the 1000th page and that request waits for the disk. One background thread does it.
            conn.execute("PRAGMA wal_autocheckpoint=0")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
                if self._checkpointer is None:
                    self._closing.clear()
                    self._checkpointer = threading.Thread(
                        target=self._checkpoint_loop, name="reachsim-wal", daemon=True
                    )
                    self._checkpointer.start()
        return conn

    def _checkpoint_loop(self) -> None:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            while not self._closing.wait(CHECKPOINT_SECONDS):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE so concurrent writers queue instead of failing half-way; nested use joins the outer one."""
        conn = self.connection()
        if conn.in_transaction:
            yield conn
            return
        queued = self._writer.acquire(timeout=WRITER_WAIT_SECONDS)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            if queued:
                self._writer.release()

    def create_schema(self) -> None:
        """Create a new file's tables at the current version, or bring an older file up to it (its migrations
        first, then any table or index it lacks). SchemaError for a file written by a newer reachsim."""
        import simulator.store  # noqa: F401  (registers every aggregate's tables)

        current = MIGRATIONS[-1].version
        with self.transaction() as conn:
            found = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if found > current:
                raise SchemaError(
                    f"{self.path} was written by a newer reachsim (schema version {found}; this one reads up to "
                    f"{current}): upgrade reachsim or use another --db file"
                )
            fresh = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
            if not fresh:
                for migration in MIGRATIONS:
                    if migration.version > found:
                        migration.apply(conn)
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {current}")

    def wipe(self) -> None:
        with self.transaction() as conn:
            # Virtual tables (the FTS5 search index) are emptied through themselves, never their shadow tables.
            listed = conn.execute("PRAGMA main.table_list").fetchall()
            tables = [r["name"] for r in listed if r["type"] in ("table", "virtual")]
            for table in tables:
                if not table.startswith("sqlite_"):
                    conn.execute(f'DELETE FROM "{table}"')
            if "sqlite_sequence" in tables:
                conn.execute("DELETE FROM sqlite_sequence")

    def close(self) -> None:
        self._closing.set()
        if self._checkpointer is not None:
            self._checkpointer.join()
            self._checkpointer = None
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


Derived = Callable[[dict[str, Any]], Any]


class DocTable:
    """A table of JSON documents with an id and some indexed columns copied from the document."""

    def __init__(
        self,
        name: str,
        columns: dict[str, str],
        *,
        text_id: bool = False,
        first_id: int = 1,
        indexed: Sequence[str] | None = None,
        derived: dict[str, tuple[str, Derived]] | None = None,
    ) -> None:
        """`indexed`: the columns with an index of their own (default: every column); each index costs every
        write of its column, so a table queried in few ways names the ones its queries use. `derived`: columns
        computed from the document on every write, `{name: (SQL type, function of the document)}`, unindexed
        (what a condition reads that no single document key holds)."""
        self.name = name
        self.columns = dict(columns)
        self.derived = dict(derived or {})
        self._stored: list[tuple[str, Derived]] = [
            *((column, _key_getter(column)) for column in self.columns),
            *((column, compute) for column, (_, compute) in self.derived.items()),
        ]
        id_type = "TEXT PRIMARY KEY" if text_id else "INTEGER PRIMARY KEY AUTOINCREMENT"
        types = [*self.columns.items(), *((column, sql_type) for column, (sql_type, _) in self.derived.items())]
        column_sql = "".join(f", {col} {sql_type}" for col, sql_type in types)
        statements = [f"CREATE TABLE IF NOT EXISTS {name} (id {id_type}{column_sql}, doc TEXT NOT NULL)"]
        statements += [
            f"CREATE INDEX IF NOT EXISTS ix_{name}_{col} ON {name}({col})"
            for col in (self.columns if indexed is None else indexed)
        ]
        register_schema(*statements)
        stored_names = ", ".join(column for column, _ in self._stored)
        self._select_columns = f"SELECT {stored_names} FROM {name} WHERE id = ?" if self._stored else ""
        self.first_id = first_id
        self.text_id = text_id

    def insert(self, conn: sqlite3.Connection, doc: dict[str, Any]) -> Any:
        if not self.text_id and "id" not in doc:
            row = conn.execute(f"SELECT MAX(id) AS m FROM {self.name}").fetchone()
            seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name=?", (self.name,)).fetchone()
            high = max(row["m"] or 0, seq["seq"] if seq else 0)
            doc["id"] = max(high + 1, self.first_id)
        names = ["id", *(column for column, _ in self._stored), "doc"]
        values = [doc["id"], *(value(doc) for _, value in self._stored), json_text.dumps(doc)]
        conn.execute(f"INSERT INTO {self.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values)
        return doc["id"]

    def update(self, conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
        """Write doc over its row. Only the columns whose value changed are assigned: SQLite rewrites every index
        of an assigned column, changed or not (a task's 16 columns, all assigned, took 80-250 µs and as many
        dirty pages per save; the changed ones only, ~15 µs). Compared with the row as it is now, inside the
        writer's transaction, so a document read earlier or elsewhere can never leave a column stale."""
        values = [(column, value(doc)) for column, value in self._stored]
        if self._select_columns:
            stored = conn.execute(self._select_columns, (doc["id"],)).fetchone()
            if stored is not None:
                values = [(column, new) for (column, new), now in zip(values, stored, strict=True) if new != now]
        assignments = "".join(f"{column} = ?, " for column, _ in values)
        conn.execute(
            f"UPDATE {self.name} SET {assignments}doc = ? WHERE id = ?",
            [*(new for _, new in values), json_text.dumps(doc), doc["id"]],
        )

    def refresh_derived(self, conn: sqlite3.Connection, columns: Sequence[str]) -> None:
        """Compute these derived columns of every row (a file written before they existed)."""
        assignments = ", ".join(f"{column} = ?" for column in columns)
        for row in conn.execute(f"SELECT id, doc FROM {self.name}").fetchall():
            doc = json_text.loads(row["doc"])
            values = [self.derived[column][1](doc) for column in columns]
            conn.execute(f"UPDATE {self.name} SET {assignments} WHERE id = ?", [*values, row["id"]])

    def delete(self, conn: sqlite3.Connection, doc_id: Any) -> None:
        conn.execute(f"DELETE FROM {self.name} WHERE id = ?", (doc_id,))

    def get(self, conn: sqlite3.Connection, doc_id: Any) -> dict[str, Any] | None:
        row = conn.execute(f"SELECT doc FROM {self.name} WHERE id = ?", (doc_id,)).fetchone()
        return json_text.loads(row["doc"]) if row else None

    def find(
        self,
        conn: sqlite3.Connection,
        where: str = "1=1",
        params: Sequence[Any] = (),
        *,
        order: str = "id",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        return [
            json_text.loads(text)
            for text in self.find_texts(conn, where, params, order=order, limit=limit, offset=offset)
        ]

    def find_texts(
        self,
        conn: sqlite3.Connection,
        where: str = "1=1",
        params: Sequence[Any] = (),
        *,
        order: str = "id",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[str]:
        """The stored JSON text of each matching document, unparsed (simulator.stored_objects memoizes by it)."""
        sql = f"SELECT doc FROM {self.name} WHERE {where} ORDER BY {order}"
        args = list(params)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [r["doc"] for r in conn.execute(sql, args)]

    def count(self, conn: sqlite3.Connection, where: str = "1=1", params: Sequence[Any] = ()) -> int:
        return int(conn.execute(f"SELECT COUNT(*) AS n FROM {self.name} WHERE {where}", list(params)).fetchone()["n"])


def _key_getter(key: str) -> Derived:
    return lambda doc: doc.get(key)
