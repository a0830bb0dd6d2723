"""Media requests in the journal: which flavor a vendor fetched, with which key, how many bytes went out."""

from __future__ import annotations

from typing import Any

from flask import Response

from simulator import journal
from simulator.delivery.access import Caller
from simulator.journal import JournalEntry


def record(caller: Caller, service: str, action: str, path: str, response: Response) -> Response:
    """Journal one media request with its outcome; bytes are what the response will send (a Range's part)."""
    extra: dict[str, Any] = dict(caller.notes)
    extra["bytes"] = response.content_length or 0
    if response.status_code == 206:
        extra["range"] = response.headers.get("Content-Range")
    sim = caller.sim
    entry = JournalEntry.for_call(
        sim.db.connection(),
        caller.ks,
        partner_id=(caller.partner or {}).get("id"),
        time=sim.clock.now(),
        kind="media",
        service=service,
        action=action,
        path=journal.redact_path(path),
        result=response.headers.get("X-Kaltura", "")
        or ("OK" if response.status_code < 400 else f"HTTP_{response.status_code}"),
        http_status=response.status_code,
        extra=extra,
    )
    journal.write(sim, entry)
    return response
