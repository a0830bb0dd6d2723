"""Re-record the runs the rule unit tests read: the plain test-double vendor, whole or with one step broken, run
against scenarios in a live simulator; each Run saved as JSON under tests/conformance/data/.

    PYTHONPATH=. python tests/conformance/record_runs.py            # everything (a few minutes)
    PYTHONPATH=. python tests/conformance/record_runs.py no-processing

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
VENDOR = HERE / "vendors" / "plain_vendor.py"
# variant -> (scenarios, real-time limit per scenario): "good" is the unbroken double on every scenario.
VARIANTS: dict[str, tuple[tuple[str, ...], float]] = {
    "good": (scenarios.PROTOCOL, 30.0),
    "vendor-ks-for-get": (("hls-happy-path",), 10.0),
    "no-processing": (("hls-happy-path",), 10.0),
    "wrong-client-tag": (("hls-happy-path",), 10.0),
    "ignore-flavor-order": (("flavor-preference-later-match",), 10.0),
    "no-http-fallback": (("no-hls",), 10.0),
    "ready-without-output": (("hls-happy-path",), 10.0),
    "error-without-description": (("corrupt-media",), 10.0),
    "process-aborted": (("aborted-before-pickup",), 10.0),
    "never-extend": (("access-key-expiry",), 10.0),
    "hammer": (("hls-happy-path",), 10.0),
    "crash": (("hls-happy-path",), 10.0),
    "garbage": (("hls-happy-path",), 6.0),
    "hang": (("hls-happy-path",), 6.0),
}


def command(variant: str) -> str:
    flags = "" if variant == "good" else f" --break {variant}"
    return f"{sys.executable} {VENDOR}{flags}"


def record(variants: list[str]) -> None:
    DATA.mkdir(exist_ok=True)
    with live_simulator() as server, contextlib.closing(Stager(server.url)) as stager:
        for variant in variants:
            names, timeout = VARIANTS[variant]
            for name in names:
                with tempfile.TemporaryDirectory() as out:
                    run = run_scenario(stager, scenarios.load(name), command(variant), Path(out), timeout)
                run.process.command = f"plain_vendor.py{command(variant).split('plain_vendor.py')[1]}"
                path = DATA / f"{variant}__{name}.json"
                path.write_text(json.dumps(dataclasses.asdict(run), indent=1, sort_keys=True) + "\n")
                print(f"{path.name}: {len(run.journal)} journal entries")


if __name__ == "__main__":
    record(sys.argv[1:] or list(VARIANTS))
