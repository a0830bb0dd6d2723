"""Categories and category entries (minimal), and the REACH profile rule that orders a service for every entry
added to a category: `KalturaRule` with a `KalturaCategoryEntryCondition` and a `KalturaAddEntryVendorTaskAction`.

Declared before simulator/objects/reach.py (modules load by name), so the reach profile's `rules` use this full
`KalturaRule`.
"""

from simulator.objects import errors
from simulator.objects.model import (
    f_array,
    f_bool,
    f_enum,
    f_int,
    f_str,
    f_time,
    int_enum,
    list_response,
    object_type,
    string_enum,
)

CategoryStatus = int_enum("KalturaCategoryStatus", UPDATING=1, ACTIVE=2, DELETED=3, PURGED=4)
CategoryEntryStatus = int_enum("KalturaCategoryEntryStatus", PENDING=1, ACTIVE=2, DELETED=3, REJECTED=4)
string_enum("KalturaConditionType", CATEGORY_ENTRY="reach.CategoryEntry", dynamic=True)
string_enum("KalturaRuleActionType", ADD_ENTRY_VENDOR_TASK="reach.ADD_ENTRY_VENDOR_TASK", dynamic=True)

object_type(
    "KalturaCategory",
    "KalturaObjectBase",
    f_int("id", readonly=True),
    f_int("parentId"),
    f_int("depth", readonly=True),
    f_int("partnerId", readonly=True),
    f_str("name"),
    f_str("fullName", readonly=True),
    f_str("fullIds", readonly=True),
    f_int("entriesCount", readonly=True),
    f_int("directEntriesCount", readonly=True),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_str("description"),
    f_str("tags"),
    f_enum("status", "KalturaCategoryStatus", readonly=True),
)
list_response("KalturaCategoryListResponse", "KalturaCategory")
object_type(
    "KalturaCategoryBaseFilter",
    "KalturaRelatedFilter",
    f_int("idEqual"),
    f_str("idIn"),
    f_int("parentIdEqual"),
    f_str("fullNameEqual"),
    f_str("fullNameStartsWith"),
    f_str("nameOrReferenceIdStartsWith"),
    f_enum("statusEqual", "KalturaCategoryStatus"),
    f_str("statusIn"),
)
object_type("KalturaCategoryFilter", "KalturaCategoryBaseFilter", f_str("freeText"))

object_type(
    "KalturaCategoryEntry",
    "KalturaObjectBase",
    f_int("categoryId", insertonly=True),
    f_str("entryId", insertonly=True),
    f_time("createdAt", readonly=True),
    f_str("categoryFullIds", readonly=True),
    f_enum("status", "KalturaCategoryEntryStatus", readonly=True),
    f_str("creatorUserId", readonly=True),
)
list_response("KalturaCategoryEntryListResponse", "KalturaCategoryEntry")
object_type(
    "KalturaCategoryEntryBaseFilter",
    "KalturaRelatedFilter",
    f_int("categoryIdEqual"),
    f_str("categoryIdIn"),
    f_str("entryIdEqual"),
    f_str("entryIdIn"),
    f_enum("statusEqual", "KalturaCategoryEntryStatus"),
    f_str("statusIn"),
)
object_type("KalturaCategoryEntryFilter", "KalturaCategoryEntryBaseFilter")

object_type(
    "KalturaCondition",
    "KalturaObjectBase",
    f_enum("type", "KalturaConditionType", readonly=True),
    f_str("description"),
    f_bool("not"),
    abstract=True,
)
object_type(
    "KalturaCategoryEntryCondition",
    "KalturaCondition",
    f_int("categoryId"),
    f_str("categoryIds"),
    f_int("categoryUserPermission"),
    f_int("comparison"),
)
object_type(
    "KalturaRuleAction", "KalturaObjectBase", f_enum("type", "KalturaRuleActionType", readonly=True), abstract=True
)
object_type("KalturaAddEntryVendorTaskAction", "KalturaRuleAction", f_str("catalogItemIds"))
object_type(
    "KalturaRule",
    "KalturaObjectBase",
    f_str("description"),
    f_str("ruleData"),
    f_str("message"),
    f_str("code"),
    f_array("actions", "KalturaRuleAction"),
    f_array("conditions", "KalturaCondition"),
    f_bool("stopProcessing"),
    f_bool("forceAdminValidation"),
)

CATEGORY_NOT_FOUND = errors.define('CATEGORY_NOT_FOUND;ID;Category id "@ID@" not found')
CATEGORY_ENTRY_ALREADY_EXISTS = errors.define("CATEGORY_ENTRY_ALREADY_EXISTS;;Entry already assigned to this category")
ENTRY_IS_NOT_ASSIGNED_TO_CATEGORY = errors.define(
    "ENTRY_IS_NOT_ASSIGNED_TO_CATEGORY;;Entry doesn't assigned to category"
)
DUPLICATE_CATEGORY = errors.define('DUPLICATE_CATEGORY;CATEGORY;The category "@CATEGORY@" already exists')
MUST_FILTER_ON_ENTRY_OR_CATEGORY = errors.define(
    "MUST_FILTER_ON_ENTRY_OR_CATEGORY;;Must filter on entry id or category"
)
