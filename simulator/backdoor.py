"""`/__sim__/`: the back door through which tests, the harness and the demo drive the simulator (JSON in and out)."""

from __future__ import annotations

import shutil
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from simulator import backdoor_guard, public_url, seeds
from simulator.runtime import Simulator
from simulator.store import assets, journal, partners, uploads

bp = Blueprint("backdoor", __name__, url_prefix="/__sim__")
bp.before_request(backdoor_guard.require_token)

PARTNER_SETTINGS: dict[str, type | tuple[type, ...]] = {
    "hlsEnabled": bool,
    "packagerUrl": (str, type(None)),
    "entitlement": bool,
    "ksVersion": int,
    "ksMaxExpiry": int,
    "reachEnabled": bool,
}


class BadRequest(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@bp.errorhandler(BadRequest)
def _bad_request(exc: BadRequest) -> tuple[Response, int]:
    return jsonify({"error": str(exc)}), exc.status


def sim() -> Simulator:
    return current_app.extensions["reachsim"]


def body() -> dict[str, Any]:
    if not request.get_data():
        return {}
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise BadRequest("the body must be a JSON object")
    return payload


@bp.get("/health")
def health() -> Response:
    simulator = sim()
    simulator.db.connection().execute("SELECT 1").fetchone()
    return jsonify(
        {"status": "ok", "time": simulator.clock.now(), "seed": seeds.loaded_seed(simulator.db.connection())}
    )


@bp.post("/reset")
def reset() -> Response:
    """Back to the seeded state: every object, the journal and the clock offset go; the same seed runs again."""
    simulator = sim()
    seed = seeds.loaded_seed(simulator.db.connection()) or simulator.config.seed
    simulator.wait_for_jobs(timeout=120)
    simulator.db.wipe()
    # Uploaded and delivered files belong to the wiped rows; transcodes under media/ are a cache keyed by the
    # source's hash and stay, so re-seeding does not run ffmpeg again.
    for directory in (uploads.upload_dir(simulator.config.data_dir), assets.asset_dir(simulator.config.data_dir)):
        shutil.rmtree(directory, ignore_errors=True)
    simulator.clock.reset()
    return jsonify({"reset": True, "seed": seeds.apply(simulator, seed)})


@bp.get("/seed")
def seed() -> Response:
    simulator = sim()
    info = seeds.info(simulator.db.connection(), simulator)
    return jsonify({**info, "serviceUrl": public_url.request_base(simulator.config)})


@bp.route("/clock", methods=["GET", "POST"])
def clock() -> Response:
    simulator = sim()
    if request.method == "POST":
        payload = body()
        advance = payload.get("advance")
        if isinstance(advance, bool) or not isinstance(advance, int | float):
            raise BadRequest('POST /__sim__/clock takes {"advance": SECONDS}')
        simulator.clock.advance(float(advance))
    return jsonify({"now": simulator.clock.now(), "offset": simulator.clock.offset})


@bp.get("/journal")
def read_journal() -> Response:
    try:
        since = int(request.args.get("since", "0"))
        limit = min(int(request.args.get("limit", "1000")), 10000)
    except ValueError as exc:
        raise BadRequest("since and limit must be integers") from exc
    entries = journal.since(sim().db.connection(), since, limit)
    return jsonify({"entries": entries, "last": entries[-1]["seq"] if entries else since})


@bp.route("/partners/<int:partner_id>", methods=["GET", "POST"])
def partner_settings(partner_id: int) -> Response:
    simulator = sim()
    with simulator.db.transaction() as conn:
        partner = partners.get(conn, partner_id)
        if partner is None:
            raise BadRequest(f"no partner {partner_id}", 404)
        if request.method == "POST":
            changes = body()
            for name, value in changes.items():
                expected = PARTNER_SETTINGS.get(name)
                if expected is None:
                    raise BadRequest(f"unknown partner setting {name!r} (known: {', '.join(PARTNER_SETTINGS)})")
                if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                    raise BadRequest(f"partner setting {name!r} has the wrong type")
                if name == "ksVersion" and value not in (1, 2):
                    raise BadRequest("ksVersion must be 1 or 2")
            partner["settings"].update(changes)
            partners.save(conn, partner)
    return jsonify({"id": partner_id, "kind": partner["kind"], "settings": partner["settings"]})


@bp.post("/ingest")
def ingest_file() -> Response:
    """`{"partnerId", "path", "name"?, "entryId"?, "wait"?}`: a local file becomes a new entry of the partner (or
    new content of one of its entries) through the same ingest as media.addContent. With `"wait": true` the
    answer comes once the entry is READY or ERROR_CONVERTING."""
    from simulator import ingest
    from simulator.objects.entries import EntryStatus, EntryType, MediaType
    from simulator.store import entries

    payload = body()
    partner_id, path = payload.get("partnerId"), payload.get("path")
    if isinstance(partner_id, bool) or not isinstance(partner_id, int) or not isinstance(path, str):
        raise BadRequest('POST /__sim__/ingest takes {"partnerId": ID, "path": FILE, "name"?, "entryId"?, "wait"?}')
    simulator = sim()
    try:
        source = backdoor_guard.media_path(simulator.config, path)
    except backdoor_guard.MediaPathRefused as exc:
        raise BadRequest(str(exc), 403) from exc
    if not source.is_file():
        raise BadRequest(f"no such file: {path}")
    now = int(simulator.clock.now())
    with simulator.db.transaction() as conn:
        if partners.get(conn, partner_id) is None:
            raise BadRequest(f"no partner {partner_id}", 404)
        entry_id = payload.get("entryId")
        entry = entries.get(conn, str(entry_id), partner_id) if entry_id else None
        if entry_id and entry is None:
            raise BadRequest(f"no entry {entry_id} of partner {partner_id}", 404)
        if entry is None:
            entry = entries.add(
                conn,
                {
                    "partnerId": partner_id,
                    "name": str(payload.get("name") or source.stem),
                    "description": "",
                    "tags": "",
                    "type": EntryType.MEDIA_CLIP,
                    "mediaType": MediaType.VIDEO,
                    "sourceType": "1",
                    "status": EntryStatus.NO_CONTENT,
                    "createdAt": now,
                    "updatedAt": now,
                    "userId": "",
                    "creatorId": "",
                },
            )
        ingest.mark_converting(conn, entry, now)
    job = ingest.submit(simulator, entry["id"], source, source.name)
    if payload.get("wait"):
        job.result(timeout=600)
    done = entries.get(simulator.db.connection(), entry["id"]) or entry
    return jsonify({"entryId": entry["id"], "partnerId": partner_id, "status": done["status"]})


@bp.get("/state")
def state() -> Response:
    """What vendors delivered, in one read for the harness and the portal: tasks, per entry its tags, assets
    (with their inspection findings), cue points and flavors (a delivered audio track with its ffprobe findings),
    and the schedule events with their live features. `?partnerId=ID` narrows it to one partner."""
    import importlib.util

    from simulator.store import assets, cuepoints, entries, flavors, schedule

    raw_partner = request.args.get("partnerId")
    if raw_partner is not None and not raw_partner.lstrip("-").isdigit():
        raise BadRequest("partnerId must be an integer")
    partner_id = int(raw_partner) if raw_partner is not None else None
    conn = sim().db.connection()
    tasks: list[dict[str, Any]] = []
    if importlib.util.find_spec("simulator.store.tasks") is not None:
        from simulator.store import tasks as task_store

        tasks = [t for t in task_store.all_tasks(conn) if partner_id is None or t.get("partnerId") == partner_id]
    where, params = ("partnerId = ?", [partner_id]) if partner_id is not None else ("1=1", [])
    by_entry: dict[str, dict[str, Any]] = {}
    for entry in entries.TABLE.find(conn, where, params, order="rowid"):
        by_entry[entry["id"]] = {
            "partnerId": entry.get("partnerId"),
            "name": entry.get("name"),
            "status": entry.get("status"),
            "tags": entry.get("tags"),
            "multiLingual_tags": entry.get("multiLingual_tags"),
            "assets": [],
            "cuePoints": [],
            "flavors": [],
        }
    for doc in assets.find(conn, where, params):
        view = {k: v for k, v in doc.items() if k != "file"}
        by_entry.setdefault(doc["entryId"], {"assets": [], "cuePoints": []})["assets"].append(view)
    for doc in cuepoints.find(conn, where, params):
        by_entry.setdefault(doc["entryId"], {"assets": [], "cuePoints": []})["cuePoints"].append(doc)
    for doc in flavors.find(conn, where, params):
        view = {k: v for k, v in doc.items() if k not in ("media", "file", "hls")}
        by_entry.setdefault(doc["entryId"], {"assets": [], "cuePoints": [], "flavors": []})["flavors"].append(view)
    events = schedule.TABLE.find(conn, where, params)
    return jsonify({"tasks": tasks, "entries": by_entry, "scheduleEvents": events})


from simulator import fault_backdoor, scenario_backdoor, violations_backdoor  # noqa: E402, F401  (their routes)
