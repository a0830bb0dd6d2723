"""Extended audio description (serviceFeature 9): a WebVTT file of timed descriptions, delivered as a `vtt`
attachment tagged AAD with a title, which the Kaltura Player reads aloud with speech synthesis."""

from __future__ import annotations

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules.services._deliveries import described, ready_outputs, unparsed

ITEM = "extended_ad"
SECTION = "seeds/003 'Extended audio descriptions' > 'Asset creation and upload'"
AAD = "aad"


def _none_ready() -> Outcome:
    return Outcome.not_applicable("no READY extended audio description task names an asset")


@rule(
    "REACH-XAD-001",
    "MUST",
    "The output is an attachment asset with fileExt vtt tagged AAD.",
    f"{SECTION} (attachmentAsset.add with attachmentAsset[tags]=AAD and attachmentAsset[fileExt]=vtt)",
)
def vtt_attachment_tagged(run: Run) -> Outcome:
    outputs = ready_outputs(run, ITEM)
    if not outputs:
        return _none_ready()
    wrong = [
        f"{described(p, a)}: kind={a.get('kind')!r} fileExt={a.get('fileExt')!r} tags={a.get('tags')!r}"
        for p, a in outputs
        if a.get("kind") != "attachment"
        or str(a.get("fileExt") or "").lower() != "vtt"
        or AAD not in {t.strip().lower() for t in str(a.get("tags") or "").split(",")}
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} vtt attachments tagged AAD")


@rule(
    "REACH-XAD-002",
    "MUST",
    "The attachment's file parses as WebVTT with at least one timed description.",
    f"{SECTION} (the human describer adds time codes and delivers a VTT file)",
)
def vtt_parses(run: Run) -> Outcome:
    outputs = ready_outputs(run, ITEM)
    if not outputs:
        return _none_ready()
    wrong = unparsed(outputs)
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} WebVTT descriptions parse with cues")


@rule(
    "REACH-XAD-003",
    "SHOULD",
    "The attachment has a title: the human-readable name the Player shows.",
    f"{SECTION} (attachmentAsset[title], e.g. 'Extended Audio Description')",
)
def titled(run: Run) -> Outcome:
    outputs = ready_outputs(run, ITEM)
    if not outputs:
        return _none_ready()
    wrong = [
        f"{described(p, a)}: title {a.get('title')!r}" for p, a in outputs if not str(a.get("title") or "").strip()
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong))
    return Outcome.passed(f"{len(outputs)} descriptions titled")
