"""Polling hygiene and pickup: getJobs not hammered, tasks picked up soon, customers served fairly."""

from __future__ import annotations

import itertools

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules._journal import first_status, for_task, seqs

IDLE_INTERVAL = 5.0
IDLE_TOLERANCE = 0.5  # timer jitter of a vendor that sleeps exactly 5 s
BURST_CALLS = 5
PICKUP_SECONDS = 60.0
PROCESSING = 3


def _pending_until(run: Run) -> float:
    """Virtual time when the last task left PENDING (taken, finished or aborted); after it nothing is pending."""
    times = []
    for plan in run.tasks:
        if plan.id in run.aborted_at:
            times += [e["time"] for e in run.journal if e["seq"] <= run.aborted_at[plan.id]][-1:]
            continue
        taken = first_status(run, plan.id, PROCESSING) or next(
            (e for e in for_task(run, plan.id) if e.get("action") == "updateJob"), None
        )
        times.append(taken["time"] if taken else float("inf"))
    return max(times, default=float("-inf"))


@rule(
    "REACH-POLL-001",
    "SHOULD",
    "While nothing is pending the vendor calls getJobs at most once every 5 s.",
    "seeds/003 'Listing REACH Vendor Tasks' (list pending jobs periodically); peers.md §6 (polling hygiene)",
)
def idle_interval(run: Run) -> Outcome:
    quiet_from = _pending_until(run)
    idle = [e for e in run.calls("reach_entryvendortask", "getJobs") if e["time"] > quiet_from]
    if len(idle) < 2:
        return Outcome.not_applicable("fewer than two getJobs calls while nothing was pending")
    fast = [b for a, b in itertools.pairwise(idle) if b["time"] - a["time"] < IDLE_INTERVAL - IDLE_TOLERANCE]
    if fast:
        return Outcome.failed(f"{len(fast)} idle getJobs calls less than {IDLE_INTERVAL:.0f} s apart", seqs(fast))
    return Outcome.passed(f"{len(idle)} idle getJobs calls at least {IDLE_INTERVAL:.0f} s apart", seqs(idle, 3))


@rule(
    "REACH-POLL-002",
    "SHOULD",
    "No burst of more than 5 getJobs calls within one second.",
    "peers.md §6 (polling hygiene: flags vendors that hammer the API)",
)
def no_bursts(run: Run) -> Outcome:
    calls = run.calls("reach_entryvendortask", "getJobs")
    if not calls:
        return Outcome.not_applicable("no getJobs calls")
    for i in range(len(calls) - BURST_CALLS):
        window = calls[i : i + BURST_CALLS + 1]
        if window[-1]["time"] - window[0]["time"] < 1.0:
            return Outcome.failed(f"{len(window)} getJobs calls within one second", seqs(window))
    return Outcome.passed(f"{len(calls)} getJobs calls without bursts")


@rule(
    "REACH-POLL-003",
    "SHOULD",
    "A task is picked up (PROCESSING) within 60 s of virtual time of its creation.",
    "seeds/003 'Listing REACH Vendor Tasks' (periodic pulling); peers.md §6 (time-to-pickup)",
)
def pickup_time(run: Run) -> Outcome:
    late, checked = [], 0
    for plan in run.tasks:
        taken = first_status(run, plan.id, PROCESSING)
        if taken is None:
            continue
        checked += 1
        waited = taken["time"] - plan.created_at - run.advanced_between(plan.created_at, taken["time"])
        if waited > PICKUP_SECONDS:
            late.append((taken, waited))
    if not checked:
        return Outcome.not_applicable("no task was picked up")
    if late:
        return Outcome.failed(
            f"{len(late)} tasks waited longer than 60 s (up to {max(w for _, w in late):.0f} s)",
            [e["seq"] for e, _ in late],
        )
    return Outcome.passed(f"{checked} tasks picked up within 60 s")


@rule(
    "REACH-POLL-004",
    "SHOULD",
    "Customers are served with equal priority: every customer with pending tasks gets one picked up before any "
    "customer gets a second.",
    "seeds/003 'Job Prioritization' (equal priority to all jobs, regardless of the customer)",
)
def fair_pickup(run: Run) -> Outcome:
    customers = {p.partner_id for p in run.tasks if p.expect != "aborted"}
    if len(customers) < 2:
        return Outcome.not_applicable("one customer only")
    picked = sorted(
        (
            (e["seq"], run.task(e["task_id"]).partner_id, e)
            for p in run.tasks
            if (e := first_status(run, p.id, PROCESSING))
        ),
        key=lambda x: x[0],
    )
    first_round = picked[: len(customers)]
    if {partner for _, partner, _ in first_round} != customers:
        return Outcome.failed(
            "one customer's second task was taken before another customer's first", [s for s, _, _ in first_round]
        )
    return Outcome.passed("each customer's first task was taken before any second one", [s for s, _, _ in first_round])
