"""Kaltura's type vocabulary: object types with their fields, enums, and the runtime object.

Every object type is declared once here (through `object_type`) and read by both the request decoder and the
serializers, so a field's type, read-only or insert-only flag lives in exactly one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

SCALAR_KINDS = frozenset({"int", "bigint", "float", "string", "bool", "time"})


@dataclass(frozen=True)
class EnumType:
    """An integer enum (`KalturaEntryVendorTaskStatus`) or a string enum (`KalturaAttachmentType`)."""

    name: str
    values: dict[str, int | str]
    is_string: bool = False
    dynamic: bool = False  # dynamic string enums accept any value of the form `plugin.VALUE`

    def accepts(self, raw: Any) -> bool:
        if self.is_string:
            text = str(raw)
            return text in self._value_set() or (self.dynamic and "." in text)
        try:
            number = int(str(raw).strip())
        except ValueError:
            return False
        return number in self._value_set()

    def _value_set(self) -> set[int | str]:
        return set(self.values.values())

    def name_of(self, value: int | str) -> str | None:
        for key, member in self.values.items():
            if member == value:
                return key
        return None

    # Any, not int | str: members are declared at run time, and an int enum's member is used as an int.
    def __getattr__(self, item: str) -> Any:
        try:
            return self.values[item]
        except KeyError as exc:
            raise AttributeError(item) from exc


@dataclass(frozen=True)
class Field:
    """One property of an object type.

    kind is a scalar kind (SCALAR_KINDS), "enum" (ref = enum name), "object" (ref = type name),
    "array" or "map" (ref = item type name).
    """

    name: str
    kind: str
    ref: str | None = None
    readonly: bool = False
    insertonly: bool = False


@dataclass
class ObjectType:
    name: str
    base: ObjectType | None
    own_fields: tuple[Field, ...]
    abstract: bool = False
    _all: tuple[Field, ...] | None = field(default=None, repr=False)
    _by_name: dict[str, Field] | None = field(default=None, repr=False)

    def fields(self) -> tuple[Field, ...]:
        if self._all is None:
            inherited = self.base.fields() if self.base else ()
            own_names = {f.name for f in self.own_fields}
            self._all = tuple(f for f in inherited if f.name not in own_names) + self.own_fields
        return self._all

    def field(self, name: str) -> Field | None:
        return self.field_map().get(name)

    def field_map(self) -> dict[str, Field]:
        # Looked up for every value of every object written or read: a dict, built once.
        if self._by_name is None:
            self._by_name = {f.name: f for f in self.fields()}
        return self._by_name

    def is_a(self, other: str) -> bool:
        current: ObjectType | None = self
        while current is not None:
            if current.name == other:
                return True
            current = current.base
        return False


_TYPES: dict[str, ObjectType] = {}
_ENUMS: dict[str, EnumType] = {}


def int_enum(name: str, **values: int) -> EnumType:
    enum = EnumType(name, dict(values))
    _ENUMS[name] = enum
    return enum


def string_enum(name: str, dynamic: bool = False, **values: str) -> EnumType:
    return string_enum_of(name, values, dynamic=dynamic)


def string_enum_of(name: str, values: dict[str, str], *, dynamic: bool = False) -> EnumType:
    """A string enum whose members are computed (e.g. from a table of language codes)."""
    enum = EnumType(name, dict(values), is_string=True, dynamic=dynamic)
    _ENUMS[name] = enum
    return enum


def object_type(
    name: str, base: str | None = "KalturaObjectBase", *fields: Field, abstract: bool = False
) -> ObjectType:
    parent = _TYPES[base] if base else None
    declared = ObjectType(name, parent, tuple(fields), abstract)
    _TYPES[name] = declared
    return declared


def list_response(name: str, item_type: str) -> ObjectType:
    """A `Kaltura…ListResponse`: `objects` of one item type and `totalCount`."""
    return object_type(name, "KalturaListResponse", Field("objects", "array", item_type, readonly=True))


def get_type(name: str) -> ObjectType | None:
    return _TYPES.get(name)


def get_enum(name: str) -> EnumType | None:
    return _ENUMS.get(name)


def all_types() -> Iterator[ObjectType]:
    return iter(_TYPES.values())


def all_enums() -> Iterator[EnumType]:
    return iter(_ENUMS.values())


# Field constructors keep declarations short and readable.
def f_int(name: str, **flags: Any) -> Field:
    return Field(name, "int", **flags)


def f_bigint(name: str, **flags: Any) -> Field:
    return Field(name, "bigint", **flags)


def f_float(name: str, **flags: Any) -> Field:
    return Field(name, "float", **flags)


def f_str(name: str, **flags: Any) -> Field:
    return Field(name, "string", **flags)


def f_bool(name: str, **flags: Any) -> Field:
    return Field(name, "bool", **flags)


def f_time(name: str, **flags: Any) -> Field:
    return Field(name, "time", **flags)


def f_enum(name: str, enum: str, **flags: Any) -> Field:
    return Field(name, "enum", enum, **flags)


def f_obj(name: str, type_name: str, **flags: Any) -> Field:
    return Field(name, "object", type_name, **flags)


def f_array(name: str, type_name: str, **flags: Any) -> Field:
    return Field(name, "array", type_name, **flags)


def f_map(name: str, type_name: str, **flags: Any) -> Field:
    return Field(name, "map", type_name, **flags)


class KObject(dict[str, Any]):
    """A Kaltura object at run time: its type name plus the values that are set.

    A key holding None was explicitly set to null (the `__null` marker); an absent key was not sent.
    `only_fields`, when set (by a response profile), limits which declared fields the serializers write.
    """

    only_fields: frozenset[str] | None = None

    def __init__(self, kaltura_type: str, values: dict[str, Any] | None = None, /, **kwargs: Any) -> None:
        if kaltura_type not in _TYPES:
            raise KeyError(f"unknown Kaltura object type {kaltura_type}")
        super().__init__(values or {}, **kwargs)
        self.kaltura_type = kaltura_type

    @property
    def type(self) -> ObjectType:
        return _TYPES[self.kaltura_type]

    def is_a(self, type_name: str) -> bool:
        return self.type.is_a(type_name)

    def __repr__(self) -> str:
        return f"KObject({self.kaltura_type!r}, {dict.__repr__(self)})"

    @classmethod
    def from_doc(cls, type_name: str, doc: Mapping[str, Any]) -> KObject:
        """A stored document as its API object, the one conversion every service uses. The document's `_type`
        picks the class when it names a subtype of type_name; keys the class does not declare (the store's own
        bookkeeping, `_`-prefixed or not) are left out; object, array and map fields holding documents are
        rebuilt as objects of their declared class (or their own `_type`)."""
        object_type = _TYPES[type_name]
        chosen = doc.get("_type")
        if isinstance(chosen, str) and chosen in _TYPES and _TYPES[chosen].is_a(type_name):
            object_type = _TYPES[chosen]
        values: dict[str, Any] = {}
        declared = object_type.field_map()
        for key, value in doc.items():
            field = declared.get(key)
            if field is not None:
                values[key] = value if field.kind in _PLAIN_KINDS else _stored_value(field, value)
        return cls(object_type.name, values)


class StoredObject(KObject):
    """A KObject copied from one built from a stored document's text (simulator.stored_objects), carrying the JSON
    forms every copy of that text shares, per response-profile field set, until this copy is changed: the document's
    text is the memo's key, so only a change made after reading can make a form stale, and any change drops them."""

    json_forms: dict[frozenset[str] | None, dict[str, Any]] | None = None

    def __setitem__(self, key: str, value: Any) -> None:
        self.json_forms = None
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.json_forms = None
        super().__delitem__(key)

    def __ior__(self, other: Any) -> StoredObject:  # type: ignore[override,misc]
        self.json_forms = None
        return super().__ior__(other)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self.json_forms = None
        super().update(*args, **kwargs)

    def pop(self, key: str, *default: Any) -> Any:
        self.json_forms = None
        return super().pop(key, *default)

    def popitem(self) -> tuple[str, Any]:
        self.json_forms = None
        return super().popitem()

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.json_forms = None
        return super().setdefault(key, default)

    def clear(self) -> None:
        self.json_forms = None
        super().clear()


_PLAIN_KINDS = SCALAR_KINDS | {"enum"}  # stored as they are served: nothing to rebuild


def _stored_value(field: Field, value: Any) -> Any:
    def rebuild(item: Any) -> Any:
        if isinstance(item, Mapping) and not isinstance(item, KObject) and field.ref in _TYPES:
            return KObject.from_doc(field.ref or "", item)
        return item

    if field.kind == "object":
        return rebuild(value)
    if field.kind == "array" and isinstance(value, list):
        return [rebuild(item) for item in value]
    if field.kind == "map" and isinstance(value, Mapping) and not isinstance(value, KObject):
        return {key: rebuild(item) for key, item in value.items()}
    return value


def make_list(type_name: str, objects: Iterable[KObject], total: int) -> KObject:
    return KObject(type_name, objects=list(objects), totalCount=total)
