"""How long `reachsim certify --profile protocol` takes with the reference vendor, against the plain requests test
double (no OCR) as the baseline measured in the same run.

    PYTHONPATH=. python bench/certify.py [--rounds 1]

Prints, per vendor: the whole profile's wall time, the simulator's start-up (once per certify run), the time per
scenario, and the reference/baseline ratios; and the verdict counts, so a fast run that failed is visible.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from conformance import scenarios
from conformance.results import Report
from conformance.runner import certify

ROOT = Path(__file__).resolve().parents[1]
VENDORS = {
    "reference": f"{sys.executable} -m simulator.cli vendor",
    "plain double (baseline)": f"{sys.executable} {ROOT / 'tests' / 'conformance' / 'vendors' / 'plain_vendor.py'}",
}


def measure(command: str) -> tuple[float, Report]:
    with tempfile.TemporaryDirectory(prefix="reachsim-bench-certify-") as out:
        began = time.perf_counter()
        report = certify(command, list(scenarios.PROFILES["protocol"]), Path(out))
        return time.perf_counter() - began, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    print(f"protocol profile: {len(scenarios.PROFILES['protocol'])} scenarios, {os.cpu_count()} CPUs visible")
    totals: dict[str, float] = {}
    for name, command in VENDORS.items():
        runs = [measure(command) for _ in range(args.rounds)]
        wall = statistics.median(w for w, _ in runs)
        report = runs[-1][1]
        scenario_seconds = {s.scenario: s.seconds for s in report.scenarios}
        start = report.seconds - sum(scenario_seconds.values())
        totals[name] = wall
        print(f"\n{name}: {wall:.1f} s in all (simulator start {start:.1f} s), exit status {report.exit_status()}")
        print(f"  verdicts: {report.counts()}")
        for scenario, seconds in scenario_seconds.items():
            print(f"  {scenario:32} {seconds:5.1f} s")
    reference, baseline = totals["reference"], totals["plain double (baseline)"]
    print(
        f"\nreference / baseline: {reference / baseline:.2f}x; target: reference under 60 s -> "
        f"{'met' if reference < 60 else 'not met'} ({reference:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
