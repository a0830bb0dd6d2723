"""clientTag on every API call: `<prefix>_<vendorName>-<vendorPartnerId>` for calls not about one task, the task
id appended for every call made for one task (DESIGN.md's grammar; `_` before the partner id is accepted too)."""

from __future__ import annotations

import re

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules._journal import seqs, task_of

CITATION = "seeds/003 'General Guidelines' (Client tags); DESIGN.md (clientTag grammar)"


def parse(tag: str, vendor_name: str, vendor_partner_id: int) -> tuple[str, int | None] | None:
    """(prefix, task id or None) when the tag follows the grammar for this vendor, else None."""
    match = re.fullmatch(
        rf"(?P<prefix>.+)_{re.escape(vendor_name)}[-_]{vendor_partner_id}(?:-(?P<task>\d+))?",
        tag or "",
        flags=re.DOTALL,
    )
    if match is None:
        return None
    task = match.group("task")
    return match.group("prefix"), int(task) if task else None


def _api(run: Run) -> list[dict]:
    return [e for e in run.journal if e.get("kind") == "api"]


@rule("REACH-TAG-001", "MUST", "Calls not about one task carry `<prefix>_<vendorName>-<vendorPartnerId>`.", CITATION)
def non_task_tag(run: Run) -> Outcome:
    calls = [e for e in _api(run) if task_of(run, e) is None]
    if not calls:
        return Outcome.not_applicable("no calls outside a task")
    wrong = [
        e
        for e in calls
        if (p := parse(e.get("client_tag", ""), run.vendor_name, run.vendor_partner_id)) is None or p[1]
    ]
    if wrong:
        return Outcome.failed(
            f"{len(wrong)} of {len(calls)} non-task calls have another clientTag, e.g. {wrong[0].get('client_tag')!r}",
            seqs(wrong),
        )
    return Outcome.passed(f"{len(calls)} non-task calls tagged", seqs(calls, 3))


@rule(
    "REACH-TAG-002",
    "MUST",
    "Every call made for one task carries `<prefix>_<vendorName>-<vendorPartnerId>-<taskId>` with that task's id.",
    CITATION,
)
def task_tag(run: Run) -> Outcome:
    calls = [e for e in _api(run) if task_of(run, e) is not None]
    if not calls:
        return Outcome.not_applicable("no task calls")
    wrong = []
    for entry in calls:
        parsed = parse(entry.get("client_tag", ""), run.vendor_name, run.vendor_partner_id)
        if parsed is None or parsed[1] != task_of(run, entry):
            wrong.append(entry)
    if wrong:
        first = wrong[0]
        return Outcome.failed(
            f"{len(wrong)} of {len(calls)} task calls lack the task's tag, e.g. task {task_of(run, first)} "
            f"{first.get('service')}.{first.get('action')} tagged {first.get('client_tag')!r}",
            seqs(wrong),
        )
    return Outcome.passed(f"{len(calls)} task calls tagged with their task id", seqs(calls, 3))


@rule(
    "REACH-TAG-003",
    "SHOULD",
    "The clientTag prefix is the client library's tag or `app:<version>` (it names what made the call).",
    CITATION,
)
def tag_prefix(run: Run) -> Outcome:
    parsed = [
        (e, p) for e in _api(run) if (p := parse(e.get("client_tag", ""), run.vendor_name, run.vendor_partner_id))
    ]
    if not parsed:
        return Outcome.not_applicable("no call follows the clientTag grammar")
    wrong = [e for e, (prefix, _) in parsed if ":" not in prefix]
    if wrong:
        return Outcome.failed(
            f"prefix without a library or app:<version> part: {wrong[0]['client_tag']!r}", seqs(wrong)
        )
    return Outcome.passed(f"prefixes name the client ({parsed[0][1][0]!r})")
