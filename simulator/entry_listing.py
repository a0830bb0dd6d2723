"""The entry lists' query: the filter conditions SQL answers exactly run in SQL (with the paging, when nothing is
left for Python), the rest through the same Python filter as before, on the rows SQL returns.

Exact by construction, never approximate: `status` conditions are evaluated by `simulator.filters` itself on each
distinct status the partner's entries hold (a handful, read from the `(partnerId, status)` index) and become
`status IN (...)`; `id` conditions go to SQL only when no value looks like a number (which `filters` would also
compare numerically); `partnerId` conditions are decided once, on the caller's partner; `freeText` and the
`Like`/`MultiLike` conditions on name and tags search columns that hold exactly the lowercased text the Python
filter searches (simulator/store/entries.py), as bytes, where `instr` is Python's `in`. Anything else (dates,
users, categories, `nameEqual`…) and entitlement for a caller who may not read every entry leave the check to
Python. tests/test_entry_listing.py compares both ways on random stores and filters.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator import filters
from simulator.objects.entries import EntryStatus
from simulator.store import entries
from simulator.store.text import searchable

_ID_SQL = {"Equal": "id = ?", "NotEqual": "id != ?"}
# Filter fields whose `Like`/`MultiLike` conditions SQL answers, and the text column each reads.
_TEXT_COLUMNS = {"name": "name_text", "tags": "tags_text"}


@dataclass
class Query:
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    exact: bool = True  # SQL alone decides: no condition is left for Python
    empty: bool = False  # a condition no entry of this partner can meet


def plan(conn: sqlite3.Connection, partner_id: int, flt: Mapping[str, Any]) -> Query:
    """The SQL part of the filter as `entry_matches` reads it (statuses default to everything but DELETED)."""
    query = Query(where=["partnerId = ?"], params=[partner_id])
    status_checks: list[Callable[[Any], bool]] = []
    if not any(flt.get(k) is not None for k in ("statusEqual", "statusIn")):
        status_checks.append(lambda status: status != EntryStatus.DELETED)
    for name, wanted in flt.items():
        if wanted is None or wanted == "" or name in filters.NOT_CONDITIONS or name == "objectType":
            continue
        if name == "freeText":
            _text_condition(query, "free_text", *filters.like_words(entries.FREE_TEXT_OPERATOR, wanted))
            continue
        parsed = filters.split_name(name)
        if parsed is None:
            continue  # a name without an operator sets no condition
        column, operator = parsed
        if column in _TEXT_COLUMNS and operator in filters.LIKE_OPERATORS:
            _text_condition(query, _TEXT_COLUMNS[column], *filters.like_words(operator, wanted))
        elif column == "status":
            status_checks.append(functools.partial(_meets, operator, wanted))
        elif column == "partnerId":
            query.empty = query.empty or not filters.condition(operator, partner_id, wanted)
        elif column != "id" or not _id_condition(query, operator, wanted):
            query.exact = False
    if status_checks:
        _status_condition(conn, query, partner_id, status_checks)
    return query


def _text_condition(query: Query, column: str, words: list[str], any_of: bool) -> None:
    """Words searched in a text column as the Python filter searches them (`word in text`, both lowercased):
    any of them or all of them; no word at all matches nothing for `any`, everything for `all`."""
    if not words:
        query.empty = query.empty or any_of
        return
    terms = [f"instr({column}, ?) > 0"] * len(words)
    query.where.append(f"({' OR '.join(terms)})" if any_of else " AND ".join(terms))
    query.params.extend(searchable(word) for word in words)


def _meets(operator: str, wanted: Any, status: Any) -> bool:
    return filters.condition(operator, status, wanted)


def _id_condition(query: Query, operator: str, wanted: Any) -> bool:
    """Add the id condition to the SQL if SQL reads it as filters does; False to leave it to Python."""
    values = [str(wanted)] if operator in _ID_SQL else filters.csv(wanted)
    if operator not in (*_ID_SQL, "In", "NotIn") or any(filters.number(v) is not None for v in values):
        return False
    if operator in _ID_SQL:
        query.where.append(_ID_SQL[operator])
    elif values:
        query.where.append(f"id {'NOT IN' if operator == 'NotIn' else 'IN'} ({', '.join('?' * len(values))})")
    elif operator == "In":
        query.empty = True  # an empty list matches nothing; an empty NotIn excludes nothing
    query.params.extend(values)
    return True


def _status_condition(
    conn: sqlite3.Connection, query: Query, partner_id: int, checks: list[Callable[[Any], bool]]
) -> None:
    held = entries.statuses_of_partner(conn, partner_id)
    kept = [s for s in held if all(check(s) for check in checks)]
    if len(kept) == len(held):
        return
    named = [s for s in kept if s is not None]
    terms = [f"status IN ({', '.join('?' * len(named))})"] if named else []
    if None in kept:
        terms.append("status IS NULL")
    if not terms:
        query.empty = True
        return
    query.where.append(f"({' OR '.join(terms)})")
    query.params.extend(named)


def page(
    conn: sqlite3.Connection,
    partner_id: int,
    flt: Mapping[str, Any],
    window: tuple[int, int],
    keep: Callable[[dict[str, Any]], bool],
    *,
    every_entry_kept: bool,
) -> tuple[list[dict[str, Any]], int]:
    """The page (limit, offset) of the partner's entries meeting the filter and `keep`, oldest first, and how
    many there are in all. `every_entry_kept`: `keep` is true of every entry SQL returns (no entitlement check
    and no condition of the caller's own), so SQL may count and page on its own."""
    query = plan(conn, partner_id, flt)
    if query.empty:
        return [], 0
    where = " AND ".join(query.where)
    limit, offset = window
    if query.exact and every_entry_kept:
        # Counted first: the page is read only when the window reaches a match (a search matching nothing, or
        # a page past the end, is then one pass over the partner's rows instead of two).
        total = entries.count(conn, where, query.params)
        return (entries.find(conn, where, query.params, limit, offset) if offset < total else []), total
    found = [d for d in entries.find(conn, where, query.params) if keep(d)]
    return found[offset : offset + limit], len(found)
