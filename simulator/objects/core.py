"""Base object types every service uses: the object base, list responses, filters, pagers, response profiles."""

from typing import Any

from simulator.objects.model import (
    f_enum,
    f_int,
    f_map,
    f_str,
    int_enum,
    object_type,
)

NullableBoolean = int_enum("KalturaNullableBoolean", NULL_VALUE=-1, FALSE_VALUE=0, TRUE_VALUE=1)
ResponseProfileType = int_enum("KalturaResponseProfileType", INCLUDE_FIELDS=1, EXCLUDE_FIELDS=2)

object_type("KalturaObjectBase", None, f_map("relatedObjects", "KalturaListResponse", readonly=True))
object_type("KalturaListResponse", "KalturaObjectBase", f_int("totalCount", readonly=True))
object_type("KalturaFilter", "KalturaObjectBase", f_str("orderBy"))
object_type("KalturaRelatedFilter", "KalturaFilter", abstract=True)
object_type("KalturaFilterPager", "KalturaObjectBase", f_int("pageSize"), f_int("pageIndex"))
object_type("KalturaBaseResponseProfile", "KalturaObjectBase", abstract=True)
object_type("KalturaResponseProfileHolder", "KalturaBaseResponseProfile", f_int("id"), f_str("systemName"))
object_type(
    "KalturaDetachedResponseProfile",
    "KalturaBaseResponseProfile",
    f_str("name"),
    f_enum("type", "KalturaResponseProfileType"),
    f_str("fields"),
)
object_type("KalturaApiExceptionArg", "KalturaObjectBase", f_str("name"), f_str("value"))
object_type("KalturaString", "KalturaObjectBase", f_str("value"))
object_type("KalturaKeyValue", "KalturaObjectBase", f_str("key"), f_str("value"))

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 500


def page_window(pager: dict[str, Any] | None) -> tuple[int, int]:
    """(limit, offset) of a KalturaFilterPager: pageSize defaults to 30 and is capped at 500, pageIndex is 1-based."""
    size = int((pager or {}).get("pageSize") or 0)
    index = int((pager or {}).get("pageIndex") or 0)
    size = DEFAULT_PAGE_SIZE if size <= 0 else min(size, MAX_PAGE_SIZE)
    return size, (max(index, 1) - 1) * size


def paginate(items: list[Any], pager: dict[str, Any] | None) -> list[Any]:
    """The page of items the pager selects."""
    limit, offset = page_window(pager)
    return items[offset : offset + limit]
