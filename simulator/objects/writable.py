"""What a sent object may write: Kaltura's `KalturaObject::toObject`, `toInsertableObject` and
`toUpdatableObject`, driven by each field's declared read-only / insert-only flag. Every add and update handler
takes its values from here, so the rule has one home.

The server's rules (api_v3/lib/types/KalturaObject.php, validateForInsert / validateForUpdate):
- add: a read-only field sent with any value, explicit null (`name__null`) included, is
  PROPERTY_VALIDATION_NOT_UPDATABLE; insert-only fields are writable.
- update: a read-only or insert-only field is refused unless the value sent is identical (`===`) to the stored
  one after the request's type casts. An explicit null is a KalturaNullField and an object or array a
  KalturaObject, so neither is ever identical: both are refused.
- KalturaNullableBoolean's -1 is null after decoding (`toBoolean`), i.e. not sent, so it is never refused.
- The class named in the error is the class sent (`KalturaMediaEntry::status`), as `get_class($this)` gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.objects import errors
from simulator.objects.model import Field, KObject, get_enum

_INTEGRAL = frozenset({"int", "bigint", "time"})


def to_object(sent: KObject) -> dict[str, Any]:
    """The values of the sent object's writable fields, unvalidated (toObject, for the actions that call it
    directly): read-only values are not written, the server's own bookkeeping wins."""
    values: dict[str, Any] = {}
    for name, value in sent.items():
        field = sent.type.field(name)
        if field is not None and not field.readonly:
            values[name] = value
    return values


def to_insertable(sent: KObject) -> dict[str, Any]:
    """The values an add writes; PROPERTY_VALIDATION_NOT_UPDATABLE for a read-only field sent."""
    for name, value in sent.items():
        field = sent.type.field(name)
        if field is not None and field.readonly and not _not_sent(field, value):
            raise errors.PROPERTY_VALIDATION_NOT_UPDATABLE(f"{sent.kaltura_type}::{name}")
    return to_object(sent)


def to_updatable(sent: KObject, stored: Mapping[str, Any]) -> dict[str, Any]:
    """The values an update writes over `stored`; PROPERTY_VALIDATION_NOT_UPDATABLE for a read-only or
    insert-only field sent with a value other than the stored one (that value, resent, is not written again)."""
    values: dict[str, Any] = {}
    for name, value in sent.items():
        field = sent.type.field(name)
        if field is None or _not_sent(field, value):
            continue
        if not (field.readonly or field.insertonly):
            values[name] = value
        elif not _identical(field, value, stored.get(name)):
            raise errors.PROPERTY_VALIDATION_NOT_UPDATABLE(f"{sent.kaltura_type}::{name}")
    return values


def _not_sent(field: Field, value: Any) -> bool:
    return value is None and field.kind == "enum" and field.ref == "KalturaNullableBoolean"


def _identical(field: Field, sent: Any, stored: Any) -> bool:
    if sent is None or stored is None or isinstance(sent, Mapping | list):
        return False
    return bool(_as_decoded(field, stored) == sent)


def _as_decoded(field: Field, stored: Any) -> Any:
    """The stored value as the request decoder would have typed it (a stored "3" of an int field is 3)."""
    kind = field.kind
    if kind == "enum":
        enum = get_enum(field.ref or "")
        kind = "bool" if field.ref == "KalturaNullableBoolean" else "string" if enum and enum.is_string else "int"
    try:
        if kind in _INTEGRAL:
            return int(float(stored))
        if kind == "float":
            return float(stored)
    except (TypeError, ValueError):
        return stored
    if kind == "bool":
        return bool(stored)
    if kind == "string":
        if isinstance(stored, float) and stored.is_integer():
            return str(int(stored))
        return str(stored)
    return stored
