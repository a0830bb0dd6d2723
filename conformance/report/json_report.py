"""The machine-readable report: every verdict with its evidence, and the run (journal, state, vendor output)."""

from __future__ import annotations

import json

from conformance.results import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=1, default=str)
