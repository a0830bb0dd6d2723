"""Entry lists filtered and paged in SQL give exactly what the Python filter gives, on random stores and filters.

The reference is the reading every list used before (simulator/entry_listing.py's docstring): every entry of the
partner, oldest first, through `entry_matches` and the caller's entitlement, paged in Python.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import entry_listing
from simulator.services.baseentry import entry_matches
from simulator.store import entries
from simulator.store.db import Database

PARTNER, OTHER = 1001, 1002
# Every declared status, a plugin status, and what a numeric reading of a status filter could meet.
STATUSES = ["-2", "-1", "0", "1", "2", "3", "4", "5", "6", "7", "virusScan.Infected", None]
IDS = ["0_aaaaaaaa", "0_bbbbbbbb", "0_12345678", "1_cccccccc", "123", "0_dddddddd", "x y", "0_eeeeeeee"]
WORDS = ["news", "lecture", "OCR", "sport"]

entry_docs = st.lists(
    st.fixed_dictionaries(
        {
            "status": st.sampled_from(STATUSES),
            "partnerId": st.sampled_from([PARTNER, PARTNER, PARTNER, OTHER]),
            "name": st.sampled_from(WORDS),
            "tags": st.sampled_from(["", "news, ocr", "sport"]),
            "userId": st.sampled_from(["u1", "u2"]),
        }
    ),
    max_size=14,
)
status_values = st.one_of(
    st.sampled_from([s for s in STATUSES if s is not None]), st.sampled_from([2, 3, "2.0", " 3", "", "9"])
)
status_lists = st.lists(status_values, max_size=3).map(lambda xs: ",".join(str(x) for x in xs))
id_values = st.sampled_from([*IDS, "12345678", "0_zzzzzzzz", ""])
id_lists = st.lists(id_values, max_size=3).map(",".join)
filters_ = st.fixed_dictionaries(
    {},
    optional={
        "objectType": st.just("KalturaBaseEntryFilter"),
        "statusEqual": st.one_of(st.none(), status_values),
        "statusNotEqual": status_values,
        "statusIn": st.one_of(st.none(), status_lists),
        "statusNotIn": status_lists,
        "idEqual": id_values,
        "idNotEqual": id_values,
        "idIn": id_lists,
        "idNotIn": id_lists,
        "partnerIdEqual": st.sampled_from([PARTNER, OTHER, "1001"]),
        "partnerIdIn": st.sampled_from(["1001,1002", "1002", ""]),
        "freeText": st.sampled_from(WORDS),
        "nameLike": st.sampled_from(WORDS),
        "orderBy": st.just("-createdAt"),
        "categoriesIdsMatchAnd": st.just("12"),
    },
)
windows = st.tuples(st.sampled_from([1, 3, 30]), st.sampled_from([0, 1, 3, 10]))


@pytest.fixture(scope="module")
def db() -> Any:
    with tempfile.TemporaryDirectory(prefix="reachsim-listing-") as tmp:
        database = Database(Path(tmp) / "listing.sqlite")
        database.create_schema()
        yield database
        database.close()


def _store(db: Database, docs: list[dict[str, Any]]) -> None:
    db.wipe()
    with db.transaction() as conn:
        for index, doc in enumerate(docs):
            entry = {"id": IDS[index] if index < len(IDS) else f"0_{index:08x}z", **doc}
            if entry["status"] is None:
                del entry["status"]
            entries.add(conn, entry)


def _python_page(
    db: Database, flt: dict[str, Any], window: tuple[int, int], keep: Callable[[dict[str, Any]], bool]
) -> tuple[list[dict[str, Any]], int]:
    found = [d for d in entries.for_partner(db.connection(), PARTNER) if entry_matches(d, flt) and keep(d)]
    limit, offset = window
    return found[offset : offset + limit], len(found)


@settings(max_examples=300, deadline=None)
@given(docs=entry_docs, flt=filters_, window=windows, entitled=st.booleans())
def test_sql_listing_equals_the_python_filter(
    db: Database, docs: list[dict[str, Any]], flt: dict[str, Any], window: tuple[int, int], entitled: bool
) -> None:
    _store(db, docs)

    def reference_keep(d: dict[str, Any]) -> bool:
        return entitled or d.get("userId") == "u1"

    expected = _python_page(db, flt, window, reference_keep)

    def keep(d: dict[str, Any]) -> bool:
        return entry_matches(d, flt) and reference_keep(d)

    got = entry_listing.page(db.connection(), PARTNER, flt, window, keep, every_entry_kept=entitled)
    assert got == expected


def test_common_filters_are_answered_by_sql_alone(db: Database) -> None:
    _store(db, [{"status": s, "partnerId": PARTNER} for s in ("2", "3", "7")])
    conn = db.connection()
    for flt in ({}, {"statusEqual": "2"}, {"statusIn": "2,7"}, {"idIn": "0_aaaaaaaa,0_bbbbbbbb"}, {"orderBy": "x"}):
        assert entry_listing.plan(conn, PARTNER, flt).exact, flt
    for flt in ({"freeText": "news"}, {"nameLike": "x"}, {"idEqual": "12345678"}):
        assert not entry_listing.plan(conn, PARTNER, flt).exact, flt
    # The default leaves DELETED out, in SQL.
    assert [
        d["status"] for d in entry_listing.page(conn, PARTNER, {}, (30, 0), lambda d: True, every_entry_kept=True)[0]
    ] == [
        "2",
        "7",
    ]


def test_the_partner_status_index_answers_the_count(db: Database) -> None:
    conn = db.connection()
    query = entry_listing.plan(conn, PARTNER, {"statusIn": "2,7"})
    detail = " ".join(
        r["detail"]
        for r in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM entries WHERE {' AND '.join(query.where)}", query.params
        )
    )
    assert "ix_entries_partner_status" in detail
