"""Kaltura list filters, read the way the real filters are named: `<field><Operator>`.

`idEqual`, `statusIn`, `createdAtGreaterThanOrEqual`, `tagsLike`, `tagsMultiLikeOr`, `statusNotIn` … all follow
one convention, so one function reads them for every list action; a service passes only what differs (a filter
field that maps to another document key, or a filter with its own meaning such as `freeText`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from simulator.objects import errors
from simulator.store.text import folded

# Longest first, so "NotIn" is not read as "In" and "GreaterThanOrEqual" not as "Equal".
_OPERATORS = (
    "GreaterThanOrEqual",
    "LessThanOrEqual",
    "MultiLikeAnd",
    "MultiLikeOr",
    "NotEqual",
    "NotIn",
    "Equal",
    "Like",
    "In",
)
# Filter properties that are not conditions on the document.
NOT_CONDITIONS = frozenset({"orderBy", "advancedSearch", "relatedObjects"})

Special = Callable[[dict[str, Any], Any], bool]


def csv(value: Any) -> list[str]:
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _same(stored: Any, wanted: Any) -> bool:
    """Filter values arrive typed by the filter's declaration; stored values may be numbers or numeric strings."""
    if stored == wanted:
        return True
    return str(stored) == str(wanted) or number(stored) == number(wanted) is not None


def number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


LIKE_OPERATORS = ("Like", "MultiLikeOr", "MultiLikeAnd")


def like_words(operator: str, wanted: Any) -> tuple[list[str], bool]:
    """The lowercased words a `Like` / `MultiLike` condition looks for in the lowercased stored text, and whether
    any one of them is enough (else every one must be there). SQL's reading of these conditions
    (simulator/entry_listing.py) takes its words from here too."""
    if operator == "Like":
        return [str(wanted).lower()], True
    return [word.lower() for word in csv(wanted)], operator == "MultiLikeOr"


def condition(operator: str, stored: Any, wanted: Any) -> bool:
    """One `<field><Operator>` condition on one stored value."""
    text = folded(stored)
    if operator == "Equal":
        return _same(stored, wanted)
    if operator == "NotEqual":
        return not _same(stored, wanted)
    if operator == "In":
        return any(_same(stored, item) for item in csv(wanted))
    if operator == "NotIn":
        return not any(_same(stored, item) for item in csv(wanted))
    if operator in LIKE_OPERATORS:
        words, any_of = like_words(operator, wanted)
        return (any if any_of else all)(word in text for word in words)
    value = number(stored) or 0.0
    limit = number(wanted) or 0.0
    return value >= limit if operator == "GreaterThanOrEqual" else value <= limit


def split_name(name: str) -> tuple[str, str] | None:
    """`createdAtGreaterThanOrEqual` -> ("createdAt", "GreaterThanOrEqual"); None for a name with no operator."""
    for operator in _OPERATORS:
        if name.endswith(operator) and len(name) > len(operator):
            return name[: -len(operator)], operator
    return None


def matches(
    doc: Mapping[str, Any],
    flt: Mapping[str, Any] | None,
    *,
    keys: Mapping[str, str] | None = None,
    special: Mapping[str, Special] | None = None,
) -> bool:
    """True when the document meets every condition the filter sets.

    keys maps a filter field to the document key it reads (`catalogItemIdEqual` reads `id`); special gives the
    filter properties whose meaning is their own. Properties set to None, and names without an operator that are
    not special, set no condition.
    """
    for name, wanted in (flt or {}).items():
        if wanted is None or wanted == "" or name in NOT_CONDITIONS or name == "objectType":
            continue
        if special and name in special:
            if not special[name](dict(doc), wanted):
                return False
            continue
        parsed = split_name(name)
        if parsed is None:
            continue
        field, operator = parsed
        if not condition(operator, doc.get((keys or {}).get(field, field)), wanted):
            return False
    return True


def require_entry_ids(flt: Mapping[str, Any] | None, filter_type: str) -> None:
    """KalturaAssetFilter::validateEntryIdsFiltered: asset lists need entryIdEqual or entryIdIn, for everyone."""
    if flt and (flt.get("entryIdEqual") or flt.get("entryIdIn")):
        return
    raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{filter_type}::entryIdEqual/{filter_type}::entryIdIn")
