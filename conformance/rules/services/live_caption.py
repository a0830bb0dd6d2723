"""Live caption (serviceFeature 8): the order names a live stream event (the task data's scheduledEventId, startDate,
endDate); before the event the vendor fills the task's live caption feature on it with scheduleEvent.updateLiveFeature
— where Kaltura relays the stream to (mediaUrl, mediaKey) and where it reads the captions from (captionUrl,
captionToken) — and sets the task SCHEDULED; it sets PROCESSING once the event has started. Times are the
simulator's virtual clock (the harness moves it to the event's start when the task turns SCHEDULED)."""

from __future__ import annotations

import re
from typing import Any

from conformance.model import Outcome, Run, TaskPlan
from conformance.rules import rule
from conformance.rules._journal import first_status, ok, request, seqs
from conformance.rules.services._deliveries import plans

ITEM = "live_caption"
SECTION = "seeds/003 'Live captions'"
PRE = f"{SECTION} > 'Pre-processing'"
SCHEDULED, PROCESSING = 9, 3
ENDPOINTS = {
    "mediaUrl": re.compile(r"^rtmps?://\S+$"),
    "mediaKey": re.compile(r"\S"),
    "captionUrl": re.compile(r"^wss?://\S+$"),
    "captionToken": re.compile(r"\S"),
}


def feature_name(task_id: int) -> str:
    return f"LiveCaptionFeature-reach-{task_id}"


def _window(run: Run, plan: TaskPlan) -> dict[str, Any]:
    """The task's scheduled job data (scheduledEventId, startDate, endDate) as the simulator holds it."""
    return (run.final_task(plan.id) or {}).get("taskJobData") or {}


def _scheduled_plans(run: Run) -> list[TaskPlan]:
    return [p for p in plans(run, ITEM) if _window(run, p).get("scheduledEventId")]


def _feature_calls(run: Run, plan: TaskPlan) -> list[dict[str, Any]]:
    """Accepted updateLiveFeature calls that filled this task's feature on its event."""
    event_id = str(_window(run, plan)["scheduledEventId"])
    return [
        e
        for e in run.calls("schedule_scheduleevent", "updateLiveFeature")
        if ok(e)
        and str(request(e).get("scheduledEventId")) == event_id
        and request(e).get("featureName") == feature_name(plan.id)
    ]


@rule(
    "REACH-LIVE-001",
    "MUST",
    "Before the event starts, and before it sets the task SCHEDULED, the vendor fills the task's feature: "
    "scheduleEvent.updateLiveFeature on the task's scheduledEventId with featureName LiveCaptionFeature-reach-<taskId> "
    "and a KalturaLiveCaptionFeature.",
    f"{PRE} (scheduleEventId as received in the task; featureName LiveCaptionFeature-reach-<taskID>; liveFeature a "
    "KalturaLiveCaptionFeature); seeds/003 'Live caption' (the vendor updates the scheduled event, then SCHEDULED)",
)
def feature_filled_first(run: Run) -> Outcome:
    chosen = _scheduled_plans(run)
    if not chosen:
        return Outcome.not_applicable("no live caption task with a scheduled event")
    wrong, evidence = [], []
    for plan in chosen:
        start = float(_window(run, plan).get("startDate") or 0)
        scheduled = first_status(run, plan.id, SCHEDULED)
        calls = [
            e
            for e in _feature_calls(run, plan)
            if (request(e).get("liveFeature") or {}).get("objectType") == "KalturaLiveCaptionFeature"
        ]
        first = calls[0] if calls else None
        evidence += seqs(calls[:1])
        if first is None:
            wrong.append(f"task {plan.id}: no accepted updateLiveFeature of {feature_name(plan.id)}")
        elif float(first["time"]) >= start or (scheduled is not None and scheduled["seq"] < first["seq"]):
            wrong.append(
                f"task {plan.id}: feature filled at {first['time']:.0f} (event starts {start:.0f}), after SCHEDULED"
            )
    if wrong:
        return Outcome.failed("; ".join(wrong), evidence)
    return Outcome.passed(f"{len(chosen)} live caption features filled before SCHEDULED and the event", evidence)


@rule(
    "REACH-LIVE-002",
    "MUST",
    "The live caption feature names the vendor's endpoints: an RTMP(S) mediaUrl and a mediaKey for the relayed "
    "stream, a websocket (ws/wss) captionUrl and a captionToken for the captions.",
    f"{PRE} (mediaKey, mediaUrl: the RTMP(S) stream the media is relayed to; captionToken, captionUrl: the websocket "
    "the captions are read from); seeds/003 'Live caption'",
)
def endpoints_given(run: Run) -> Outcome:
    chosen = [(p, calls) for p in _scheduled_plans(run) if (calls := _feature_calls(run, p))]
    if not chosen:
        return Outcome.not_applicable("no live caption feature was filled")
    events = {str(e.get("id")): e for e in run.state.get("scheduleEvents", [])}
    wrong = []
    for plan, _ in chosen:
        event = events.get(str(_window(run, plan)["scheduledEventId"])) or {}
        feature: dict[str, Any] = next(
            (f for f in event.get("liveFeatures") or [] if f.get("systemName") == feature_name(plan.id)), {}
        )
        bad = [name for name, shape in ENDPOINTS.items() if not shape.search(str(feature.get(name) or ""))]
        if bad:
            wrong.append(f"task {plan.id}: {', '.join(f'{n}={feature.get(n)!r}' for n in bad)}")
    if wrong:
        return Outcome.failed("; ".join(wrong), [c[-1]["seq"] for _, c in chosen])
    return Outcome.passed(f"{len(chosen)} live caption features name the vendor's stream and websocket")


@rule(
    "REACH-LIVE-003",
    "MUST",
    "The vendor sets the task SCHEDULED before the event starts (the customer then knows the vendor is ready).",
    f"{PRE} (update the entryVendorTask status to SCHEDULED to ensure the customer is aware that the vendor is ready; "
    "it remains SCHEDULED until the start of the event)",
)
def scheduled_before_event(run: Run) -> Outcome:
    chosen = _scheduled_plans(run)
    if not chosen:
        return Outcome.not_applicable("no live caption task with a scheduled event")
    wrong, evidence = [], []
    for plan in chosen:
        start = float(_window(run, plan).get("startDate") or 0)
        scheduled = first_status(run, plan.id, SCHEDULED)
        if scheduled is None or float(scheduled["time"]) >= start:
            wrong.append(f"task {plan.id}: " + ("never SCHEDULED" if scheduled is None else "SCHEDULED too late"))
        else:
            evidence.append(int(scheduled["seq"]))
    if wrong:
        return Outcome.failed("; ".join(wrong), evidence)
    return Outcome.passed(f"{len(chosen)} live caption tasks SCHEDULED before their event", evidence)


@rule(
    "REACH-LIVE-004",
    "MUST",
    "The vendor sets a live caption task PROCESSING only once its event has started (virtual clock at or after "
    "startDate), coming from SCHEDULED.",
    f"{SECTION} > 'Processing' (at the time of the live session: once the event starts the vendor updates the task "
    "to PROCESSING)",
)
def processing_at_the_event(run: Run) -> Outcome:
    chosen = [(p, e) for p in _scheduled_plans(run) if (e := first_status(run, p.id, PROCESSING)) is not None]
    if not chosen:
        return Outcome.not_applicable("no live caption task turned PROCESSING")
    wrong = []
    for plan, processing in chosen:
        start = float(_window(run, plan).get("startDate") or 0)
        scheduled = first_status(run, plan.id, SCHEDULED)
        if float(processing["time"]) < start or scheduled is None or scheduled["seq"] > processing["seq"]:
            came_from = "never SCHEDULED" if scheduled is None else f"SCHEDULED at seq {scheduled['seq']}"
            wrong.append(
                f"task {plan.id}: PROCESSING at {processing['time']:.0f}, event starts {start:.0f}, {came_from}"
            )
    if wrong:
        return Outcome.failed("; ".join(wrong), [e["seq"] for _, e in chosen])
    return Outcome.passed(f"{len(chosen)} live caption tasks PROCESSING once their event started")
