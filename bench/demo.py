"""How long `reachsim demo --exit` takes from a cold cache (fixtures rendered, media transcoded) and from the warm
cache the cold run left, the warm run being the baseline measured in the same run.

    PYTHONPATH=. python bench/demo.py [--fixtures NAME ...]

Each run is the real command in its own process with `REACHSIM_CACHE_DIR` set to one new temporary directory, so
the cold run starts with nothing cached and the warm run finds exactly what the cold run cached. Prints both wall
times, the cold/warm ratio and the demo's table from the warm run (a fast run that failed is visible).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_demo(cache: Path, fixtures: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "REACHSIM_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    chosen = ["--fixtures", *fixtures] if fixtures else []
    command = [sys.executable, "-m", "simulator.cli", "demo", "--exit", *chosen]
    began = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    return time.perf_counter() - began, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", nargs="+", default=[], help="fixtures to pass on (default: the demo's own)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reachsim-bench-demo-") as cache:
        cold, cold_run = run_demo(Path(cache), args.fixtures)
        warm, warm_run = run_demo(Path(cache), args.fixtures)
    print(f"cores: {os.cpu_count()}")
    print(f"cold cache: {cold:6.1f} s (exit {cold_run.returncode})")
    print(f"warm cache: {warm:6.1f} s (exit {warm_run.returncode})  baseline")
    print(f"cold/warm:  {cold / warm:6.2f}x")
    print(warm_run.stdout)
    if warm_run.returncode or cold_run.returncode:
        print(cold_run.stderr[-2000:], warm_run.stderr[-2000:], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
