"""Metadata extraction on captioning and translation tasks: when the customer's REACH profile enables it, the
vendor creates the entry's tags as multiLingual_tags (KalturaMultiLingualString: a language and its tags); when it
does not, the vendor leaves the entry's metadata alone."""

from __future__ import annotations

from typing import Any

from conformance.model import Outcome, Run, TaskPlan
from conformance.rules import rule
from conformance.rules._journal import ENTRY_UPDATE, for_task, ok, seqs
from conformance.rules.services._deliveries import READY

ITEMS = ("captions", "translation")
SECTION = "seeds/003 'Captions' > 'Asset creation and upload'"
EXAMPLE = "mediaEntry[multiLingual_tags][0][language]=FR, [value]=francais, [objectType]=KalturaMultiLingualString"


def _ready(run: Run, extraction: bool) -> list[TaskPlan]:
    return [
        p
        for p in run.tasks
        if p.item in ITEMS
        and p.metadata_extraction == extraction
        and (f := run.final_task(p.id))
        and int(f["status"]) == READY
    ]


def _multilingual_tags(run: Run, plan: TaskPlan) -> list[dict[str, Any]]:
    value = (run.state.get("entries", {}).get(plan.entry_id) or {}).get("multiLingual_tags")
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


@rule(
    "REACH-META-001",
    "MUST",
    "With enableMetadataExtraction, a READY captions or translation task leaves multiLingual_tags on its entry.",
    f"{SECTION} (if enableMetadataExtraction=true the vendor needs to create Tags on the entry: {EXAMPLE})",
)
def multilingual_tags_set(run: Run) -> Outcome:
    ready = _ready(run, True)
    if not ready:
        return Outcome.not_applicable("no READY captions or translation task with metadata extraction")
    missing = [p.id for p in ready if not _multilingual_tags(run, p)]
    if missing:
        return Outcome.failed(f"no multiLingual_tags on the entries of tasks {missing}")
    return Outcome.passed(f"{len(ready)} entries carry multiLingual_tags")


@rule(
    "REACH-META-002",
    "MUST",
    "Each multiLingual_tags item names its language and carries tags (a non-empty value).",
    f"{SECTION} ({EXAMPLE})",
)
def multilingual_tags_complete(run: Run) -> Outcome:
    ready = [p for p in _ready(run, True) if _multilingual_tags(run, p)]
    if not ready:
        return Outcome.not_applicable("no entry with multiLingual_tags")
    wrong = [
        f"task {p.id}: {item}"
        for p in ready
        for item in _multilingual_tags(run, p)
        if not str(item.get("language") or "").strip() or not str(item.get("value") or "").strip()
    ]
    if wrong:
        return Outcome.failed("incomplete multiLingual_tags: " + "; ".join(wrong))
    return Outcome.passed(f"the multiLingual_tags of {len(ready)} entries name language and tags")


@rule(
    "REACH-META-003",
    "SHOULD",
    "Without enableMetadataExtraction the vendor does not update the entry (its tags stay the customer's).",
    "seeds/003 'Captions' > 'Processing' (tags are generated only if metadata extraction is enabled on the profile)",
)
def no_tags_unasked(run: Run) -> Outcome:
    plans = [p for p in run.tasks if p.item in ITEMS and not p.metadata_extraction]
    if not plans:
        return Outcome.not_applicable("metadata extraction is on for every captions or translation task")
    updates = [
        e for p in plans for e in for_task(run, p.id) if (e.get("service"), e.get("action")) in ENTRY_UPDATE and ok(e)
    ]
    if updates:
        return Outcome.failed(f"{len(updates)} entry updates although metadata extraction is off", seqs(updates))
    return Outcome.passed(f"{len(plans)} entries left alone")
