"""`reachsim certify --profile full` with the reference vendor: wall time of the whole profile and of each scenario.

The baseline, measured in the same run, is the `protocol` profile alone (same vendor, same machine): the ratio says
what the resilience and OCR-quality scenarios add. Issue 15's target: `full` under 5 minutes on 2 cores.

    python bench/certify_full.py [--workers 2] [--seed N] [--fixtures 8]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from conformance.results import Report
from conformance.runner import Fixtures, certify
from conformance.scenarios import PROFILES

TARGET_SECONDS = 300.0


def timed(command: str, profile: str, fixtures: Fixtures, out: Path) -> tuple[float, Report]:
    started = time.monotonic()
    report = certify(command, list(PROFILES[profile]), out / profile, profile, fixtures=fixtures)
    return time.monotonic() - started, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=random.SystemRandom().randrange(2**31))
    parser.add_argument("--fixtures", type=int, default=8)
    args = parser.parse_args()
    command = f"{sys.executable} -m simulator.cli vendor --workers {args.workers}"
    fixtures = Fixtures(args.seed, args.fixtures)
    with tempfile.TemporaryDirectory(prefix="bench-certify-") as tmp:
        base_s, base = timed(command, "protocol", fixtures, Path(tmp))
        full_s, full = timed(command, "full", fixtures, Path(tmp))
    print(f"vendor: reachsim vendor --workers {args.workers}; fixture seed {args.seed}, {args.fixtures} fixtures")
    for scenario in full.scenarios:
        print(f"  {scenario.scenario:32} {scenario.seconds:6.1f} s")
    print(f"protocol (baseline): {base_s:6.1f} s, exit {base.exit_status()}")
    print(f"full:                {full_s:6.1f} s, exit {full.exit_status()}")
    for scenario, result in full.must_failures():
        print(f"  MUST failed: {scenario} {result.rule_id}: {result.message[:200]}")
    for scenario in full.scenarios:
        for q in scenario.run.quality if scenario.run else []:
            scores = q.get("scores") or {}
            figures = ", ".join(
                f"{k} {scores[k]:.2f}" for k in ("wer", "cer", "line_recall") if scores.get(k) is not None
            )
            print(f"  {q['fixture']:34} {figures or q.get('error')}")
    met = "met" if full_s < TARGET_SECONDS else "NOT met"
    print(f"full / protocol:     {full_s / base_s:6.2f}x; target {TARGET_SECONDS:.0f} s: {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
