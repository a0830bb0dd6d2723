"""Guard: the read-only / insert-only flag of every field of every type the simulator accepts matches the
server's type declarations (tests/data/kaltura_field_flags.json: the @readonly / @insertonly tags of
kaltura/server, facts only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import simulator.services  # noqa: F401  (registers every action)
from simulator.api import SERVICES
from simulator.objects.model import ObjectType, all_types, get_type

FACTS: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "kaltura_field_flags.json").read_text())["types"]
# Types the simulator accepts that the server snapshot does not declare (newer clients know them).
NOT_IN_SNAPSHOT = {"KalturaEntryVendorTaskUnit"}
# Fields of releases newer than the snapshot (the official client 23.10 declares them), with the simulator's flags.
NEWER_FIELDS = {
    ("KalturaBaseEntry", "multiLingual_name"): set(),
    ("KalturaBaseEntry", "multiLingual_description"): set(),
    ("KalturaBaseEntry", "multiLingual_tags"): set(),
    ("KalturaEntryVendorTask", "unitsUsedArray"): set(),
    ("KalturaPlaybackContextOptions", "assetFileIds"): set(),
    ("KalturaPlaybackContextOptions", "context"): set(),
    ("KalturaReachProfile", "enableHybridModeration"): set(),
    ("KalturaReachProfile", "autoDisplayHybridCaptionsOnPlayer"): set(),
    ("KalturaReachProfile", "labelAdditionForHybridServiceType"): set(),
    ("KalturaReachProfile", "allowedCatalogItemIds"): set(),
    ("KalturaVendorCatalogItem", "pricingArray"): set(),
    ("KalturaVendorTaskData", "vendorComment"): set(),
}


def accepted_types() -> list[ObjectType]:
    """Types an action parameter can carry: the declared type, its subtypes, and the types of their fields."""
    seen: dict[str, ObjectType] = {}
    todo = [p.ref for s in SERVICES.values() for a in s.actions.values() for p in a.params if p.ref]
    todo = [name for name in todo if get_type(name) is not None]
    while todo:
        declared = get_type(todo.pop())
        if declared is None or declared.name in seen or declared.name == "KalturaObjectBase":
            continue
        seen[declared.name] = declared
        todo += [t.name for t in all_types() if t.is_a(declared.name)]
        todo += [f.ref for f in declared.fields() if f.kind in ("object", "array", "map") and f.ref]
    return sorted(seen.values(), key=lambda t: t.name)


def server_flags(type_name: str, field_name: str) -> set[str] | None:
    """The field's flags on the server, looked up along the server's own class chain (then the newer fields)."""
    current = type_name
    while current in FACTS:
        declared = FACTS[current]
        if field_name in declared["fields"]:
            return set(declared["fields"][field_name])
        if (current, field_name) in NEWER_FIELDS:
            return NEWER_FIELDS[(current, field_name)]
        current = declared["extends"]
    return None


@pytest.mark.parametrize("declared", accepted_types(), ids=lambda t: t.name)
def test_field_flags_match_the_server(declared: ObjectType) -> None:
    if declared.name in NOT_IN_SNAPSHOT:
        assert declared.name not in FACTS, f"{declared.name} is in the snapshot now: check its flags"
        return
    assert declared.name in FACTS, f"{declared.name}: no server declaration recorded"
    wrong = {}
    for field in declared.fields():
        theirs = server_flags(declared.name, field.name)
        ours = {flag for flag in ("readonly", "insertonly") if getattr(field, flag)}
        if theirs != ours:
            wrong[field.name] = {"simulator": sorted(ours), "server": None if theirs is None else sorted(theirs)}
    assert wrong == {}


def test_newer_fields_are_not_in_the_snapshot() -> None:
    for type_name, field_name in NEWER_FIELDS:
        assert field_name not in FACTS[type_name]["fields"], f"{type_name}.{field_name} is declared now: drop it"


def test_the_guard_covers_the_vendor_types() -> None:
    names = {t.name for t in accepted_types()}
    assert {"KalturaEntryVendorTask", "KalturaAttachmentAsset", "KalturaCaptionAsset", "KalturaMediaEntry"} <= names
