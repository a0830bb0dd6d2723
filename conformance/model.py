"""The harness's vocabulary: rules, verdicts with evidence, and the run a rule judges.

A rule is a pure function over a `Run` (the journal, the simulator's state, the scenario and what the harness did
and saw) that returns an `Outcome`; nothing here talks HTTP or imports the simulator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

TRANSLATION_FEATURE = "2"  # KalturaVendorServiceFeature.TRANSLATION
LIVE_CAPTION_FEATURE = "8"


class Severity(StrEnum):
    MUST = "MUST"
    SHOULD = "SHOULD"


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    HARNESS_ERROR = "harness_error"
    FAULT_NOT_REACHED = "fault_not_reached"  # the scenario's fault never met a request: nothing was proven


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    message: str
    evidence: tuple[int, ...] = ()  # journal seqs that decide the verdict

    @staticmethod
    def passed(message: str, evidence: Iterable[int] = ()) -> Outcome:
        return Outcome(Verdict.PASS, message, tuple(evidence))

    @staticmethod
    def failed(message: str, evidence: Iterable[int] = ()) -> Outcome:
        return Outcome(Verdict.FAIL, message, tuple(evidence))

    @staticmethod
    def not_applicable(message: str) -> Outcome:
        return Outcome(Verdict.NOT_APPLICABLE, message)


Check = Callable[["Run"], Outcome]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    statement: str
    citation: str
    check: Check
    family: str


@dataclass
class TaskPlan:
    """One task the scenario ordered, and what must become of it."""

    key: str
    id: int
    entry_id: str
    partner_id: int
    catalog_item_id: int
    expect: str  # "ready", "error" or "aborted"
    turnaround_seconds: int
    created_at: float
    flavor_params_ids: str = ""  # the profile's preference when the task was ordered
    metadata_extraction: bool = False
    hls: bool = True
    flavors: list[dict[str, Any]] = field(default_factory=list)  # the entry's flavors: id, flavorParamsId
    item: str = "ocr"  # the demo seed's catalog item key the task ordered: which service's rules apply
    catalog: dict[str, Any] = field(default_factory=dict)  # that catalog item as vendorCatalogItem.get answers
    source_captions: list[str] = field(default_factory=list)  # caption assets the customer put on the entry
    entry_ms_duration: int = 0  # the entry's msDuration: where time-coded deliverables must fall
    transcripts: list[str] = field(default_factory=list)  # text transcript assets the customer put on the entry
    media_language: str = ""  # the soundtrack language the scenario declared on the entry's flavors ("": undefined)

    def works_from_captions(self) -> bool:
        """A translation with requireSource (true or absent) reads the customer's captions, not the media."""
        translation = str(self.catalog.get("serviceFeature")) == TRANSLATION_FEATURE
        return translation and str(self.catalog.get("requireSource", "")) not in ("0", "False", "false")

    def is_live(self) -> bool:
        """A live caption task serves a live stream: Kaltura relays it to the vendor, there is no media to fetch."""
        return str(self.catalog.get("serviceFeature")) == LIVE_CAPTION_FEATURE

    def needs_media(self) -> bool:
        return not (self.works_from_captions() or self.is_live())


@dataclass
class VendorProcess:
    """How the vendor command behaved: the harness fills it, rules about liveness read it."""

    command: str
    exit_code: int | None = None  # None: still running when the harness stopped it
    stopped_by_harness: bool = False
    timed_out: bool = False
    killed: bool = False  # needed SIGKILL after SIGTERM
    stdout_tail: str = ""
    stderr_tail: str = ""
    output_binary: bool = False
    output_bytes: int = 0  # stdout and stderr together; files keep the first OUTPUT_LIMIT bytes of each
    seconds: float = 0.0


@dataclass
class Run:
    """Everything a rule may look at. `journal` holds the entries after the vendor started (its own calls and
    fetches); `clock_advances` the virtual-clock jumps the harness made while the vendor ran."""

    scenario: str
    vendor_partner_id: int
    vendor_name: str
    tasks: list[TaskPlan]
    journal: list[dict[str, Any]]
    state: dict[str, Any]
    process: VendorProcess
    clock_advances: list[dict[str, float]] = field(default_factory=list)
    expects_expiry: bool = False  # the scenario's clock script expires access keys mid-task
    aborted_at: dict[int, int] = field(default_factory=dict)  # task id -> seq of the customer's abort
    notes: list[str] = field(default_factory=list)  # what the harness's script did or could not do
    faults: list[dict[str, Any]] = field(default_factory=list)  # GET /__sim__/faults at the end: seen, met, metAt
    quality: list[dict[str, Any]] = field(default_factory=list)  # per unseen fixture: scores and timeline
    fixture_seed: int | None = None  # the seed the unseen fixtures were drawn from (replay: certify --seed)

    def task(self, task_id: int) -> TaskPlan | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def final_task(self, task_id: int) -> dict[str, Any] | None:
        return next((t for t in self.state.get("tasks", []) if int(t["id"]) == task_id), None)

    def calls(self, service: str, action: str) -> list[dict[str, Any]]:
        return [
            e
            for e in self.journal
            if e.get("kind") == "api" and e.get("service") == service and e.get("action") == action
        ]

    def advanced_between(self, start: float, end: float) -> float:
        return sum(a["seconds"] for a in self.clock_advances if start <= a["at"] <= end)


def run_from_dict(doc: dict[str, Any]) -> Run:
    """A Run back from its JSON form (dataclasses.asdict), e.g. a recorded run in the tests or a report."""
    return Run(
        **{
            **doc,
            "tasks": [TaskPlan(**t) for t in doc["tasks"]],
            "process": VendorProcess(**doc["process"]),
            "aborted_at": {int(k): int(v) for k, v in doc.get("aborted_at", {}).items()},
        }
    )
