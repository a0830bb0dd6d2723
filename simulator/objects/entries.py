"""Entry types (baseEntry, media services): KalturaBaseEntry → KalturaPlayableEntry → KalturaMediaEntry, their
filters, list responses and enums, as the 23.10 client and the server declare them (reference §5.1, §7.5).

Flags follow the server's API objects: `readonly` fields are computed by the server, `insertonly` ones are fixed
at creation; both refuse a different value on update (PROPERTY_VALIDATION_NOT_UPDATABLE).
"""

from typing import Any

from simulator.objects.model import (
    Field,
    f_array,
    f_bool,
    f_enum,
    f_float,
    f_int,
    f_str,
    f_time,
    int_enum,
    list_response,
    object_type,
    string_enum,
)

EntryStatus = string_enum(
    "KalturaEntryStatus",
    dynamic=True,  # plugin statuses such as "virusScan.Infected"
    ERROR_IMPORTING="-2",
    ERROR_CONVERTING="-1",
    IMPORT="0",
    PRECONVERT="1",
    READY="2",
    DELETED="3",
    PENDING="4",
    MODERATE="5",
    BLOCKED="6",
    NO_CONTENT="7",
)
EntryType = string_enum(
    "KalturaEntryType",
    dynamic=True,  # plugin types such as "externalMedia.externalMedia"
    AUTOMATIC="-1",
    MEDIA_CLIP="1",
    MIX="2",
    PLAYLIST="5",
    DATA="6",
    LIVE_STREAM="7",
    LIVE_CHANNEL="8",
    DOCUMENT="10",
)
MediaType = int_enum(
    "KalturaMediaType",
    VIDEO=1,
    IMAGE=2,
    AUDIO=5,
    LIVE_STREAM_FLASH=201,
    LIVE_STREAM_WINDOWS_MEDIA=202,
    LIVE_STREAM_REAL_MEDIA=203,
    LIVE_STREAM_QUICKTIME=204,
)
int_enum(
    "KalturaEntryModerationStatus",
    PENDING_MODERATION=1,
    APPROVED=2,
    REJECTED=3,
    DELETED=4,
    FLAGGED_FOR_REVIEW=5,
    AUTO_APPROVED=6,
)
int_enum("KalturaEntryDisplayInSearchType", RECYCLED=-2, SYSTEM=-1, NONE=0, PARTNER_ONLY=1, KALTURA_NETWORK=2)
string_enum(
    "KalturaEntryReplacementStatus",
    NONE="0",
    APPROVED_BUT_NOT_READY="1",
    READY_BUT_NOT_APPROVED="2",
    NOT_READY_AND_NOT_APPROVED="3",
    FAILED="4",
)
string_enum(
    "KalturaSourceType",
    dynamic=True,
    FILE="1",
    WEBCAM="2",
    URL="5",
    SEARCH_PROVIDER="6",
    AKAMAI_LIVE="29",
    MANUAL_LIVE_STREAM="30",
    AKAMAI_UNIVERSAL_LIVE="31",
    LIVE_STREAM="32",
    LIVE_CHANNEL="33",
    RECORDED_LIVE="34",
    CLIP="35",
    KALTURA_RECORDED_LIVE="36",
    LECTURE_CAPTURE="37",
    LIVE_STREAM_ONTEXTDATA_CAPTIONS="42",
)
string_enum("KalturaDurationType", LONG="long", MEDIUM="medium", NOT_AVAILABLE="notavailable", SHORT="short")
int_enum(
    "KalturaLicenseType",
    UNKNOWN=-1,
    NONE=0,
    COPYRIGHTED=1,
    PUBLIC_DOMAIN=2,
    CREATIVECOMMONS_ATTRIBUTION=3,
    CREATIVECOMMONS_ATTRIBUTION_SHARE_ALIKE=4,
    CREATIVECOMMONS_ATTRIBUTION_NO_DERIVATIVES=5,
    CREATIVECOMMONS_ATTRIBUTION_NON_COMMERCIAL=6,
    CREATIVECOMMONS_ATTRIBUTION_NON_COMMERCIAL_SHARE_ALIKE=7,
    CREATIVECOMMONS_ATTRIBUTION_NON_COMMERCIAL_NO_DERIVATIVES=8,
    GFDL=9,
    GPL=10,
    AFFERO_GPL=11,
    LGPL=12,
    BSD=13,
    APACHE=14,
    MOZILLA=15,
)
int_enum(
    "KalturaSearchProviderType",
    FLICKR=3,
    YOUTUBE=4,
    MYSPACE=7,
    PHOTOBUCKET=8,
    JAMENDO=9,
    CCMIXTER=10,
    NYPL=11,
    CURRENT=12,
    MEDIA_COMMONS=13,
    KALTURA=20,
    KALTURA_USER_CLIPS=21,
    ARCHIVE_ORG=22,
    KALTURA_PARTNER=23,
    METACAFE=24,
    SEARCH_PROXY=28,
    PARTNER_SPECIFIC=100,
)
string_enum(
    "KalturaEntryApplication",
    KMC="0",
    KMS="1",
    KAF="2",
    PITCH="3",
    KMS_GO="4",
    WEBCAST_APP="5",
    PERSONAL_CAPTURE="6",
    KALTURA_MEETING="7",
    EP="8",
    CONTENT_LAB="9",
)

object_type("KalturaMultiLingualString", "KalturaObjectBase", f_str("language"), f_str("value"))
object_type(
    "KalturaStreamContainer",
    "KalturaObjectBase",
    f_str("id"),
    f_str("type"),
    f_int("trackIndex"),
    f_str("language"),
    f_int("channelIndex"),
    f_str("label"),
    f_str("channelLayout"),
)

object_type(
    "KalturaBaseEntry",
    "KalturaObjectBase",
    f_str("id", readonly=True),
    f_str("name"),
    f_array("multiLingual_name", "KalturaMultiLingualString"),
    f_str("description"),
    f_array("multiLingual_description", "KalturaMultiLingualString"),
    f_int("partnerId", readonly=True),
    f_str("userId"),
    f_str("creatorId", insertonly=True),
    f_str("tags"),
    f_array("multiLingual_tags", "KalturaMultiLingualString"),
    f_str("adminTags"),
    f_str("categories"),
    f_str("categoriesIds"),
    f_enum("status", "KalturaEntryStatus", readonly=True),
    f_enum("moderationStatus", "KalturaEntryModerationStatus", readonly=True),
    f_int("moderationCount", readonly=True),
    f_enum("type", "KalturaEntryType"),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_float("rank", readonly=True),
    f_int("totalRank", readonly=True),
    f_int("votes", readonly=True),
    f_int("groupId"),
    f_str("partnerData"),
    f_str("downloadUrl", readonly=True),
    f_str("searchText", readonly=True),
    f_enum("licenseType", "KalturaLicenseType"),
    f_int("version", readonly=True),
    f_str("thumbnailUrl", readonly=True),
    f_int("accessControlId"),
    f_time("startDate"),
    f_time("endDate"),
    f_str("referenceId"),
    f_str("replacingEntryId", readonly=True),
    f_str("replacedEntryId", readonly=True),
    f_enum("replacementStatus", "KalturaEntryReplacementStatus", readonly=True),
    f_int("partnerSortValue"),
    f_int("conversionProfileId"),
    f_str("redirectEntryId"),
    f_str("rootEntryId", readonly=True),
    f_str("parentEntryId"),
    f_str("entitledUsersEdit"),
    f_str("entitledUsersPublish"),
    f_str("entitledUsersView"),
    f_str("capabilities", readonly=True),
    f_str("templateEntryId", insertonly=True),
    f_array("operationAttributes", "KalturaObjectBase"),  # clipping: not simulated
    f_enum("displayInSearch", "KalturaEntryDisplayInSearchType"),
    f_enum("application", "KalturaEntryApplication", insertonly=True),
    f_str("applicationVersion", insertonly=True),
    f_bool("blockAutoTranscript"),
    f_str("defaultLanguage", readonly=True),
    f_str("responseLanguage", readonly=True),
)
object_type(
    "KalturaPlayableEntry",
    "KalturaBaseEntry",
    f_int("plays", readonly=True),
    f_int("views", readonly=True),
    f_time("lastPlayedAt", readonly=True),
    f_int("width", readonly=True),
    f_int("height", readonly=True),
    f_int("duration", readonly=True),
    f_int("msDuration"),
    f_enum("durationType", "KalturaDurationType", readonly=True),
)
object_type(
    "KalturaMediaEntry",
    "KalturaPlayableEntry",
    f_enum("mediaType", "KalturaMediaType", insertonly=True),
    f_str("conversionQuality", insertonly=True),
    f_enum("sourceType", "KalturaSourceType", insertonly=True),
    f_str("sourceVersion", insertonly=True),
    f_enum("searchProviderType", "KalturaSearchProviderType", insertonly=True),
    f_str("searchProviderId", insertonly=True),
    f_str("creditUserName"),
    f_str("creditUrl"),
    f_time("mediaDate", readonly=True),
    f_str("dataUrl", readonly=True),
    f_str("flavorParamsIds", readonly=True),
    f_enum("isTrimDisabled", "KalturaNullableBoolean", readonly=True),
    f_array("streams", "KalturaStreamContainer"),
)

list_response("KalturaBaseEntryListResponse", "KalturaBaseEntry")
list_response("KalturaMediaListResponse", "KalturaMediaEntry")
object_type(
    "KalturaDataEntry",
    "KalturaBaseEntry",
    f_str("dataContent"),
    f_bool("retrieveDataContentByGet", insertonly=True),
)
list_response("KalturaDataListResponse", "KalturaDataEntry")


def _range(name: str, kind: str = "time") -> tuple[Field, Field]:
    return Field(f"{name}GreaterThanOrEqual", kind), Field(f"{name}LessThanOrEqual", kind)


object_type(
    "KalturaBaseEntryBaseFilter",
    "KalturaRelatedFilter",
    f_str("idEqual"),
    f_str("idIn"),
    f_str("idNotIn"),
    f_str("nameLike"),
    f_str("nameMultiLikeOr"),
    f_str("nameMultiLikeAnd"),
    f_str("nameEqual"),
    f_int("partnerIdEqual"),
    f_str("partnerIdIn"),
    f_str("userIdEqual"),
    f_str("userIdIn"),
    f_str("userIdNotIn"),
    f_str("creatorIdEqual"),
    f_str("tagsLike"),
    f_str("tagsMultiLikeOr"),
    f_str("tagsMultiLikeAnd"),
    f_str("adminTagsLike"),
    f_str("adminTagsMultiLikeOr"),
    f_str("adminTagsMultiLikeAnd"),
    f_str("categoriesMatchAnd"),
    f_str("categoriesMatchOr"),
    f_str("categoriesNotContains"),
    f_str("categoriesIdsMatchAnd"),
    f_str("categoriesIdsMatchOr"),
    f_str("categoriesIdsNotContains"),
    f_enum("categoriesIdsEmpty", "KalturaNullableBoolean"),
    f_enum("statusEqual", "KalturaEntryStatus"),
    f_enum("statusNotEqual", "KalturaEntryStatus"),
    f_str("statusIn"),
    f_str("statusNotIn"),
    f_enum("moderationStatusEqual", "KalturaEntryModerationStatus"),
    f_enum("moderationStatusNotEqual", "KalturaEntryModerationStatus"),
    f_str("moderationStatusIn"),
    f_str("moderationStatusNotIn"),
    f_enum("typeEqual", "KalturaEntryType"),
    f_str("typeIn"),
    *_range("createdAt"),
    *_range("updatedAt"),
    *_range("rank", "float"),
    *_range("totalRank", "int"),
    f_int("groupIdEqual"),
    f_str("searchTextMatchAnd"),
    f_str("searchTextMatchOr"),
    f_int("accessControlIdEqual"),
    f_str("accessControlIdIn"),
    *_range("startDate"),
    *_range("endDate"),
    f_str("referenceIdEqual"),
    f_str("referenceIdIn"),
    f_str("replacingEntryIdEqual"),
    f_str("replacingEntryIdIn"),
    f_str("replacedEntryIdEqual"),
    f_str("replacedEntryIdIn"),
    f_enum("replacementStatusEqual", "KalturaEntryReplacementStatus"),
    f_str("replacementStatusIn"),
    *_range("partnerSortValue", "int"),
    f_str("rootEntryIdEqual"),
    f_str("rootEntryIdIn"),
    f_str("parentEntryIdEqual"),
    f_str("entitledUsersEditMatchAnd"),
    f_str("entitledUsersEditMatchOr"),
    f_str("entitledUsersPublishMatchAnd"),
    f_str("entitledUsersPublishMatchOr"),
    f_str("entitledUsersViewMatchAnd"),
    f_str("entitledUsersViewMatchOr"),
    f_str("tagsNameMultiLikeOr"),
    f_str("tagsAdminTagsMultiLikeOr"),
    f_str("tagsAdminTagsNameMultiLikeOr"),
    f_str("tagsNameMultiLikeAnd"),
    f_str("tagsAdminTagsMultiLikeAnd"),
    f_str("tagsAdminTagsNameMultiLikeAnd"),
    f_enum("displayInSearchEqual", "KalturaEntryDisplayInSearchType"),
    f_str("displayInSearchIn"),
)
object_type(
    "KalturaBaseEntryFilter",
    "KalturaBaseEntryBaseFilter",
    f_str("freeText"),
    f_str("excludedFreeTextGroups"),
    f_str("descriptionLike"),
    f_enum("isRoot", "KalturaNullableBoolean"),
    f_str("categoriesFullNameIn"),
    f_str("categoryAncestorIdIn"),
    f_str("redirectFromEntryId"),
    f_int("conversionProfileIdEqual"),
)
object_type(
    "KalturaPlayableEntryBaseFilter",
    "KalturaBaseEntryFilter",
    *_range("lastPlayedAt"),
    f_time("lastPlayedAtLessThanOrEqualOrNull"),
    f_int("durationLessThan"),
    f_int("durationGreaterThan"),
    f_int("durationLessThanOrEqual"),
    f_int("durationGreaterThanOrEqual"),
    f_str("durationTypeMatchOr"),
)
object_type("KalturaPlayableEntryFilter", "KalturaPlayableEntryBaseFilter")
object_type(
    "KalturaMediaEntryBaseFilter",
    "KalturaPlayableEntryFilter",
    f_enum("mediaTypeEqual", "KalturaMediaType"),
    f_str("mediaTypeIn"),
    f_enum("sourceTypeEqual", "KalturaSourceType"),
    f_enum("sourceTypeNotEqual", "KalturaSourceType"),
    f_str("sourceTypeIn"),
    f_str("sourceTypeNotIn"),
    *_range("mediaDate"),
    f_str("flavorParamsIdsMatchOr"),
    f_str("flavorParamsIdsMatchAnd"),
)
object_type("KalturaMediaEntryFilter", "KalturaMediaEntryBaseFilter")


def entry_type_name(doc: dict[str, Any]) -> str:
    """The API class of a stored entry: media clips are KalturaMediaEntry, data entries KalturaDataEntry, the rest
    answer as KalturaBaseEntry."""
    entry_type = str(doc.get("type", EntryType.MEDIA_CLIP))
    if entry_type == EntryType.MEDIA_CLIP:
        return "KalturaMediaEntry"
    return "KalturaDataEntry" if entry_type == EntryType.DATA else "KalturaBaseEntry"
