"""One result model for every report: verdicts per rule per scenario, the run they judged, and the exit status."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from conformance.model import Outcome, Rule, Run, Severity, Verdict

EXIT_OK = 0
EXIT_MUST_FAILED = 1
EXIT_HARNESS_ERROR = 3
EXIT_FAULT_NOT_REACHED = 4


@dataclass
class RuleResult:
    rule_id: str
    severity: str
    statement: str
    citation: str
    verdict: str
    message: str
    evidence: list[int]


@dataclass
class ScenarioResult:
    scenario: str
    summary: str
    results: list[RuleResult]
    run: Run | None  # None when the harness could not stage or run the scenario
    harness_error: str = ""
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        out = {v.value: 0 for v in Verdict}
        for result in self.results:
            out[result.verdict] += 1
        return out


@dataclass
class Report:
    vendor_command: str
    profile: str
    started_at: str
    seconds: float
    scenarios: list[ScenarioResult] = field(default_factory=list)
    fixture_seed: int | None = None  # seed of the unseen fixtures (`reachsim certify --seed` replays them)

    def must_failures(self) -> list[tuple[str, RuleResult]]:
        return [
            (s.scenario, r)
            for s in self.scenarios
            for r in s.results
            if r.severity == Severity.MUST and r.verdict == Verdict.FAIL
        ]

    def harness_errors(self) -> list[tuple[str, RuleResult]]:
        return [(s.scenario, r) for s in self.scenarios for r in s.results if r.verdict == Verdict.HARNESS_ERROR]

    def faults_not_reached(self) -> list[tuple[str, RuleResult]]:
        return [(s.scenario, r) for s in self.scenarios for r in s.results if r.verdict == Verdict.FAULT_NOT_REACHED]

    def exit_status(self) -> int:
        """0 only when every MUST rule passed (or did not apply); a harness fault is never the vendor's failure,
        and a fault never reached proves nothing, so it is no pass either."""
        if self.must_failures():
            return EXIT_MUST_FAILED
        if self.harness_errors() or any(s.harness_error for s in self.scenarios):
            return EXIT_HARNESS_ERROR
        if self.faults_not_reached():
            return EXIT_FAULT_NOT_REACHED
        return EXIT_OK

    def counts(self) -> dict[str, int]:
        total = {v.value: 0 for v in Verdict}
        for scenario in self.scenarios:
            for verdict, n in scenario.counts().items():
                total[verdict] += n
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            "vendorCommand": self.vendor_command,
            "profile": self.profile,
            "startedAt": self.started_at,
            "seconds": round(self.seconds, 2),
            "exitStatus": self.exit_status(),
            "fixtureSeed": self.fixture_seed,
            "counts": self.counts(),
            "scenarios": [
                {
                    "scenario": s.scenario,
                    "summary": s.summary,
                    "seconds": round(s.seconds, 2),
                    "harnessError": s.harness_error,
                    "counts": s.counts(),
                    "results": [asdict(r) for r in s.results],
                    "run": asdict(s.run) if s.run else None,
                }
                for s in self.scenarios
            ],
        }


def _result(rule: Rule, outcome: Outcome) -> RuleResult:
    return RuleResult(
        rule.id,
        rule.severity.value,
        rule.statement,
        rule.citation,
        outcome.verdict.value,
        outcome.message,
        list(outcome.evidence),
    )


def evaluate(rules: list[Rule], run: Run) -> list[RuleResult]:
    """Every rule's verdict on the run; a rule that raises is the harness's fault, reported as such."""
    out = []
    for rule in rules:
        try:
            outcome = rule.check(run)
        except Exception as exc:
            outcome = Outcome(Verdict.HARNESS_ERROR, f"the rule's check raised {type(exc).__name__}: {exc}")
        out.append(_result(rule, outcome))
    return out


def harness_failed(rules: list[Rule], message: str) -> list[RuleResult]:
    return [_result(rule, Outcome(Verdict.HARNESS_ERROR, message)) for rule in rules]
