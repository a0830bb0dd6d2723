"""Orders of scheduled REACH services (live caption): the task's job data comes from the live stream event planned
on the live entry, the catalog item's order-time and duration limits are checked against that event, and the event
gets the live caption feature the vendor will fill.

Sources: kaltura/server `VendorLiveCaptionCatalogItem::getTaskJobData` (the entry's latest live stream event, its
window widened by the item's start/end buffers), `KalturaScheduledVendorTaskData::validateForInsert` and
`validateCatalogLimitations` (event found and of the live stream kind, minimalOrderTime and durationLimit in
minutes); the feature name is the vendor guide's ('Live captions' > 'Pre-processing')."""

from __future__ import annotations

from typing import Any

from simulator.api import Context
from simulator.objects import alignment_live_items as L
from simulator.objects import errors
from simulator.objects import reach as R
from simulator.objects import schedule as S
from simulator.objects.entries import EntryType
from simulator.objects.model import KObject
from simulator.store import schedule

SCHEDULED_DATA = "KalturaScheduledVendorTaskData"
LIVE_CAPTION_FEATURE = "KalturaLiveCaptionFeature"


def is_scheduled(item: dict[str, Any]) -> bool:
    return item.get("serviceFeature") == R.ServiceFeature.LIVE_CAPTION


def is_live(entry: dict[str, Any]) -> bool:
    return str(entry.get("type")) == EntryType.LIVE_STREAM


def feature_name(task_id: int) -> str:
    return f"LiveCaptionFeature-reach-{task_id}"


def refuse_misplaced(item: dict[str, Any], sent: Any) -> None:
    """Scheduled task data is for scheduled items only (validateCatalogLimitations names the item's class)."""
    if isinstance(sent, KObject) and sent.kaltura_type == SCHEDULED_DATA and not is_scheduled(item):
        raise L.CATALOG_ITEM_AND_JOB_DATA_MISMATCH(str(item.get("_type", "")).removeprefix("Kaltura"), SCHEDULED_DATA)


def job_data(ctx: Context, item: dict[str, Any], entry: dict[str, Any], sent: Any) -> dict[str, Any]:
    """The task's KalturaScheduledVendorTaskData: the event the customer named, else the entry's latest live stream
    event; checked against the item's limits. Raises the server's errors."""
    if isinstance(sent, KObject) and sent.kaltura_type == SCHEDULED_DATA:
        event_id = sent.get("scheduledEventId")
        if event_id is None:
            raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{SCHEDULED_DATA}::scheduledEventId")
        event = schedule.get(ctx.conn, int(event_id), ctx.partner_id)
        if event is None:
            raise S.SCHEDULE_EVENT_ID_NOT_FOUND(event_id)
        if event.get("_type") != schedule.LIVE_STREAM:
            raise L.CATALOG_ITEM_AND_JOB_DATA_MISMATCH(event.get("_type"), SCHEDULED_DATA)
        if event.get("templateEntryId") != entry["id"]:
            raise L.TASK_EVENT_ENTRY_ID_MISMATCH(entry["id"], event["id"])
        start = int(sent.get("startDate") or event["startDate"])
        end = int(sent.get("endDate") or event["endDate"])
    else:
        events = schedule.live_events_of_entry(ctx.conn, entry["id"])
        event = events[-1] if events else None
        start = int(event["startDate"]) - int(item.get("startTimeBuffer") or 0) if event else 0
        end = int(event["endDate"]) + int(item.get("endTimeBuffer") or 0) if event else 0
    event_id = int(event["id"]) if event else None
    if start - ctx.now() < int(item.get("minimalOrderTime") or 0) * 60:
        raise L.TOO_LATE_ORDER(event_id or "", item["id"], item.get("minimalOrderTime") or 0)
    limit = int(item.get("durationLimit") or 0) * 60
    if end - start > limit:
        raise L.TOO_LONG_SCHEDULED_TASK(end - start, limit, item["id"])
    return {
        "_type": SCHEDULED_DATA,
        "scheduledEventId": event_id,
        "startDate": start,
        "endDate": end,
        "entryDuration": (end - start) * 1000,
    }


def provision(ctx: Context, task: dict[str, Any]) -> None:
    """The ordered task's live caption feature on its event, empty until the vendor fills it with updateLiveFeature
    (which only updates features that exist)."""
    event_id = (task.get("taskJobData") or {}).get("scheduledEventId")
    event = schedule.get(ctx.conn, int(event_id), task["partnerId"]) if event_id else None
    if event is None:
        return
    name = feature_name(int(task["id"]))
    features = [f for f in event.get("liveFeatures") or [] if f.get("systemName") != name]
    event["liveFeatures"] = [*features, {"_type": LIVE_CAPTION_FEATURE, "systemName": name}]
    event["updatedAt"] = int(ctx.now())
    schedule.save(ctx.conn, event)
