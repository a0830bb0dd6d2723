"""How the vendor lives through the simulator's counted faults (docs/faults.md): it recovers, backs off instead of
looping, delivers once, fetches again what arrived cut, renews its own session, and leaves no task half-done.

Every rule here judges only a scenario that registered faults, and only once each fault met a request: a fault
the vendor never reached proves nothing, so the verdict is then `fault_not_reached`, never a pass.
"""

from __future__ import annotations

from typing import Any

from conformance.model import Outcome, Run, Verdict
from conformance.rules import rule
from conformance.rules._journal import final_entry, is_media, is_vendor_admin, seqs, task_of

READY, PROCESSING, ERROR, PENDING = 2, 3, 6, 1
ASSET_DELETED = 3
# A tight loop: this many retries of one request inside TIGHT_SPAN seconds. Full-jitter backoff (waits drawn from
# [0, base * 2^n]) comes this close with a chance of (span^3 / 6) / (product of its caps): 1 in 6,000 for caps
# 0.5, 1 and 2 s; a loop without a pause does it every time.
TIGHT_RETRIES = 3
TIGHT_SPAN = 0.1
CUT_EFFECTS = frozenset({"drop", "truncate", "status"})
SESSION_ACTIONS = frozenset({("session", "start"), ("apptoken", "startsession")})
GUIDE = "seeds/003 'Best Practices' (retry with backoff; the vendor must be resilient to temporary errors)"


def _fault(entry: dict[str, Any]) -> dict[str, Any] | None:
    return (entry.get("extra") or {}).get("fault")


def _gate(run: Run) -> Outcome | None:
    """n/a without faults; `fault_not_reached` while any fault of the scenario met no request."""
    if not run.faults:
        return Outcome.not_applicable("the scenario registers no fault")
    unmet = [f for f in run.faults if not f.get("met")]
    if unmet:
        names = "; ".join(f"fault {f['id']} ({f.get('note') or _describe(f)}), seen {f.get('seen', 0)}" for f in unmet)
        return Outcome(Verdict.FAULT_NOT_REACHED, f"never met a request, so nothing was proven: {names}")
    return None


def _describe(fault: dict[str, Any]) -> str:
    where = fault.get("path") or ".".join(x for x in (fault.get("service"), fault.get("action")) if x)
    effect = next((f"{k}={fault[k]}" for k in ("error", "status", "drop", "truncate") if k in fault), "")
    return f"{where} {effect or 'delay=' + str(fault.get('delay'))}".strip()


def _met_seqs(run: Run) -> list[int]:
    return sorted(s for f in run.faults for s in f.get("metAt", []))


def _failed(entry: dict[str, Any]) -> bool:
    """The vendor did not get a usable answer: an error, an HTTP error, or a fault that cut the answer."""
    fault = _fault(entry)
    if fault and fault.get("effect") in CUT_EFFECTS:
        return True
    return entry.get("result") != "OK" or int(entry.get("http_status") or 200) >= 500


def _request_key(run: Run, entry: dict[str, Any]) -> tuple[Any, ...]:
    if is_media(entry):
        return ("media", entry.get("path"))
    return ("api", entry.get("service"), entry.get("action"), task_of(run, entry))


@rule(
    "REACH-RES-001",
    "MUST",
    "After meeting the scenario's faults, every task still ends as the scenario expects: temporary failures are "
    "recovered from, not turned into ERROR.",
    GUIDE,
)
def recovers(run: Run) -> Outcome:
    if (gate := _gate(run)) is not None:
        return gate
    wrong = []
    for plan in run.tasks:
        final = run.final_task(plan.id)
        status = int(final["status"]) if final else None
        expected = {"ready": READY, "error": ERROR}.get(plan.expect)
        if expected is not None and status != expected:
            wrong.append(f"task {plan.id} ended {status} (expected {plan.expect})")
    if wrong:
        return Outcome.failed("; ".join(wrong), _met_seqs(run))
    return Outcome.passed(
        f"{len(run.tasks)} tasks ended as expected after {len(_met_seqs(run))} faults", _met_seqs(run)
    )


@rule(
    "REACH-RES-002",
    "MUST",
    f"A failed request is retried with backoff, not in a tight loop: never {TIGHT_RETRIES} retries of one request "
    f"within {TIGHT_SPAN} s.",
    GUIDE,
)
def backs_off(run: Run) -> Outcome:
    if (gate := _gate(run)) is not None:
        return gate
    # A chain: one request's consecutive attempts, each but the last answered with a failure.
    open_chains: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    retries: list[list[dict[str, Any]]] = []
    for entry in run.journal:
        key = _request_key(run, entry)
        chain = open_chains.get(key)
        if chain and _failed(chain[-1]):
            chain.append(entry)
            continue
        if chain and len(chain) > 1:
            retries.append(chain)
        open_chains[key] = [entry]
    retries += [chain for chain in open_chains.values() if len(chain) > 1]
    tight = []
    for chain in retries:
        times = [float(e["time"]) for e in chain]
        for i in range(len(chain) - TIGHT_RETRIES):
            if times[i + TIGHT_RETRIES] - times[i] < TIGHT_SPAN:
                tight.append(chain[i : i + TIGHT_RETRIES + 1])
                break
    if tight:
        worst = tight[0]
        span = float(worst[-1]["time"]) - float(worst[0]["time"])
        what = worst[0].get("path") or f"{worst[0].get('service')}.{worst[0].get('action')}"
        return Outcome.failed(
            f"{len(tight)} requests retried in a tight loop, e.g. {what}: {TIGHT_RETRIES} retries in {span:.3f} s",
            seqs(worst),
        )
    if not retries:
        return Outcome.passed("no failed request was retried (the faults were met by requests not repeated)")
    return Outcome.passed(f"{len(retries)} retried requests, each with pauses", seqs([c[0] for c in retries]))


def _insights(run: Run, entry_id: str) -> list[dict[str, Any]]:
    assets = (run.state.get("entries", {}).get(entry_id) or {}).get("assets", [])
    return [
        a
        for a in assets
        if (a.get("inspection") or {}).get("kind") == "ocr-insight" and int(a.get("status") or 0) != ASSET_DELETED
    ]


@rule(
    "REACH-RES-003",
    "MUST",
    "Faults never make the vendor deliver twice: an entry holds no more OCR insights than tasks ordered on it, and no "
    "two live attachments with the same file name.",
    GUIDE + "; DESIGN.md (the insight is one attachment asset per task)",
)
def no_duplicate_deliverables(run: Run) -> Outcome:
    if (gate := _gate(run)) is not None:
        return gate
    wrong = []
    for entry_id in sorted({p.entry_id for p in run.tasks}):
        ordered = sum(1 for p in run.tasks if p.entry_id == entry_id)
        insights = _insights(run, entry_id)
        if len(insights) > ordered:
            wrong.append(f"entry {entry_id}: {len(insights)} insights for {ordered} tasks")
        assets = (run.state.get("entries", {}).get(entry_id) or {}).get("assets", [])
        names = [a.get("filename") for a in assets if a.get("filename") and int(a.get("status") or 0) != 3]
        doubled = sorted({n for n in names if names.count(n) > 1})
        if doubled:
            wrong.append(f"entry {entry_id}: attachments named {', '.join(doubled)} twice")
    adds = [e for e in run.journal if e.get("service") == "attachment_attachmentasset" and e.get("action") == "add"]
    if wrong:
        return Outcome.failed("; ".join(wrong), seqs(adds))
    return Outcome.passed("one deliverable per task despite the faults", seqs(adds))


@rule(
    "REACH-RES-004",
    "MUST",
    "Every task the vendor took ends READY or ERROR, also when a connection dropped or the server failed it: "
    "none is left PROCESSING (or PENDING).",
    "seeds/003 'Listing REACH Vendor Tasks' (Error if the task can't be processed); ref §3.4 (final states)",
)
def never_left_processing(run: Run) -> Outcome:
    if (gate := _gate(run)) is not None:
        return gate
    stuck = []
    for plan in run.tasks:
        if plan.expect == "aborted":
            continue
        status = int((run.final_task(plan.id) or {}).get("status", 0))
        if status not in (READY, ERROR):
            stuck.append(f"task {plan.id} is {'PROCESSING' if status == PROCESSING else status}")
    if stuck:
        return Outcome.failed("; ".join(stuck), _met_seqs(run))
    return Outcome.passed("every task ended READY or ERROR", _met_seqs(run))


@rule(
    "REACH-RES-005",
    "MUST",
    "Media that arrived cut (dropped, truncated or refused) is fetched again in full before the task is READY: "
    "no insight is built from part of the video.",
    GUIDE + "; DESIGN.md (faults: dropped connection, truncated body)",
)
def refetches_cut_media(run: Run) -> Outcome:
    if (gate := _gate(run)) is not None:
        return gate
    cut = [e for e in run.journal if is_media(e) and (f := _fault(e)) and f.get("effect") in CUT_EFFECTS]
    if not cut:
        return Outcome.not_applicable("no media request was cut by a fault")
    wrong = []
    for entry in cut:
        task_id = task_of(run, entry)
        if task_id is None:
            continue
        ready = final_entry(run, task_id)
        if ready is None or int((run.final_task(task_id) or {}).get("status", 0)) != READY:
            continue  # ERROR (or no task): nothing was built from the cut media
        again = [
            e
            for e in run.journal
            if is_media(e)
            and entry["seq"] < e["seq"] < ready["seq"]
            and e.get("path") == entry.get("path")
            and int(e.get("http_status") or 0) in (200, 206)
            and not _fault(e)
        ]
        if not again:
            wrong.append(entry)
    if wrong:
        return Outcome.failed(
            f"{len(wrong)} cut media transfers were never fetched again before READY, e.g. {wrong[0].get('path')}",
            seqs(wrong),
        )
    return Outcome.passed(f"{len(cut)} cut media transfers fetched again (or their task ended ERROR)", seqs(cut))


def _expired(run: Run, entry: dict[str, Any]) -> bool:
    return entry.get("result") == "INVALID_KS" and is_vendor_admin(run, entry)


@rule(
    "REACH-RES-006",
    "MUST",
    "When its own session is refused as expired, the vendor starts a new session before it calls again.",
    "DESIGN.md (Expiry: the vendor renews its own session on INVALID_KS EXPIRED); seeds/003 'Session'",
)
def renews_own_session(run: Run) -> Outcome:
    if (gate := _gate(run)) is not None:
        return gate
    refused = [e for e in run.journal if _expired(run, e)]
    if not refused:
        return Outcome.not_applicable("the vendor's own session was never refused")
    wrong = []
    for entry in refused:
        later = [e for e in run.journal if e["seq"] > entry["seq"]]
        renewal = next((e for e in later if (e.get("service"), str(e.get("action")).lower()) in SESSION_ACTIONS), None)
        next_admin = next((e for e in later if is_vendor_admin(run, e)), None)
        if renewal is None or (next_admin is not None and next_admin["seq"] < renewal["seq"]):
            wrong.append(entry)
    if wrong:
        return Outcome.failed(
            f"{len(wrong)} times the vendor called again with the refused session instead of starting one", seqs(wrong)
        )
    return Outcome.passed(f"a new session after each of {len(refused)} refusals", seqs(refused))


def reactions(run: Run) -> list[dict[str, Any]]:
    """For the report: each fault, whether it was met, and what the vendor did next each time — its next attempt
    at the same request (how long after, and with what result), or nothing."""
    out = []
    for fault in run.faults:
        met = []
        for seq in fault.get("metAt", []):
            entry = next((e for e in run.journal if e["seq"] == seq), None)
            if entry is None:
                continue
            key = _request_key(run, entry)
            retry = next((e for e in run.journal if e["seq"] > seq and _request_key(run, e) == key), None)
            if retry is None:
                reaction = "not tried again"
            else:
                outcome = "failed again" if _failed(retry) else "succeeded"
                after = float(retry["time"]) - float(entry["time"])
                reaction = f"tried again after {after:.2f} s (#{retry['seq']}), {outcome}"
            met.append({"seq": seq, "reaction": reaction})
        out.append({"fault": fault, "what": fault.get("note") or _describe(fault), "met": met})
    return out
