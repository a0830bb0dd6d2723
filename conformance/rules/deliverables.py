"""What the vendor leaves on the entry: the OCR insight as a valid JSON attachment, and tags when the profile
asks for metadata extraction."""

from __future__ import annotations

from typing import Any

from conformance.model import Outcome, Run, TaskPlan
from conformance.rules import rule
from conformance.rules._journal import ENTRY_UPDATE, final_seqs, for_task, ok, seqs

READY = 2


def _output_asset(run: Run, plan: TaskPlan) -> dict[str, Any] | None:
    final = run.final_task(plan.id)
    if not final or int(final["status"]) != READY:
        return None
    assets = (run.state.get("entries", {}).get(plan.entry_id) or {}).get("assets", [])
    return next((a for a in assets if str(a.get("id")) == str(final.get("outputObjectId"))), None)


def _outputs(run: Run, item: str | None = None) -> list[tuple[TaskPlan, dict[str, Any]]]:
    """READY tasks with the asset they name; `item` keeps only the tasks of that catalog item (OCR rules)."""
    plans = [p for p in run.tasks if item is None or p.item == item]
    return [(p, a) for p in plans if (a := _output_asset(run, p)) is not None]


@rule(
    "REACH-DELIV-001",
    "MUST",
    "The asset named by outputObjectId holds an OCR insight valid against the reachsim/ocr/v1 JSON Schema.",
    "DESIGN.md (the OCR insight); seeds/001 (the ocr insight's fields)",
)
def insight_valid(run: Run) -> Outcome:
    outputs = _outputs(run, "ocr")
    if not outputs:
        return Outcome.not_applicable("no READY OCR task names an asset")
    wrong, tasks = [], []
    for plan, asset in outputs:
        inspection = asset.get("inspection") or {}
        if inspection.get("kind") != "ocr-insight" or not inspection.get("valid"):
            errors = "; ".join(inspection.get("errors", [])[:3]) or inspection.get("kind") or "no content"
            wrong.append(f"task {plan.id} asset {asset.get('id')}: {errors}")
            tasks.append(plan.id)
    if wrong:
        return Outcome.failed("; ".join(wrong), final_seqs(run, tasks))
    return Outcome.passed(f"{len(outputs)} insights valid against the schema")


@rule(
    "REACH-DELIV-002",
    "SHOULD",
    "The insight is an attachment asset with format JSON (4), fileExt json and title OCR.",
    "DESIGN.md (delivered as an attachment asset with format JSON, fileExt json, title OCR)",
)
def insight_attachment_shape(run: Run) -> Outcome:
    outputs = _outputs(run, "ocr")
    if not outputs:
        return Outcome.not_applicable("no READY OCR task names an asset")
    bad = [
        (p, a)
        for p, a in outputs
        if str(a.get("format")) != "4" or a.get("fileExt") != "json" or a.get("title") != "OCR"
    ]
    if bad:
        wrong = [
            f"task {p.id}: format={a.get('format')!r} fileExt={a.get('fileExt')!r} title={a.get('title')!r}"
            for p, a in bad
        ]
        return Outcome.failed("; ".join(wrong), final_seqs(run, [p.id for p, _ in bad]))
    return Outcome.passed(f"{len(outputs)} insights delivered as JSON attachments titled OCR")


@rule(
    "REACH-DELIV-003",
    "MUST",
    "When the profile enables metadata extraction the vendor tags the task's entry.",
    "seeds/003 'Captions' (if enableMetadataExtraction=true the vendor needs to create Tags on the entry)",
)
def metadata_tags(run: Run) -> Outcome:
    plans = [p for p in run.tasks if p.metadata_extraction and p.expect == "ready"]
    if not plans:
        return Outcome.not_applicable("metadata extraction is off for every task")
    missing, evidence = [], []
    for plan in plans:
        updates = [e for e in for_task(run, plan.id) if (e.get("service"), e.get("action")) in ENTRY_UPDATE and ok(e)]
        entry = run.state.get("entries", {}).get(plan.entry_id) or {}
        evidence += seqs(updates)
        if not updates or not (entry.get("tags") or entry.get("multiLingual_tags")):
            missing.append(plan.id)
    if missing:
        return Outcome.failed(f"no tags on the entries of tasks {missing}", evidence)
    return Outcome.passed(f"{len(plans)} entries tagged", evidence)


@rule(
    "REACH-DELIV-004",
    "MUST",
    "The asset named by outputObjectId has its content uploaded (status READY).",
    "seeds/003 'Uploading vendor REACH Job results' (asset add, then setContent)",
)
def output_has_content(run: Run) -> Outcome:
    outputs = _outputs(run)
    if not outputs:
        return Outcome.not_applicable("no READY task names an asset")
    empty = [(p, a) for p, a in outputs if int(a.get("status", 0)) != 2]
    if empty:
        named = ", ".join(f"task {p.id} asset {a.get('id')}" for p, a in empty)
        return Outcome.failed("output assets without content: " + named, final_seqs(run, [p.id for p, _ in empty]))
    return Outcome.passed(f"{len(outputs)} output assets hold their content")
