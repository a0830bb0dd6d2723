"""Dubbing (serviceFeature 7): the dubbed audio track and the original 'clear' audio, both delivered as audio
flavors (flavorAsset.add + setContent) with the catalog item's flavorParamsId and clearAudioFlavorParamsId.

The guide also asks for flavorAsset[isOriginal]; the real KalturaFlavorAsset declares it read-only (the official
clients never send it, and the server answers PROPERTY_VALIDATION_NOT_UPDATABLE to a raw call that does), so no rule
judges it: NOTES-av.md."""

from __future__ import annotations

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules.services._audio_tracks import (
    clear_audio,
    codec_problem,
    delivered_tracks,
    described,
    is_default,
    produced,
    ready_plans,
    track_calls,
)

ITEM = "dubbing"
AUDIO = "seeds/003 'Audio tracks for dubbing and standard audio descriptions' > 'Asset creation and upload'"
OVERVIEW = "seeds/003 'Dubbing'"


def _none_ready() -> Outcome:
    return Outcome.not_applicable("no dubbing task became READY")


@rule(
    "REACH-DUB-001",
    "MUST",
    "The READY task's outputObjectId names a READY flavor of the entry made with the catalog item's flavorParamsId "
    "(the dubbed track).",
    f"{AUDIO} (both audio flavors added with flavorAsset.add; for the dubbed audio flavor the flavorParamsId is "
    "the catalog item's flavorParamsId)",
)
def dubbed_track_delivered(run: Run) -> Outcome:
    tasks = ready_plans(run, ITEM)
    if not tasks:
        return _none_ready()
    wrong = []
    for plan in tasks:
        flavor = produced(run, plan)
        wanted = plan.catalog.get("flavorParamsId")
        if flavor is None:
            output = (run.final_task(plan.id) or {}).get("outputObjectId")
            wrong.append(f"task {plan.id}: outputObjectId {output!r} names no flavor of entry {plan.entry_id}")
        elif str(flavor.get("flavorParamsId")) != str(wanted) or int(flavor.get("status", 0)) != 2:
            wrong.append(
                f"{described(plan, flavor)}: flavorParamsId {flavor.get('flavorParamsId')!r} status "
                f"{flavor.get('status')!r}, wanted flavorParamsId {wanted} READY"
            )
    if wrong:
        return Outcome.failed("; ".join(wrong), track_calls(run, ready_plans(run, ITEM)))
    return Outcome.passed(
        f"{len(tasks)} dubbed tracks delivered with the item's flavorParamsId", track_calls(run, ready_plans(run, ITEM))
    )


@rule(
    "REACH-DUB-002",
    "MUST",
    "The original audio is delivered too: a READY flavor with the item's clearAudioFlavorParamsId, in the item's "
    "sourceLanguage, set as the default (isDefault 1).",
    f"{OVERVIEW} (the vendor needs to add the original audio track as well; the original / 'clear audio' should be "
    f"set to default); {AUDIO} (Setting for the original audio flavor: isDefault 1, language the source language, "
    "flavorParamsId the clearAudioFlavorParamsId)",
)
def clear_audio_delivered(run: Run) -> Outcome:
    tasks = ready_plans(run, ITEM)
    if not tasks:
        return _none_ready()
    wrong = []
    for plan in tasks:
        flavor = clear_audio(run, plan)
        source = plan.catalog.get("sourceLanguage")
        if flavor is None:
            wanted = plan.catalog.get("clearAudioFlavorParamsId")
            wrong.append(f"task {plan.id}: no READY flavor with clearAudioFlavorParamsId {wanted}")
        elif flavor.get("language") != source or not is_default(flavor):
            wrong.append(
                f"{described(plan, flavor)}: language {flavor.get('language')!r} isDefault "
                f"{flavor.get('isDefault')!r}, wanted {source!r} and 1"
            )
    if wrong:
        return Outcome.failed("; ".join(wrong), track_calls(run, ready_plans(run, ITEM)))
    return Outcome.passed(
        f"{len(tasks)} original-audio tracks delivered as the default", track_calls(run, ready_plans(run, ITEM))
    )


@rule(
    "REACH-DUB-003",
    "MUST",
    "The dubbed track's language is the item's targetLanguage (the value, not the key) and it is not the default "
    "(isDefault 0).",
    f"{OVERVIEW} (the dubbed audio flavor should not be set to default); {AUDIO} (flavorAsset[isDefault] 0; "
    "flavorAsset[language] the dubbed language, the KalturaCatalogItemLanguage value not the key name)",
)
def dubbed_track_fields(run: Run) -> Outcome:
    outputs = [(p, f) for p in ready_plans(run, ITEM) if (f := produced(run, p)) is not None]
    if not outputs:
        return Outcome.not_applicable("no READY dubbing task names a flavor")
    wrong = [
        f"{described(p, f)}: language {f.get('language')!r} isDefault {f.get('isDefault')!r}, wanted "
        f"{p.catalog.get('targetLanguage')!r} and 0"
        for p, f in outputs
        if f.get("language") != p.catalog.get("targetLanguage") or is_default(f)
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong), track_calls(run, ready_plans(run, ITEM)))
    return Outcome.passed(
        f"{len(outputs)} dubbed tracks in the target language, not default", track_calls(run, ready_plans(run, ITEM))
    )


@rule(
    "REACH-DUB-004",
    "MUST",
    "Every delivered track is an MP4 file with AAC-LC audio at 64 or 128 kbps (ffprobe, within 10 %).",
    f"{AUDIO} (the generated audio tracks need to be MP4 and should use AAC-LC Codec with 64Kbps or 128Kbps bitrate)",
)
def tracks_are_aac_lc(run: Run) -> Outcome:
    tracks = [(p, f) for p in ready_plans(run, ITEM) for f in delivered_tracks(run, p)]
    if not tracks:
        return Outcome.not_applicable("no READY dubbing task delivered a track")
    wrong = [f"{described(p, f)}: {problem}" for p, f in tracks if (problem := codec_problem(f))]
    if wrong:
        return Outcome.failed("; ".join(wrong), track_calls(run, ready_plans(run, ITEM)))
    return Outcome.passed(
        f"{len(tracks)} tracks probe as MP4 AAC-LC at 64/128 kbps", track_calls(run, ready_plans(run, ITEM))
    )


@rule(
    "REACH-DUB-005",
    "SHOULD",
    "The dubbed track has a label naming its language (e.g. the language value itself).",
    f"{AUDIO} (for the dubbed audio flavor, flavorAsset[label] a value representing the language, e.g. the same "
    "value as flavorAsset[language])",
)
def dubbed_track_labelled(run: Run) -> Outcome:
    outputs = [(p, f) for p in ready_plans(run, ITEM) if (f := produced(run, p)) is not None]
    if not outputs:
        return Outcome.not_applicable("no READY dubbing task names a flavor")
    wrong = [
        f"{described(p, f)}: label {f.get('label')!r}" for p, f in outputs if not str(f.get("label") or "").strip()
    ]
    if wrong:
        return Outcome.failed("; ".join(wrong), track_calls(run, ready_plans(run, ITEM)))
    return Outcome.passed(f"{len(outputs)} dubbed tracks labelled", track_calls(run, ready_plans(run, ITEM)))
