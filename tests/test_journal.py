"""The journal's shape has one source (simulator/journal.py JournalEntry): the table holds exactly its fields, and
docs/journal.md documents each of them, since certification rules cite entries field by field."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

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
