"""The store's contract: a transaction is opened only by a handler the dispatcher does not already wrap (atomic=False),
and `--db` files carry a schema version: one written by release 0463204 (tests/data) opens, is upgraded and works;
one from a newer reachsim is refused with a clear message."""

from __future__ import annotations

import ast
import shutil
import sqlite3
from pathlib import Path

import pytest

from simulator.live import LiveServer
from simulator.store import db as store_db

ROOT = Path(__file__).resolve().parent.parent
OLD_RELEASE_DB = ROOT / "tests" / "data" / "release-0463204.sqlite"


def _is_non_atomic_action(func: ast.FunctionDef) -> bool:
    for decorator in func.decorator_list:
        if isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", None) == "action":
            return any(
                k.arg == "atomic" and isinstance(k.value, ast.Constant) and k.value.value is False
                for k in decorator.keywords
            )
    return False


def test_service_modules_open_transactions_only_in_non_atomic_handlers() -> None:
    offenders = []
    for path in sorted((ROOT / "simulator" / "services").glob("*.py")):
        for func in ast.walk(ast.parse(path.read_text())):
            if not isinstance(func, ast.FunctionDef) or _is_non_atomic_action(func):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "transaction":
                    offenders.append(f"{path.name}:{node.lineno} in {func.name}")
    assert offenders == []


@pytest.mark.e2e
def test_a_database_written_by_release_0463204_opens_and_works(tmp_path: Path) -> None:
    db_path = tmp_path / "old.sqlite"
    shutil.copy(OLD_RELEASE_DB, db_path)
    with LiveServer(db_path=db_path, seed="demo") as server:
        seed = server.seed()
        assert seed["partnerId"] == 1001
        task_ids = [
            t["id"] for t in server.api("reach_entryvendortask", "getJobs", ks=server.sessions.vendor())["objects"]
        ]
        assert task_ids == ["5001"], "the task ordered by the old release is gone"
        key = server.sessions.access_key(5001)
        assert server.api("baseentry", "get", ks=key, entryId=seed["entryIds"][0])["id"] == seed["entryIds"][0]
        admin = server.sessions.admin()
        again = server.api(
            "reach_entryvendortask",
            "add",
            ks=admin,
            entryVendorTask={
                "objectType": "KalturaEntryVendorTask",
                "entryId": seed["entryIds"][1],
                "catalogItemId": seed["catalogItemIds"]["ocr"],
                "reachProfileId": seed["reachProfileId"],
            },
        )
        assert again["id"] == "5002"
        assert server.errors == []
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store_db.SCHEMA_VERSION


def test_migrations_run_in_order_on_an_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "old.sqlite"
    shutil.copy(OLD_RELEASE_DB, db_path)
    applied: list[str] = []

    def add_column(conn: sqlite3.Connection) -> None:
        applied.append("column")
        conn.execute("ALTER TABLE partners ADD COLUMN region TEXT")

    def add_index(conn: sqlite3.Connection) -> None:
        applied.append("index")
        conn.execute("CREATE INDEX ix_partners_region ON partners(region)")

    later = [
        store_db.Migration(store_db.SCHEMA_VERSION + 1, "partners.region", add_column),
        store_db.Migration(store_db.SCHEMA_VERSION + 2, "index on partners.region", add_index),
    ]
    monkeypatch.setattr(store_db, "MIGRATIONS", [*store_db.MIGRATIONS, *later])
    database = store_db.Database(db_path)
    database.create_schema()
    assert applied == ["column", "index"]
    assert database.connection().execute("PRAGMA user_version").fetchone()[0] == store_db.SCHEMA_VERSION + 2
    database.close()


def test_a_database_from_a_newer_reachsim_is_refused_clearly(tmp_path: Path) -> None:
    db_path = tmp_path / "new.sqlite"
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {store_db.SCHEMA_VERSION + 1}")
    database = store_db.Database(db_path)
    with pytest.raises(store_db.SchemaError, match=r"newer reachsim \(schema version \d+; this one reads up to \d+\)"):
        database.create_schema()
    database.close()


def test_serve_says_so_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    db_path = tmp_path / "new.sqlite"
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {store_db.SCHEMA_VERSION + 1}")
    result = subprocess.run(
        [sys.executable, "-m", "simulator.cli", "serve", "--port", "0", "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "newer reachsim" in result.stderr, result.stderr
