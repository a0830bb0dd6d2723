"""`python -m bench` knows every benchmark in bench/, so a new one is never left out of the full run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_benchmark_script_is_in_the_runner() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "bench", "--list"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    scripts = {p.relative_to(ROOT).as_posix() for p in (ROOT / "bench").glob("*.py") if p.name != "__main__.py"}
    modules = {f"bench.ocr.{p.stem}" for p in (ROOT / "bench" / "ocr").glob("*_bench.py")}
    for name in sorted(scripts | modules):
        assert f" {name} " in listed.replace("\n", " "), f"{name} is not run by python -m bench"
