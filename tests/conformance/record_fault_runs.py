"""Re-record the runs the resilience and fairness rule tests read: the reference vendor, whole or with one reaction
to faults broken (vendors/faulty_reference.py), against the fault scenarios; each Run saved as JSON under
tests/conformance/data/ as faults-VARIANT__SCENARIO.json.

    PYTHONPATH=. python tests/conformance/record_fault_runs.py              # every variant
    PYTHONPATH=. python tests/conformance/record_fault_runs.py tight-loop   # one

The tests never run this; they read what it wrote. Re-record when the journal's shape or a scenario changes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
import tempfile
from pathlib import Path

from conformance import scenarios
from conformance.runner import live_simulator, run_scenario
from conformance.staging import Stager

HERE = Path(__file__).parent
DATA = HERE / "data"
FAULTY = HERE / "vendors" / "faulty_reference.py"
# variant -> the scenarios that show it; "good" runs every resilience scenario.
VARIANTS: dict[str, tuple[str, ...]] = {
    "good": scenarios.RESILIENCE,
    "tight-loop": ("fault-updatejob-5xx",),
    "double-upload": ("fault-delivery",),
    "leave-processing": ("fault-segment-dropped",),
    "keep-expired-session": ("fault-vendor-session-expired",),
    "fifo": ("fairness-backlogs",),
}


def command(variant: str) -> str:
    if variant == "good":
        return f"{sys.executable} -m simulator.cli vendor"
    return f"{sys.executable} {FAULTY} {variant}"


def record(chosen: list[str]) -> None:
    DATA.mkdir(exist_ok=True)
    with live_simulator() as server, contextlib.closing(Stager(server.url)) as stager:
        for variant in chosen or list(VARIANTS):
            for name in VARIANTS[variant]:
                cmd = command(variant)
                with tempfile.TemporaryDirectory() as out:
                    run = run_scenario(stager, scenarios.load(name), cmd, Path(out))
                run.process.command = cmd.replace(sys.executable, "python").replace(str(HERE) + "/", "")
                path = DATA / f"faults-{variant}__{name}.json"
                path.write_text(json.dumps(dataclasses.asdict(run), indent=1, sort_keys=True) + "\n")
                print(f"{path.name}: {len(run.journal)} journal entries", flush=True)


if __name__ == "__main__":
    unknown = [v for v in sys.argv[1:] if v not in VARIANTS]
    if unknown:
        sys.exit(f"usage: record_fault_runs.py [{' '.join(VARIANTS)}]")
    record(sys.argv[1:])
