"""Guard: every object type the simulator can return has exactly the properties of the official Python client's
class of that name (KalturaApiClient, a test dependency): none missing, none extra. The XML serializer writes
every declared property, also under a response profile; and the properties Kaltura computes on every read are
filled in the answer of every action that returns their type."""

from __future__ import annotations

import importlib
import keyword
import pkgutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import KalturaClient.Plugins
import pytest
import requests

import simulator.services  # noqa: F401  (registers every action)
from simulator.api import SERVICES
from simulator.media.testclips import make_test_clip
from simulator.objects.model import KObject, ObjectType, all_types, get_type
from simulator.store import search as search_index
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


# ------------------------------------------------------------------------------------------ computed properties

# Properties Kaltura computes on every read, never stored, by the type that declares them: entry::getThumbnailUrl;
# entry::getDownloadUrl / getDataUrl (video and audio clips); kPlaybackContextDataHelper::constructBumperData.
COMPUTED: dict[str, tuple[str, ...]] = {
    "KalturaBaseEntry": ("thumbnailUrl",),
    "KalturaMediaEntry": ("downloadUrl", "dataUrl"),
    "KalturaPlaybackContext": ("bumperData",),
}
PLAYABLE_MEDIA_TYPES = (1, 5)  # video, audio: the media types a playManifest serves
GENERIC = {"KalturaObjectBase", "KalturaObject"}


def _carries_computed(type_name: str, seen: set[str]) -> bool:
    """Whether an answer of this type can hold an object with computed properties (relatedObjects aside)."""
    declared = get_type(type_name)
    if declared is None or declared.name in seen or declared.name in GENERIC:
        return False
    seen.add(declared.name)
    if any(declared.is_a(c) or t.is_a(declared.name) for c in COMPUTED for t in all_types() if t.is_a(c)):
        return True
    fields = [f.ref for f in declared.fields() if f.kind in ("object", "array", "map") and f.ref]
    return any(_carries_computed(ref, seen) for ref in fields if ref and ref != "KalturaObjectBase")


def actions_returning_computed() -> set[str]:
    return {
        f"{a.service.id}.{a.name}"
        for s in SERVICES.values()
        for a in s.actions.values()
        if a.returns and _carries_computed(a.returns, set())
    }


def _fields(prefix: str, object_type: str, **values: Any) -> dict[str, Any]:
    return {f"{prefix}[objectType]": object_type, **{f"{prefix}[{k}]": v for k, v in values.items()}}


def _calls(entry: str, token: Callable[[], str], source_url: str) -> dict[str, dict[str, Any]]:
    """One call of each such action (service.action -> its parameters besides the KS)."""
    media = _fields("mediaEntry", "KalturaMediaEntry", name="computed", mediaType=1)
    context = _fields("contextDataParams", "KalturaPlaybackContextOptions")
    search = {
        "searchParams[objectType]": "KalturaESearchEntryParams",
        "searchParams[searchOperator][objectType]": "KalturaESearchEntryOperator",
        "searchParams[searchOperator][operator]": 1,
        "searchParams[searchOperator][searchItems][0][objectType]": "KalturaESearchUnifiedItem",
        "searchParams[searchOperator][searchItems][0][searchTerm]": "computed",
        "searchParams[searchOperator][searchItems][0][itemType]": 2,
    }
    return {
        "baseentry.get": {"entryId": entry},
        "baseentry.list": {},
        "baseentry.update": {"entryId": entry, **_fields("baseEntry", "KalturaMediaEntry", tags="computed")},
        "baseentry.addFromUploadedFile": {"uploadTokenId": token(), **_fields("entry", "KalturaMediaEntry")},
        "baseentry.getPlaybackContext": {"entryId": entry, **context},
        "media.add": {**_fields("entry", "KalturaMediaEntry", name="computed", mediaType=1)},
        "media.addContent": {
            "entryId": "{added}",
            **_fields("resource", "KalturaUploadedFileTokenResource", token=token()),
        },
        "media.get": {"entryId": entry},
        "media.update": {"entryId": entry, **_fields("mediaEntry", "KalturaMediaEntry", tags="computed")},
        "media.list": {},
        "media.addFromUploadedFile": {"uploadTokenId": token(), **media},
        "media.addFromUrl": {"url": source_url, **media},
        "data.add": _fields("dataEntry", "KalturaDataEntry", name="computed", dataContent="x"),
        "data.get": {"entryId": "{data}"},
        "elasticsearch_esearch.searchEntry": search,
    }


def _with_computed(answer: Any) -> list[dict[str, Any]]:
    """Every object anywhere in a JSON answer whose type has computed properties."""
    if isinstance(answer, list):
        return [o for item in answer for o in _with_computed(item)]
    if not isinstance(answer, dict):
        return []
    declared = get_type(str(answer.get("objectType", "")))
    own = [answer] if declared is not None and any(declared.is_a(owner) for owner in COMPUTED) else []
    return own + [o for value in answer.values() for o in _with_computed(value)]


def _missing_computed(obj: dict[str, Any]) -> list[str]:
    """`type.property` for each computed property the object lacks."""
    declared = get_type(obj["objectType"])
    assert declared is not None
    missing = []
    for owner, names in COMPUTED.items():
        if not declared.is_a(owner):
            continue
        if owner == "KalturaMediaEntry" and obj.get("mediaType") not in PLAYABLE_MEDIA_TYPES:
            continue
        missing += [f"{declared.name}.{n}" for n in names if obj.get(n) is None]
    return missing


def test_every_action_that_returns_computed_properties_is_called_below() -> None:
    called = set(_calls("e", lambda: "t", "u"))
    assert sorted(actions_returning_computed() - called) == []
    assert sorted(called - actions_returning_computed()) == []


@pytest.mark.e2e
def test_computed_properties_are_filled_in_every_answer(reachsim: Any, tmp_path: Path) -> None:
    seed = reachsim.seed()
    api = f"{reachsim.url}/api_v3/service"
    ks = reachsim.sessions.admin()
    entry = seed["entryIds"][0]
    clip = make_test_clip(tmp_path / "clip.mp4", seconds=1, width=160, height=120, fps=10)

    def call(service_action: str, params: dict[str, Any]) -> Any:
        service_id, action = service_action.split(".")
        answer = requests.post(
            f"{api}/{service_id}/action/{action}", data={"format": 1, "ks": ks, **params}, timeout=60
        )
        return answer.json()

    def token() -> str:
        added = call("uploadtoken.add", {})["id"]
        with clip.open("rb") as data:
            requests.post(
                f"{api}/uploadtoken/action/upload",
                data={"format": 1, "ks": ks, "uploadTokenId": added},
                files={"fileData": ("clip.mp4", data)},
                timeout=60,
            )
        return str(added)

    with reachsim.sim.db.transaction() as conn:
        search_index.replace_asset(conn, seed["partnerId"], entry, "0_computed", _insight(entry, "computed"))
    download = call("media.get", {"entryId": entry})["downloadUrl"]
    source_url = requests.get(f"{download}/ks/{ks}", allow_redirects=False, timeout=30).headers["Location"]
    calls = _calls(entry, token, source_url)
    ids = {
        "added": call("media.add", calls["media.add"])["id"],
        "data": call("data.add", calls["data.add"])["id"],
    }
    problems = {}
    for service_action, params in calls.items():
        answer = call(service_action, {k: str(v).format(**ids) for k, v in params.items()})
        objects = _with_computed(answer)
        if isinstance(answer, dict) and answer.get("objectType") == "KalturaAPIException":
            problems[service_action] = answer["code"]
        elif not objects:
            problems[service_action] = "no object of a type with computed properties in the answer"
        elif missing := sorted({m for obj in objects for m in _missing_computed(obj)}):
            problems[service_action] = missing
    reachsim.sim.wait_for_jobs(timeout=60)
    assert problems == {}


def _insight(entry_id: str, text: str) -> dict[str, Any]:
    line = {"id": 1, "text": text, "confidence": 0.9, "language": "en-US", "left": 0, "top": 0, "width": 10}
    return {
        "schema": "reachsim/ocr/v1",
        "entryId": entry_id,
        "ocr": [{**line, "height": 10, "angle": 0, "instances": [{"start": 0, "end": 1}]}],
    }
