"""Standard audio description (serviceFeature 4): the described track (original audio merged with the spoken
descriptions) and the clear audio, both delivered as audio flavors with the catalog item's flavorParamsId and
clearAudioFlavorParamsId; the described one labelled '<language> - Audio description'.

As for dubbing, flavorAsset[isOriginal] is read-only on the real server and no rule judges it (docs/audio-tracks.md)."""

from __future__ import annotations

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules._journal import for_task, is_media, seqs
from conformance.rules.media import fetched_flavors
from conformance.rules.services import _audio_tracks as tracks

ITEM = "audio_description"
SERVICE = "audio description"
TRACKS = "seeds/003 'Audio tracks for dubbing and standard audio descriptions'"
AUDIO = f"{TRACKS} > 'Asset creation and upload'"
OVERVIEW = "seeds/003 'Standard Audio Description'"
SUFFIX = " - audio description"


def _none_ready() -> Outcome:
    return Outcome.not_applicable("no audio description task became READY")


@rule(
    "REACH-AD-001",
    "MUST",
    "The READY task's outputObjectId names a READY flavor of the entry made with the catalog item's flavorParamsId "
    "(the described track, which those params tag audio_only,alt_audio,audio_description).",
    f"{OVERVIEW} (Audio Description flavor: the flavor params id is specified on the catalog item); {AUDIO} (for "
    "audio description the flavorParamsId is the catalog item's flavorParamsId, which adds the "
    "'audio_only,alt_audio,audio_description' tags)",
)
def described_track_delivered(run: Run) -> Outcome:
    return tracks.produced_track_delivered(run, ITEM, SERVICE, "described")


@rule(
    "REACH-AD-002",
    "MUST",
    "The clear audio is delivered too: a READY flavor with the item's clearAudioFlavorParamsId, in the item's "
    "sourceLanguage, set as the default (isDefault 1).",
    f"{OVERVIEW} (Audio flavor of the original language: clear audio, without the description); {AUDIO} (the vendor "
    "needs to add the original audio track as well; Setting for the original audio flavor: isDefault 1, language "
    "the source language, flavorParamsId the clearAudioFlavorParamsId)",
)
def clear_audio_delivered(run: Run) -> Outcome:
    return tracks.clear_audio_delivered(run, ITEM, SERVICE, "clear-audio")


@rule(
    "REACH-AD-003",
    "MUST",
    "The described track's language is the item's sourceLanguage (the value, not the key) and it is not the default "
    "(isDefault 0).",
    f"{AUDIO} (Setting for the audio description track: flavorAsset[isDefault] 0 as it is not the source language; "
    "flavorAsset[language] the audio description language, the KalturaCatalogItemLanguage value)",
)
def described_track_fields(run: Run) -> Outcome:
    return tracks.produced_track_language(
        run, ITEM, SERVICE, "described tracks in the source language", "sourceLanguage"
    )


@rule(
    "REACH-AD-004",
    "SHOULD",
    "The described track's label is its language with the ' - Audio description' suffix (leading space; any case).",
    f"{AUDIO} (flavorAsset[label] a value representing the language with an 'Audio description' suffix, e.g. "
    "'English - Audio description', note the leading space)",
)
def described_track_labelled(run: Run) -> Outcome:
    outputs = tracks.outputs(run, ITEM)
    if not outputs:
        return Outcome.not_applicable("no READY audio description task names a flavor")
    wrong = []
    for plan, flavor in outputs:
        label = str(flavor.get("label") or "")
        if not label.lower().endswith(SUFFIX) or not label[: -len(SUFFIX)].strip():
            wrong.append(f"{tracks.described(plan, flavor)}: label {label!r}")
    return tracks.judged(run, ITEM, wrong, f"{len(outputs)} described tracks labelled '<language> - Audio description'")


@rule(
    "REACH-AD-005",
    "MUST",
    "Every delivered track is an MP4 file with AAC-LC audio at 64 or 128 kbps (ffprobe, within 10 %).",
    f"{AUDIO} (the generated audio tracks need to be MP4 and should use AAC-LC Codec with 64Kbps or 128Kbps bitrate)",
)
def tracks_are_aac_lc(run: Run) -> Outcome:
    return tracks.tracks_are_aac_lc(run, ITEM, SERVICE)


@rule(
    "REACH-AD-006",
    "MUST",
    "The vendor fetches a video flavor of the entry, not only audio: the describer works from the picture.",
    f"{TRACKS} > 'Processing' (if serviceFeature=4, you must choose to download a video flavor, for example the "
    "source flavor or a compressed flavor, for the Human translator)",
)
def video_fetched(run: Run) -> Outcome:
    tasks = tracks.ready_plans(run, ITEM)
    if not tasks:
        return Outcome.not_applicable(f"no {SERVICE} task became READY")
    wrong, evidence = [], []
    for plan in tasks:
        video = {str(f.get("id")) for f in tracks.flavors(run, plan) if f.get("hasVideo")}
        fetched = [e for e in for_task(run, plan.id) if is_media(e) and fetched_flavors(e)]
        evidence += seqs(fetched)
        if not any(set(fetched_flavors(e)) & video for e in fetched):
            named = sorted({f for e in fetched for f in fetched_flavors(e)})
            wrong.append(f"task {plan.id}: fetched flavors {named}, none of them video")
    if wrong:
        return Outcome.failed("; ".join(wrong), evidence)
    return Outcome.passed(f"{len(tasks)} tasks fetched a video flavor", evidence)
