"""OCR benchmark: accuracy on every fixture, speed against the decode floor and a naive baseline.

    python -m bench.ocr.run_bench [--mode default] [--only NAME ...] [--skip-speed]

Prints one table for accuracy (time-aware WER/CER, line recall, start/end error, spurious items) and one for
speed (realtime factor = video seconds per wall second) with, from the same run, the full-decode time of the same
video (the floor) and the in-process Tesseract 1-fps baseline (`bench.ocr.naive.tesserocr`: the full frame once a
second, a new item whenever the text changes).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from collections import Counter
from pathlib import Path

from bench.ocr import naive
from conformance import scoring
from vendor.ocr import OCRError, run_with_stats

SPEED_FIXTURES = ("lecture-10min", "newsroom-2min")


def decode_floor(video: Path) -> float:
    """Wall seconds of a plain full decode with ffmpeg's own threads on every core."""
    t0 = time.perf_counter()
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", str(video), "-an", "-f", "null", "-"], check=True)
    return time.perf_counter() - t0


def fixture_languages(truth: dict) -> list[str]:
    """The languages of the fixture's lines (BCP-47, most lines first), as the OCR request names them."""
    counts = Counter(line.get("language") or "en" for line in truth.get("lines", []))
    return [tag for tag, _ in counts.most_common()] or ["en"]


def fmt(value, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    from fixtures import catalog, render

    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="default", choices=("fast", "default", "accurate"))
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--json", help="also write the raw figures here")
    args = ap.parse_args(argv)
    names = args.only or (catalog.names("catalog") + catalog.names("bench"))
    rows, speed, raw = [], [], {}
    for name in names:
        try:
            fx = render.ensure(name)
        except Exception as exc:  # a fixture that cannot render here (e.g. CJK fonts absent) is reported, not fatal
            print(f"{name}: skipped ({exc})")
            continue
        truth = json.loads(Path(fx.truth).read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        langs = fixture_languages(truth)
        try:
            doc, stats = run_with_stats(fx.video, langs, mode=args.mode)
        except OCRError as exc:  # a language no engine reads here is reported, not fatal
            print(f"{name}: skipped ({exc})")
            continue
        wall = time.perf_counter() - t0
        s = scoring.score(truth, doc)
        dur = truth["video"]["duration"]
        raw[name] = {"score": s, "wall": wall, "stats": stats, "tags": truth.get("tags", []), "languages": langs}
        rows.append((name, ",".join(truth.get("tags", [])), s, wall, dur, stats))
        print(
            f"{name}: wer={fmt(s['wer'])} recall={fmt(s['line_recall'])} rtf={dur / wall:.1f}x "
            f"calls={stats['ocr_calls']}",
            flush=True,
        )
        if name in SPEED_FIXTURES and not args.skip_speed:
            floor = decode_floor(Path(fx.video))
            base_doc, base_wall = naive.tesserocr(Path(fx.video))
            base_doc["video"] = doc["video"]
            bs = scoring.score(truth, base_doc)
            speed.append((name, dur, wall, floor, base_wall, s, bs))
            raw[name].update({"floor": floor, "baseline_wall": base_wall, "baseline_score": bs})
    print()
    print(f"Accuracy, mode {args.mode} (time-aware WER/CER sampled every 0.5 s; errors in seconds)")
    print()
    print(
        "| fixture | tags | WER | CER | line recall | mean start err | mean end err | max hard-cut err "
        "| items | spurious/min | items per scroll line | RTF | OCR calls |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, tags, s, wall, dur, stats in rows:
        print(
            f"| {name} | {tags} | {fmt(s['wer'])} | {fmt(s['cer'])} | {fmt(s['line_recall'])} "
            f"| {fmt(s['mean_start_error'])} | {fmt(s['mean_end_error'])} | {fmt(s['max_hard_cut_error'])} "
            f"| {s['items']} | {fmt(s['spurious_per_minute'], 2)} | {fmt(s['items_per_scrolling_line'], 2)} "
            f"| {dur / wall:.1f}x | {stats['ocr_calls']} |"
        )
    if speed:
        print()
        print("Speed (realtime factor = video s / wall s, 2 cores; same run)")
        print()
        print(
            "| fixture | ours wall s | ours RTF | full-decode floor RTF | naive baseline RTF | ours / baseline "
            "| ours WER | baseline WER |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for name, dur, wall, floor, base_wall, s, bs in speed:
            print(
                f"| {name} | {wall:.1f} | {dur / wall:.1f}x | {dur / floor:.1f}x | {dur / base_wall:.1f}x "
                f"| {base_wall / wall:.1f}x | {fmt(s['wer'])} | {fmt(bs['wer'])} |"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
