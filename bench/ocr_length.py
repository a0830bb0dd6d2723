"""How OCR time grows with video length: `reachsim ocr` on the first 10, 40 and 160 s of one pinned fixture.

The clips are prefixes of the same fixture (stream copies, so the same slides, fonts and encoding), OCR'd one
after the other by `reachsim ocr` in a fresh process each (engine start-up included, as a vendor would pay it).
Baseline, same run: ffmpeg's full decode of each clip (the floor any OCR that looks at every frame would pay).
Prints wall and CPU seconds per clip, the realtime factor, OCR / decode, each clip's time against the shortest's
(against the length ratio), and a least-squares fit time = fixed + per-second x length.

    python bench/ocr_length.py [--fixture lecture-10min] [--lengths 10,40,160]

CPU seconds (the OCR process and its workers) move less with other load on the machine than wall seconds.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fixtures import render


def cut(video: Path, seconds: float, out: Path) -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", str(video), "-t", f"{seconds:g}", "-c", "copy", str(out)],
        check=True,
    )
    return out


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child and everything it waited for) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def fit(lengths: list[float], times: list[float]) -> tuple[float, float]:
    """Least squares time = fixed + per_second * length."""
    n = len(lengths)
    mean_x, mean_y = sum(lengths) / n, sum(times) / n
    spread = sum((x - mean_x) ** 2 for x in lengths)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(lengths, times, strict=True)) / spread if spread else 0.0
    return mean_y - slope * mean_x, slope


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", default="lecture-10min", help="a fixture at least as long as the longest clip")
    parser.add_argument("--lengths", default="10,40,160", help="clip lengths in seconds, shortest first")
    args = parser.parse_args()
    lengths = sorted(float(x) for x in args.lengths.split(","))
    source = render.ensure(args.fixture).video
    print(f"fixture {args.fixture}; load average (1 min) {os.getloadavg()[0]:.1f} at the start")
    rows = []
    with tempfile.TemporaryDirectory(prefix="reachsim-ocrlen-") as tmp:
        for length in lengths:
            clip = cut(source, length, Path(tmp) / f"clip-{length:g}.mp4")
            decode_wall, _ = timed(["ffmpeg", "-v", "error", "-nostdin", "-i", str(clip), "-an", "-f", "null", "-"])
            out = Path(tmp) / f"clip-{length:g}.json"
            wall, cpu = timed([sys.executable, "-m", "simulator.cli", "ocr", str(clip), "-o", str(out)])
            rows.append((length, wall, cpu, decode_wall))
    first = rows[0]
    print(
        f"{'length s':>9} {'OCR wall s':>11} {'OCR CPU s':>10} {'RTF':>7} {'decode s':>9} {'OCR/decode':>11} "
        f"{'wall x':>7} {'CPU x':>7} {'length x':>9}"
    )
    for length, wall, cpu, decode_wall in rows:
        print(
            f"{length:9g} {wall:11.2f} {cpu:10.2f} {length / wall:6.1f}x {decode_wall:9.2f} "
            f"{wall / decode_wall:10.1f}x {wall / first[1]:6.2f}x {cpu / first[2]:6.2f}x {length / first[0]:8.1f}x"
        )
    fixed, per_second = fit([r[0] for r in rows], [r[1] for r in rows])
    cpu_fixed, cpu_per_second = fit([r[0] for r in rows], [r[2] for r in rows])
    print(
        f"fit, wall: {fixed:.2f} s fixed + {per_second * 1000:.1f} ms per video second; "
        f"CPU: {cpu_fixed:.2f} s + {cpu_per_second * 1000:.1f} ms per video second"
    )
    print(f"load average (1 min) {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
