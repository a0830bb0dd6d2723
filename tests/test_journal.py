"""The journal's shape has one source (simulator/journal.py JournalEntry): the table holds exactly its fields, and
docs/journal.md documents each of them, since certification rules cite entries field by field."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from simulator.journal import JournalEntry
from simulator.store.db import Database

DOC = Path(__file__).resolve().parent.parent / "docs" / "journal.md"


def entry_fields() -> set[str]:
    return {f.name for f in dataclasses.fields(JournalEntry)}


def test_the_table_holds_exactly_the_entry_fields(tmp_path: Path) -> None:
    db = Database(tmp_path / "j.sqlite")
    db.create_schema()
    columns = {row["name"] for row in db.connection().execute("PRAGMA table_info(journal)")}
    db.close()
    assert columns == entry_fields() | {"seq"}


def test_every_field_is_documented() -> None:
    documented = set(re.findall(r"^\| `(\w+)` \|", DOC.read_text(), flags=re.MULTILINE))
    assert documented == entry_fields() | {"seq"}


def test_a_written_entry_reads_back_without_its_nulls(tmp_path: Path) -> None:
    from simulator.store import journal as table

    db = Database(tmp_path / "j.sqlite")
    db.create_schema()
    entry = JournalEntry(
        time=1.5, kind="api", service="system", action="ping", result="OK", http_status=200, extra={"k": [1]}
    )
    with db.transaction() as conn:
        seq = table.append(conn, entry.row())
    [read] = table.since(db.connection(), 0)
    db.close()
    assert read == {
        "seq": seq,
        "time": 1.5,
        "kind": "api",
        "service": "system",
        "action": "ping",
        "result": "OK",
        "http_status": 200,
        "extra": {"k": [1]},
    }


def _traced_call(app: Any, fields: dict[str, Any]) -> tuple[Any, list[str]]:
    conn = app.extensions["reachsim"].db.connection()  # the test client runs the request in this thread
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        answer = app.test_client().post("/api_v3/service/session/action/start", data={"format": 1, **fields}).json
    finally:
        conn.set_trace_callback(None)
    return answer, [s.split(" (")[0].split(" WHERE")[0] for s in seen]


def test_a_call_and_its_entry_commit_together_and_a_refused_call_still_gets_one(tmp_path: Path) -> None:
    from simulator.app import create_app
    from simulator.config import Config
    from simulator.store import journal as table

    app = create_app(Config(db_path=tmp_path / "j.sqlite", data_dir=tmp_path / "data", seed="demo"))
    seed = app.test_client().get("/__sim__/seed").json
    try:
        ks, ok = _traced_call(app, {"secret": seed["adminSecret"], "partnerId": seed["partnerId"], "type": 2})
        assert isinstance(ks, str)
        # One write transaction, the entry inside it: a killed server keeps both or neither.
        assert ok.count("BEGIN IMMEDIATE") == 1
        assert ok.index("BEGIN IMMEDIATE") < ok.index("INSERT INTO journal") < ok.index("COMMIT")

        refused, failed = _traced_call(app, {"secret": "wrong", "partnerId": seed["partnerId"], "type": 2})
        assert refused["objectType"] == "KalturaAPIException"
        # The call's transaction rolled back; its entry is written after, in its own.
        assert failed.index("ROLLBACK") < failed.index("INSERT INTO journal") < len(failed) - 1
        entries = table.since(app.extensions["reachsim"].db.connection(), 0)
        assert [e["result"] for e in entries[-2:]] == ["OK", refused["code"]]
    finally:
        app.extensions["reachsim"].close()
