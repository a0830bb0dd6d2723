"""Time on the virtual clock: the catalog item's turnaround, and keys and sessions that expire mid-task."""

from __future__ import annotations

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules._journal import (
    final_entry,
    for_task,
    is_access_key,
    is_media,
    is_vendor_admin,
    ok,
    seqs,
    task_of,
)

SESSION_STARTS = {("session", "start"), ("apptoken", "startSession")}


@rule(
    "REACH-TIME-001",
    "MUST",
    "A task is finished within its catalog item's turnaround time on the virtual clock (the harness's own clock "
    "jumps excluded).",
    "ref §3.3 (expectedFinishTime) and §8; seeds/003 'Reach job details' (Turn Around Time)",
)
def turnaround(run: Run) -> Outcome:
    late, checked = [], 0
    for plan in run.tasks:
        final = run.final_task(plan.id)
        if not final or not final.get("finishTime") or not final.get("expectedFinishTime"):
            continue
        checked += 1
        spent = float(final["finishTime"]) - run.advanced_between(plan.created_at, float(final["finishTime"]))
        if spent > float(final["expectedFinishTime"]):
            late.append(plan.id)
    if not checked:
        return Outcome.not_applicable("no finished task with an expected finish time")
    if late:
        return Outcome.failed(
            f"tasks {late} finished after their expectedFinishTime",
            [e["seq"] for t in late if (e := final_entry(run, t))],
        )
    return Outcome.passed(f"{checked} tasks finished within their turnaround time")


def _expired_key_calls(run: Run) -> list[dict]:
    """Refusals of a task's key while the task was still open (expired, not killed by READY): access-key API calls
    answered INVALID_KS, and media requests refused with a key the simulator could no longer read."""
    out = []
    for entry in run.journal:
        task_id = task_of(run, entry)
        if task_id is None:
            continue
        refused_api = is_access_key(entry) and entry.get("result") == "INVALID_KS"
        refused_media = is_media(entry) and not ok(entry) and entry.get("ks_type") is None
        if not (refused_api or refused_media):
            continue
        final = final_entry(run, task_id)
        if final is None or final["seq"] > entry["seq"]:
            out.append(entry)
    return out


@rule(
    "REACH-TIME-002",
    "MUST",
    "When a task's access key expires mid-task the vendor calls extendAccessKey and carries on with the new key.",
    "seeds/003 'Extend accessKey Expiration'; DESIGN.md (react to INVALID_KS EXPIRED with extendAccessKey)",
)
def extends_expired_key(run: Run) -> Outcome:
    expired = _expired_key_calls(run)
    if not expired:
        if run.expects_expiry and not any(a for a in run.clock_advances):
            return Outcome.not_applicable("the scenario's clock jump did not happen while a task was open")
        return Outcome.not_applicable("no access key expired while its task was open")
    missing = []
    for entry in expired:
        extended = [
            e
            for e in for_task(run, task_of(run, entry) or 0)
            if e["seq"] > entry["seq"] and e.get("action") == "extendAccessKey" and ok(e)
        ]
        if not extended:
            missing.append(entry)
    if missing:
        return Outcome.failed(f"{len(missing)} expired-key refusals never followed by extendAccessKey", seqs(missing))
    return Outcome.passed(f"{len(expired)} expired keys extended", seqs(expired))


@rule(
    "REACH-TIME-003",
    "MUST",
    "extendAccessKey is called only for tasks in PROCESSING (or SCHEDULED).",
    "seeds/003 'Extend accessKey Expiration' (allowed only for tasks in processing state)",
)
def extend_only_processing(run: Run) -> Outcome:
    calls = run.calls("reach_entryvendortask", "extendAccessKey")
    if not calls:
        return Outcome.not_applicable("no extendAccessKey calls")
    refused = [e for e in calls if e.get("result") == "CANNOT_EXTEND_ACCESS_KEY"]
    if refused:
        return Outcome.failed(f"{len(refused)} extendAccessKey calls for tasks not PROCESSING", seqs(refused))
    return Outcome.passed(f"{len(calls)} extendAccessKey calls on PROCESSING tasks", seqs(calls))


@rule(
    "REACH-TIME-004",
    "SHOULD",
    "When its own KS expires the vendor starts a new session and carries on.",
    "DESIGN.md (renews its own vendor session the same way); seeds/003 'Listing REACH Vendor Tasks' (KS expiry)",
)
def renews_session(run: Run) -> Outcome:
    refused = [e for e in run.journal if is_vendor_admin(run, e) and e.get("result") == "INVALID_KS"]
    if not refused:
        return Outcome.not_applicable("the vendor's KS was never refused")
    first = refused[0]
    renewed = [
        e
        for e in run.journal
        if e["seq"] > first["seq"] and (e.get("service"), e.get("action")) in SESSION_STARTS and ok(e)
    ]
    later_ok = [e for e in run.journal if e["seq"] > first["seq"] and is_vendor_admin(run, e) and ok(e)]
    if not renewed or not later_ok:
        return Outcome.failed("the vendor's KS expired and no new session served later calls", seqs(refused))
    return Outcome.passed("the vendor renewed its session after expiry", [first["seq"], renewed[0]["seq"]])
