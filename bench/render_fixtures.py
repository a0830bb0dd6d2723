"""Time fixture rendering: every catalog fixture into a fresh temporary cache, two at a time.

    python bench/render_fixtures.py            # the catalog (target: under 2 minutes on 2 cores)
    python bench/render_fixtures.py --bench    # also the pinned benchmark fixtures, one after the other

Prints the wall time of each fixture and of the whole run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fixtures import catalog, fonts, render  # needs the path set above when run as a script

CATALOG_BUDGET_S = 120.0


def _timed(name: str) -> tuple[str, float]:
    began = time.monotonic()
    render.ensure(name)
    return name, time.monotonic() - began


def _renderable(names: list[str]) -> list[str]:
    kept = []
    for name in names:
        try:
            render.check_fonts(catalog.get(name))
        except fonts.FontUnavailable as exc:
            print(f"skipped {name}: {exc}")
            continue
        kept.append(name)
    return kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", action="store_true", help="also render the benchmark fixtures")
    parser.add_argument("--jobs", type=int, default=2, help="catalog fixtures rendered at once (default 2)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reachsim-bench-") as cache:
        os.environ["REACHSIM_CACHE_DIR"] = cache  # a fresh cache, so every fixture really renders
        names = _renderable(catalog.names("catalog"))
        began = time.monotonic()
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for name, seconds in pool.map(_timed, names):
                spec = catalog.get(name)
                print(f"{name:20} {spec.width}x{spec.height} {spec.frames:5d} frames {seconds:6.1f} s")
        total = time.monotonic() - began
        verdict = "within" if total < CATALOG_BUDGET_S else "OVER"
        print(
            f"catalog: {len(names)} fixtures in {total:.1f} s with {args.jobs} jobs ({verdict} the "
            f"{CATALOG_BUDGET_S:.0f} s budget)"
        )
        if args.bench:
            for name in catalog.names("bench"):
                spec = catalog.get(name)
                _, seconds = _timed(name)
                fps = spec.frames / seconds
                print(
                    f"{name:20} {spec.width}x{spec.height} {spec.frames:5d} frames {seconds:6.1f} s "
                    f"({fps:.0f} frames/s, {spec.duration / seconds:.1f}x real time)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
