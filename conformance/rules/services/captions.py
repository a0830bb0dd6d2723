"""Captions (serviceFeature 1): the caption asset the vendor delivers, judged field by field against the guide's
'Asset creation and upload' list, and its file parsed as the format it claims."""

from __future__ import annotations

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules.services._deliveries import OUTPUT_FORMATS, described, ready_outputs, requested_format, unparsed

ITEM = "captions"
CAPTIONS_SECTION = "seeds/003 'Captions' > 'Asset creation and upload'"


def _none_ready() -> Outcome:
    return Outcome.not_applicable("no READY captions task names an asset")


@rule(
    "REACH-CAP-001",
    "MUST",
    "The caption asset's format and fileExt are the catalog item's outputFormat (SRT when the item names none).",
    f"{CAPTIONS_SECTION} (captionAsset[format] set to the requested format, captionAsset[fileExt] to the relevant "
    "format); seeds/003 'Captions' > 'Processing' (check the outputFormat value; if there is none use SRT)",
)
def format_matches(run: Run) -> Outcome:
    outputs = ready_outputs(run, ITEM)
    if not outputs:
        return _none_ready()
    wrong = []
    for plan, asset in outputs:
        fmt, ext = OUTPUT_FORMATS[requested_format(plan)]
        if str(asset.get("format")) != fmt or str(asset.get("fileExt") or "").lower() != ext:
            wrong.append(
                f"{described(plan, asset)}: format={asset.get('format')!r} fileExt={asset.get('fileExt')!r}, "
                f"wanted format {fmt} fileExt {ext}"
            )
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} caption assets in the requested format")


@rule(
    "REACH-CAP-002",
    "MUST",
    "The caption file parses as the format the asset declares (SRT, DFXP or WebVTT) with at least one cue.",
    f"{CAPTIONS_SECTION} (the caption file (SRT/DFXP) is uploaded with captionAsset.setContent)",
)
def file_parses(run: Run) -> Outcome:
    outputs = ready_outputs(run, ITEM)
    if not outputs:
        return _none_ready()
    wrong = unparsed(outputs)
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} caption files parse with cues")


@rule(
    "REACH-CAP-003",
    "MUST",
    "The caption asset carries the processing accuracy (0-100), the same value the READY task carries.",
    "seeds/003 'Listing REACH Vendor Tasks' (if it is a captioning task, accuracy also needs to be set on "
    f"KalturaCaptionAsset->accuracy); {CAPTIONS_SECTION} (captionAsset[accuracy])",
)
def accuracy_on_asset(run: Run) -> Outcome:
    outputs = ready_outputs(run, ITEM)
    if not outputs:
        return _none_ready()
    wrong = []
    for plan, asset in outputs:
        task_accuracy = (run.final_task(plan.id) or {}).get("accuracy")
        accuracy = asset.get("accuracy")
        if not isinstance(accuracy, int | float) or not 0 <= accuracy <= 100 or accuracy != task_accuracy:
            wrong.append(f"{described(plan, asset)}: accuracy {accuracy!r}, task accuracy {task_accuracy!r}")
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} caption assets carry the task's accuracy")


@rule(
    "REACH-CAP-004",
    "MUST",
    "The caption asset's language is the catalog item's sourceLanguage as its KalturaCatalogItemLanguage value "
    "(e.g. 'English'), not the key ('EN').",
    f"{CAPTIONS_SECTION} (captionAsset[language] is the caption language; use the values, not the key name)",
)
def language_is_catalog_value(run: Run) -> Outcome:
    outputs = ready_outputs(run, ITEM)
    if not outputs:
        return _none_ready()
    wrong = [
        f"{described(plan, asset)}: language {asset.get('language')!r}, wanted {plan.catalog.get('sourceLanguage')!r}"
        for plan, asset in outputs
        if asset.get("language") != plan.catalog.get("sourceLanguage")
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} caption assets in the catalog's language")


@rule(
    "REACH-CAP-005",
    "SHOULD",
    "Source-language captions are the default (isDefault 1) and shown on the player (displayOnPlayer true).",
    f"{CAPTIONS_SECTION} (captionAsset[isDefault] 1 as it is the source language; captionAsset[displayOnPlayer] true)",
)
def default_and_displayed(run: Run) -> Outcome:
    outputs = ready_outputs(run, ITEM)
    if not outputs:
        return _none_ready()
    wrong = [
        f"{described(plan, asset)}: isDefault={asset.get('isDefault')!r} "
        f"displayOnPlayer={asset.get('displayOnPlayer')!r}"
        for plan, asset in outputs
        if str(asset.get("isDefault")) not in ("1", "True", "true") or asset.get("displayOnPlayer") is not True
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} caption assets default and displayed")


@rule(
    "REACH-CAP-006",
    "SHOULD",
    "The caption asset has a label naming its language.",
    f"{CAPTIONS_SECTION} (captionAsset[label] set with a value representing the language)",
)
def labelled(run: Run) -> Outcome:
    outputs = ready_outputs(run, ITEM)
    if not outputs:
        return _none_ready()
    wrong = [
        f"{described(plan, asset)}: label {asset.get('label')!r}"
        for plan, asset in outputs
        if str(plan.catalog.get("sourceLanguage") or "").lower() not in str(asset.get("label") or "").lower()
        or not asset.get("label")
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} caption assets labelled with their language")
