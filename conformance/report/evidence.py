"""One line per journal entry: how evidence reads in JUnit failures and in the HTML page."""

from __future__ import annotations

from typing import Any

KS_TYPES = {0: "USER", 2: "ADMIN"}


def who(entry: dict[str, Any]) -> str:
    if entry.get("partner_id") is None:
        return "no KS"
    kind = KS_TYPES.get(entry.get("ks_type"), str(entry.get("ks_type")))  # type: ignore[arg-type]
    key = " access key" if "REACH_VENDOR_ROLE" in str(entry.get("ks_privileges") or "") else ""
    return f"partner {entry['partner_id']} {kind}{key}"


def what(entry: dict[str, Any]) -> str:
    if entry.get("kind") == "media":
        return f"{entry.get('service')} {entry.get('action')} {entry.get('path', '')}"
    request = (entry.get("extra") or {}).get("request") or {}
    fields = request.get("entryVendorTask")
    detail = f" {fields}" if fields else ""
    return f"{entry.get('service')}.{entry.get('action')}{detail}"


def describe(entry: dict[str, Any]) -> str:
    task = f" task {entry['task_id']}" if entry.get("task_id") is not None else ""
    tag = f" clientTag={entry.get('client_tag')!r}" if entry.get("kind") == "api" else ""
    status = entry.get("result")
    if entry.get("kind") == "media":
        status = f"{entry.get('http_status')} {status}"
    return f"#{entry['seq']} t={entry.get('time', 0):.1f} {what(entry)}{task} [{who(entry)}]{tag} -> {status}"


def lines(journal: list[dict[str, Any]], seqs: list[int]) -> list[str]:
    by_seq = {int(e["seq"]): e for e in journal}
    return [describe(by_seq[s]) if s in by_seq else f"#{s} (not in the vendor's journal)" for s in seqs]
