"""The schedule plugin's events, the subset a live caption order uses: a live stream event planned on a live entry
(`templateEntryId`) with its window and its live features, one per service provisioned for it (a REACH live caption
vendor fills a KalturaLiveCaptionFeature). Fields: the official client's `KalturaClient/Plugins/Schedule.py`."""

from simulator.objects import errors
from simulator.objects.model import (
    f_array,
    f_bool,
    f_enum,
    f_float,
    f_int,
    f_obj,
    f_str,
    f_time,
    int_enum,
    list_response,
    object_type,
)

ScheduleEventStatus = int_enum("KalturaScheduleEventStatus", CANCELLED=1, ACTIVE=2, DELETED=3)
int_enum("KalturaScheduleEventRecurrenceType", NONE=0, RECURRING=1, RECURRENCE=2)

object_type(
    "KalturaLiveFeature",
    "KalturaObjectBase",
    f_str("systemName"),
    f_int("preStartTime"),
    f_int("postEndTime"),
)
object_type(
    "KalturaLiveCaptionFeature",
    "KalturaLiveFeature",
    f_str("mediaUrl"),
    f_str("mediaKey"),
    f_str("captionUrl"),
    f_str("captionToken"),
    f_int("inputDelay"),
    f_str("captionFormat"),
    f_str("language"),
)
object_type("KalturaLinkedScheduleEvent", "KalturaObjectBase", f_int("offset"), f_str("eventId"))
object_type(
    "KalturaScheduleEventRecurrence",
    "KalturaObjectBase",
    f_str("name"),
    f_str("frequency"),
    f_time("until"),
    f_str("timeZone"),
    f_int("count"),
    f_int("interval"),
    f_str("bySecond"),
    f_str("byMinute"),
    f_str("byHour"),
    f_str("byDay"),
    f_str("byMonthDay"),
    f_str("byYearDay"),
    f_str("byWeekNumber"),
    f_str("byMonth"),
    f_str("byOffset"),
    f_str("weekStartDay"),
)
object_type(
    "KalturaScheduleEvent",
    "KalturaObjectBase",
    f_int("id", readonly=True),
    f_int("partnerId", readonly=True),
    f_int("parentId", readonly=True),
    f_str("summary"),
    f_str("description"),
    f_enum("status", "KalturaScheduleEventStatus", readonly=True),
    f_time("startDate"),
    f_time("endDate"),
    f_str("referenceId"),
    f_obj("linkedTo", "KalturaLinkedScheduleEvent"),
    f_str("linkedBy"),
    f_int("classificationType"),
    f_float("geoLatitude"),
    f_float("geoLongitude"),
    f_str("location"),
    f_str("organizer"),
    f_str("ownerId"),
    f_int("priority"),
    f_int("sequence"),
    f_enum("recurrenceType", "KalturaScheduleEventRecurrenceType"),
    f_int("duration"),
    f_str("contact"),
    f_str("comment"),
    f_str("tags"),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_obj("recurrence", "KalturaScheduleEventRecurrence"),
    abstract=True,
)
object_type(
    "KalturaEntryScheduleEvent",
    "KalturaScheduleEvent",
    f_str("templateEntryId"),
    f_str("entryIds"),
    f_str("categoryIds"),
    f_array("blackoutConflicts", "KalturaScheduleEvent", readonly=True),
    abstract=True,
)
object_type("KalturaBaseLiveScheduleEvent", "KalturaEntryScheduleEvent", abstract=True)
object_type(
    "KalturaLiveStreamScheduleEvent",
    "KalturaBaseLiveScheduleEvent",
    f_str("sourceEntryId"),
    f_int("projectedAudience"),
    f_int("preStartTime"),
    f_int("postEndTime"),
    f_str("preStartEntryId"),
    f_str("postEndEntryId"),
    f_bool("isContentInterruptible"),
    f_array("liveFeatures", "KalturaLiveFeature"),
)
list_response("KalturaScheduleEventListResponse", "KalturaScheduleEvent")
object_type(
    "KalturaScheduleEventBaseFilter",
    "KalturaRelatedFilter",
    f_int("idEqual"),
    f_str("idIn"),
    f_str("idNotIn"),
    f_int("parentIdEqual"),
    f_str("parentIdIn"),
    f_str("parentIdNotIn"),
    f_enum("statusEqual", "KalturaScheduleEventStatus"),
    f_str("statusIn"),
    f_time("startDateGreaterThanOrEqual"),
    f_time("startDateLessThanOrEqual"),
    f_time("endDateGreaterThanOrEqual"),
    f_time("endDateLessThanOrEqual"),
    f_str("referenceIdEqual"),
    f_str("referenceIdIn"),
    f_str("ownerIdEqual"),
    f_str("ownerIdIn"),
    f_int("priorityEqual"),
    f_str("priorityIn"),
    f_int("priorityGreaterThanOrEqual"),
    f_int("priorityLessThanOrEqual"),
    f_enum("recurrenceTypeEqual", "KalturaScheduleEventRecurrenceType"),
    f_str("recurrenceTypeIn"),
    f_str("tagsLike"),
    f_str("tagsMultiLikeOr"),
    f_str("tagsMultiLikeAnd"),
    f_time("createdAtGreaterThanOrEqual"),
    f_time("createdAtLessThanOrEqual"),
    f_time("updatedAtGreaterThanOrEqual"),
    f_time("updatedAtLessThanOrEqual"),
)
object_type(
    "KalturaScheduleEventFilter",
    "KalturaScheduleEventBaseFilter",
    f_str("resourceIdsLike"),
    f_str("resourceIdsMultiLikeOr"),
    f_str("resourceIdsMultiLikeAnd"),
    f_str("parentResourceIdsLike"),
    f_str("parentResourceIdsMultiLikeOr"),
    f_str("parentResourceIdsMultiLikeAnd"),
    f_str("templateEntryCategoriesIdsMultiLikeAnd"),
    f_str("templateEntryCategoriesIdsMultiLikeOr"),
    f_str("resourceSystemNamesMultiLikeOr"),
    f_str("templateEntryCategoriesIdsLike"),
    f_str("resourceSystemNamesMultiLikeAnd"),
    f_str("resourceSystemNamesLike"),
    f_str("resourceIdEqual"),
)

# kaltura/server:alpha/apps/kaltura/lib/api/KalturaErrors.php
INVALID_OBJECT_ID = errors.define("INVALID_OBJECT_ID;ID;Invalid object id [@ID@]")
PROPERTY_VALIDATION_MIN_VALUE = errors.define(
    'PROPERTY_VALIDATION_MIN_VALUE;PROP_NAME,MIN_VAL;The property "@PROP_NAME@" must have a min value of @MIN_VAL@'
)
SCHEDULE_EVENT_ID_NOT_FOUND = errors.define("SCHEDULE_EVENT_ID_NOT_FOUND;ID;Schedule Event id [@ID@] not found")
# updateLiveFeature turns every failure inside its lock (unknown event, wrong type, no feature of that name) into
# this one; its message text is not in the public client, so the wording here is the simulator's.
CANNOT_UPDATE_SCHEDULE_EVENT_FEATURE = errors.define(
    "CANNOT_UPDATE_SCHEDULE_EVENT_FEATURE;FEATURE_NAME;Cannot update schedule event feature [@FEATURE_NAME@]"
)
