"""Partner isolation through the API: a KS never acts for another partner, and no action reaches another
partner's object.

The matrix walks the service registry, so services added later are covered without touching this file.
"""

from __future__ import annotations

import base64
import sqlite3
from typing import Any

import pytest
import requests
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaSessionType

from simulator import ks as kslib
from simulator.api import SERVICES, Action
from simulator.objects.model import all_types, get_enum, get_type
from simulator.store import partners

OTHER_CUSTOMER, OTHER_VENDOR = 3003, 4004
# Errors the real server gives an outsider: the partner filter hides the object (…NOT_FOUND), the action is not
# open to that kind of partner (SERVICE_FORBIDDEN), or a partner is named that the caller may not access.
# scheduleEvent's partner filter: get answers INVALID_OBJECT_ID, updateLiveFeature its catch-all error.
REFUSALS = {
    "SERVICE_FORBIDDEN",
    "PARTNER_ACCESS_FORBIDDEN",
    "INVALID_CUE_POINT_ID",
    "INVALID_OBJECT_ID",
    "CANNOT_UPDATE_SCHEDULE_EVENT_FEATURE",
}
# Answers the decoder gives before any object is looked up: they prove nothing about isolation.
DECODER_ERRORS = {"MISSING_MANDATORY_PARAMETER", "INVALID_ENUM_VALUE", "OBJECT_TYPE_ABSTRACT", "INVALID_OBJECT_TYPE"}


# Actions whose object the owner cannot reach either in a plain seed, each with its reason.
UNREACHABLE = {
    # the catalog is shared (partnerId 0): every REACH partner reads the same items, there is no owner to isolate
    "reach_vendorcatalogitem->get",
    # the seed holds no data entry
    "data->get",
    "data->serve",
    # KalturaMediaEntry::validateForInsert (mediaType) answers before the token is looked up, for everyone
    "media->addFromUploadedFile",
}


def is_refusal(code: str | None) -> bool:
    return code is not None and ("NOT_FOUND" in code or code in REFUSALS)


def add_outsiders(reachsim: Any) -> dict[int, str]:
    """Two partners unrelated to the seed's objects, with their admin secrets."""
    secrets = {OTHER_CUSTOMER: "c" * 32, OTHER_VENDOR: "d" * 32}
    with reachsim.sim.db.transaction() as conn:
        partners.add(conn, {"id": OTHER_CUSTOMER, "kind": partners.CUSTOMER, "adminSecret": secrets[OTHER_CUSTOMER]})
        partners.add(conn, {"id": OTHER_VENDOR, "kind": partners.VENDOR, "adminSecret": secrets[OTHER_VENDOR]})
    return secrets


def admin_ks(conn: sqlite3.Connection, partner_id: int, now: float) -> str:
    partner = partners.get(conn, partner_id)
    assert partner is not None
    secret = partners.admin_secrets(partner)[0]
    return kslib.issue_v2(partner_id, secret, ks_type=kslib.KsType.ADMIN, expires_at=int(now) + 3600)


# ------------------------------------------------------------------------------------------- forged partner


def test_ks_of_one_partner_presented_as_another_is_invalid(reachsim, kaltura_client):
    seed = reachsim.seed()
    a, b = seed["partnerId"], seed["vendorPartnerId"]
    now = int(reachsim.backdoor("GET", "clock")["now"])
    forged = []
    # v1: rewrite the partner fields of A's KS; the signature (A's secret over A's fields) no longer matches.
    v1 = base64.b64decode(kslib.issue_v1(a, seed["adminSecret"], ks_type=2, expires_at=now + 3600))
    signature, info = v1.split(b"|", 1)
    fields = info.split(b";")
    fields[0] = fields[1] = str(b).encode()
    forged.append(base64.b64encode(signature + b"|" + b";".join(fields)).decode())
    # v2: put B's id in the clear header of A's KS; B's secret cannot decrypt A's ciphertext.
    v2 = base64.urlsafe_b64decode(kslib.issue_v2(a, seed["adminSecret"], ks_type=2, expires_at=now + 3600))
    forged.append(base64.urlsafe_b64encode(v2.replace(f"v2|{a}|".encode(), f"v2|{b}|".encode(), 1)).decode())
    # A KS made for B with A's secret: B's secret does not verify it either.
    forged.append(kslib.issue_v2(b, seed["adminSecret"], ks_type=2, expires_at=now + 3600))
    for ks in forged:
        with pytest.raises(KalturaException) as caught:
            kaltura_client(ks).session.get()
        assert (caught.value.code, str(caught.value.message)) == (
            "INVALID_KS",
            f'Invalid KS "{ks}", Error "-1,INVALID_STR"',
        )


def test_partner_id_parameter_other_than_the_ks_partner_is_refused(reachsim, kaltura_client):
    # Audit row 3: allowPartnerAccessPartner fails, so isActionPermitted fails: SERVICE_FORBIDDEN on every call.
    seed = reachsim.seed()
    ks = kaltura_client().session.start(seed["vendorSecret"], "", KalturaSessionType.ADMIN, seed["vendorPartnerId"])
    client = kaltura_client(ks)
    client.setPartnerId(seed["partnerId"])
    for call in (client.session.get, lambda: client.appToken.get(seed["appTokenId"])):
        with pytest.raises(KalturaException) as caught:
            call()
        assert caught.value.code == "SERVICE_FORBIDDEN"
    client.setPartnerId(seed["vendorPartnerId"])
    assert client.session.get().partnerId == seed["vendorPartnerId"]


# ------------------------------------------------------------------------------------------- the matrix


def id_param(action: Action) -> Any:
    """The object id an action takes: a mandatory scalar `id` or `…Id` parameter (entryId, captionAssetId…)."""
    for param in action.params:
        is_id = param.name == "id" or param.name.endswith("Id")
        if is_id and not param.optional and param.kind in ("string", "int", "bigint"):
            return param
    return None


def concrete(type_name: str) -> str:
    declared = get_type(type_name)
    if declared is not None and not declared.abstract:
        return type_name
    return next(t.name for t in all_types() if t.is_a(type_name) and not t.abstract)


def filler(action: Action, skip: str) -> tuple[dict[str, str], dict[str, Any]]:
    """Form fields and files for every other mandatory parameter, so decoding never stops the call."""
    data: dict[str, str] = {}
    files: dict[str, Any] = {}
    for param in action.params:
        if param.optional or param.name == skip:
            continue
        if param.kind == "object":
            data[f"{param.name}[objectType]"] = concrete(param.ref or "")
        elif param.kind == "enum":
            enum = get_enum(param.ref or "")
            data[param.name] = str(next(iter(enum.values.values()))) if enum else "1"
        elif param.kind == "file":
            files[param.name] = ("probe.bin", b"probe")
        else:
            data[param.name] = "1"
    return data, files


def call(url: str, action: Action, ks: str, object_id: Any, extra: tuple[dict[str, str], dict[str, Any]]) -> str | None:
    """One raw API call (JSON format); the error code, or None on success."""
    data, files = extra
    fields = {**data, "ks": ks, "format": "1", id_param(action).name: str(object_id)}
    response = requests.post(
        f"{url}/api_v3/service/{action.service.id}/action/{action.name}",
        data=fields,
        files={name: (fname, content) for name, (fname, content) in files.items()} or None,
        timeout=30,
    )
    try:
        body = response.json()
    except ValueError:  # a served file or a redirect: the call succeeded
        return None if response.ok else f"HTTP{response.status_code}"
    if isinstance(body, dict) and body.get("objectType") == "KalturaAPIException":
        return str(body["code"])
    return None


def populate(url: str, seed: dict[str, Any]) -> None:
    """Objects of every kind for the seed's customer, made through the API: an uploaded token, an attachment and a
    caption with content, a category with the entry, a cue point, a live stream event and a task, so the matrix
    reaches the actions that act on them."""

    def api(service: str, action: str, **fields: Any) -> Any:
        files = fields.pop("files", None)
        body = requests.post(
            f"{url}/api_v3/service/{service}/action/{action}", data={"format": "1", **fields}, files=files, timeout=30
        ).json()
        assert not (isinstance(body, dict) and body.get("objectType") == "KalturaAPIException"), (action, body)
        return body

    ks = api("session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type="2")
    entry = seed["entryIds"][0]
    for kind in ("attachment_attachmentasset", "caption_captionasset"):
        token = api("uploadtoken", "add", ks=ks)
        api("uploadtoken", "upload", ks=ks, uploadTokenId=token["id"], files={"fileData": ("a.srt", SRT)})
        asset_field = "attachmentAsset" if kind.startswith("attachment") else "captionAsset"
        extra = {f"{asset_field}[format]": "1"}
        if asset_field == "captionAsset":
            extra[f"{asset_field}[language]"] = "English"
        asset = api(kind, "add", ks=ks, entryId=entry, **{f"{asset_field}[objectType]": concrete_asset(kind)}, **extra)
        api(
            kind,
            "setContent",
            ks=ks,
            id=asset["id"],
            **{
                "contentResource[objectType]": "KalturaUploadedFileTokenResource",
                "contentResource[token]": token["id"],
            },
        )
    api("uploadtoken", "add", ks=ks)
    category = api(
        "category", "add", ks=ks, **{"category[objectType]": "KalturaCategory", "category[name]": "Lectures"}
    )
    api(
        "categoryentry",
        "add",
        ks=ks,
        **{
            "categoryEntry[objectType]": "KalturaCategoryEntry",
            "categoryEntry[categoryId]": str(category["id"]),
            "categoryEntry[entryId]": entry,
        },
    )
    api(
        "cuepoint_cuepoint",
        "add",
        ks=ks,
        **{
            "cuePoint[objectType]": "KalturaThumbCuePoint",
            "cuePoint[entryId]": entry,
            "cuePoint[startTime]": "1000",
        },
    )
    api(
        "schedule_scheduleevent",
        "add",
        ks=ks,
        **{
            "scheduleEvent[objectType]": "KalturaLiveStreamScheduleEvent",
            "scheduleEvent[templateEntryId]": entry,
            "scheduleEvent[startDate]": "2000000000",
            "scheduleEvent[endDate]": "2000003600",
            # named as the matrix's filler names a feature, so the owner's updateLiveFeature resolves it
            "scheduleEvent[liveFeatures][0][objectType]": "KalturaLiveCaptionFeature",
            "scheduleEvent[liveFeatures][0][systemName]": "1",
        },
    )
    api(
        "reach_entryvendortask",
        "add",
        ks=ks,
        **{
            "entryVendorTask[objectType]": "KalturaEntryVendorTask",
            "entryVendorTask[entryId]": entry,
            "entryVendorTask[catalogItemId]": str(seed["catalogItemIds"]["ocr"]),
            "entryVendorTask[reachProfileId]": str(seed["reachProfileId"]),
        },
    )


SRT = b"1\n00:00:00,000 --> 00:00:01,000\nHello\n"


def concrete_asset(service_id: str) -> str:
    return "KalturaAttachmentAsset" if service_id.startswith("attachment") else "KalturaCaptionAsset"


def owned_objects(conn: sqlite3.Connection) -> list[tuple[int, Any]]:
    """(owner partner, id) of every stored object that has a partner: the candidates each action is tried on."""
    found = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
        columns = {column["name"] for column in conn.execute(f'PRAGMA table_info("{table}")')}
        if not {"id", "partnerId"} <= columns:
            continue
        for row in conn.execute(f'SELECT id, partnerId FROM "{table}" WHERE partnerId IS NOT NULL'):
            found.append((int(row["partnerId"]), row["id"]))
    return found


def test_no_action_reaches_another_partners_object(reachsim):
    """Each action that needs a KS and takes an object id is called, by two unrelated partners (a customer and
    a vendor) and by the owner, on every stored object of the seed until the owner's call shows the action
    resolves that id (the owner's answer differs from the outsider's). The outsiders must get the real
    server's refusal: the partner filter's …NOT_FOUND, or SERVICE_FORBIDDEN where the action is closed to them.

    Skipped, by design: actions that need no KS (session.start, startWidgetSession, system.*: no partner is
    acting), actions that take no object id (add without a parent id, list, getJobs, session.get/end: they only
    ever see the caller's partner, which the list tests of each service check), and actions for which the seed
    holds no object the owner can reach (reported in the assertion message when nothing is covered at all).
    """
    url = reachsim.url
    covered: list[str] = []
    skipped: dict[str, str] = {}
    for service in sorted(SERVICES.values(), key=lambda s: s.id):
        for action in service.actions.values():
            label = action.label
            param = id_param(action)
            if action.ks == "none":
                skipped[label] = "needs no KS"
                continue
            if param is None:
                skipped[label] = "takes no object id"
                continue
            reachsim.reset()  # the owner's call may have changed or deleted the previous action's object
            populate(url, reachsim.seed())
            outsider_secrets = add_outsiders(reachsim)
            conn = reachsim.sim.db.connection()
            now = reachsim.sim.clock.now()
            outsiders = {pid: admin_ks(conn, pid, now) for pid in outsider_secrets}
            extra = filler(action, param.name)
            numeric = param.kind in ("int", "bigint")
            for owner, object_id in owned_objects(conn):
                if numeric != isinstance(object_id, int) or owner in outsiders:
                    continue
                answers = {pid: call(url, action, ks, object_id, extra) for pid, ks in outsiders.items()}
                owner_answer = call(url, action, admin_ks(conn, owner, now), object_id, extra)
                if owner_answer in DECODER_ERRORS or all(a == owner_answer for a in answers.values()):
                    continue  # this id is not one the action resolves
                for pid, answer in answers.items():
                    assert is_refusal(answer), f"{label} on {object_id} of partner {owner} answered {answer!r} to {pid}"
                covered.append(label)
                break
            else:
                skipped[label] = "no stored object the owner's call resolves"
    reachsim.check()
    unreached = {label: why for label, why in skipped.items() if why == "no stored object the owner's call resolves"}
    assert set(unreached) <= UNREACHABLE, (covered, unreached)
    assert len(covered) >= 30, covered
