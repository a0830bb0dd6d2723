"""Journal reading shared by the rule families: what a call was, which key it used, what it asked for."""

from __future__ import annotations

import re
from typing import Any

from conformance.model import Run

ADMIN = 2
ACCESS_KEY_ROLE = "setrole:REACH_VENDOR_ROLE"
DELIVERABLE_SERVICES = frozenset(
    {"uploadtoken", "attachment_attachmentasset", "caption_captionasset", "cuepoint_cuepoint"}
)
ENTRY_UPDATE = frozenset({("baseentry", "update"), ("media", "update")})
# Audio tracks (dubbing, audio description) are flavors; reading flavors (list, get, getUrl) is not delivering.
FLAVOR_DELIVERY = frozenset({("flavorasset", "add"), ("flavorasset", "setcontent")})
_ENTRY_IN_PATH = re.compile(r"/entryId/([^/]+)")


def request(entry: dict[str, Any]) -> dict[str, Any]:
    return (entry.get("extra") or {}).get("request") or {}


def is_deliverable_call(entry: dict[str, Any]) -> bool:
    service, action = str(entry.get("service") or ""), str(entry.get("action") or "")
    return (
        service in DELIVERABLE_SERVICES
        or (service, action) in ENTRY_UPDATE
        or (service.lower(), action.lower()) in FLAVOR_DELIVERY
    )


def ok(entry: dict[str, Any]) -> bool:
    return entry.get("result") == "OK"


def is_access_key(entry: dict[str, Any]) -> bool:
    return ACCESS_KEY_ROLE in str(entry.get("ks_privileges") or "")


def is_vendor_admin(run: Run, entry: dict[str, Any]) -> bool:
    return entry.get("partner_id") == run.vendor_partner_id and entry.get("ks_type") == ADMIN


def is_media(entry: dict[str, Any]) -> bool:
    return entry.get("kind") == "media"


def sent_status(entry: dict[str, Any]) -> int | None:
    """The status an updateJob asked for, if it asked for one."""
    value = (request(entry).get("entryVendorTask") or {}).get("status")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def task_fields(entry: dict[str, Any]) -> dict[str, Any]:
    return request(entry).get("entryVendorTask") or {}


def status_changes(run: Run, task_id: int) -> list[tuple[int, dict[str, Any]]]:
    """Accepted updateJob calls of the task that named a status, in order."""
    out = []
    for entry in run.calls("reach_entryvendortask", "updateJob"):
        status = sent_status(entry)
        if entry.get("task_id") == task_id and ok(entry) and status is not None:
            out.append((status, entry))
    return out


def first_status(run: Run, task_id: int, status: int) -> dict[str, Any] | None:
    return next((e for s, e in status_changes(run, task_id) if s == status), None)


def final_entry(run: Run, task_id: int) -> dict[str, Any] | None:
    """The accepted updateJob that moved the task to READY or ERROR."""
    return next((e for s, e in status_changes(run, task_id) if s in (2, 6)), None)


def final_seqs(run: Run, task_ids: list[int]) -> list[int]:
    """The updateJob calls that made these tasks READY or ERROR: the evidence of a verdict on what a finished task
    left behind (its output asset, its status), judged from the state."""
    return [int(e["seq"]) for task_id in task_ids if (e := final_entry(run, task_id)) is not None]


def named_entry(entry: dict[str, Any]) -> str | None:
    """The entry a call or fetch names: its entryId parameter, or the entry of a media path."""
    if is_media(entry):
        found = (entry.get("extra") or {}).get("entryId") or _ENTRY_IN_PATH.search(str(entry.get("path") or ""))
        return found.group(1) if isinstance(found, re.Match) else found
    value = request(entry).get("entryId")
    return str(value) if value is not None else None


def seqs(entries: list[dict[str, Any]], limit: int = 20) -> list[int]:
    return [int(e["seq"]) for e in entries[:limit]]


def task_of(run: Run, entry: dict[str, Any]) -> int | None:
    """The task a request was for: as the simulator attributed it; else, for a request refused before the
    simulator could tell (an expired key or vendor KS), the task id it named or the one task of the entry it named."""
    if entry.get("task_id") is not None:
        return int(entry["task_id"])
    if entry.get("service") == "reach_entryvendortask" and entry.get("action") != "getJobs":
        raw = request(entry).get("id")
        if isinstance(raw, str | int) and str(raw).isdigit():
            return int(raw)
    named = named_entry(entry)
    owners = [p.id for p in run.tasks if p.entry_id == named]
    return owners[0] if named is not None and len(owners) == 1 else None


def for_task(run: Run, task_id: int) -> list[dict[str, Any]]:
    return [e for e in run.journal if task_of(run, e) == task_id]
