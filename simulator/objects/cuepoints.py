"""Cue points (cuePoint plugin and its annotation, thumb and code sub-plugins): chapters and markers on an entry.

Start and end times are milliseconds, as in the official client (`KalturaClient/Plugins/CuePoint.py`).
"""

from simulator.objects import errors
from simulator.objects.model import (
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

CuePointStatus = int_enum("KalturaCuePointStatus", READY=1, DELETED=2, HANDLED=3, PENDING=4)
ThumbCuePointSubType = int_enum("KalturaThumbCuePointSubType", SLIDE=1, CHAPTER=2)
CuePointType = string_enum(
    "KalturaCuePointType",
    AD="adCuePoint.Ad",
    ANNOTATION="annotation.Annotation",
    CODE="codeCuePoint.Code",
    EVENT="eventCuePoint.Event",
    QUIZ_ANSWER="quiz.QUIZ_ANSWER",
    QUIZ_QUESTION="quiz.QUIZ_QUESTION",
    SESSION="sessionCuePoint.Session",
    THUMB="thumbCuePoint.Thumb",
)

object_type(
    "KalturaCuePoint",
    "KalturaObjectBase",
    f_str("id", readonly=True),
    f_int("intId", readonly=True),
    f_enum("cuePointType", "KalturaCuePointType", readonly=True),
    f_enum("status", "KalturaCuePointStatus", readonly=True),
    f_str("entryId", insertonly=True),
    f_int("partnerId", readonly=True),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_time("triggeredAt"),
    f_str("tags"),
    f_int("startTime"),
    f_str("userId"),
    f_str("partnerData"),
    f_int("partnerSortValue"),
    f_enum("forceStop", "KalturaNullableBoolean"),
    f_int("thumbOffset"),
    f_str("systemName"),
    f_bool("isMomentary", readonly=True),
    f_str("copiedFrom", readonly=True),
    abstract=True,
)
object_type(
    "KalturaAnnotation",
    "KalturaCuePoint",
    f_str("parentId", insertonly=True),
    f_str("text"),
    f_int("endTime"),
    f_int("duration", readonly=True),
    f_int("depth", readonly=True),
    f_int("childrenCount", readonly=True),
    f_int("directChildrenCount", readonly=True),
    f_enum("isPublic", "KalturaNullableBoolean"),
    f_enum("searchableOnEntry", "KalturaNullableBoolean"),
    f_int("originalCuePointCreateAt"),
)
object_type(
    "KalturaThumbCuePoint",
    "KalturaCuePoint",
    f_str("assetId"),
    f_str("description"),
    f_str("title"),
    f_enum("subType", "KalturaThumbCuePointSubType"),
)
object_type(
    "KalturaCodeCuePoint",
    "KalturaCuePoint",
    f_str("code"),
    f_str("description"),
    f_int("endTime"),
    f_int("duration", readonly=True),
)
list_response("KalturaCuePointListResponse", "KalturaCuePoint")
object_type(
    "KalturaCuePointBaseFilter",
    "KalturaRelatedFilter",
    f_str("idEqual"),
    f_str("idIn"),
    f_enum("cuePointTypeEqual", "KalturaCuePointType"),
    f_str("cuePointTypeIn"),
    f_enum("statusEqual", "KalturaCuePointStatus"),
    f_str("statusIn"),
    f_str("entryIdEqual"),
    f_str("entryIdIn"),
    f_int("startTimeGreaterThanOrEqual"),
    f_int("startTimeLessThanOrEqual"),
    f_str("tagsLike"),
)
object_type("KalturaCuePointFilter", "KalturaCuePointBaseFilter")
object_type("KalturaAnnotationFilter", "KalturaCuePointFilter")
object_type(
    "KalturaThumbCuePointFilter", "KalturaCuePointFilter", f_enum("subTypeEqual", "KalturaThumbCuePointSubType")
)
object_type("KalturaCodeCuePointFilter", "KalturaCuePointFilter", f_str("codeEqual"))

# The concrete object type of each cuePointType value, for answers built from stored documents.
TYPE_OF_CUE_POINT = {
    CuePointType.ANNOTATION: "KalturaAnnotation",
    CuePointType.THUMB: "KalturaThumbCuePoint",
    CuePointType.CODE: "KalturaCodeCuePoint",
}

INVALID_CUE_POINT_ID = errors.define("INVALID_CUE_POINT_ID;ID;Invalid cue point id [@ID@]")
