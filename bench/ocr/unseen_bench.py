"""OCR on unseen-style clips (fixtures/unseen): our default mode against a naive 1-fps Tesseract script.

    python -m bench.ocr.unseen_bench [--split test|dev] [--round R] [--mode default] [--only NAME ...] [--json OUT]

For every clip of the split, ours and the baseline run one right after the other (interleaved), so machine load
affects both alike and the speed ratio stays meaningful on a shared machine. Prints per-clip figures, per-class
means (time-aware WER/CER, line recall) and the totals: mean WER, mean recall, realtime factor of each, ratio,
and the CPU seconds of each (this process and its finished children), the figure a loaded machine distorts least.
Tune on `--split dev`; report `--split test`, on a round (`--round R`: clips 2R and 2R+1 of each class) no
choice between engines has been made on yet.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from bench.ocr.run_bench import fmt, naive_baseline
from conformance import scoring
from fixtures import unseen
from vendor.ocr import Runner


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (ffmpeg, ffprobe): on a machine shared with other
    jobs, the work done is comparable where wall time is not. Clips under `pipeline.SHORT_SECONDS` are read in
    this process, so no worker process's time is missed."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", choices=unseen.SPLITS)
    ap.add_argument("--mode", default="default", choices=("fast", "default", "accurate"))
    ap.add_argument("--round", type=int, default=0, help="clips 2R and 2R+1 of each class (a fresh held-out set)")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--json", help="also write the raw figures here")
    args = ap.parse_args(argv)
    names = args.only or unseen.names(args.split, args.round)
    load0 = os.getloadavg()
    rows = []
    with Runner() as runner:
        for name in names:
            try:
                video, truth_path = unseen.ensure(name)
            except unseen.Unavailable as exc:
                print(f"{name}: skipped ({exc})", flush=True)
                continue
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            dur = truth["video"]["duration"]
            t0, c0 = time.perf_counter(), cpu_seconds()
            doc, stats = runner.run(video, ["en"], args.mode)
            wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
            s = scoring.score(truth, doc)
            row = {"name": name, "kind": name.split("-")[2], "duration": dur, "wall": wall, "cpu": cpu}
            row.update(score=s, stats=stats)
            if not args.no_baseline:
                c0 = cpu_seconds()
                base_doc, base_wall = naive_baseline(Path(video))
                base_doc["video"] = doc["video"]
                row.update(baseline_wall=base_wall, baseline_cpu=cpu_seconds() - c0)
                row.update(baseline_score=scoring.score(truth, base_doc))
            rows.append(row)
            base = (
                f" | baseline wer={fmt(row['baseline_score']['wer'])} rtf={dur / row['baseline_wall']:.1f}x"
                f" cpu={row['baseline_cpu']:.1f}s"
                if "baseline_wall" in row
                else ""
            )
            print(
                f"{name}: wer={fmt(s['wer'])} cer={fmt(s['cer'])} recall={fmt(s['line_recall'])} "
                f"rtf={dur / wall:.1f}x cpu={cpu:.1f}s calls={stats['ocr_calls']}{base}",
                flush=True,
            )
    load1 = os.getloadavg()
    print()
    print(f"Split {args.split}, mode {args.mode}; load average {load0[0]:.1f} at start, {load1[0]:.1f} at end")
    print()
    print("| class | clips | WER | CER | line recall | ours RTF | baseline WER | baseline recall | baseline RTF |")
    print("|---|---|---|---|---|---|---|---|---|")
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)

    def mean(rs: list[dict], key: str, score: str = "score") -> float | None:
        vals = [r[score][key] for r in rs if score in r and r[score][key] is not None]
        return float(np.mean(vals)) if vals else None

    def rtf(rs: list[dict], wall: str) -> str:
        if not all(wall in r for r in rs):
            return "–"
        return f"{sum(r['duration'] for r in rs) / sum(r[wall] for r in rs):.1f}x"

    for kind, rs in [*by_kind.items(), ("**all**", rows)]:
        print(
            f"| {kind} | {len(rs)} | {fmt(mean(rs, 'wer'))} | {fmt(mean(rs, 'cer'))} | {fmt(mean(rs, 'line_recall'))} "
            f"| {rtf(rs, 'wall')} | {fmt(mean(rs, 'wer', 'baseline_score'))} "
            f"| {fmt(mean(rs, 'line_recall', 'baseline_score'))} | {rtf(rs, 'baseline_wall')} |"
        )
    if rows and all("baseline_wall" in r for r in rows):
        ours, theirs = sum(r["wall"] for r in rows), sum(r["baseline_wall"] for r in rows)
        print()
        print(
            f"Total wall: ours {ours:.1f} s, baseline {theirs:.1f} s; ours is {theirs / ours:.2f}x the baseline's speed"
        )
        ours, theirs = sum(r["cpu"] for r in rows), sum(r["baseline_cpu"] for r in rows)
        print(f"Total CPU: ours {ours:.1f} s, baseline {theirs:.1f} s; ours needs {ours / theirs:.2f}x the CPU")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
