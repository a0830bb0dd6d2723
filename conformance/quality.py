"""The `full` profile's OCR-quality scenario: fixtures rendered from the unseen-style generator with a seed drawn per
run (so no vendor can tune to them), ingested as the customer's entries, ordered, and, once delivered, scored
against their exact truth.

The seed picks, for each clip, its class (every class of `fixtures.unseen` first, then again in the seed's order)
and its number within the held-out `test` split; `reachsim certify --seed N` renders the same clips again. Renders
are cached, so a replay costs only the OCR.
"""

from __future__ import annotations

import json
import random
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance import scoring
from conformance.model import Run, TaskPlan
from conformance.staging import ADMIN, Staged, Stager, StagingError

SPLIT = "test"
MAX_INDEX = 1_000_000
RENDER_WORKERS = 2
INGEST_SECONDS = 600.0
READY_ENTRY = "2"


@dataclass(frozen=True)
class Fixture:
    name: str
    kind: str
    video: Path
    truth: Path


def fixture_names(seed: int, count: int) -> list[tuple[str, str]]:
    """(clip name, class) for `count` clips: every class once before any twice, numbers drawn from the seed."""
    from fixtures import unseen

    rng = random.Random(seed)
    kinds: list[str] = []
    while len(kinds) < count:
        kinds += rng.sample(list(unseen.KINDS), len(unseen.KINDS))
    return [(f"unseen-{SPLIT}-{kind}-{rng.randrange(MAX_INDEX)}", kind) for kind in kinds[:count]]


def _render_one(name: str, duration: float) -> tuple[Path, Path]:
    from fixtures import unseen

    return unseen.ensure(name, duration)


def render(seed: int, count: int, duration: float) -> list[Fixture]:
    """The clips and their truth files (rendered on first use, then cached by name), two at a time."""
    names = fixture_names(seed, count)
    with ProcessPoolExecutor(max_workers=RENDER_WORKERS) as pool:
        paths = list(pool.map(_render_one, [n for n, _ in names], [duration] * len(names)))
    return [Fixture(name, kind, video, truth) for (name, kind), (video, truth) in zip(names, paths, strict=True)]


def stage(stager: Stager, staged: Staged, fixtures: list[Fixture]) -> dict[int, Fixture]:
    """Each clip becomes an entry of the demo customer (the simulator's own ingest) with one OCR order; the plans
    join `staged.plans`. Answers task id -> fixture."""
    seed = staged.seed
    partner_id = int(seed["partnerId"])
    ks = staged.admin_ks.get(partner_id) or stager.api(
        "session", "start", secret=seed["adminSecret"], partnerId=partner_id, type=ADMIN
    )
    staged.admin_ks[partner_id] = ks
    # Every clip submitted first, then waited for: the simulator transcodes them on its own workers meanwhile.
    entry_ids = [
        stager.backdoor("POST", "ingest", {"partnerId": partner_id, "path": str(f.video), "name": f.name})["entryId"]
        for f in fixtures
    ]
    _wait_ready(stager, partner_id, entry_ids)
    by_task: dict[int, Fixture] = {}
    for fixture, entry_id in zip(fixtures, entry_ids, strict=True):
        task = stager.api(
            "reach_entryvendortask",
            "add",
            ks,
            **{
                "entryVendorTask[entryId]": entry_id,
                "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
                "entryVendorTask[reachProfileId]": seed["reachProfileId"],
            },
        )
        staged.plans.append(
            TaskPlan(
                key=fixture.name,
                id=int(task["id"]),
                entry_id=entry_id,
                partner_id=partner_id,
                catalog_item_id=int(task["catalogItemId"]),
                expect="ready",
                turnaround_seconds=int(task.get("turnAroundTime") or 0),
                created_at=float(task["createdAt"]),
            )
        )
        by_task[int(task["id"])] = fixture
    return by_task


def _wait_ready(stager: Stager, partner_id: int, entry_ids: list[str]) -> None:
    deadline = time.monotonic() + INGEST_SECONDS
    while True:
        entries = stager.backdoor("GET", f"state?partnerId={partner_id}")["entries"]
        status = {e: str((entries.get(e) or {}).get("status")) for e in entry_ids}
        failed = [e for e, s in status.items() if s.startswith("-")]
        if failed:
            raise StagingError(f"the simulator could not ingest the fixtures of entries {', '.join(failed)}")
        if all(s == READY_ENTRY for s in status.values()):
            return
        if time.monotonic() > deadline:
            raise StagingError(f"fixtures not ingested within {INGEST_SECONDS:.0f} s: {status}")
        time.sleep(0.5)


def harvest(stager: Stager, staged: Staged, run: Run, by_task: dict[int, Fixture]) -> None:
    """Score each delivered insight against its truth; a task without one scores nothing (and fails the rule)."""
    ks = staged.admin_ks[int(staged.seed["partnerId"])]
    for task_id, fixture in by_task.items():
        truth = json.loads(fixture.truth.read_text())
        record: dict[str, Any] = {"fixture": fixture.name, "kind": fixture.kind, "taskId": task_id}
        final = run.final_task(task_id) or {}
        doc = _insight(stager, ks, str(final.get("outputObjectId") or "")) if int(final.get("status", 0)) == 2 else None
        if doc is None:
            record["error"] = f"no insight delivered (task status {final.get('status')})"
        else:
            record["scores"] = scoring.score(truth, doc) | {"box_iou": scoring.box_overlap(truth, doc)}
        record["timeline"] = timeline(truth, doc)
        run.quality.append(record)


def _insight(stager: Stager, ks: str, asset_id: str) -> dict[str, Any] | None:
    if not asset_id:
        return None
    response = stager.http.get(
        f"{stager.url}/api_v3/service/attachment_attachmentasset/action/serve",
        params={"attachmentAssetId": asset_id, "ks": ks},
        timeout=60,
    )
    try:
        doc = response.json()
    except ValueError:
        return None
    return doc if isinstance(doc, dict) and isinstance(doc.get("ocr"), list) else None


def timeline(truth: dict[str, Any], doc: dict[str, Any] | None) -> dict[str, Any]:
    """What the report draws: truth lines and delivered items as (text, start, end) spans."""
    spans = [
        {"text": line["text"], "start": inst["start"], "end": inst["end"]}
        for line in truth.get("lines", [])
        for inst in line["instances"]
    ]
    got = [
        {"text": item["text"], "start": inst["start"], "end": inst["end"]}
        for item in (doc or {}).get("ocr", [])
        for inst in item.get("instances", [])
    ]
    return {"duration": float(truth["video"]["duration"]), "truth": spans, "delivered": got}
