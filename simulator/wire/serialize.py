"""The XML and JSON serializers: one of each for every object type, driven by the type declarations.

XML follows KalturaXmlSerializer (envelope `<xml><result>…</result><executionTime>`, `objectType` first, nulls as
empty elements, booleans 1/0, arrays as `<item>`, maps as `<item><itemKey>`); JSON follows
KalturaJsonSerializer (nulls omitted, `objectType` last, big integer ids as strings).
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape as _escape

from simulator.objects.errors import KalturaAPIError
from simulator.objects.model import Field, KObject
from simulator.store import json_text

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'

# Characters XML 1.0 cannot carry; an echoed bad parameter must not make the answer unparsable.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    return _escape(_XML_INVALID.sub("", text))


def format_float(value: float) -> str:
    if value != value:
        return "NAN"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return format_float(value)
    return escape(str(value))


def _ordered_fields(obj: KObject) -> tuple[Field, ...]:
    """Declared fields in order; `relatedObjects` (declared on the base type) comes after the object's own fields,
    where the real serializer writes it."""
    # Types are declared once at import, so each one's order is worked out once, not for every object written.
    order = _FIELD_ORDER.get(obj.kaltura_type)
    if order is None:
        order = tuple(sorted(obj.type.fields(), key=lambda f: f.name == "relatedObjects"))
        _FIELD_ORDER[obj.kaltura_type] = order
    return order


_FIELD_ORDER: dict[str, tuple[Field, ...]] = {}


def _shown(obj: KObject, prop: Field) -> Any:
    """The field's value, or None when a response profile leaves it out (KalturaObject::shouldGet)."""
    only = obj.only_fields
    if only is not None and prop.name not in only and prop.name != "relatedObjects":
        return None
    return obj.get(prop.name)


def xml_value(value: Any) -> str:
    if isinstance(value, KalturaAPIError):
        return xml_error(value)
    if isinstance(value, KObject):
        return xml_object(value)
    if isinstance(value, list):
        return "".join(f"<item>{xml_value(item)}</item>" for item in value)
    if isinstance(value, dict):
        return "".join(f"<item><itemKey>{escape(str(k))}</itemKey>{xml_value(v)}</item>" for k, v in value.items())
    if value is None:
        return ""
    return _scalar_text(value)


def xml_object(obj: KObject) -> str:
    # Every declared property is written, null ones (and those a response profile leaves out) as empty elements.
    parts = [f"<objectType>{obj.kaltura_type}</objectType>"]
    for prop in _ordered_fields(obj):
        parts.append(f"<{prop.name}>{xml_value(_shown(obj, prop))}</{prop.name}>")
    return "".join(parts)


def xml_error(error: KalturaAPIError) -> str:
    args = "".join(
        f"<item><objectType>KalturaApiExceptionArg</objectType><name>{escape(k)}</name><value>{escape(v)}</value></item>"
        for k, v in error.args_map.items()
    )
    return (
        f"<error><code>{escape(error.code)}</code><message>{escape(error.message)}</message>"
        f"<objectType>KalturaAPIException</objectType><args>{args}</args></error>"
    )


def _envelope(result_xml: str, execution_time: float) -> str:
    timing = f"<executionTime>{execution_time:.4f}</executionTime>"
    return f"{XML_DECLARATION}<xml><result>{result_xml}</result>{timing}</xml>"


def xml_document(result: Any, execution_time: float) -> str:
    return _envelope(xml_value(result), execution_time)


def xml_multi_document(results: list[Any], execution_time: float) -> str:
    return _envelope("".join(f"<item>{xml_value(r)}</item>" for r in results), execution_time)


def json_value(value: Any, prop: Field | None = None) -> Any:
    if isinstance(value, KalturaAPIError):
        return json_error(value)
    if isinstance(value, KObject):
        return json_object(value)
    if isinstance(value, list):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if prop is not None and prop.kind == "bigint" and value is not None and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and prop is not None and prop.kind != "float":
        return int(value)
    return value


def json_object(obj: KObject) -> dict[str, Any]:
    only = obj.only_fields
    forms = getattr(obj, "json_forms", None)  # a StoredObject's, shared by every read of the same document
    if forms is not None:
        form = forms.get(only)
        if form is None:
            form = forms[only] = _json_fields(obj, only)
        return form
    return _json_fields(obj, only)


def _json_fields(obj: KObject, only: frozenset[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    # _shown, inlined: this loop runs for every declared field of every object answered.
    for prop in _ordered_fields(obj):
        value = obj.get(prop.name)
        if value is None or (only is not None and prop.name not in only and prop.name != "relatedObjects"):
            continue
        kind = type(value)
        # Strings and ints of non-bigint fields are written as they are: the common case, checked first.
        if kind is str or (kind is int and prop.kind != "bigint"):
            out[prop.name] = value
        else:
            out[prop.name] = json_value(value, prop)
    out["objectType"] = obj.kaltura_type
    return out


def json_error(error: KalturaAPIError) -> dict[str, Any]:
    return {
        "code": error.code,
        "message": error.message,
        "objectType": "KalturaAPIException",
        "args": dict(error.args_map) if error.args_map else [],
    }


def json_document(result: Any) -> str:
    return json_text.dumps(json_value(result))
