"""Re-record the runs the rule unit tests read: a vendor (the reference vendor, or the plain requests test double),
whole or with one step broken, run against scenarios in a live simulator; each Run saved as JSON under
tests/conformance/data/ as FAMILY-VARIANT__SCENARIO.json.

    PYTHONPATH=. python tests/conformance/record_runs.py plain              # the requests double, every variant
    PYTHONPATH=. python tests/conformance/record_runs.py ref no-processing  # the reference vendor, one variant

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
PLAIN = HERE / "vendors" / "plain_vendor.py"
BROKEN_REFERENCE = HERE / "vendors" / "broken_reference.py"
# break -> the scenario that shows it; "good" runs every protocol scenario.
BREAKS: dict[str, str] = {
    "vendor-ks-for-get": "hls-happy-path",
    "no-processing": "hls-happy-path",
    "wrong-client-tag": "hls-happy-path",
    "ignore-flavor-order": "flavor-preference-later-match",
    "no-http-fallback": "no-hls",
    "ready-without-output": "hls-happy-path",
    "error-without-description": "corrupt-media",
    "process-aborted": "aborted-before-pickup",
    "never-extend": "access-key-expiry",
    "hammer": "hls-happy-path",
    "crash": "hls-happy-path",
}
PLAIN_ONLY = {"garbage": "hls-happy-path", "hang": "hls-happy-path"}
TIMEOUT = 20.0


def command(family: str, variant: str) -> str:
    """The vendor command of a recorded variant: `plain` (the requests double) or `ref` (the reference vendor)."""
    if family == "plain":
        return f"{sys.executable} {PLAIN}" + ("" if variant == "good" else f" --break {variant}")
    if variant == "good":
        return f"{sys.executable} -m simulator.cli vendor"
    return f"{sys.executable} {BROKEN_REFERENCE} {variant}"


def variants(family: str) -> dict[str, tuple[str, ...]]:
    breaks = {**BREAKS, **(PLAIN_ONLY if family == "plain" else {})}
    return {"good": scenarios.PROTOCOL, **{name: (scenario,) for name, scenario in breaks.items()}}


def record(family: str, chosen: list[str]) -> None:
    DATA.mkdir(exist_ok=True)
    table = variants(family)
    with live_simulator() as server, contextlib.closing(Stager(server.url)) as stager:
        for variant in chosen or list(table):
            for name in table[variant]:
                cmd = command(family, variant)
                with tempfile.TemporaryDirectory() as out:
                    run = run_scenario(stager, scenarios.load(name), cmd, Path(out), TIMEOUT)
                run.process.command = cmd.replace(sys.executable, "python").replace(str(HERE) + "/", "")
                path = DATA / f"{family}-{variant}__{name}.json"
                path.write_text(json.dumps(dataclasses.asdict(run), indent=1, sort_keys=True) + "\n")
                print(f"{path.name}: {len(run.journal)} journal entries", flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("plain", "ref"):
        sys.exit("usage: record_runs.py plain|ref [VARIANT...]")
    record(sys.argv[1], sys.argv[2:])
