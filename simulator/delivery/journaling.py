"""Media requests in the journal: which flavor a vendor fetched, with which key, how many bytes went out."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from flask import Response

from simulator.delivery.access import Caller
from simulator.ks import KsInfo
from simulator.redaction import redact_url
from simulator.store import journal, tasks

log = logging.getLogger("reachsim")


def task_for_ks(conn: sqlite3.Connection, info: KsInfo | None) -> int | None:
    """The REACH task whose access key this KS is, if any."""
    return tasks.task_for_access_key(conn, info.fingerprint) if info is not None else None


def record(caller: Caller, service: str, action: str, path: str, response: Response) -> Response:
    """Journal one media request with its outcome; bytes are what the response will send (a Range's part)."""
    info = caller.ks
    error = response.headers.get("X-Kaltura", "")
    extra: dict[str, Any] = dict(caller.notes)
    extra["bytes"] = response.content_length or 0
    if response.status_code == 206:
        extra["range"] = response.headers.get("Content-Range")
    sim = caller.sim
    try:
        with sim.db.transaction() as conn:
            journal.append(
                conn,
                {
                    "time": sim.clock.now(),
                    "kind": "media",
                    "service": service,
                    "action": action,
                    "path": redact_url(path),
                    "partner_id": info.partner_id if info else (caller.partner or {}).get("id"),
                    "ks_type": int(info.type) if info else None,
                    "ks_privileges": str(info.privileges) if info else None,
                    "ks_user": info.user_id if info else None,
                    "task_id": task_for_ks(conn, info),
                    "result": error or "OK",
                    "http_status": response.status_code,
                    "extra": extra,
                },
            )
    except Exception:  # the journal must never turn a served request into a failure
        log.exception("media journal write failed")
    return response
