"""OCR on unseen-style clips (fixtures/unseen): our default mode against 1-fps Tesseract baselines.

    python -m bench.ocr.unseen_bench [--split test|dev] [--round R] [--mode default] [--only NAME ...]
                                     [--baseline script tesserocr | --no-baseline] [--json OUT]

For every clip of the split, ours and each baseline (`bench.ocr.naive`: the naive pytesseract script issue 21
measured, and a stronger in-process Tesseract one) run one right after the other (interleaved), so machine load
affects all alike and the speed ratios stay meaningful on a shared machine. Prints per-clip figures, per-class
means (time-aware WER/CER, line recall) and the totals: mean WER, mean recall, realtime factor of each, ratios,
and the CPU seconds of each (this process and its finished children, `tesseract` processes included), the figure
a loaded machine distorts least.
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

from bench.ocr import naive
from bench.ocr.run_bench import fmt
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
    ap.add_argument("--baseline", nargs="+", choices=sorted(naive.BASELINES), default=sorted(naive.BASELINES))
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--json", help="also write the raw figures here")
    args = ap.parse_args(argv)
    names = args.only or unseen.names(args.split, args.round)
    baselines = [] if args.no_baseline else args.baseline
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
            for base in baselines:
                c0 = cpu_seconds()
                base_doc, base_wall = naive.BASELINES[base](Path(video))
                base_doc["video"] = doc["video"]
                row[base] = {"wall": base_wall, "cpu": cpu_seconds() - c0, "score": scoring.score(truth, base_doc)}
            rows.append(row)
            theirs = "".join(
                f" | {base} wer={fmt(row[base]['score']['wer'])} rtf={dur / row[base]['wall']:.1f}x"
                f" cpu={row[base]['cpu']:.1f}s"
                for base in baselines
            )
            print(
                f"{name}: wer={fmt(s['wer'])} cer={fmt(s['cer'])} recall={fmt(s['line_recall'])} "
                f"rtf={dur / wall:.1f}x cpu={cpu:.1f}s calls={stats['ocr_calls']}{theirs}",
                flush=True,
            )
    load1 = os.getloadavg()
    print()
    print(f"Split {args.split}, mode {args.mode}; load average {load0[0]:.1f} at start, {load1[0]:.1f} at end")
    print()
    print(
        "| class | clips | WER | CER | line recall | ours RTF |"
        + "".join(f" {b} WER | {b} recall | {b} RTF |" for b in baselines)
    )
    print("|---|---|---|---|---|---|" + "---|---|---|" * len(baselines))
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)

    def mean(rs: list[dict], key: str) -> str:
        vals = [r["score"][key] for r in rs if r["score"][key] is not None]
        return fmt(float(np.mean(vals)) if vals else None)

    def rtf(rs: list[dict]) -> str:
        return f"{sum(r['duration'] for r in rs) / sum(r['wall'] for r in rs):.1f}x"

    for kind, rs in [*by_kind.items(), ("**all**", rows)]:
        cells = []
        for base in baselines:
            part = [{"duration": r["duration"], **r[base]} for r in rs]
            cells.append(f" {mean(part, 'wer')} | {mean(part, 'line_recall')} | {rtf(part)} |")
        print(
            f"| {kind} | {len(rs)} | {mean(rs, 'wer')} | {mean(rs, 'cer')} | {mean(rs, 'line_recall')} "
            f"| {rtf(rs)} |" + "".join(cells)
        )
    ours_wall, ours_cpu = sum(r["wall"] for r in rows), sum(r["cpu"] for r in rows)
    if rows:
        video = sum(r["duration"] for r in rows)
        print()
        print(f"Total: {video:.0f} s of video; ours {ours_wall:.1f} s wall, {ours_cpu:.1f} s CPU")
    for base in baselines if rows else []:
        wall, cpu = sum(r[base]["wall"] for r in rows), sum(r[base]["cpu"] for r in rows)
        print(
            f"Against {base}: {wall:.1f} s wall, {cpu:.1f} s CPU; ours is {wall / ours_wall:.2f}x its speed "
            f"and needs {ours_cpu / cpu:.2f}x its CPU"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
