"""Fairness between customers: a large backlog of one customer does not starve another's few orders."""

from __future__ import annotations

import math
from collections import Counter

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules._journal import first_status

PROCESSING = 3
SHARE = 0.4


@rule(
    "REACH-FAIR-001",
    "SHOULD",
    "With two customers' backlogs, the first half of the tasks the vendor takes include at least 40 % of the "
    "smaller customer's tasks.",
    "seeds/003 'Job Prioritization' (serve every partner, not only the first in the queue); DESIGN.md (fair order)",
)
def smaller_backlog_not_starved(run: Run) -> Outcome:
    sizes = Counter(p.partner_id for p in run.tasks if p.expect != "aborted")
    if len(sizes) < 2 or len(set(sizes.values())) < 2:
        return Outcome.not_applicable("the scenario has no two customers' backlogs of different sizes")
    smaller = min(sizes, key=lambda partner: sizes[partner])
    taken = sorted(
        (entry["seq"], plan.partner_id)
        for plan in run.tasks
        if (entry := first_status(run, plan.id, PROCESSING)) is not None
    )
    if len(taken) < sum(sizes.values()):
        return Outcome.failed(f"the vendor took only {len(taken)} of the {sum(sizes.values())} tasks")
    first_half = taken[: math.ceil(len(taken) / 2)]
    got = sum(1 for _, partner in first_half if partner == smaller)
    share = got / sizes[smaller]
    message = (
        f"the first {len(first_half)} tasks taken include {got} of partner {smaller}'s {sizes[smaller]} "
        f"({share:.0%}, at least {SHARE:.0%} wanted)"
    )
    evidence = [seq for seq, _ in first_half]
    return Outcome.passed(message, evidence) if share >= SHARE else Outcome.failed(message, evidence)
