"""The media's language against the order (captions, serviceFeature 1): a vendor checks that the ordered
sourceLanguage is what the soundtrack speaks and ends a mismatched task in ERROR, delivering nothing; media whose
language is undefined (Kaltura's default) is processed. The scenario declares the soundtrack's language on the
entry's flavors (flavorAsset.language), where a vendor's check can meet it."""

from __future__ import annotations

from conformance.model import Outcome, Run, TaskPlan
from conformance.rules import rule
from conformance.rules._journal import final_entry
from conformance.rules.services._deliveries import READY, entry_assets, plans

ITEM = "captions"
CHECK = "seeds/003 'Captions' > 'Processing' (check that the sourceLanguage matches the soundtrack of the video; on a "
CHECK += "mismatch the caption job should end in error)"
ERROR = 6


def _mismatched(run: Run) -> list[TaskPlan]:
    return [p for p in plans(run, ITEM) if p.media_language and p.media_language != p.catalog.get("sourceLanguage")]


def _status(run: Run, plan: TaskPlan) -> int | None:
    final = run.final_task(plan.id)
    return int(final["status"]) if final else None


@rule(
    "REACH-LANG-001",
    "MUST",
    "A captions task whose media speaks another language than the ordered sourceLanguage ends in ERROR with an "
    "errDescription.",
    f"{CHECK}; seeds/003 'Captions' (when setting Error the errDescription field should always be filled)",
)
def mismatch_is_error(run: Run) -> Outcome:
    chosen = _mismatched(run)
    if not chosen:
        return Outcome.not_applicable("no captions task on media of another language")
    wrong = []
    for plan in chosen:
        final = run.final_task(plan.id) or {}
        if _status(run, plan) != ERROR or not str(final.get("errDescription") or "").strip():
            wrong.append(f"task {plan.id} ({plan.media_language} media): status {final.get('status')}")
    if wrong:
        return Outcome.failed("; ".join(wrong), [e["seq"] for p in chosen if (e := final_entry(run, p.id))])
    return Outcome.passed(f"{len(chosen)} mismatched captions tasks refused with a reason")


@rule(
    "REACH-LANG-002",
    "MUST",
    "No captions are delivered for media of another language: the vendor adds no caption asset to the entry.",
    CHECK,
)
def nothing_delivered(run: Run) -> Outcome:
    chosen = _mismatched(run)
    if not chosen:
        return Outcome.not_applicable("no captions task on media of another language")
    wrong = [
        f"task {p.id}: {len(found)} caption assets added"
        for p in chosen
        if (
            found := [
                a for a in entry_assets(run, p) if a.get("kind") == "caption" and a.get("id") not in p.source_captions
            ]
        )
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(chosen)} entries of another language got no captions")


@rule(
    "REACH-LANG-003",
    "SHOULD",
    "Media whose language is undefined is processed, not refused: such a captions task ends READY.",
    "seeds/003 'Flavor Asset Language' (flavorAsset.language is undefined by default; process undefined sources and "
    "consider the order's sourceLanguage)",
)
def undefined_is_processed(run: Run) -> Outcome:
    chosen = [p for p in plans(run, ITEM) if not p.media_language and p.expect == "ready"]
    if not chosen:
        return Outcome.not_applicable("no captions task on media of undefined language")
    refused = [p.id for p in chosen if _status(run, p) != READY]
    if refused:
        return Outcome.failed(
            f"tasks {refused} on media of undefined language did not end READY",
            [e["seq"] for p in chosen if (e := final_entry(run, p.id))],
        )
    return Outcome.passed(f"{len(chosen)} captions tasks on media of undefined language processed")
