"""Clock jumps tied to a task's status: a certification scenario registers "when task T turns PROCESSING, advance
the virtual clock S seconds", and the jump happens inside that updateJob call, before the vendor hears back. So
the vendor's next access-key request meets an expired key every time, whatever its speed.

Registered through `POST /__sim__/scenario` (`clockTriggers`); kept in the meta table, so a reset clears them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.objects.model import KObject
from simulator.store import meta

if TYPE_CHECKING:
    from simulator.runtime import Simulator

PENDING_KEY = "clock_triggers"
FIRED_KEY = "clock_triggers_fired"


def register(sim: Simulator, triggers: list[dict[str, Any]]) -> None:
    with sim.db.transaction() as conn:
        meta.put(conn, PENDING_KEY, [*meta.get(conn, PENDING_KEY, []), *triggers])


def report(sim: Simulator) -> dict[str, list[dict[str, Any]]]:
    conn = sim.db.connection()
    return {"pending": meta.get(conn, PENDING_KEY, []), "fired": meta.get(conn, FIRED_KEY, [])}


def after_call(sim: Simulator, params: dict[str, Any], result: Any) -> None:
    """Fire the triggers an accepted updateJob met."""
    if params.get("action") != "updateJob" or not isinstance(result, KObject) or "status" not in result:
        return
    if not meta.get(sim.db.connection(), PENDING_KEY, []):
        return  # the common case, read without taking the write lock
    with sim.db.transaction() as conn:
        pending = meta.get(conn, PENDING_KEY, [])
        met = [
            t for t in pending if int(t["taskId"]) == int(result["id"]) and int(t["status"]) == int(result["status"])
        ]
        if not met:
            return
        fired = meta.get(conn, FIRED_KEY, [])
        for trigger in met:
            before = sim.clock.now()
            sim.clock.advance(float(trigger["advance"]))
            fired.append({**trigger, "at": before})
        meta.put(conn, PENDING_KEY, [t for t in pending if t not in met])
        meta.put(conn, FIRED_KEY, fired)
