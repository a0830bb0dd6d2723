"""What the service rules share: the READY tasks of one catalog item and the asset each names as its output."""

from __future__ import annotations

from typing import Any

from conformance.model import Run, TaskPlan

READY = 2
# KalturaVendorCatalogItemOutputFormat -> (KalturaCaptionType the asset must carry, its fileExt)
OUTPUT_FORMATS = {"1": ("1", "srt"), "2": ("2", "dfxp"), "3": ("3", "vtt")}
SRT = "1"


def plans(run: Run, item: str) -> list[TaskPlan]:
    return [p for p in run.tasks if p.item == item]


def entry_assets(run: Run, plan: TaskPlan) -> list[dict[str, Any]]:
    return list((run.state.get("entries", {}).get(plan.entry_id) or {}).get("assets", []))


def output_of(run: Run, plan: TaskPlan) -> dict[str, Any] | None:
    """The asset a READY task names in outputObjectId, or None."""
    final = run.final_task(plan.id)
    if not final or int(final["status"]) != READY:
        return None
    return next((a for a in entry_assets(run, plan) if str(a.get("id")) == str(final.get("outputObjectId"))), None)


def ready_outputs(run: Run, item: str) -> list[tuple[TaskPlan, dict[str, Any]]]:
    return [(p, a) for p in plans(run, item) if (a := output_of(run, p)) is not None]


def requested_format(plan: TaskPlan) -> str:
    """The catalog item's outputFormat; the guide's default is SRT when the item names none."""
    value = str(plan.catalog.get("outputFormat") or "")
    return value if value in OUTPUT_FORMATS else SRT


def described(plan: TaskPlan, asset: dict[str, Any]) -> str:
    return f"task {plan.id} asset {asset.get('id')}"


def unparsed(outputs: list[tuple[TaskPlan, dict[str, Any]]]) -> list[str]:
    """The delivered caption files the simulator's inspection could not parse into at least one cue."""
    wrong = []
    for plan, asset in outputs:
        inspection = asset.get("inspection") or {}
        cues = int((inspection.get("captions") or {}).get("cues") or 0)
        if inspection.get("kind") != "captions" or not inspection.get("valid") or cues < 1:
            errors = "; ".join(inspection.get("errors", [])[:2]) or f"{cues} cues"
            wrong.append(f"{described(plan, asset)}: {errors}")
    return wrong
