"""Alignment (serviceFeature 3): the customer supplies a text transcript (a KalturaTranscriptAsset named by the
task's KalturaAlignmentVendorTaskData.textTranscriptAssetId); the vendor fetches it, times its words against the
media, and delivers timed captions in the catalog's outputFormat, associated with the transcript."""

from __future__ import annotations

from typing import Any

from conformance.model import Outcome, Run, TaskPlan
from conformance.rules import rule
from conformance.rules._journal import final_entry, ok, request, seqs
from conformance.rules.services._deliveries import (
    OUTPUT_FORMATS,
    READY,
    described,
    plans,
    ready_outputs,
    requested_format,
    unparsed,
)

ITEM = "alignment"
SECTION = "seeds/003 'Services input & output' (Caption: caption file SRT/DFXP, related files (transcripts))"
TRANSCRIPT = "seeds/003 'Captions' > 'Transcript'"
FETCHES = {("attachment_attachmentasset", "getUrl"), ("attachment_attachmentasset", "serve")}


def _with_transcript(run: Run) -> list[TaskPlan]:
    return [p for p in plans(run, ITEM) if p.transcripts]


def _none_ready() -> Outcome:
    return Outcome.not_applicable("no READY alignment task names a caption asset")


def _fetches_of(run: Run, plan: TaskPlan) -> list[dict[str, Any]]:
    """Successful getUrl/serve calls of the task's transcript before the task's final updateJob."""
    end = final_entry(run, plan.id)
    out = []
    for entry in run.journal:
        if (entry.get("service"), entry.get("action")) not in FETCHES or not ok(entry):
            continue
        named = request(entry).get("id") or request(entry).get("attachmentAssetId")
        if str(named) in plan.transcripts and (end is None or entry["seq"] < end["seq"]):
            out.append(entry)
    return out


@rule(
    "REACH-ALN-001",
    "MUST",
    "A READY alignment task fetched its customer's transcript (the asset textTranscriptAssetId names, with "
    "attachmentAsset.getUrl or serve) before it finished.",
    f"{SECTION}; kaltura/server KalturaAlignmentVendorTaskData (textTranscriptAssetId: the transcript the vendor "
    "should use while running the alignment task)",
)
def transcript_fetched(run: Run) -> Outcome:
    chosen = [p for p in _with_transcript(run) if (f := run.final_task(p.id)) and int(f["status"]) == READY]
    if not chosen:
        return Outcome.not_applicable("no READY alignment task with a transcript")
    missing, evidence = [], []
    for plan in chosen:
        fetched = _fetches_of(run, plan)
        evidence += seqs(fetched)
        if not fetched:
            missing.append(plan.id)
    if missing:
        return Outcome.failed(f"tasks {missing} READY without fetching their transcript", evidence)
    return Outcome.passed(f"{len(chosen)} alignment tasks fetched their transcript", evidence)


@rule(
    "REACH-ALN-002",
    "MUST",
    "The aligned captions are a caption asset in the catalog item's outputFormat (format and fileExt; SRT when none), "
    "in its sourceLanguage (the value), with an accuracy, whose file parses with cues.",
    f"{SECTION}; seeds/003 'Captions' > 'Asset creation and upload' (format, fileExt, language as the value, accuracy)",
)
def aligned_captions(run: Run) -> Outcome:
    outputs = [(p, a) for p, a in ready_outputs(run, ITEM) if a.get("kind") == "caption"]
    ready = [p for p in plans(run, ITEM) if (f := run.final_task(p.id)) and int(f["status"]) == READY]
    if not ready:
        return _none_ready()
    wrong = [f"task {p.id}: outputObjectId names no caption asset" for p in ready if p not in [o for o, _ in outputs]]
    for plan, asset in outputs:
        fmt, ext = OUTPUT_FORMATS[requested_format(plan)]
        problems = [
            f"format={asset.get('format')!r}" if str(asset.get("format")) != fmt else "",
            f"fileExt={asset.get('fileExt')!r}" if str(asset.get("fileExt") or "").lower() != ext else "",
            f"language={asset.get('language')!r}"
            if asset.get("language") != plan.catalog.get("sourceLanguage")
            else "",
            "no accuracy" if not isinstance(asset.get("accuracy"), int | float) else "",
        ]
        if any(problems):
            wrong.append(f"{described(plan, asset)}: {', '.join(x for x in problems if x)}")
    wrong += unparsed(outputs)
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} aligned caption assets in the requested format and language")


@rule(
    "REACH-ALN-003",
    "MUST",
    "Aligned cues fall inside the media: no cue ends after the entry's duration.",
    f"{SECTION} (the input is the entry's video/audio: the captions' times are the media's)",
)
def cues_inside_media(run: Run) -> Outcome:
    outputs = [(p, a) for p, a in ready_outputs(run, ITEM) if p.entry_ms_duration > 0]
    if not outputs:
        return _none_ready()
    wrong = []
    for plan, asset in outputs:
        last = ((asset.get("inspection") or {}).get("captions") or {}).get("last")
        if isinstance(last, int | float) and last * 1000 > plan.entry_ms_duration:
            wrong.append(f"{described(plan, asset)}: last cue ends at {last:.3f} s, entry {plan.entry_ms_duration} ms")
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} aligned caption files end inside their media")


@rule(
    "REACH-ALN-004",
    "SHOULD",
    "The aligned caption asset names the customer's transcript in associatedTranscriptIds.",
    f"{TRANSCRIPT} (the transcript's id is added to the captions with captionAsset.update, so the transcript is "
    "associated with the captions)",
)
def transcript_associated(run: Run) -> Outcome:
    outputs = [(p, a) for p, a in ready_outputs(run, ITEM) if p.transcripts]
    if not outputs:
        return _none_ready()
    wrong = [
        f"{described(plan, asset)}: associatedTranscriptIds {asset.get('associatedTranscriptIds')!r}, transcript "
        f"{plan.transcripts}"
        for plan, asset in outputs
        if not set(plan.transcripts) & set(str(asset.get("associatedTranscriptIds") or "").split(","))
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} aligned captions associated with their transcript")
