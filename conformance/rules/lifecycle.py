"""The task's status machine as the vendor drives it: PROCESSING first, READY with its output and accuracy,
ERROR with a reason, nothing after a final state, nothing on aborted tasks."""

from __future__ import annotations

import re

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules._journal import (
    final_entry,
    final_seqs,
    first_status,
    for_task,
    is_media,
    ok,
    seqs,
    status_changes,
)

READY, PROCESSING, ERROR = 2, 3, 6
# A KS in a URL path or query, or a v2 KS ("v2|" in base64): what a vendor's error text must never carry.
CREDENTIAL = re.compile(r"(?:/ks/|[?&]ks=)(?!\*)[^/\s&]{16,}|djJ8[A-Za-z0-9+/=_-]{16,}")


def _delivered(run: Run) -> list[tuple[int, dict]]:
    """(task id, final state) of the tasks that ended READY or ERROR."""
    out = []
    for plan in run.tasks:
        final = run.final_task(plan.id)
        if final and int(final["status"]) in (READY, ERROR):
            out.append((plan.id, final))
    return out


@rule(
    "REACH-LIFE-001",
    "MUST",
    "A task is set PROCESSING before its first media request (playManifest, playlist, segment or flavor download).",
    "seeds/003 'Listing REACH Vendor Tasks' (change status to Processing before beginning to handle the task)",
)
def processing_before_media(run: Run) -> Outcome:
    checked, wrong = [], []
    for plan in run.tasks:
        media = [e for e in for_task(run, plan.id) if is_media(e)]
        if not media:
            continue
        processing = first_status(run, plan.id, PROCESSING)
        checked.append(media[0])
        if processing is None or processing["seq"] > media[0]["seq"]:
            wrong.append(media[0])
    if not checked:
        return Outcome.not_applicable("no media requests")
    if wrong:
        return Outcome.failed(f"{len(wrong)} tasks fetched media before (or without) PROCESSING", seqs(wrong))
    return Outcome.passed(f"{len(checked)} tasks were PROCESSING before their first media request", seqs(checked))


@rule(
    "REACH-LIFE-002",
    "MUST",
    "A task the vendor finishes (READY or ERROR) went through PROCESSING first.",
    "seeds/003 'Listing REACH Vendor Tasks' (status Processing before handling); ref §3.4 (typical vendor flow)",
)
def processing_before_final(run: Run) -> Outcome:
    finished = [(t, e) for t, _ in _delivered(run) if (e := final_entry(run, t)) is not None]
    if not finished:
        return Outcome.not_applicable("the vendor finished no task")
    wrong = [e for t, e in finished if (p := first_status(run, t, PROCESSING)) is None or p["seq"] > e["seq"]]
    if wrong:
        return Outcome.failed(f"{len(wrong)} tasks finished without PROCESSING first", seqs(wrong))
    return Outcome.passed(f"{len(finished)} tasks went PROCESSING before their final state")


@rule(
    "REACH-LIFE-003",
    "MUST",
    "READY carries outputObjectId naming an asset (or, for chaptering, a cue point; for dubbing and audio "
    "description, a flavor) of the task's entry; a live caption task, whose captions stream to Kaltura over the "
    "vendor's websocket, is not judged.",
    "seeds/003 'Listing REACH Vendor Tasks' (update outputObjectId with the ID of the output object); seeds/003 "
    "'Chaptering' (chapters are cue points); seeds/003 'Audio tracks for dubbing and standard audio descriptions' "
    "(audio tracks are flavor assets); seeds/003 'Live captions' > 'Asset generation'",
)
def ready_output(run: Run) -> Outcome:
    ready = [
        (t, f)
        for t, f in _delivered(run)
        if int(f["status"]) == READY and not ((plan := run.task(t)) is not None and plan.is_live())
    ]
    if not ready:
        return Outcome.not_applicable("no READY task")
    wrong = []
    for task_id, final in ready:
        plan = run.task(task_id)
        entry = run.state.get("entries", {}).get(plan.entry_id if plan else "", {}) or {}
        outputs = [*entry.get("assets", []), *entry.get("cuePoints", []), *entry.get("flavors", [])]
        if str(final.get("outputObjectId") or "") not in {str(a.get("id")) for a in outputs}:
            wrong.append((task_id, final.get("outputObjectId")))
    if wrong:
        evidence = [e["seq"] for t, _ in wrong if (e := final_entry(run, t))]
        detail = ", ".join(f"task {t}: {o!r}" for t, o in wrong)
        return Outcome.failed(f"READY without an outputObjectId of the entry's assets ({detail})", evidence)
    return Outcome.passed(f"{len(ready)} READY tasks name an asset of their entry")


@rule(
    "REACH-LIFE-004",
    "MUST",
    "READY carries the processing accuracy (0-100).",
    "seeds/003 'Listing REACH Vendor Tasks' (the processing accuracy should be set on accuracy)",
)
def ready_accuracy(run: Run) -> Outcome:
    ready = [(t, f) for t, f in _delivered(run) if int(f["status"]) == READY]
    if not ready:
        return Outcome.not_applicable("no READY task")
    wrong = [t for t, f in ready if not (isinstance(f.get("accuracy"), int | float) and 0 <= f["accuracy"] <= 100)]
    if wrong:
        return Outcome.failed(
            f"READY without accuracy: tasks {wrong}", [e["seq"] for t in wrong if (e := final_entry(run, t))]
        )
    return Outcome.passed(f"{len(ready)} READY tasks carry accuracy")


@rule(
    "REACH-LIFE-005",
    "MUST",
    "ERROR always carries a non-empty errDescription.",
    "seeds/003 'Captions' (when setting Error the errDescription field should always be filled)",
)
def error_description(run: Run) -> Outcome:
    errored = [(t, f) for t, f in _delivered(run) if int(f["status"]) == ERROR]
    if not errored:
        return Outcome.not_applicable("no task ended in ERROR")
    wrong = [t for t, f in errored if not str(f.get("errDescription") or "").strip()]
    if wrong:
        return Outcome.failed(
            f"ERROR without errDescription: tasks {wrong}", [e["seq"] for t in wrong if (e := final_entry(run, t))]
        )
    return Outcome.passed(f"{len(errored)} ERROR tasks explain why")


@rule(
    "REACH-LIFE-006",
    "MUST",
    "No updateJob or extendAccessKey for a task after it reached a final state.",
    "ref §3.4 rule 1 (final states: READY, ERROR, REJECTED, ABORTED)",
)
def nothing_after_final(run: Run) -> Outcome:
    late = []
    for plan in run.tasks:
        final = final_entry(run, plan.id)
        if final is None:
            continue
        late += [
            e
            for e in for_task(run, plan.id)
            if e["seq"] > final["seq"] and e.get("action") in ("updateJob", "extendAccessKey")
        ]
    if late:
        return Outcome.failed(f"{len(late)} updates after a final state", seqs(late))
    return Outcome.passed("no update after a final state")


@rule(
    "REACH-LIFE-007",
    "MUST",
    "No work on a task after the customer aborted it (a refused entryVendorTask.get is allowed).",
    "ref §3.5 (abort) and §3.1 (aborted tasks are invisible); seeds/000 (cancelling a request)",
)
def no_work_on_aborted(run: Run) -> Outcome:
    if not run.aborted_at:
        return Outcome.not_applicable("no task was aborted while the vendor ran")
    work = [
        e
        for task_id, abort_seq in run.aborted_at.items()
        for e in for_task(run, int(task_id))
        if e["seq"] > abort_seq and not (e.get("action") == "get" and not ok(e))
    ]
    if work:
        return Outcome.failed(f"{len(work)} requests for aborted tasks after the abort", seqs(work))
    return Outcome.passed(f"nothing done on {len(run.aborted_at)} aborted tasks after the abort")


@rule(
    "REACH-LIFE-008",
    "MUST",
    "Each task ends as the scenario requires: READY when the media is good, ERROR when it cannot be processed.",
    "seeds/003 'Listing REACH Vendor Tasks' (output on success; Error if the task can't be processed)",
)
def expected_outcome(run: Run) -> Outcome:
    wanted = {"ready": READY, "error": ERROR}
    wrong, tasks, checked = [], [], 0
    for plan in run.tasks:
        if plan.expect not in wanted:
            continue
        final = run.final_task(plan.id)
        if final is None or int(final["status"]) not in (READY, ERROR):
            continue  # REACH-PROC-003 reports unfinished tasks
        checked += 1
        if int(final["status"]) != wanted[plan.expect]:
            wrong.append(f"task {plan.id} ({plan.key}) ended {final['status']}, expected {plan.expect.upper()}")
            tasks.append(plan.id)
    if not checked:
        return Outcome.not_applicable("no task reached a final state")
    if wrong:
        return Outcome.failed("; ".join(wrong), final_seqs(run, tasks))
    return Outcome.passed(f"{checked} tasks ended as expected")


@rule(
    "REACH-LIFE-009",
    "SHOULD",
    "Each task is taken once: PROCESSING is set at most once per task.",
    "DESIGN.md (a task is taken once); seeds/003 'Job Prioritization'",
)
def taken_once(run: Run) -> Outcome:
    twice = []
    for plan in run.tasks:
        processing = [e for s, e in status_changes(run, plan.id) if s == PROCESSING]
        twice += processing[1:]
    if twice:
        return Outcome.failed(f"{len(twice)} repeated PROCESSING updates", seqs(twice))
    return Outcome.passed("no task taken twice")


@rule(
    "REACH-LIFE-010",
    "SHOULD",
    "The server accepts the vendor's updateJob calls (no refused status change).",
    "ref §3.4 (status transitions and their errors)",
)
def updates_accepted(run: Run) -> Outcome:
    calls = run.calls("reach_entryvendortask", "updateJob")
    if not calls:
        return Outcome.not_applicable("no updateJob calls")
    # A refused vendor session is REACH-TIME-004's matter, an injected fault the resilience rules'; here only what
    # the status machine refused counts.
    refused = [
        e for e in calls if not ok(e) and e.get("result") != "INVALID_KS" and not (e.get("extra") or {}).get("fault")
    ]
    if refused:
        return Outcome.failed(f"{len(refused)} updateJob calls refused ({refused[0].get('result')})", seqs(refused))
    return Outcome.passed(f"{len(calls)} updateJob calls accepted")


@rule(
    "REACH-LIFE-011",
    "SHOULD",
    "errDescription never carries a credential (a KS or access key, e.g. inside a media URL): customers read it.",
    "ref §2.5 (the access key grants edit on the entry); seeds/003 'Captions' (errDescription: a short description)",
)
def error_without_credentials(run: Run) -> Outcome:
    errored = [(t, f) for t, f in _delivered(run) if int(f["status"]) == ERROR]
    if not errored:
        return Outcome.not_applicable("no task ended in ERROR")
    leaking = [t for t, f in errored if CREDENTIAL.search(str(f.get("errDescription") or ""))]
    if leaking:
        return Outcome.failed(
            f"errDescription of tasks {leaking} holds a KS", [e["seq"] for t in leaking if (e := final_entry(run, t))]
        )
    return Outcome.passed(f"{len(errored)} error descriptions without credentials")
