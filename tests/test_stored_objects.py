"""simulator.stored_objects: a listing's objects built from their documents' text, memoized by it, answer exactly
what building them afresh answers, and no change made after a read, on the object or in the store, is ever served
from the memo."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simulator.objects  # noqa: F401  (declares every type)
from simulator import stored_objects
from simulator.objects.model import KObject, StoredObject, get_type
from simulator.store import json_text
from simulator.wire import serialize

TASK = "KalturaEntryVendorTask"
_MUTATORS = ("__setitem__", "__delitem__", "__ior__", "update", "pop", "popitem", "setdefault", "clear")


def _json(obj: KObject) -> Any:
    return json_text.loads(serialize.json_document(obj))


def _task_doc(**fields: Any) -> dict[str, Any]:
    return {"id": 5001, "partnerId": 1001, "entryId": "0_abc", "status": 1, "price": 10.0, **fields}


def test_every_way_a_dict_changes_drops_the_memoized_forms() -> None:
    """A whole-class guard: a dict method that changes the object and is not overridden would serve stale JSON."""
    in_place = {name for name in dir(dict) if name.startswith("__i") and "__" + name[3:] in dir(dict)}  # __ior__
    changing = {name for name, member in vars(MutableMapping).items() if callable(member)} | in_place
    assert changing == set(_MUTATORS)
    assert all(name in StoredObject.__dict__ for name in _MUTATORS)


_SCALAR_VALUES = {
    "int": st.integers(min_value=-(2**31), max_value=2**31),
    "bigint": st.integers(min_value=0, max_value=2**62),
    "time": st.integers(min_value=0, max_value=2**33),
    "float": st.floats(allow_nan=False, allow_infinity=False, width=32),
    "string": st.text(max_size=20),
    "bool": st.booleans(),
    "enum": st.integers(min_value=0, max_value=9),
}
_TASK_FIELDS = [f for f in get_type(TASK).fields() if f.kind in _SCALAR_VALUES]


@st.composite
def task_docs(draw: st.DrawFn) -> dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(_TASK_FIELDS), unique_by=lambda f: f.name, max_size=len(_TASK_FIELDS)))
    doc = {f.name: draw(_SCALAR_VALUES[f.kind]) for f in chosen}
    return doc | draw(st.dictionaries(st.sampled_from(["_accessKeyFingerprint", "_type", "notDeclared"]), st.text()))


@settings(max_examples=150, deadline=None)
@given(task_docs(), st.none() | st.frozensets(st.sampled_from([f.name for f in _TASK_FIELDS])))
def test_every_field_of_a_task_reads_back_as_building_it_afresh_writes_it(
    doc: dict[str, Any], only: frozenset[str] | None
) -> None:
    text = json_text.dumps(doc)
    fresh = KObject.from_doc(TASK, json_text.loads(text))
    fresh.only_fields = only
    for _ in range(2):  # the first read fills the memo, the second is answered from it
        stored = stored_objects.from_text(TASK, text)
        stored.only_fields = only
        assert stored == fresh and stored.kaltura_type == fresh.kaltura_type
        assert _json(stored) == _json(fresh)
        assert serialize.xml_value(stored) == serialize.xml_value(fresh)


@pytest.mark.parametrize(
    "change",
    [
        lambda o: o.__setitem__("status", 3),
        lambda o: o.__delitem__("price"),
        lambda o: o.__ior__({"status": 3}),
        lambda o: o.update(status=3),
        lambda o: o.pop("price"),
        lambda o: o.popitem(),
        lambda o: o.setdefault("accuracy", 93),
        lambda o: o.clear(),
    ],
    ids=_MUTATORS,
)
def test_a_copy_changed_after_reading_writes_its_change_and_no_other_copy_sees_it(change: Any) -> None:
    text = json_text.dumps(_task_doc(entryId="0_change"))
    stored_objects.from_text(TASK, text)
    copy = stored_objects.from_text(TASK, text)
    _json(copy)  # its JSON form is now memoized
    change(copy)
    assert _json(copy) == _json(KObject(TASK, dict(copy)))
    assert _json(stored_objects.from_text(TASK, text)) == _json(KObject.from_doc(TASK, json_text.loads(text)))


def test_response_profiles_field_sets_get_forms_of_their_own() -> None:
    text = json_text.dumps(_task_doc(entryId="0_profiles"))
    narrow = stored_objects.from_text(TASK, text)
    narrow.only_fields = frozenset({"id", "status"})
    assert set(_json(narrow)) == {"id", "status", "objectType"}
    assert set(_json(stored_objects.from_text(TASK, text))) >= {"id", "status", "partnerId", "entryId", "price"}


def test_a_document_holding_other_objects_is_built_afresh_every_time() -> None:
    text = json_text.dumps(_task_doc(taskJobData={"_type": "KalturaVendorTaskData", "entryDuration": 1000}))
    first, second = stored_objects.from_text(TASK, text), stored_objects.from_text(TASK, text)
    assert type(first) is KObject and first["taskJobData"] is not second["taskJobData"]
    first["taskJobData"]["entryDuration"] = 5
    assert second["taskJobData"]["entryDuration"] == 1000


@pytest.mark.e2e
def test_a_polled_listing_answers_every_change_the_store_has_seen(reachsim: Any) -> None:
    """The vendor's loop as it runs: the same pending tasks polled again and again, then changed in between."""
    first, second = reachsim.order_task(), reachsim.order_task(item="captions")
    vendor = reachsim.sessions.vendor()

    def pending() -> dict[int, dict[str, Any]]:
        jobs = reachsim.api("reach_entryvendortask", "getJobs", ks=vendor, filter={"statusEqual": 1})
        return {int(job["id"]): job for job in jobs["objects"]}

    assert set(pending()) == set(pending()) == {first, second}
    reachsim.api(
        "reach_entryvendortask",
        "updateJob",
        ks=vendor,
        id=second,
        entryVendorTask={"objectType": TASK, "externalTaskId": "ext-1"},
    )
    assert pending()[second]["externalTaskId"] == "ext-1"
    assert "externalTaskId" not in pending()[first]
    reachsim.api("reach_entryvendortask", "updateJob", ks=vendor, id=first, entryVendorTask={"status": 3})
    assert set(pending()) == {second}
