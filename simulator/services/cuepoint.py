"""The `cuepoint_cuePoint` service: chapters (thumb cue points), annotations and code cue points on an entry.

add takes a concrete cue point type; the stored `cuePointType` names it, and answers are rebuilt as that type.
"""

from __future__ import annotations

from typing import Any

from simulator import filters, permissions
from simulator.api import Context, Param, service
from simulator.objects import cuepoints as cue_types
from simulator.objects import errors
from simulator.objects.core import paginate
from simulator.objects.entries import EntryStatus
from simulator.objects.model import KObject, make_list
from simulator.objects.writable import to_insertable
from simulator.store import cuepoints, entries

svc = service("cuepoint_cuePoint")

_CUE_POINT_TYPE_OF = {type_name: value for value, type_name in cue_types.TYPE_OF_CUE_POINT.items()}


def _to_object(doc: dict[str, Any]) -> KObject:
    return KObject.from_doc(cue_types.TYPE_OF_CUE_POINT.get(doc.get("cuePointType", ""), "KalturaAnnotation"), doc)


def _load(ctx: Context, cue_point_id: str) -> dict[str, Any]:
    doc = cuepoints.get(ctx.conn, cue_point_id, ctx.partner_id)
    if doc is None:
        raise cue_types.INVALID_CUE_POINT_ID(cue_point_id)
    return doc


@svc.action(
    "add", Param("cuePoint", "object", "KalturaCuePoint"), returns="KalturaCuePoint", allow=permissions.any_session
)
def add(ctx: Context, cuePoint: KObject) -> KObject:
    """Add a cue point to an entry the caller may edit."""
    cue_point_type = _CUE_POINT_TYPE_OF.get(cuePoint.kaltura_type)
    if cue_point_type is None:
        raise errors.INVALID_OBJECT_TYPE(cuePoint.kaltura_type)
    entry_id = str(cuePoint.get("entryId") or "")
    if not entry_id:
        raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{cuePoint.kaltura_type}::entryId")
    entry = permissions.entry_for_write(ctx, entry_id)
    now = int(ctx.now())
    doc: dict[str, Any] = {
        "partnerId": ctx.partner_id,
        "cuePointType": cue_point_type,
        "status": cuepoints.READY,
        "createdAt": now,
        "updatedAt": now,
        "userId": ctx.ks.user_id if ctx.ks else "",
        "isMomentary": True,
    }
    doc.update(to_insertable(cuePoint))
    doc["entryId"] = entry["id"]
    if doc.get("endTime") is not None and doc.get("startTime") is not None:
        doc["duration"] = int(doc["endTime"]) - int(doc["startTime"])
        doc["isMomentary"] = False
    cuepoints.add(ctx.conn, doc)
    ctx.note(cue_point={"id": doc["id"], "type": cue_point_type, "entryId": entry["id"]})
    return _to_object(doc)


@svc.action("get", Param("id", "string"), returns="KalturaCuePoint", allow=permissions.any_session)
def get(ctx: Context, id: str) -> KObject:
    """One cue point (its entry must be visible to the caller)."""
    doc = _load(ctx, id)
    try:
        permissions.entry_for_read(ctx, doc["entryId"])
    except errors.ENTRY_ID_NOT_FOUND as exc:
        raise cue_types.INVALID_CUE_POINT_ID(id) from exc
    return _to_object(doc)


@svc.action(
    "list",
    Param("filter", "object", "KalturaCuePointFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaCuePointListResponse",
    allow=permissions.any_session,
)
def list_cue_points(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """Cue points by entryIdEqual/In, cuePointTypeEqual/In, statusEqual, idEqual, ordered by startTime."""
    flt: dict[str, Any] = filter or {}
    found = [
        doc
        for doc in cuepoints.find(ctx.conn, "partnerId = ? AND status != ?", [ctx.partner_id, cuepoints.DELETED])
        if filters.matches(doc, flt) and _entry_visible(ctx, doc["entryId"])
    ]
    found.sort(key=lambda d: (d.get("startTime") or 0, d["intId"]))
    return make_list("KalturaCuePointListResponse", [_to_object(d) for d in paginate(found, pager)], len(found))


def _entry_visible(ctx: Context, entry_id: str) -> bool:
    entry = entries.get(ctx.conn, entry_id, ctx.partner_id)
    return entry is not None and entry.get("status") != EntryStatus.DELETED and permissions.may_read_entry(ctx, entry)


@svc.action("delete", Param("id", "string"), allow=permissions.any_session)
def delete(ctx: Context, id: str) -> None:
    """Mark the cue point DELETED."""
    doc = _load(ctx, id)
    permissions.entry_for_write(ctx, doc["entryId"])
    doc.update(status=cuepoints.DELETED, updatedAt=int(ctx.now()))
    cuepoints.save(ctx.conn, doc)
