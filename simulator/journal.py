"""The request journal's entries: one typed record for every API call and media request, built here and only here.

The journal is the certification harness's evidence (its rules cite entries by `seq`), so each field has one
meaning, documented in docs/journal.md. The two front doors — `wire/dispatch.call` for the API,
`delivery/routes._guarded` for media — each build one `JournalEntry` and `write` it; which REACH task a call
serves is decided in `task_for_ks` and nowhere else.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from simulator.ks import REACH_VENDOR_ROLE, KsInfo
from simulator.store import journal as journal_table
from simulator.store import tasks

if TYPE_CHECKING:
    from simulator.runtime import Simulator

log = logging.getLogger("reachsim")


def task_for_ks(conn: sqlite3.Connection, info: KsInfo | None) -> int | None:
    """The REACH task whose access key this KS is; None for every other session (and for no KS)."""
    if info is None or info.privileges.role != REACH_VENDOR_ROLE:
        return None
    return tasks.task_for_access_key(conn, info.fingerprint)


@dataclass(frozen=True)
class JournalEntry:
    """One journal line, before the store gives it its `seq`. Field meanings: docs/journal.md."""

    time: float
    kind: Literal["api", "media"]
    service: str | None
    action: str | None
    result: str
    http_status: int
    path: str | None = None
    partner_id: int | None = None
    ks_type: int | None = None
    ks_privileges: str | None = None
    ks_user: str | None = None
    client_tag: str | None = None
    task_id: int | None = None
    duration_ms: float | None = None
    extra: dict[str, Any] | None = None

    @classmethod
    def for_call(
        cls,
        conn: sqlite3.Connection,
        info: KsInfo | None,
        *,
        partner_id: int | None,
        task_id: int | None = None,
        **fields: Any,
    ) -> JournalEntry:
        """An entry whose caller fields come from the KS (when there is one, even a refused one) and whose task
        is the one noted by the handler, else the task the access key serves."""
        return cls(
            partner_id=info.partner_id if info else partner_id,
            ks_type=int(info.type) if info else None,
            ks_privileges=str(info.privileges) if info else None,
            ks_user=info.user_id if info else None,
            task_id=task_id if task_id is not None else task_for_ks(conn, info),
            **fields,
        )

    def row(self) -> dict[str, Any]:
        # Shallow: `extra` is serialized by the store as it is, so asdict's deep copy was pure cost.
        return {f.name: getattr(self, f.name) for f in _FIELDS}


_FIELDS = dataclasses.fields(JournalEntry)


def write(sim: Simulator, entry: JournalEntry) -> None:
    """Append inside the caller's open transaction (an API call's own, so the entry commits with the writes it
    reports), else in a transaction of its own. The journal never turns an answered request into a failure, so a
    failed write is logged, not raised (a failed INSERT leaves the enclosing transaction as it was)."""
    try:
        with sim.db.transaction() as conn:
            journal_table.append(conn, entry.row())
    except Exception:
        log.exception("journal write failed")
