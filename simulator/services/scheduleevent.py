"""The `schedule_scheduleEvent` service (plugins/schedule ScheduleEventService.php), the subset a live caption order
needs: a customer plans a live stream event on a live entry (add, get, list), and the REACH vendor provisions its
live caption feature on it (updateLiveFeature).

The partner filter is the service's only gate on events: another partner's event is not found.
"""

from __future__ import annotations

from typing import Any

from simulator import filters, permissions
from simulator.api import Context, Param, service
from simulator.objects import errors
from simulator.objects import schedule as S
from simulator.objects.core import paginate
from simulator.objects.model import KObject, make_list
from simulator.store import schedule

svc = service("schedule_scheduleEvent", "scheduleEvent")
TYPE = "KalturaScheduleEvent"


def event_object(doc: dict[str, Any]) -> KObject:
    return KObject.from_doc(TYPE, doc)


def _feature_doc(feature: KObject) -> dict[str, Any]:
    return {**{k: v for k, v in feature.items() if v is not None}, "_type": feature.kaltura_type}


@svc.action("add", Param("scheduleEvent", "object", TYPE), returns=TYPE, allow=permissions.any_session)
def add(ctx: Context, scheduleEvent: KObject) -> KObject:
    """Plan an event: startDate and endDate required, the template entry one of the partner's entries."""
    for name in ("startDate", "endDate"):
        if scheduleEvent.get(name) is None:
            raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{scheduleEvent.kaltura_type}::{name}")
    start, end = int(scheduleEvent["startDate"]), int(scheduleEvent["endDate"])
    if end < start:
        raise S.PROPERTY_VALIDATION_MIN_VALUE(f"{scheduleEvent.kaltura_type}::endDate", start)
    template = scheduleEvent.get("templateEntryId")
    if template:
        permissions.entry_for_read(ctx, str(template))
    now = int(ctx.now())
    doc: dict[str, Any] = {
        k: v
        for k, v in scheduleEvent.items()
        if v is not None and k != "liveFeatures" and not _readonly(scheduleEvent, k)
    }
    doc.update(
        _type=scheduleEvent.kaltura_type,
        partnerId=ctx.partner_id,
        status=S.ScheduleEventStatus.ACTIVE,
        recurrenceType=0,
        duration=end - start,
        createdAt=now,
        updatedAt=now,
        liveFeatures=[_feature_doc(f) for f in scheduleEvent.get("liveFeatures") or [] if isinstance(f, KObject)],
    )
    schedule.add(ctx.conn, doc)
    return event_object(doc)


def _readonly(obj: KObject, name: str) -> bool:
    field = obj.type.field(name)
    return field is None or field.readonly


def _load(ctx: Context, event_id: int) -> dict[str, Any]:
    doc = schedule.get(ctx.conn, event_id, ctx.partner_id)
    if doc is None:
        raise S.INVALID_OBJECT_ID(event_id)
    return doc


@svc.action("get", Param("scheduleEventId", "int"), returns=TYPE, allow=permissions.any_session)
def get(ctx: Context, scheduleEventId: int) -> KObject:
    """One event of the caller's partner."""
    return event_object(_load(ctx, scheduleEventId))


@svc.action(
    "list",
    Param("filter", "object", "KalturaScheduleEventFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaScheduleEventListResponse",
    allow=permissions.any_session,
)
def list_events(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """The partner's events by idEqual/In, statusEqual/In, start and end date windows and the other plain fields."""
    found = [d for d in schedule.of_partner(ctx.conn, ctx.partner_id) if filters.matches(d, filter or {})]
    return make_list("KalturaScheduleEventListResponse", [event_object(d) for d in paginate(found, pager)], len(found))


@svc.action(
    "updateLiveFeature",
    Param("scheduledEventId", "int"),
    Param("featureName", "string"),
    Param("liveFeature", "object", "KalturaLiveFeature"),
    returns="KalturaLiveStreamScheduleEvent",
    allow=permissions.any_session,
)
def update_live_feature(ctx: Context, scheduledEventId: int, featureName: str, liveFeature: KObject) -> KObject:
    """Fill the live stream event's feature of that name (it must exist: the server updates, it never adds); every
    failure is CANNOT_UPDATE_SCHEDULE_EVENT_FEATURE, as the server's catch-all makes it."""
    doc = schedule.get(ctx.conn, scheduledEventId, ctx.partner_id)
    features = list((doc or {}).get("liveFeatures") or [])
    index = next((i for i, f in enumerate(features) if f.get("systemName") == featureName), None)
    if doc is None or doc.get("_type") != schedule.LIVE_STREAM or index is None:
        raise S.CANNOT_UPDATE_SCHEDULE_EVENT_FEATURE(featureName)
    features[index] = {**features[index], **_feature_doc(liveFeature)}
    doc.update(liveFeatures=features, updatedAt=int(ctx.now()))
    schedule.save(ctx.conn, doc)
    ctx.note(schedule_event={"id": doc["id"], "feature": featureName})
    return event_object(doc)
