"""Running one scripted service vendor against one scenario on a live simulator, and the rules it failed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance import scenarios
from conformance.model import Verdict
from conformance.results import evaluate
from conformance.rules import catalog
from conformance.runner import live_simulator, run_scenario
from conformance.staging import Stager


@pytest.fixture(scope="module")
def stager() -> Iterator[Stager]:
    with live_simulator() as server, contextlib.closing(Stager(server.url)) as staged:
        yield staged


def judge(stager: Stager, command: str, scenario: str, tmp_path: Path, timeout: float = 30.0) -> dict[str, Any]:
    run = run_scenario(stager, scenarios.load(scenario), command, tmp_path, timeout)
    return {r.rule_id: r for r in evaluate(catalog(), run)}


def failures(results: dict[str, Any]) -> set[str]:
    return {rid for rid, r in results.items() if r.verdict in (Verdict.FAIL, Verdict.HARNESS_ERROR)}
