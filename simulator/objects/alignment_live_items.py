"""Catalog items and task data of the alignment and live caption services (plugins/reach/lib/api/data/
vendorCatalogItem, entryVendorTaks): alignment times a customer's transcript against the media; live caption serves
a scheduled live stream event, its order carrying the event's id and window."""

from simulator.objects import (
    errors,
    reach,  # noqa: F401  (registers KalturaVendorCatalogItem and KalturaVendorTaskData)
)
from simulator.objects.model import f_enum, f_int, f_time, object_type

object_type(
    "KalturaVendorAlignmentCatalogItem",
    "KalturaVendorCatalogItem",
    f_enum("outputFormat", "KalturaVendorCatalogItemOutputFormat"),
)
# Minutes, all three: minimalOrderTime before the event an order must come, durationLimit the longest event it
# serves, minimalRefundTime before the event an abort still refunds.
object_type(
    "KalturaVendorLiveCatalogItem",
    "KalturaVendorCaptionsCatalogItem",
    f_int("minimalRefundTime"),
    f_int("minimalOrderTime"),
    f_int("durationLimit"),
)
object_type(
    "KalturaVendorLiveCaptionCatalogItem",
    "KalturaVendorLiveCatalogItem",
    f_int("startTimeBuffer"),
    f_int("endTimeBuffer"),
)
object_type(
    "KalturaScheduledVendorTaskData",
    "KalturaVendorTaskData",
    f_time("startDate", insertonly=True),
    f_time("endDate", insertonly=True),
    f_int("scheduledEventId", insertonly=True),
)

# kaltura/server:plugins/reach/errors/KalturaReachErrors.php
CATALOG_ITEM_AND_JOB_DATA_MISMATCH = errors.define(
    "CATALOG_ITEM_AND_JOB_DATA_MISMATCH;CATALOG_ITEM_TYPE,TASK_DATA_TYPE;The catalogItem type [@CATALOG_ITEM_TYPE@] "
    "is not allowed for task data of type [@TASK_DATA_TYPE@]"
)
TASK_EVENT_ENTRY_ID_MISMATCH = errors.define(
    "TASK_EVENT_ENTRY_ID_MISMATCH;ENTRY_ID,EVENT_ID;Task entry id [@ENTRY_ID@] does not match scheduled event "
    "[@EVENT_ID@]"
)
TOO_LATE_ORDER = errors.define(
    "TOO_LATE_ORDER;EVENT_ID,CATALOG_ITEM_ID,MINIMAL_ORDER_TIME;Task created too late for event [@EVENT_ID@], "
    "minimal order time for catalog item [@CATALOG_ITEM_ID@] is [@MINIMAL_ORDER_TIME@ min]"
)
TOO_LONG_SCHEDULED_TASK = errors.define(
    "TOO_LONG_SCHEDULED_TASK;TASK_DURATION,DURATION_LIMIT,CATALOG_ITEM_ID;The task duration [@TASK_DURATION@] is "
    "exceeding the limit [@DURATION_LIMIT@] defined in catalogItem [@CATALOG_ITEM_ID@]"
)
