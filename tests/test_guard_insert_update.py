"""Guard: read-only and insert-only fields are refused the way KalturaObject::validateForInsert /
validateForUpdate refuse them, for every object type and every flagged field, and every add and update action
goes through that one rule (simulator/objects/writable.py).

- On add, a read-only field sent with any value (explicit null too) is PROPERTY_VALIDATION_NOT_UPDATABLE;
  insert-only fields are written.
- On update, a read-only or insert-only field is refused unless the value sent is the stored one; an explicit
  null, an object or an array is never the stored value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from KalturaClient.exceptions import KalturaException
from test_guard_field_flags import accepted_types

from simulator.objects import errors
from simulator.objects.model import Field, KObject, ObjectType, all_types, get_enum
from simulator.objects.writable import to_insertable, to_object, to_updatable

NOT_UPDATABLE = "PROPERTY_VALIDATION_NOT_UPDATABLE"


def flagged(declared: ObjectType, *, insertonly: bool = True) -> list[Field]:
    return [f for f in declared.fields() if f.readonly or (insertonly and f.insertonly)]


def concrete(type_name: str) -> str:
    """A class that can be sent in place of type_name (itself unless it is abstract)."""
    return next(t.name for t in all_types() if t.is_a(type_name) and not t.abstract)


def other_value(field: Field, stored: Any) -> Any:
    """A value of the field's kind, as the request decoder types it, that is not `stored`."""
    if field.kind in ("int", "bigint", "time"):
        return int(stored or 0) + 1_000_000_000
    if field.kind == "float":
        return float(stored or 0) + 0.5
    if field.kind == "bool":
        return not stored
    if field.kind == "string":
        return f"{stored or ''}-changed"
    if field.kind == "enum":
        enum = get_enum(field.ref or "")
        assert enum is not None
        if field.ref == "KalturaNullableBoolean":
            return not stored
        others = [v for v in enum.values.values() if str(v) != str(stored)]
        return others[0] if others or not enum.dynamic else "guard.CHANGED"
    item = KObject(concrete(field.ref or ""))
    return {"object": item, "array": [item], "map": {"key": item}}[field.kind]


def refused(call: Callable[..., Any], *args: Any) -> str | None:
    """The PROPERTY_VALIDATION_NOT_UPDATABLE message the call raised, or None when it was accepted."""
    try:
        call(*args)
    except errors.PROPERTY_VALIDATION_NOT_UPDATABLE as error:
        return error.message
    return None


def message(type_name: str, field_name: str) -> str:
    return f'The property "{type_name}::{field_name}" cannot be updated'


# ----------------------------------------------------------------------------------- the rule, every type × field


@pytest.mark.parametrize("declared", accepted_types(), ids=lambda t: t.name)
def test_add_refuses_every_readonly_field_and_writes_insert_only_ones(declared: ObjectType) -> None:
    wrong = {}
    for field in flagged(declared):
        sent = KObject(declared.name, {field.name: other_value(field, None)})
        got = refused(to_insertable, sent)
        want = message(declared.name, field.name) if field.readonly else None
        if got != want or (not field.readonly and to_insertable(sent) != dict(sent)):
            wrong[field.name] = got
    assert wrong == {}


@pytest.mark.parametrize("declared", accepted_types(), ids=lambda t: t.name)
def test_update_refuses_a_new_value_of_every_readonly_and_insert_only_field(declared: ObjectType) -> None:
    wrong = {}
    for field in flagged(declared):
        stored_value = other_value(field, None) if field.kind not in ("object", "array", "map") else None
        sent = KObject(declared.name, {field.name: other_value(field, stored_value)})
        got = refused(to_updatable, sent, {field.name: stored_value})
        if got != message(declared.name, field.name):
            wrong[field.name] = got
    assert wrong == {}


@pytest.mark.parametrize("declared", accepted_types(), ids=lambda t: t.name)
def test_update_tolerates_the_stored_scalar_resent_and_does_not_write_it(declared: ObjectType) -> None:
    for field in flagged(declared):
        if field.kind in ("object", "array", "map"):
            continue
        value = other_value(field, None)
        assert to_updatable(KObject(declared.name, {field.name: value}), {field.name: value}) == {}


@pytest.mark.parametrize("declared", accepted_types(), ids=lambda t: t.name)
def test_an_explicit_null_is_never_the_stored_value(declared: ObjectType) -> None:
    """`name__null` is a KalturaNullField on the server: refused for a flagged field even when nothing is
    stored. KalturaNullableBoolean's -1 decodes to null, i.e. not sent, and passes."""
    for field in flagged(declared):
        sent = KObject(declared.name, {field.name: None})
        got = refused(to_updatable, sent, {})
        skipped = field.ref == "KalturaNullableBoolean"
        assert got == (None if skipped else message(declared.name, field.name)), field.name
        if field.readonly:
            assert refused(to_insertable, sent) == (None if skipped else got), field.name


def test_stored_values_compare_as_the_decoder_types_them() -> None:
    """A stored "3" of an int field is the int 3 sent; a stored 3 of a string field is the string "3"."""
    task = "KalturaEntryVendorTask"
    assert to_updatable(KObject(task, catalogItemId=3), {"catalogItemId": "3"}) == {}
    assert to_updatable(KObject(task, version="3"), {"version": 3}) == {}
    assert refused(to_updatable, KObject(task, version="3.0"), {"version": "3"}) == message(task, "version")


def test_writable_fields_pass_and_undeclared_keys_are_not_written() -> None:
    sent = KObject("KalturaAttachmentAsset", title="t", id="0_x")
    assert to_object(sent) == {"title": "t"}
    assert to_updatable(KObject("KalturaAttachmentAsset", title="t", tags=None), {"title": "old"}) == {
        "title": "t",
        "tags": None,
    }


# ------------------------------------------------------------------------- every add and update action, on the wire


class Api:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.seed: dict[str, Any] = client.get("/__sim__/seed").get_json()
        self.admin = self.ks(self.seed["adminSecret"], self.seed["partnerId"])
        self.vendor = self.ks(self.seed["vendorSecret"], self.seed["vendorPartnerId"])

    def ks(self, secret: str, partner_id: int) -> str:
        return str(self.call("session", "start", secret=secret, partnerId=partner_id, type=2))

    def call(self, service: str, action: str, **params: Any) -> Any:
        response = self.client.post(f"/api_v3/service/{service}/action/{action}", json={"format": 1, **params})
        return response.get_json()

    def ok(self, service: str, action: str, **params: Any) -> Any:
        answer = self.call(service, action, ks=params.pop("ks", self.admin), **params)
        assert not (isinstance(answer, dict) and answer.get("objectType") == "KalturaAPIException"), answer
        return answer


@pytest.fixture(scope="module")
def api(reachsim_app: Callable[..., Any]) -> Iterator[Api]:
    yield Api(reachsim_app().test_client())


def wire_value(value: Any) -> Any:
    """A decoded value as a JSON request sends it."""
    if isinstance(value, KObject):
        return {"objectType": value.kaltura_type, **value}
    if isinstance(value, list):
        return {str(i): wire_value(v) for i, v in enumerate(value)}
    if isinstance(value, dict):
        return {k: wire_value(v) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def existing(api: Api) -> dict[str, Any]:
    """One object of each kind an update action changes, made through the API."""
    entry_id = api.seed["entryIds"][0]
    task = api.ok(
        "reach_entryvendortask",
        "add",
        entryVendorTask={
            "objectType": "KalturaEntryVendorTask",
            "entryId": entry_id,
            "catalogItemId": api.seed["catalogItemIds"]["ocr"],
            "reachProfileId": api.seed["reachProfileId"],
        },
    )
    attachment = api.ok(
        "attachment_attachmentasset", "add", entryId=entry_id, attachmentAsset={"objectType": "KalturaAttachmentAsset"}
    )
    caption = api.ok(
        "caption_captionasset", "add", entryId=entry_id, captionAsset={"objectType": "KalturaCaptionAsset"}
    )
    token = api.ok("apptoken", "add", appToken={"objectType": "KalturaAppToken"})
    profile = api.ok("reach_reachprofile", "get", id=api.seed["reachProfileId"])
    entry = api.ok("baseentry", "get", entryId=entry_id)
    return {
        "task": task,
        "attachment": attachment,
        "caption": caption,
        "token": token,
        "profile": profile,
        "entry": entry,
    }


def nothing(seed: dict[str, Any]) -> dict[str, Any]:
    return {}


# (service, action, object parameter, class sent, its other fields, the other parameters) of every add action
# that validates (data.add calls toObject, which does not).
Build = Callable[[dict[str, Any]], dict[str, Any]]
ADDS: list[tuple[str, str, str, str, Build, Build]] = [
    ("media", "add", "entry", "KalturaMediaEntry", nothing, nothing),
    (
        "media",
        "addFromUrl",
        "mediaEntry",
        "KalturaMediaEntry",
        lambda s: {"mediaType": 1},
        lambda s: {"url": "http://127.0.0.1:9/clip.mp4"},
    ),
    ("attachment_attachmentasset", "add", "attachmentAsset", "KalturaAttachmentAsset", nothing, nothing),
    ("caption_captionasset", "add", "captionAsset", "KalturaCaptionAsset", nothing, nothing),
    ("cuepoint_cuepoint", "add", "cuePoint", "KalturaAnnotation", lambda s: {"entryId": s["entryIds"][0]}, nothing),
    ("uploadtoken", "add", "uploadToken", "KalturaUploadToken", nothing, nothing),
    ("apptoken", "add", "appToken", "KalturaAppToken", nothing, nothing),
    ("category", "add", "category", "KalturaCategory", lambda s: {"name": "guard"}, nothing),
    ("categoryentry", "add", "categoryEntry", "KalturaCategoryEntry", nothing, nothing),
    (
        "reach_entryvendortask",
        "add",
        "entryVendorTask",
        "KalturaEntryVendorTask",
        lambda s: {
            "entryId": s["entryIds"][1],
            "catalogItemId": s["catalogItemIds"]["ocr"],
            "reachProfileId": s["reachProfileId"],
        },
        dict,
    ),
]
ENTRY_PARAM = {"attachment_attachmentasset", "caption_captionasset"}


@pytest.mark.parametrize("case", ADDS, ids=lambda c: f"{c[0]}.{c[1]}")
def test_every_add_action_refuses_every_readonly_field(api: Api, case: tuple[Any, ...]) -> None:
    service, action, param, type_name, base, others = case
    extra = {"entryId": api.seed["entryIds"][0]} if service in ENTRY_PARAM else others(api.seed)
    wrong = {}
    declared = all_types_by_name()[type_name]
    for field in flagged(declared, insertonly=False):
        sent = {"objectType": type_name, **base(api.seed), field.name: wire_value(other_value(field, None))}
        answer = api.call(service, action, ks=api.admin, **{param: sent}, **extra)
        if not isinstance(answer, dict) or answer.get("message") != message(type_name, field.name):
            wrong[field.name] = answer
    assert wrong == {}


# (service, action, object parameter, class sent, the existing object, the session) of every update action.
UPDATES = [
    ("baseentry", "update", "baseEntry", "KalturaBaseEntry", "entry", "admin"),
    ("media", "update", "mediaEntry", "KalturaMediaEntry", "entry", "admin"),
    ("attachment_attachmentasset", "update", "attachmentAsset", "KalturaAttachmentAsset", "attachment", "admin"),
    ("caption_captionasset", "update", "captionAsset", "KalturaCaptionAsset", "caption", "admin"),
    ("apptoken", "update", "appToken", "KalturaAppToken", "token", "admin"),
    ("reach_reachprofile", "update", "reachProfile", "KalturaReachProfile", "profile", "admin"),
    ("reach_entryvendortask", "update", "entryVendorTask", "KalturaEntryVendorTask", "task", "admin"),
    ("reach_entryvendortask", "updateJob", "entryVendorTask", "KalturaEntryVendorTask", "task", "vendor"),
]
ID_PARAM = {"baseentry": "entryId", "media": "entryId"}


@pytest.mark.parametrize("case", UPDATES, ids=lambda c: f"{c[0]}.{c[1]}")
def test_every_update_action_refuses_a_new_value_of_every_flagged_field(
    api: Api, existing: dict[str, Any], case: tuple[Any, ...]
) -> None:
    service, action, param, type_name, kind, session = case
    stored = existing[kind]
    ks = api.admin if session == "admin" else api.vendor
    wrong = {}
    for field in flagged(all_types_by_name()[type_name]):
        sent = {"objectType": type_name, field.name: wire_value(other_value(field, stored.get(field.name)))}
        answer = api.call(service, action, ks=ks, **{ID_PARAM.get(service, "id"): stored["id"], param: sent})
        if not isinstance(answer, dict) or answer.get("message") != message(type_name, field.name):
            wrong[field.name] = answer
    assert wrong == {}


def all_types_by_name() -> dict[str, ObjectType]:
    return {t.name: t for t in all_types()}


def test_a_vendor_resending_insert_only_values_it_read(reachsim: Any, kaltura_client: Any) -> None:
    """The official client sends every field that is not read-only. Insert-only ones resent with their stored
    values pass; a null one comes back as "" (the server writes null as an empty XML element, which the client
    reads as a string), and "" is not null: refused, as validateForUpdate's `===` refuses it."""
    from KalturaClient.Plugins.Reach import (
        KalturaEntryVendorTask,
        KalturaEntryVendorTaskFilter,
        KalturaEntryVendorTaskStatus,
    )

    task_id = reachsim.order_task()
    vendor = kaltura_client(reachsim.sessions.vendor())
    task = vendor.reach.entryVendorTask.getJobs(KalturaEntryVendorTaskFilter(idEqual=task_id)).objects[0]
    resent = KalturaEntryVendorTask(
        entryId=task.entryId,
        catalogItemId=task.catalogItemId,
        reachProfileId=task.reachProfileId,
        entryObjectType=task.entryObjectType,
        status=KalturaEntryVendorTaskStatus.PROCESSING,
    )
    updated = vendor.reach.entryVendorTask.updateJob(task_id, resent)
    assert updated.status.getValue() == KalturaEntryVendorTaskStatus.PROCESSING
    assert task.externalObjectId == ""
    with pytest.raises(KalturaException) as refusal:
        vendor.reach.entryVendorTask.updateJob(task_id, task)
    assert refusal.value.code == NOT_UPDATABLE
    assert refusal.value.message == message("KalturaEntryVendorTask", "externalObjectId")
