"""Chaptering (serviceFeature 5): chapters are thumb cue points of subType CHAPTER on the task's entry, inside the
entry's duration, each with a title and a start time of its own."""

from __future__ import annotations

from typing import Any

from conformance.model import Outcome, Run, TaskPlan
from conformance.rules import rule
from conformance.rules.services._deliveries import READY, plans

ITEM = "chaptering"
SECTION = "seeds/003 'Chaptering' (Cue points - chapters, added with cuePoint.add)"
THUMB = "thumbCuePoint.Thumb"
CHAPTER = 2  # KalturaThumbCuePointSubType.CHAPTER
DELETED = 2  # KalturaCuePointStatus.DELETED


def chapters(run: Run, plan: TaskPlan) -> list[dict[str, Any]]:
    cue_points = (run.state.get("entries", {}).get(plan.entry_id) or {}).get("cuePoints", [])
    return sorted(
        (
            c
            for c in cue_points
            if c.get("cuePointType") == THUMB and int(c.get("subType") or 0) == CHAPTER and c.get("status") != DELETED
        ),
        key=lambda c: int(c.get("startTime") or 0),
    )


def _ready(run: Run) -> list[TaskPlan]:
    return [p for p in plans(run, ITEM) if (f := run.final_task(p.id)) and int(f["status"]) == READY]


@rule(
    "REACH-CHAP-001",
    "MUST",
    "A READY chaptering task leaves chapters on its entry: thumb cue points (KalturaThumbCuePoint) of subType "
    "CHAPTER (2).",
    SECTION,
)
def chapters_added(run: Run) -> Outcome:
    ready = _ready(run)
    if not ready:
        return Outcome.not_applicable("no READY chaptering task")
    missing = [p.id for p in ready if not chapters(run, p)]
    if missing:
        return Outcome.failed(f"READY chaptering tasks {missing} left no chapter cue point on their entry")
    return Outcome.passed(f"{len(ready)} entries carry chapters")


@rule(
    "REACH-CHAP-002",
    "MUST",
    "Every chapter starts inside the entry: 0 <= startTime < the entry's msDuration.",
    f"{SECTION}; ref (cue point startTime is in milliseconds of the entry)",
)
def inside_duration(run: Run) -> Outcome:
    ready = [p for p in _ready(run) if chapters(run, p)]
    if not ready:
        return Outcome.not_applicable("no READY chaptering task with chapters")
    wrong = [
        f"task {p.id} chapter {c.get('id')} at {c.get('startTime')} ms (entry {p.entry_ms_duration} ms)"
        for p in ready
        for c in chapters(run, p)
        if not 0 <= int(c.get("startTime") or 0) < p.entry_ms_duration
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"the chapters of {len(ready)} entries fall inside their duration")


@rule(
    "REACH-CHAP-003",
    "SHOULD",
    "Chapters are ordered without overlap: each has a title and a start time no other chapter of the entry has.",
    SECTION,
)
def titled_and_distinct(run: Run) -> Outcome:
    ready = [p for p in _ready(run) if chapters(run, p)]
    if not ready:
        return Outcome.not_applicable("no READY chaptering task with chapters")
    wrong = []
    for plan in ready:
        found = chapters(run, plan)
        starts = [int(c.get("startTime") or 0) for c in found]
        untitled = [c.get("id") for c in found if not str(c.get("title") or "").strip()]
        if untitled:
            wrong.append(f"task {plan.id}: chapters without a title {untitled}")
        if len(set(starts)) != len(starts):
            wrong.append(f"task {plan.id}: chapters share start times {starts}")
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"the chapters of {len(ready)} entries are titled and ordered")
