"""`POST /__sim__/scenario`: the account set-up of a certification scenario that no customer API call can make
in the simulator (it has no reachProfile.update or partnerCatalogItem service), in one back-door call.

Body (every key optional):
- `"profiles": [{"partnerId": P, "fields": {...}}]` — the partner's REACH profile gets these fields (e.g.
  `flavorParamsIds`, `enableMetadataExtraction`); a partner without one gets a copy of the seed's first profile
  (the demo customer's), and that partner's catalog items are enabled for it, so it can order the same services.
- `"corruptEntries": [ENTRY_ID, ...]` — the entry's flavors and HLS segments are replaced by bytes no decoder
  reads, while the entry stays READY: what a vendor meets when a customer's source is broken.
- `"clockTriggers": [{"taskId": T, "status": S, "advance": SECONDS}]` — when an updateJob moves task T to status
  S, the virtual clock jumps inside that call (simulator/clock_triggers.py).
- `"liveEntries": [{"partnerId": P, "name": NAME}]` — a READY live stream entry of the partner (the simulator has
  no liveStream service), for live caption orders to serve.
- `"mediaLanguages": [{"entryId": E, "language": "German"}]` — the entry's flavor assets declare this language
  (flavorAsset.language): the soundtrack's language, where a vendor's language check can meet it.

Answer: `{"reachProfileIds": {"P": ID}, "corrupted": [ENTRY_ID, ...], "liveEntryIds": [ENTRY_ID, ...]}`.
`GET /__sim__/scenario` answers the clock triggers still pending and those fired (`at`: the virtual time before
the jump). Tasks, aborts and the clock script go through the real API and `/__sim__/clock`, so the scenario passes
the same rules as a customer's orders.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from flask import Response, jsonify

from simulator import clock_triggers
from simulator.backdoor import BadRequest, body, bp, sim
from simulator.objects.entries import EntryStatus, EntryType, MediaType
from simulator.store import entries, flavors, partners
from simulator.store import reach as catalog

_GARBAGE = b"reachsim corrupt media: not a video\n" * 64
_PROFILE_KEYS_KEPT = ("id", "partnerId", "createdAt", "updatedAt", "usedCredit")


def _profile_for(conn: Any, partner_id: int, now: int) -> dict[str, Any]:
    existing = catalog.profiles_of(conn, partner_id)
    if existing:
        return existing[0]
    # The seed's first profile (the demo customer's) is the template, and its partner's catalog items are enabled.
    template = next(iter(catalog.PROFILES.find(conn, order="rowid")), None)
    if template is None:
        raise BadRequest("the scenario needs a seeded REACH profile to copy")
    for item_id in catalog.enabled_item_ids(conn, int(template["partnerId"])):
        catalog.enable_for_partner(conn, partner_id, item_id)
    doc = {k: v for k, v in template.items() if k not in _PROFILE_KEYS_KEPT}
    return catalog.add_profile(conn, {**doc, "partnerId": partner_id, "createdAt": now, "updatedAt": now})


def _corrupt(conn: Any, data_dir: Path, entry_id: str) -> None:
    docs = flavors.for_entry(conn, entry_id)
    if not docs:
        raise BadRequest(f"entry {entry_id} has no flavors to corrupt", 404)
    media = f"corrupt-{entry_id}"
    root = data_dir / flavors.MEDIA_DIR / media
    for doc in docs:
        hls = flavors.hls_dir(data_dir, doc)
        if hls is not None and not (root / doc["hls"]).exists():
            shutil.copytree(hls, root / doc["hls"])
            for segment in (root / doc["hls"]).rglob("*.ts"):
                segment.write_bytes(_GARBAGE)
        target = root / doc["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_GARBAGE)
        doc["media"] = media
        doc["sizeInBytes"] = float(len(_GARBAGE))
        flavors.TABLE.update(conn, doc)


@bp.post("/scenario")
def load_scenario() -> Response:
    payload = body()
    unknown = set(payload) - {"profiles", "corruptEntries", "clockTriggers", "liveEntries", "mediaLanguages"}
    if unknown:
        raise BadRequest(f"unknown scenario keys: {', '.join(sorted(unknown))}")
    simulator = sim()
    now = int(simulator.clock.now())
    profile_ids: dict[str, int] = {}
    corrupted: list[str] = []
    with simulator.db.transaction() as conn:
        for spec in payload.get("profiles", []):
            partner_id, fields = spec.get("partnerId"), spec.get("fields", {})
            if isinstance(partner_id, bool) or not isinstance(partner_id, int) or not isinstance(fields, dict):
                raise BadRequest('profiles take [{"partnerId": ID, "fields": {...}}]')
            if partners.get(conn, partner_id) is None:
                raise BadRequest(f"no partner {partner_id}", 404)
            profile = _profile_for(conn, partner_id, now)
            profile.update(fields, updatedAt=now)
            catalog.save_profile(conn, profile)
            profile_ids[str(partner_id)] = int(profile["id"])
        for entry_id in payload.get("corruptEntries", []):
            if not isinstance(entry_id, str):
                raise BadRequest("corruptEntries takes entry ids")
            _corrupt(conn, simulator.config.data_dir, entry_id)
            corrupted.append(entry_id)
        live_ids = [_live_entry(conn, spec, now) for spec in payload.get("liveEntries", [])]
        for spec in payload.get("mediaLanguages", []):
            _declare_language(conn, spec)
    triggers = payload.get("clockTriggers", [])
    if not isinstance(triggers, list) or not all(_trigger_ok(t) for t in triggers):
        raise BadRequest('clockTriggers take [{"taskId": ID, "status": STATUS, "advance": SECONDS}]')
    if triggers:
        clock_triggers.register(simulator, triggers)
    return jsonify({"reachProfileIds": profile_ids, "corrupted": corrupted, "liveEntryIds": live_ids})


def _live_entry(conn: Any, spec: Any, now: int) -> str:
    partner_id = spec.get("partnerId") if isinstance(spec, dict) else None
    if isinstance(partner_id, bool) or not isinstance(partner_id, int) or partners.get(conn, partner_id) is None:
        raise BadRequest('liveEntries take [{"partnerId": ID, "name": NAME}] of a known partner')
    entry = entries.add(
        conn,
        {
            "partnerId": partner_id,
            "name": str(spec.get("name") or "Live event"),
            "status": EntryStatus.READY,
            "type": EntryType.LIVE_STREAM,
            "mediaType": MediaType.LIVE_STREAM_FLASH,
            "createdAt": now,
            "updatedAt": now,
            "userId": "",
            "creatorId": "",
        },
    )
    return str(entry["id"])


def _declare_language(conn: Any, spec: Any) -> None:
    if (
        not isinstance(spec, dict)
        or not isinstance(spec.get("entryId"), str)
        or not isinstance(spec.get("language"), str)
    ):
        raise BadRequest('mediaLanguages take [{"entryId": ENTRY_ID, "language": "German"}]')
    docs = flavors.for_entry(conn, spec["entryId"])
    if not docs:
        raise BadRequest(f"entry {spec['entryId']} has no flavors to declare a language on", 404)
    for doc in docs:
        doc["language"] = spec["language"]
        flavors.TABLE.update(conn, doc)


def _trigger_ok(trigger: Any) -> bool:
    return (
        isinstance(trigger, dict)
        and all(isinstance(trigger.get(k), int) and not isinstance(trigger.get(k), bool) for k in ("taskId", "status"))
        and isinstance(trigger.get("advance"), int | float)
        and not isinstance(trigger.get("advance"), bool)
    )


@bp.get("/scenario")
def scenario_state() -> Response:
    return jsonify({"clockTriggers": clock_triggers.report(sim())})
