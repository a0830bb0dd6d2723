"""What the dubbing and audio-description rules share: the audio flavors a READY task's vendor delivered, read from
/__sim__/state (each with the simulator's ffprobe findings), and the four checks both services make of them — the
produced track, the clear audio, the produced track's language, and the guide's MP4 / AAC-LC / 64-or-128 kbps."""

from __future__ import annotations

from typing import Any

from conformance.model import Outcome, Run, TaskPlan
from conformance.rules._journal import FLAVOR_DELIVERY, for_task, seqs
from conformance.rules.services._deliveries import READY, plans

GUIDE_KBPS = (64, 128)
KBPS_TOLERANCE = 0.10  # encoders land near, not on, their target bitrate
TRUE_VALUES = ("1", "true", "True")


def flavors(run: Run, plan: TaskPlan) -> list[dict[str, Any]]:
    return list((run.state.get("entries", {}).get(plan.entry_id) or {}).get("flavors", []))


def ready_plans(run: Run, item: str) -> list[TaskPlan]:
    return [p for p in plans(run, item) if int((run.final_task(p.id) or {}).get("status", -1)) == READY]


def produced(run: Run, plan: TaskPlan) -> dict[str, Any] | None:
    """The flavor a READY task names in outputObjectId: the dubbed or described track."""
    output = str((run.final_task(plan.id) or {}).get("outputObjectId") or "")
    return next((f for f in flavors(run, plan) if output and str(f.get("id")) == output), None)


def clear_audio(run: Run, plan: TaskPlan) -> dict[str, Any] | None:
    """The READY flavor made with the item's clearAudioFlavorParamsId: the original-language track."""
    wanted = str(plan.catalog.get("clearAudioFlavorParamsId"))
    return next(
        (f for f in flavors(run, plan) if str(f.get("flavorParamsId")) == wanted and int(f.get("status", 0)) == 2),
        None,
    )


def is_default(flavor: dict[str, Any]) -> bool:
    return str(flavor.get("isDefault")) in TRUE_VALUES


def described(plan: TaskPlan, flavor: dict[str, Any]) -> str:
    return f"task {plan.id} flavor {flavor.get('id')}"


def codec_problem(flavor: dict[str, Any]) -> str | None:
    """Why the flavor's file is not an MP4 with AAC-LC audio at 64 or 128 kbps, or None when it is."""
    findings = flavor.get("inspection") or {}
    media = findings.get("media") or {}
    if not findings.get("valid"):
        return "; ".join(findings.get("errors") or []) or "no file probed"
    if "mp4" not in str(media.get("formatName") or "").split(","):
        return f"container {media.get('formatName')!r}, not MP4"
    if media.get("audioCodec") != "aac" or media.get("audioProfile") != "LC":
        return f"audio {media.get('audioCodec')!r} profile {media.get('audioProfile')!r}, not AAC-LC"
    kbps = int(media.get("audioBitrate") or 0)
    if not any(abs(kbps - target) <= target * KBPS_TOLERANCE for target in GUIDE_KBPS):
        return f"audio at {kbps} kbps, not 64 or 128"
    return None


def delivered_tracks(run: Run, plan: TaskPlan) -> list[dict[str, Any]]:
    return [f for f in (produced(run, plan), clear_audio(run, plan)) if f is not None]


def track_calls(run: Run, tasks: list[TaskPlan]) -> list[int]:
    """Journal seqs of the tasks' flavorAsset.add / setContent calls: the evidence of what was delivered."""
    calls = [
        e
        for p in tasks
        for e in for_task(run, p.id)
        if (str(e.get("service")).lower(), str(e.get("action")).lower()) in FLAVOR_DELIVERY
    ]
    return seqs(calls)


def judged(run: Run, item: str, wrong: list[str], passed: str) -> Outcome:
    """Failed with every reason, or passed; the READY tasks' flavor deliveries are the evidence either way."""
    evidence = track_calls(run, ready_plans(run, item))
    return Outcome.failed("; ".join(wrong), evidence) if wrong else Outcome.passed(passed, evidence)


def produced_track_delivered(run: Run, item: str, service: str, track: str) -> Outcome:
    """The READY task's outputObjectId names a READY flavor made with the item's flavorParamsId."""
    tasks = ready_plans(run, item)
    if not tasks:
        return Outcome.not_applicable(f"no {service} task became READY")
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
    return judged(run, item, wrong, f"{len(tasks)} {track} tracks delivered with the item's flavorParamsId")


def clear_audio_delivered(run: Run, item: str, service: str, track: str) -> Outcome:
    """A READY flavor with the item's clearAudioFlavorParamsId, in its sourceLanguage, set as the default."""
    tasks = ready_plans(run, item)
    if not tasks:
        return Outcome.not_applicable(f"no {service} task became READY")
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
    return judged(run, item, wrong, f"{len(tasks)} {track} tracks delivered as the default")


def outputs(run: Run, item: str) -> list[tuple[TaskPlan, dict[str, Any]]]:
    """Each READY task with the flavor its outputObjectId names."""
    return [(p, f) for p in ready_plans(run, item) if (f := produced(run, p)) is not None]


def produced_track_language(run: Run, item: str, service: str, track: str, language_field: str) -> Outcome:
    """The produced track is in the catalog item's `language_field` language and is not the default."""
    named = outputs(run, item)
    if not named:
        return Outcome.not_applicable(f"no READY {service} task names a flavor")
    wrong = [
        f"{described(p, f)}: language {f.get('language')!r} isDefault {f.get('isDefault')!r}, wanted "
        f"{p.catalog.get(language_field)!r} and 0"
        for p, f in named
        if f.get("language") != p.catalog.get(language_field) or is_default(f)
    ]
    return judged(run, item, wrong, f"{len(named)} {track}, not default")


def tracks_are_aac_lc(run: Run, item: str, service: str) -> Outcome:
    """Every delivered track probes as MP4 with AAC-LC audio at 64 or 128 kbps."""
    tracks = [(p, f) for p in ready_plans(run, item) for f in delivered_tracks(run, p)]
    if not tracks:
        return Outcome.not_applicable(f"no READY {service} task delivered a track")
    wrong = [f"{described(p, f)}: {problem}" for p, f in tracks if (problem := codec_problem(f))]
    return judged(run, item, wrong, f"{len(tracks)} tracks probe as MP4 AAC-LC at 64/128 kbps")
