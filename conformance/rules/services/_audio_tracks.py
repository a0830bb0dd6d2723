"""What the dubbing and audio-description rules share: the audio flavors a READY task's vendor delivered, read from
/__sim__/state (each with the simulator's ffprobe findings), and the guide's MP4 / AAC-LC / 64-or-128 kbps check."""

from __future__ import annotations

from typing import Any

from conformance.model import Run, TaskPlan
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
