"""Run every benchmark in bench/, each printing its own figures and ratios, then a summary.

    python -m bench                    # full size, every benchmark (hours: OCR and certification included)
    python -m bench --quick            # reduced sizes (tens of minutes)
    python -m bench --only api_cpu api_scaling
    python -m bench --list             # names, commands at both sizes

Run from the repository root. Each benchmark runs in its own process, one after the other (they measure time, so
never two at once), with this interpreter and the repository first on PYTHONPATH; its output is shown as it comes
and a failed benchmark does not stop the others. The summary gives each one's exit status and wall time and the
load average before and after it, since every figure depends on what else the machine was doing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Bench:
    name: str
    what: str
    full: tuple[str, ...]
    quick: tuple[str, ...]
    needs: str | None = None  # an executable on PATH, else the benchmark is skipped

    def command(self, quick: bool) -> list[str]:
        return [sys.executable, *(self.quick if quick else self.full)]


BENCHES = (
    Bench(
        "api_cpu",
        "CPU, SQL statements and transactions per API call, in-process (vs health)",
        ("bench/api_cpu.py", "--calls", "2000"),
        ("bench/api_cpu.py", "--calls", "300"),
    ),
    Bench(
        "api_load",
        "API under load with wrk, 2 threads x 8 connections (vs health, same run)",
        ("bench/api_load.py", "--seconds", "5", "--rounds", "2"),
        ("bench/api_load.py", "--seconds", "2", "--rounds", "1"),
        needs="wrk",
    ),
    Bench(
        "api_scaling",
        "API latency with 1k, 10k, 100k tasks and entries (vs the smallest store)",
        ("bench/api_scaling.py", "--sizes", "1000,10000,100000", "--calls", "200"),
        ("bench/api_scaling.py", "--sizes", "1000,10000", "--calls", "30"),
    ),
    Bench(
        "media_delivery",
        "HLS and MP4 delivery vs a static server; memory while serving a 1 GiB flavor",
        ("bench/media_delivery.py", "--rounds", "200", "--big-gib", "1"),
        ("bench/media_delivery.py", "--rounds", "20", "--big-gib", "0.25"),
    ),
    Bench(
        "https_overhead",
        "HTTPS (cheroot) vs plain HTTP (waitress, cheroot)",
        ("bench/https_overhead.py", "--rounds", "200"),
        ("bench/https_overhead.py", "--rounds", "20"),
    ),
    Bench(
        "search_latency",
        "text-in-video search vs a full scan",
        ("bench/search_latency.py", "--entries", "10000", "--rounds", "20"),
        ("bench/search_latency.py", "--entries", "1000", "--rounds", "5"),
    ),
    Bench(
        "ocr_length",
        "OCR time against video length (vs the full decode of each clip)",
        ("bench/ocr_length.py", "--lengths", "10,40,160"),
        ("bench/ocr_length.py", "--lengths", "10,20,40"),
    ),
    Bench(
        "ocr",
        "OCR accuracy on every fixture; speed vs the decode floor and a naive baseline",
        ("-m", "bench.ocr.run_bench"),
        ("-m", "bench.ocr.run_bench", "--only", "lecture-short", "news-ticker", "--skip-speed"),
    ),
    Bench(
        "ocr_unseen",
        "OCR on unseen-style clips vs the naive script",
        ("-m", "bench.ocr.unseen_bench", "--split", "test"),
        ("-m", "bench.ocr.unseen_bench", "--split", "test", "--only", "unseen-test-slides-0"),
    ),
    Bench(
        "vendor_flow",
        "reference vendor, task created to READY (vs the OCR engine alone)",
        ("bench/vendor_flow.py", "--fixture", "tiny-slide", "--fixture", "newsroom-2min", "--fixture", "lecture-10min"),
        ("bench/vendor_flow.py", "--fixture", "tiny-slide"),
    ),
    Bench(
        "certify",
        "certify --profile protocol, reference vendor vs the plain test double",
        ("bench/certify.py", "--rounds", "1"),
        ("bench/certify.py", "--rounds", "1"),
    ),
    Bench(
        "certify_full",
        "certify --profile full vs the protocol profile",
        ("bench/certify_full.py", "--fixtures", "8"),
        ("bench/certify_full.py", "--fixtures", "2"),
    ),
    Bench(
        "demo",
        "reachsim demo --exit, cold cache vs warm cache",
        ("bench/demo.py",),
        ("bench/demo.py", "--fixtures", "lecture-short"),
    ),
    Bench(
        "render_fixtures",
        "fixture rendering: the catalog (and the pinned bench fixtures at full size)",
        ("bench/render_fixtures.py", "--bench"),
        ("bench/render_fixtures.py",),
    ),
)
BY_NAME = {bench.name: bench for bench in BENCHES}


@dataclass
class Outcome:
    bench: Bench
    status: str
    seconds: float
    load_before: float
    load_after: float


def run(bench: Bench, quick: bool) -> Outcome:
    load_before = os.getloadavg()[0]
    if bench.needs and shutil.which(bench.needs) is None:
        print(f"skipped: `{bench.needs}` is not installed", flush=True)
        return Outcome(bench, f"skipped (no {bench.needs})", 0.0, load_before, load_before)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    try:
        code = subprocess.run(bench.command(quick), cwd=ROOT, env=env, check=False).returncode
    except KeyboardInterrupt:
        code = -2
    status = "ok" if code == 0 else f"failed (exit {code})"
    return Outcome(bench, status, time.perf_counter() - started, load_before, os.getloadavg()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes")
    parser.add_argument("--only", nargs="+", choices=list(BY_NAME), metavar="NAME", help="these benchmarks only")
    parser.add_argument("--skip", nargs="+", choices=list(BY_NAME), metavar="NAME", default=[], help="leave out")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and their commands")
    args = parser.parse_args(argv)
    chosen = [BY_NAME[name] for name in args.only] if args.only else list(BENCHES)
    chosen = [bench for bench in chosen if bench.name not in args.skip]
    if args.list:
        for bench in chosen:
            print(f"{bench.name:16} {bench.what}")
            print(f"{'':16}   full:  python {' '.join(bench.full)}")
            print(f"{'':16}   quick: python {' '.join(bench.quick)}")
        return 0
    outcomes = []
    for bench in chosen:
        print(f"\n===== {bench.name}: {bench.what}", flush=True)
        print(f"$ python {' '.join(bench.quick if args.quick else bench.full)}", flush=True)
        outcomes.append(run(bench, args.quick))
        if outcomes[-1].status == "failed (exit -2)":
            break  # interrupted: stop here, still print what ran
    print(f"\n===== summary ({'quick' if args.quick else 'full'} size, {os.cpu_count()} cores)")
    print(f"{'benchmark':16} {'status':22} {'wall s':>8} {'load before':>12} {'load after':>11}")
    for outcome in outcomes:
        print(
            f"{outcome.bench.name:16} {outcome.status:22} {outcome.seconds:8.1f} "
            f"{outcome.load_before:12.1f} {outcome.load_after:11.1f}"
        )
    return 0 if all(o.status == "ok" or o.status.startswith("skipped") for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
