"""`reachsim serve --lint`: the REACH rules checked live while a developer works against the simulator.

A journal follower outside the simulator: it reads `/__sim__/journal`, `/__sim__/state` and `/__sim__/faults`
over HTTP like any client, judges the vendor's requests so far with the rules that need no scenario (who called
with which KS, clientTags, the status machine, media and delivery shape, polling hygiene, backoff under faults),
and reports each new violation to `POST /__sim__/violations` and to the log. The simulator stores and serves
them; it never imports a rule.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import requests

from conformance.model import Rule, Run, TaskPlan, VendorProcess, Verdict
from conformance.rules import catalog
from conformance.rules._journal import is_access_key

log = logging.getLogger("reachsim.lint")

# Rules that judge what the vendor did without knowing what a scenario expected of it.
LIVE_RULES = frozenset(
    {f"REACH-AUTH-{n:03d}" for n in range(1, 10)}
    | {"REACH-TAG-001", "REACH-TAG-002", "REACH-TAG-003"}
    | {f"REACH-LIFE-{n:03d}" for n in (1, 2, 3, 4, 5, 6, 7, 9)}
    | {"REACH-MEDIA-004", "REACH-DELIV-001", "REACH-DELIV-002", "REACH-DELIV-004"}
    | {"REACH-POLL-001", "REACH-POLL-002", "REACH-TIME-003"}
    | {"REACH-RES-002", "REACH-RES-003", "REACH-RES-006"}
)
INTERVAL = 1.0
PAGE = 10000


def live_rules() -> list[Rule]:
    return [r for r in catalog() if r.id in LIVE_RULES]


def _plan(task: dict[str, Any]) -> TaskPlan:
    return TaskPlan(
        key=str(task["id"]),
        id=int(task["id"]),
        entry_id=str(task.get("entryId")),
        partner_id=int(task.get("partnerId") or 0),
        catalog_item_id=int(task.get("catalogItemId") or 0),
        expect="ready",
        turnaround_seconds=int(task.get("turnAroundTime") or 0),
        created_at=float(task.get("createdAt") or 0),
    )


def vendor_entries(journal: list[dict[str, Any]], vendor_partner_id: int) -> list[dict[str, Any]]:
    """The vendor's requests: its own partner's calls and whatever used a task's access key."""
    return [e for e in journal if e.get("partner_id") == vendor_partner_id or is_access_key(e)]


def judge(rules: list[Rule], run: Run) -> list[dict[str, Any]]:
    """The failed verdicts of `rules` on `run`, as violations (a rule that raises is skipped: live data is partial)."""
    out = []
    for rule in rules:
        try:
            outcome = rule.check(run)
        except Exception:  # a half-finished task can trip a rule's assumptions; the next pass sees more
            log.debug("rule %s raised on live data", rule.id, exc_info=True)
            continue
        if outcome.verdict == Verdict.FAIL:
            out.append(
                {
                    "ruleId": rule.id,
                    "severity": rule.severity.value,
                    "statement": rule.statement,
                    "citation": rule.citation,
                    "message": outcome.message,
                    "evidence": list(outcome.evidence),
                }
            )
    return out


class Follower:
    """Polls the simulator at `url` on its own thread until `stop()`; reports each violation once (by rule and
    evidence, so a rule failing again on new requests is reported again)."""

    def __init__(self, url: str, interval: float = INTERVAL) -> None:
        self.url = url.rstrip("/")
        self.interval = interval
        self.http = requests.Session()
        self.rules = live_rules()
        self.journal: list[dict[str, Any]] = []
        self.last = 0
        self.reported: set[tuple[str, tuple[int, ...]]] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Follower:
        self._thread = threading.Thread(target=self._loop, name="reachsim-lint", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.http.close()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
            except requests.RequestException as exc:
                log.warning("lint: cannot read the simulator: %s", exc)

    def _get(self, path: str) -> Any:
        response = self.http.get(f"{self.url}/__sim__/{path}", timeout=30)
        response.raise_for_status()
        return response.json()

    def check(self) -> list[dict[str, Any]]:
        """One pass: read what is new, judge, report the new violations; answers them."""
        new = []
        while True:
            page = self._get(f"journal?since={self.last}&limit={PAGE}")
            new += page["entries"]
            if len(page["entries"]) < PAGE:
                break
            self.last = int(page["last"])
        if not new:
            if self.last and not self._get(f"journal?since={self.last - 1}&limit=1")["entries"]:
                self.journal, self.reported, self.last = [], set(), 0  # /__sim__/reset: the journal starts again
            return []
        self.last = int(new[-1]["seq"])
        self.journal += new
        seed = self._get("seed")
        state = self._get("state")
        vendor_partner_id = int(seed["vendorPartnerId"])
        run = Run(
            scenario="live",
            vendor_partner_id=vendor_partner_id,
            vendor_name=str(seed.get("vendorName", "")),
            tasks=[_plan(t) for t in state.get("tasks", []) if int(t.get("vendorPartnerId") or 0) == vendor_partner_id],
            journal=vendor_entries(self.journal, vendor_partner_id),
            state=state,
            process=VendorProcess("live"),
            faults=self._get("faults")["faults"],
        )
        found = []
        for violation in judge(self.rules, run):
            key = (violation["ruleId"], tuple(violation["evidence"]))
            if key in self.reported:
                continue
            self.reported.add(key)
            found.append(violation)
            log.warning(
                "lint %s %s: %s (evidence %s; %s)",
                violation["ruleId"],
                violation["severity"],
                violation["message"],
                ", ".join(f"#{s}" for s in violation["evidence"][:10]) or "none",
                violation["citation"],
            )
        if found:
            response = self.http.post(f"{self.url}/__sim__/violations", json={"violations": found}, timeout=30)
            response.raise_for_status()
        return found
