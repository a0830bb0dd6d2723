"""eSearch (elasticSearch plugin): the subset of types `elasticsearch_esearch.searchEntry` reads and answers.

Text found in videos comes back as caption item data (`line`, `startsAt`, `endsAt` in milliseconds), the eSearch
item type that carries a timed line, labelled "OCR", with the OCR engine's confidence in the line as `accuracy`
(a percentage, as a caption asset's accuracy). eSearch answers carry no relevance score: results come best first.
"""

from simulator.objects import entries  # noqa: F401  (KalturaBaseEntry, used by the results)
from simulator.objects.model import (
    f_array,
    f_bool,
    f_enum,
    f_int,
    f_obj,
    f_str,
    int_enum,
    object_type,
    string_enum,
)

ItemType = int_enum("KalturaESearchItemType", EXACT_MATCH=1, PARTIAL=2, STARTS_WITH=3, EXISTS=4, RANGE=5)
OperatorType = int_enum("KalturaESearchOperatorType", AND_OP=1, OR_OP=2, NOT_OP=3)
ItemsType = string_enum("KalturaESearchItemsType", CAPTION="caption", METADATA="metadata", CUE_POINTS="cue_points")

object_type("KalturaPager", "KalturaObjectBase", f_int("pageSize"), f_int("pageIndex"))

object_type("KalturaESearchBaseItem", "KalturaObjectBase", abstract=True)
object_type(
    "KalturaESearchRange",
    "KalturaObjectBase",
    f_int("greaterThanOrEqual"),
    f_int("lessThanOrEqual"),
    f_int("greaterThan"),
    f_int("lessThan"),
)
object_type("KalturaESearchEntryBaseItem", "KalturaESearchBaseItem", abstract=True)
object_type(
    "KalturaESearchAbstractEntryItem",
    "KalturaESearchEntryBaseItem",
    f_str("searchTerm"),
    f_enum("itemType", "KalturaESearchItemType"),
    f_obj("range", "KalturaESearchRange"),
    f_bool("addHighlight"),
    abstract=True,
)
object_type("KalturaESearchUnifiedItem", "KalturaESearchAbstractEntryItem")
object_type(
    "KalturaESearchEntryOperator",
    "KalturaESearchEntryBaseItem",
    f_enum("operator", "KalturaESearchOperatorType"),
    f_array("searchItems", "KalturaESearchEntryBaseItem"),
)
object_type(
    "KalturaESearchParams",
    "KalturaObjectBase",
    f_str("objectStatuses"),
    f_str("objectId"),
    f_bool("ignoreSynonym"),
    abstract=True,
)
object_type(
    "KalturaESearchEntryParams",
    "KalturaESearchParams",
    f_obj("searchOperator", "KalturaESearchEntryOperator"),
)
object_type("KalturaESearchHighlight", "KalturaObjectBase", f_str("fieldName"), f_array("hits", "KalturaString"))
object_type(
    "KalturaESearchItemData", "KalturaObjectBase", f_array("highlight", "KalturaESearchHighlight"), abstract=True
)
object_type(
    "KalturaESearchCaptionItemData",
    "KalturaESearchItemData",
    f_str("line"),
    f_int("startsAt"),
    f_int("endsAt"),
    f_str("language"),
    f_str("captionAssetId"),
    f_str("label"),
    f_int("accuracy"),
    f_int("usage"),
)
object_type(
    "KalturaESearchItemDataResult",
    "KalturaObjectBase",
    f_int("totalCount"),
    f_array("items", "KalturaESearchItemData"),
    f_str("itemsType"),
)
object_type(
    "KalturaESearchResult",
    "KalturaObjectBase",
    f_array("highlight", "KalturaESearchHighlight"),
    f_array("itemsData", "KalturaESearchItemDataResult"),
    abstract=True,
)
object_type("KalturaESearchEntryResult", "KalturaESearchResult", f_obj("object", "KalturaBaseEntry"))
object_type("KalturaESearchResponse", "KalturaObjectBase", f_int("totalCount", readonly=True), abstract=True)
object_type("KalturaESearchAggregationBucket", "KalturaObjectBase", f_str("value"), f_int("count"))
object_type(
    "KalturaESearchAggregationResponseItem",
    "KalturaObjectBase",
    f_str("name"),
    f_str("fieldName"),
    f_array("buckets", "KalturaESearchAggregationBucket"),
)
object_type(
    "KalturaESearchEntryResponse",
    "KalturaESearchResponse",
    f_array("objects", "KalturaESearchEntryResult", readonly=True),
    f_array("aggregations", "KalturaESearchAggregationResponseItem", readonly=True),  # never filled: no aggregations
)
