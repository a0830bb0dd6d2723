"""Guard: every object type the simulator can return has exactly the properties of the official Python client's
class of that name (KalturaApiClient, a test dependency): none missing, none extra."""

from __future__ import annotations

import importlib
import keyword
import pkgutil
from functools import cache
from typing import Any
from xml.etree import ElementTree

import KalturaClient.Plugins
import pytest

import simulator.services  # noqa: F401  (registers every action)
from simulator.api import SERVICES
from simulator.objects.model import KObject, ObjectType, all_types, get_type
from simulator.wire.serialize import xml_value


@cache
def client_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for module_info in pkgutil.iter_modules(KalturaClient.Plugins.__path__):
        module = importlib.import_module(f"KalturaClient.Plugins.{module_info.name}")
        for name, value in vars(module).items():
            if name.startswith("Kaltura") and isinstance(value, type) and hasattr(value, "PROPERTY_LOADERS"):
                found.setdefault(name, value)
    return found


def client_properties(cls: type) -> set[str]:
    """The wire names of the class's properties. The client keeps each class's own loaders; relatedObjects is read
    by its KalturaObjectBase; a property named by a Python keyword gets a trailing underscore (`not_`), which its
    reader and writer drop on the wire (KalturaObjectBase.fromXmlImpl, toParams' `"not"`)."""
    names = {name for klass in cls.__mro__ for name in getattr(klass, "PROPERTY_LOADERS", {})} | {"relatedObjects"}
    return {name[:-1] if name.endswith("_") and keyword.iskeyword(name[:-1]) else name for name in names}


def returned_types() -> list[ObjectType]:
    """Types reachable from what actions return: the declared type, its subtypes, and the types of their fields.
    KalturaObjectBase (an untyped array's item, e.g. bumperData) is the client's own base class, not a plugin
    class, and is not expanded into every type."""
    seen: dict[str, ObjectType] = {}
    todo = [a.returns for s in SERVICES.values() for a in s.actions.values() if a.returns]
    while todo:
        declared = get_type(todo.pop())
        if declared is None or declared.name in seen or declared.name == "KalturaObjectBase":
            continue
        seen[declared.name] = declared
        todo += [t.name for t in all_types() if t.is_a(declared.name)]
        todo += [f.ref for f in declared.fields() if f.kind in ("object", "array", "map") and f.ref]
    return sorted(seen.values(), key=lambda t: t.name)


@pytest.mark.parametrize("declared", returned_types(), ids=lambda t: t.name)
def test_returned_type_matches_the_official_client(declared: ObjectType) -> None:
    cls = client_classes().get(declared.name)
    assert cls is not None, f"{declared.name} is not a type of Kaltura's client"
    ours = {f.name for f in declared.fields()}
    theirs = client_properties(cls)
    assert (sorted(theirs - ours), sorted(ours - theirs)) == ([], []), "(missing, extra)"


def test_the_guard_covers_every_returned_family() -> None:
    names = {t.name for t in returned_types()}
    assert {"KalturaEntryVendorTask", "KalturaMediaEntry", "KalturaDataEntry", "KalturaPartner"} <= names
    assert {"KalturaFlavorAsset", "KalturaPlaybackContext", "KalturaUploadToken", "KalturaSessionInfo"} <= names


@pytest.mark.parametrize("declared", returned_types(), ids=lambda t: t.name)
@pytest.mark.parametrize("profiled", [False, True], ids=["whole", "under-a-profile"])
def test_xml_writes_every_declared_property(declared: ObjectType, profiled: bool) -> None:
    """KalturaXmlSerializer writes every public property, nulls as empty elements; a response profile only
    nulls the properties it leaves out."""
    obj = KObject(declared.name)
    if profiled:
        obj.only_fields = frozenset()
    written = ElementTree.fromstring(f"<result>{xml_value(obj)}</result>")
    assert [child.tag for child in written][1:] == [f.name for f in _xml_order(declared)]
    assert all(not child.text and len(child) == 0 for child in list(written)[1:])


def _xml_order(declared: ObjectType) -> list[Any]:
    return sorted(declared.fields(), key=lambda f: f.name == "relatedObjects")
