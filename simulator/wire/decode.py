"""Typed decoding of action parameters, as Kaltura's KalturaRequestDeserializer casts them.

Scalars follow PHP's casts (so `"12abc"` is 12 and `"False"` is false), enums are validated, objects are
built by `objectType` when it names a subclass of the declared type, `name__null` sets a property to null,
and `time` values small enough to be relative are taken relative to the simulator's clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from werkzeug.datastructures import FileStorage

from simulator.api import Param
from simulator.objects import errors
from simulator.objects.model import SCALAR_KINDS, Field, KObject, get_enum, get_type

MAX_RELATIVE_TIME = 315360000  # ten years: Kaltura's `max_relative_time`

_PHP_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def php_float(value: Any) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        return 1.0 if value else 0.0
    match = _PHP_NUMBER.match(str(value))
    return float(match.group(0)) if match else 0.0


PHP_INT_MAX = 2**63 - 1


def php_int(value: Any) -> int:
    """PHP's integer of a parameter: 0 for what is not a number, saturated at PHP's 64-bit bounds as PHP converts
    a numeric string beyond them (so no larger integer reaches the store)."""
    number = php_float(value)
    if number != number or number in (float("inf"), float("-inf")):
        return 0
    return max(-PHP_INT_MAX - 1, min(int(number), PHP_INT_MAX))


def php_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, dict):
        return bool(value)
    text = str(value)
    if text.lower() == "false":
        return False
    return text not in ("", "0")


def php_string(value: Any) -> str:
    if isinstance(value, dict):
        return "Array"
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Decoder:
    """Decodes one request's parameters; `now` gives the virtual time for relative `time` values."""

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now

    def cast_scalar(self, kind: str, value: Any, name: str) -> Any:
        if kind == "int":
            return php_int(value)
        if kind == "bigint":
            return php_int(value)
        if kind == "float":
            return php_float(value)
        if kind == "bool":
            return php_bool(value)
        if kind == "time":
            number = php_int(value)
            if number and -MAX_RELATIVE_TIME <= number <= MAX_RELATIVE_TIME:
                number += int(self._now())
            return number
        text = php_string(value)
        if _XML_INVALID.search(text):
            raise errors.INVALID_PARAMETER_CHAR(name)
        return text

    def cast_enum(self, enum_name: str, value: Any, name: str) -> Any:
        enum = get_enum(enum_name)
        if enum is None:
            raise KeyError(f"undeclared enum {enum_name}")
        if isinstance(value, dict):
            raise errors.INVALID_ENUM_VALUE("Array", name, enum_name)
        if isinstance(value, bool) and not enum.is_string:
            value = int(value)  # a JSON boolean: PHP's loose in_array() accepts it as 0 or 1
        if enum.is_string:
            if not enum.accepts(value):
                raise errors.INVALID_ENUM_VALUE(php_string(value), name, enum_name)
            return php_string(value)
        text = php_string(value)
        if text.lower() == "true":
            text = "1"
        elif text.lower() == "false":
            text = "0"
        if not enum.accepts(text):
            raise errors.INVALID_ENUM_VALUE(text, name, enum_name)
        number = int(text.strip())
        if enum_name == "KalturaNullableBoolean":
            return None if number == -1 else bool(number)
        return number

    def build_object(self, declared: str, value: Any, name: str) -> KObject:
        if not isinstance(value, dict):
            raise errors.PROPERTY_VALIDATION_WRONG_FORMAT(name, "array")
        object_type = get_type(declared)
        if object_type is None:
            raise KeyError(f"undeclared type {declared}")
        requested = value.get("objectType")
        if isinstance(requested, str) and requested.lower() != declared.lower():
            candidate = get_type(requested)
            if candidate is not None and candidate.is_a(declared):
                object_type = candidate
        if object_type.abstract:
            raise errors.OBJECT_TYPE_ABSTRACT(object_type.name)
        obj = KObject(object_type.name)
        for raw_key, raw in value.items():
            key = str(raw_key)
            is_null = key.endswith("__null")
            prop_name = key[: -len("__null")] if is_null else key
            prop = object_type.field(prop_name)
            if prop is None:
                continue
            if is_null and prop.kind != "array":
                obj[prop_name] = None
                continue
            decoded = self.decode_field(prop, raw, f"{name}:{prop_name}")
            if decoded is not _SKIP:
                obj[prop_name] = decoded
        return obj

    def decode_field(self, prop: Field, raw: Any, path: str) -> Any:
        if prop.kind in SCALAR_KINDS:
            return self.cast_scalar(prop.kind, raw, prop.name)
        if prop.kind == "enum":
            return self.cast_enum(prop.ref or "", raw, prop.name)
        if prop.kind in ("array", "map"):
            if not isinstance(raw, dict):
                return _SKIP
            return self.build_collection(prop.kind, prop.ref or "", raw, path)
        if prop.kind == "object":
            if not isinstance(raw, dict):
                return _SKIP
            return self.build_object(prop.ref or "", raw, path)
        return raw

    def build_collection(self, kind: str, item_type: str, raw: dict[str, Any], path: str) -> Any:
        if kind == "map":
            result: dict[str, KObject] = {}
            for key, item in raw.items():
                if key == "-":
                    break
                result[key] = self.build_object(item_type, item, path)
            return result
        items: list[KObject] = []
        for key in sorted(raw, key=_php_sort_key):
            if key == "-":
                break
            items.append(self.build_object(item_type, raw[key], path))
        return items

    def action_arguments(self, declared: list[Param], params: dict[str, Any]) -> dict[str, Any]:
        args: dict[str, Any] = {}
        for param in declared:
            present = param.name in params
            value = params.get(param.name)
            if param.kind == "file":
                if present and isinstance(value, FileStorage):
                    args[param.name] = value
                elif param.optional:
                    args[param.name] = None
                else:
                    raise errors.MISSING_MANDATORY_PARAMETER(param.name)
                continue
            if not present or (param.kind in ("object", "array") and not isinstance(value, dict)):
                if param.kind == "array":
                    args[param.name] = []
                    continue
                if not param.optional:
                    raise errors.MISSING_MANDATORY_PARAMETER(param.name)
                args[param.name] = param.default
                continue
            if param.kind in SCALAR_KINDS:
                args[param.name] = self.cast_scalar(param.kind, value, param.name)
            elif param.kind == "enum":
                args[param.name] = self.cast_enum(param.ref or "", value, param.name)
            elif param.kind == "object":
                args[param.name] = self.build_object(param.ref or "", value, param.name)
            elif param.kind == "array" and isinstance(value, dict):
                args[param.name] = self.build_collection("array", param.ref or "", value, param.name)
            else:
                raise KeyError(f"unknown parameter kind {param.kind}")
        return args


_SKIP = object()


def _php_sort_key(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.isdigit() else (1, key)
