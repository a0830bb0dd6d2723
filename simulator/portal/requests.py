"""How the portal words REACH requests: feature names, statuses, and the messages the ordering page quotes."""

from __future__ import annotations

from typing import Any

from simulator.objects.reach import ServiceFeature, TaskStatus, VideoAnalysisType

ORDER_CONFIRMATION = "Your request has been received. Your video will automatically be updated upon completion."
CANCEL_REFUSED = "The request is already in progress, therefore cannot be canceled."

STATUS_LABELS = {
    TaskStatus.PENDING: "Pending",
    TaskStatus.PENDING_ENTRY_READY: "Pending",
    TaskStatus.SCHEDULED: "Pending",
    TaskStatus.PENDING_MODERATION: "Pending moderation",
    TaskStatus.PROCESSING: "Processing",
    TaskStatus.READY: "Ready",
    TaskStatus.ERROR: "Error",
    TaskStatus.REJECTED: "Rejected",
    TaskStatus.ABORTED: "Aborted",
}
CANCELABLE = frozenset({"Pending", "Pending moderation"})


def feature_label(item: dict[str, Any]) -> str:
    """ "OCR" for a video-analysis item of the OCR type, else the service feature's name ("Captions")."""
    feature = item.get("serviceFeature")
    if feature == ServiceFeature.VIDEO_ANALYSIS and item.get("videoAnalysisType") == VideoAnalysisType.OCR:
        return "OCR"
    name = ServiceFeature.name_of(feature) if feature is not None else None
    return name.replace("_", " ").capitalize() if name else str(item.get("name") or "Unknown")


def request_rows(
    tasks: list[dict[str, Any]], items: dict[int, dict[str, Any]], aborted: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One row per request, newest first: what the panel lists and its info icon details."""
    rows = []
    seen = set()
    for task in [*tasks, *aborted]:
        if task["id"] in seen:
            continue
        seen.add(task["id"])
        item = items.get(int(task.get("catalogItemId") or 0), {})
        status = STATUS_LABELS.get(task.get("status"), str(task.get("status")))
        rows.append(
            {
                "id": task["id"],
                "entryId": task.get("entryId"),
                "feature": feature_label(item) if item else "Unknown",
                "catalogItem": item.get("name", ""),
                "status": status,
                "cancelable": status in CANCELABLE,
                "createdAt": task.get("createdAt"),
                "queueTime": task.get("queueTime"),
                "finishTime": task.get("finishTime"),
                "expectedFinishTime": task.get("expectedFinishTime"),
                "vendorPartnerId": task.get("vendorPartnerId"),
                "errDescription": task.get("errDescription") or "",
                "accuracy": task.get("accuracy"),
                "outputObjectId": task.get("outputObjectId"),
            }
        )
    rows.sort(key=lambda r: (-(r["createdAt"] or 0), -int(r["id"])))
    return rows
