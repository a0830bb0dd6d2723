"""Categories and category entries (minimal), and the REACH profile rule that orders a service for every entry
added to a category: a `KalturaRule` (simulator/objects/rules.py) with a `KalturaCategoryEntryCondition` and a
`KalturaAddEntryVendorTaskAction`.
"""

from simulator.objects import errors, rules  # noqa: F401  (rules: the bases of the REACH rule types)
from simulator.objects.model import (
    f_enum,
    f_int,
    f_str,
    f_time,
    int_enum,
    list_response,
    object_type,
    string_enum,
    string_enum_of,
)

CategoryStatus = int_enum("KalturaCategoryStatus", UPDATING=1, ACTIVE=2, DELETED=3, PURGED=4)
CategoryEntryStatus = int_enum("KalturaCategoryEntryStatus", PENDING=1, ACTIVE=2, DELETED=3, REJECTED=4)
AppearInListType = int_enum("KalturaAppearInListType", PARTNER_ONLY=1, CATEGORY_MEMBERS_ONLY=3)
PrivacyType = int_enum("KalturaPrivacyType", ALL=1, AUTHENTICATED_USERS=2, MEMBERS_ONLY=3)
InheritanceType = int_enum("KalturaInheritanceType", INHERIT=1, MANUAL=2)
UserJoinPolicyType = int_enum("KalturaUserJoinPolicyType", AUTO_JOIN=1, REQUEST_TO_JOIN=2, NOT_ALLOWED=3)
ContributionPolicyType = int_enum("KalturaContributionPolicyType", ALL=1, MEMBERS_WITH_CONTRIBUTION_PERMISSION=2)
CategoryUserPermissionLevel = int_enum(
    "KalturaCategoryUserPermissionLevel", MANAGER=0, MODERATOR=1, CONTRIBUTOR=2, MEMBER=3, NONE=4
)
string_enum_of(
    "KalturaCategoryOrderBy",
    {
        f"{name.upper()}_{'ASC' if sign == '+' else 'DESC'}": f"{sign}{field}"
        for sign in "+-"
        for field, name in (
            ("createdAt", "created_at"),
            ("depth", "depth"),
            ("directEntriesCount", "direct_entries_count"),
            ("directSubCategoriesCount", "direct_sub_categories_count"),
            ("entriesCount", "entries_count"),
            ("fullName", "full_name"),
            ("membersCount", "members_count"),
            ("name", "name"),
            ("partnerSortValue", "partner_sort_value"),
            ("updatedAt", "updated_at"),
        )
    },
)
string_enum(
    "KalturaSearchConditionComparison",
    EQUAL="1",
    GREATER_THAN="2",
    GREATER_THAN_OR_EQUAL="3",
    LESS_THAN="4",
    LESS_THAN_OR_EQUAL="5",
    NOT_EQUAL="6",
)

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
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_str("description"),
    f_str("tags"),
    f_enum("appearInList", "KalturaAppearInListType"),
    f_enum("privacy", "KalturaPrivacyType"),
    f_enum("inheritanceType", "KalturaInheritanceType"),
    f_enum("userJoinPolicy", "KalturaUserJoinPolicyType", readonly=True),
    f_enum("defaultPermissionLevel", "KalturaCategoryUserPermissionLevel"),
    f_str("owner"),
    f_int("directEntriesCount", readonly=True),
    f_str("referenceId"),
    f_enum("contributionPolicy", "KalturaContributionPolicyType"),
    f_int("membersCount", readonly=True),
    f_int("pendingMembersCount", readonly=True),
    f_str("privacyContext"),
    f_str("privacyContexts", readonly=True),
    f_enum("status", "KalturaCategoryStatus", readonly=True),
    f_int("inheritedParentId", readonly=True),
    f_int("partnerSortValue"),
    f_str("partnerData"),
    f_enum("defaultOrderBy", "KalturaCategoryOrderBy"),
    f_int("directSubCategoriesCount", readonly=True),
    f_enum("moderation", "KalturaNullableBoolean"),
    f_int("pendingEntriesCount", readonly=True),
    f_enum("isAggregationCategory", "KalturaNullableBoolean"),
    f_str("aggregationCategories"),
    f_str("adminTags"),
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
    f_enum("statusEqual", "KalturaCategoryStatus"),
    f_str("statusIn"),
)
object_type(
    "KalturaCategoryFilter", "KalturaCategoryBaseFilter", f_str("freeText"), f_str("nameOrReferenceIdStartsWith")
)

object_type(
    "KalturaCategoryEntry",
    "KalturaObjectBase",
    f_int("categoryId"),
    f_str("entryId"),
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
    "KalturaCategoryEntryCondition",
    "KalturaCondition",
    f_int("categoryId"),
    f_str("categoryIds"),
    f_enum("categoryUserPermission", "KalturaCategoryUserPermissionLevel"),
    f_enum("comparison", "KalturaSearchConditionComparison"),
)
object_type(
    "KalturaAddEntryVendorTaskAction",
    "KalturaRuleAction",
    f_str("catalogItemIds"),
    f_enum("entryObjectType", "KalturaEntryObjectType"),
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
