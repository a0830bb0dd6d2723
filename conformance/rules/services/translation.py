"""Translation (serviceFeature 2) from source captions (`requireSource` true or absent): the vendor fetches the
customer's source-language captions with captionAsset.getUrl, refuses sources below 100 % accuracy, names the
source caption in outputObjectId and adds the translation as a non-default caption asset in the target language."""

from __future__ import annotations

from typing import Any

from conformance.model import Outcome, Run, TaskPlan
from conformance.rules import rule
from conformance.rules._journal import final_entry, ok, request, seqs
from conformance.rules.services._deliveries import (
    OUTPUT_FORMATS,
    READY,
    described,
    entry_assets,
    plans,
    requested_format,
)

ITEM = "translation"
SECTION = "seeds/003 'Translations'"
ERROR = 6
HUMAN_ACCURACY = 100


def _final_status(run: Run, plan: TaskPlan) -> int | None:
    final = run.final_task(plan.id)
    return int(final["status"]) if final else None


def _from_captions(run: Run) -> list[TaskPlan]:
    return [p for p in plans(run, ITEM) if p.works_from_captions() and p.source_captions]


def _human_source(run: Run, plan: TaskPlan) -> bool:
    by_id = {str(a.get("id")): a for a in entry_assets(run, plan)}
    return any(int((by_id.get(c) or {}).get("accuracy") or 0) >= HUMAN_ACCURACY for c in plan.source_captions)


def translations(run: Run, plan: TaskPlan) -> list[dict[str, Any]]:
    """Caption assets the vendor added to the task's entry (every caption but the customer's own)."""
    return [
        a
        for a in entry_assets(run, plan)
        if a.get("kind") == "caption" and str(a.get("id")) not in plan.source_captions
    ]


@rule(
    "REACH-TRN-001",
    "MUST",
    "With requireSource (true or absent) the vendor fetches the source-language caption with captionAsset.getUrl "
    "before it delivers the translation READY.",
    f"{SECTION} > 'Processing' (if requireSource=true or when that parameter is not present, retrieve the captions "
    "file in the source language using captionAsset.getUrl)",
)
def source_fetched(run: Run) -> Outcome:
    chosen = [p for p in _from_captions(run) if _final_status(run, p) == READY]
    if not chosen:
        return Outcome.not_applicable("no READY translation task from source captions")
    missing, evidence = [], []
    for plan in chosen:
        end = final_entry(run, plan.id)
        fetched = [
            e
            for e in run.calls("caption_captionasset", "getUrl")
            if ok(e) and str(request(e).get("id")) in plan.source_captions and (end is None or e["seq"] < end["seq"])
        ]
        evidence += seqs(fetched)
        if not fetched:
            missing.append(plan.id)
    if missing:
        return Outcome.failed(f"tasks {missing} READY without captionAsset.getUrl of their source caption", evidence)
    return Outcome.passed(f"{len(chosen)} tasks fetched their source caption", evidence)


@rule(
    "REACH-TRN-002",
    "MUST",
    "A source caption below 100 % accuracy (not human) is not translated: the task ends in ERROR with an "
    "errDescription and no translation is added.",
    f"{SECTION} > 'Processing' (check the caption accuracy of the source and do not translate it if the captions "
    "are not at 100 % accuracy; send back an error message)",
)
def machine_source_refused(run: Run) -> Outcome:
    chosen = [p for p in _from_captions(run) if not _human_source(run, p)]
    if not chosen:
        return Outcome.not_applicable("every translation task has a 100 % accurate source caption")
    wrong = []
    for plan in chosen:
        final = run.final_task(plan.id) or {}
        if _final_status(run, plan) != ERROR or not final.get("errDescription") or translations(run, plan):
            wrong.append(
                f"task {plan.id}: status {final.get('status')}, errDescription {final.get('errDescription')!r}, "
                f"{len(translations(run, plan))} translations added"
            )
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(chosen)} translations of machine captions refused with a reason")


@rule(
    "REACH-TRN-003",
    "MUST",
    "A READY translation from source captions names the source caption asset in outputObjectId.",
    f"{SECTION} (add the caption asset ID of the source caption used to generate the translation in "
    "entryVendorTask[outputObjectId])",
)
def output_names_source(run: Run) -> Outcome:
    chosen = [p for p in _from_captions(run) if _final_status(run, p) == READY]
    if not chosen:
        return Outcome.not_applicable("no READY translation task from source captions")
    named = {p.id: str((run.final_task(p.id) or {}).get("outputObjectId")) for p in chosen}
    wrong = [
        f"task {p.id}: outputObjectId {named[p.id]!r}, source {p.source_captions}"
        for p in chosen
        if named[p.id] not in p.source_captions
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(chosen)} READY translations name their source caption")


@rule(
    "REACH-TRN-004",
    "MUST",
    "A READY translation adds a caption asset in the target language (catalog value) with isDefault 0, the "
    "requested format and fileExt, an accuracy, and a file that parses with cues.",
    f"{SECTION} > 'Asset creation and upload' (captionAsset[language] the target language as the value, "
    "captionAsset[isDefault] 0 as it is not the source language, format, fileExt, accuracy)",
)
def translation_asset(run: Run) -> Outcome:
    chosen = [p for p in plans(run, ITEM) if _final_status(run, p) == READY]
    if not chosen:
        return Outcome.not_applicable("no READY translation task")
    wrong = []
    for plan in chosen:
        target = plan.catalog.get("targetLanguage")
        found = [a for a in translations(run, plan) if a.get("language") == target]
        if not found:
            languages = [a.get("language") for a in translations(run, plan)]
            wrong.append(f"task {plan.id}: no caption asset in {target!r} (added: {languages})")
            continue
        fmt, ext = OUTPUT_FORMATS[requested_format(plan)]
        for asset in found:
            inspection = asset.get("inspection") or {}
            problems = [
                f"isDefault={asset.get('isDefault')!r}"
                if str(asset.get("isDefault")) not in ("0", "False", "false")
                else "",
                f"format={asset.get('format')!r}" if str(asset.get("format")) != fmt else "",
                f"fileExt={asset.get('fileExt')!r}" if str(asset.get("fileExt") or "").lower() != ext else "",
                "no accuracy" if not isinstance(asset.get("accuracy"), int | float) else "",
                "file does not parse" if not inspection.get("valid") else "",
            ]
            if any(problems):
                wrong.append(f"{described(plan, asset)}: {', '.join(p for p in problems if p)}")
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(chosen)} translations delivered as target-language caption assets")
