"""Dubbing (serviceFeature 7): the dubbed audio track and the original 'clear' audio, both delivered as audio
flavors (flavorAsset.add + setContent) with the catalog item's flavorParamsId and clearAudioFlavorParamsId.

The guide also asks for flavorAsset[isOriginal]; the real KalturaFlavorAsset declares it read-only (the official
clients never send it, and the server answers PROPERTY_VALIDATION_NOT_UPDATABLE to a raw call that does), so no rule
judges it: docs/audio-tracks.md."""

from __future__ import annotations

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules.services import _audio_tracks as tracks

ITEM = "dubbing"
SERVICE = "dubbing"
AUDIO = "seeds/003 'Audio tracks for dubbing and standard audio descriptions' > 'Asset creation and upload'"
OVERVIEW = "seeds/003 'Dubbing'"


@rule(
    "REACH-DUB-001",
    "MUST",
    "The READY task's outputObjectId names a READY flavor of the entry made with the catalog item's flavorParamsId "
    "(the dubbed track).",
    f"{AUDIO} (both audio flavors added with flavorAsset.add; for the dubbed audio flavor the flavorParamsId is "
    "the catalog item's flavorParamsId)",
)
def dubbed_track_delivered(run: Run) -> Outcome:
    return tracks.produced_track_delivered(run, ITEM, SERVICE, "dubbed")


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
    return tracks.clear_audio_delivered(run, ITEM, SERVICE, "original-audio")


@rule(
    "REACH-DUB-003",
    "MUST",
    "The dubbed track's language is the item's targetLanguage (the value, not the key) and it is not the default "
    "(isDefault 0).",
    f"{OVERVIEW} (the dubbed audio flavor should not be set to default); {AUDIO} (flavorAsset[isDefault] 0; "
    "flavorAsset[language] the dubbed language, the KalturaCatalogItemLanguage value not the key name)",
)
def dubbed_track_fields(run: Run) -> Outcome:
    return tracks.produced_track_language(run, ITEM, SERVICE, "dubbed tracks in the target language", "targetLanguage")


@rule(
    "REACH-DUB-004",
    "MUST",
    "Every delivered track is an MP4 file with AAC-LC audio at 64 or 128 kbps (ffprobe, within 10 %).",
    f"{AUDIO} (the generated audio tracks need to be MP4 and should use AAC-LC Codec with 64Kbps or 128Kbps bitrate)",
)
def tracks_are_aac_lc(run: Run) -> Outcome:
    return tracks.tracks_are_aac_lc(run, ITEM, SERVICE)


@rule(
    "REACH-DUB-005",
    "SHOULD",
    "The dubbed track has a label naming its language (e.g. the language value itself).",
    f"{AUDIO} (for the dubbed audio flavor, flavorAsset[label] a value representing the language, e.g. the same "
    "value as flavorAsset[language])",
)
def dubbed_track_labelled(run: Run) -> Outcome:
    outputs = tracks.outputs(run, ITEM)
    if not outputs:
        return Outcome.not_applicable("no READY dubbing task names a flavor")
    wrong = [
        f"{tracks.described(p, f)}: label {f.get('label')!r}"
        for p, f in outputs
        if not str(f.get("label") or "").strip()
    ]
    return tracks.judged(run, ITEM, wrong, f"{len(outputs)} dubbed tracks labelled")
