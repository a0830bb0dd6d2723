"""Scoring an OCR insight against fixture truth: time-aware WER/CER, line recall, timing error, spurious items.

Time-aware WER: the timeline is sampled every 0.5 s; at each instant the truth lines and the delivered lines on
screen are paired (box overlap and text similarity), paired lines count their word edits, unpaired truth lines
count as deletions and unpaired delivered lines as insertions. Works on the JSON alone: a truth dict
(`reachsim/truth/v1`) and an insight dict (`reachsim/ocr/v1`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import jiwer
from rapidfuzz import fuzz

STEP = 0.5
MATCH_SIMILARITY = 0.6  # normalised text similarity for a delivered line to count as a truth line


def normalise(text: str) -> str:
    """Lower case, punctuation stripped at word edges, single spaces."""
    words = (re.sub(r"^\W+|\W+$", "", w) for w in text.lower().split())
    return " ".join(w for w in words if w)


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(normalise(a), normalise(b)) / 100.0


def _interp(path: list[dict], t: float) -> tuple[float, float, float, float]:
    pts = sorted(path, key=lambda p: p["t"])
    if t <= pts[0]["t"]:
        p = pts[0]
        return p["left"], p["top"], p["width"], p["height"]
    for a, b in itertools.pairwise(pts):
        if a["t"] <= t <= b["t"]:
            f = (t - a["t"]) / max(b["t"] - a["t"], 1e-9)
            return tuple(a[k] + f * (b[k] - a[k]) for k in ("left", "top", "width", "height"))
    p = pts[-1]
    return p["left"], p["top"], p["width"], p["height"]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Intersection over the smaller box."""
    iw = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    ih = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    return iw * ih / max(min(a[2] * a[3], b[2] * b[3]), 1e-9)


@dataclass
class _Shown:
    key: tuple  # (line or item id, instance number)
    text: str
    box: tuple[float, float, float, float]


def _truth_at(truth: dict, t: float) -> list[_Shown]:
    out = []
    for line in truth.get("lines", []):
        for n, inst in enumerate(line["instances"]):
            if inst["start"] <= t < inst["end"]:
                b = inst["box"]
                box = _interp(inst["path"], t) if inst.get("path") else (b["left"], b["top"], b["width"], b["height"])
                out.append(_Shown((line["id"], n), line["text"], box))
    return out


def _frame_scale(truth: dict, doc: dict) -> tuple[float, float]:
    """How to bring delivered boxes into the truth's pixels. A vendor reports boxes in pixels of the video it read,
    which may be a smaller flavor than the truth's frame (the 640x360 rendition of a 1280x720 clip); the insight's
    `video` says which. Without a size there, its pixels are taken as the truth's."""
    frame, read = truth.get("video") or {}, doc.get("video") or {}
    try:
        sx = float(frame["width"]) / float(read["width"])
        sy = float(frame["height"]) / float(read["height"])
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return 1.0, 1.0
    return (sx, sy) if sx > 0 and sy > 0 else (1.0, 1.0)


def _delivered_at(doc: dict, t: float, scale: tuple[float, float] = (1.0, 1.0)) -> list[_Shown]:
    sx, sy = scale
    out = []
    for item in doc.get("ocr", []):
        for n, inst in enumerate(item["instances"]):
            if inst["start"] <= t < inst["end"]:
                left, top, width, height = (
                    _interp(inst["boxes"], t)
                    if inst.get("boxes")
                    else (item["left"], item["top"], item["width"], item["height"])
                )
                out.append(_Shown((item["id"], n), item["text"], (left * sx, top * sy, width * sx, height * sy)))
    return out


def _pair(truth: list[_Shown], got: list[_Shown]) -> list[tuple[_Shown, _Shown]]:
    """Greedy pairing, best first: text similarity, helped by box overlap; a pair needs either to be strong."""
    cands = []
    for i, a in enumerate(truth):
        for j, b in enumerate(got):
            sim, ov = similarity(a.text, b.text), _overlap(a.box, b.box)
            if sim >= 0.5 or ov >= 0.5:
                cands.append((sim + 0.5 * ov, i, j))
    pairs, used_t, used_g = [], set(), set()
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_t and j not in used_g:
            used_t.add(i)
            used_g.add(j)
            pairs.append((truth[i], got[j]))
    return pairs


def _edits(ref: str, hyp: str) -> tuple[int, int, int, int]:
    """(word edits, ref words, char edits, ref chars) between normalised texts."""
    ref, hyp = normalise(ref), normalise(hyp)
    if not ref:
        return len(hyp.split()), 0, len(hyp), 0
    if not hyp:
        return len(ref.split()), len(ref.split()), len(ref), len(ref)
    w = jiwer.process_words(ref, hyp)
    c = jiwer.process_characters(ref, hyp)
    return (
        w.substitutions + w.deletions + w.insertions,
        len(ref.split()),
        c.substitutions + c.deletions + c.insertions,
        len(ref),
    )


def score(truth: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """All figures for one video; see the module docstring. Rates are None when undefined (no truth text)."""
    duration = float(truth["video"]["duration"])
    w_err = w_ref = c_err = c_ref = 0
    paired_items: set = set()
    scroll_items: dict[str, set] = {}
    kinds = {line["id"]: line.get("kind", "static") for line in truth.get("lines", [])}
    scale = _frame_scale(truth, doc)
    t = STEP / 2
    while t < duration:
        shown_t, shown_d = _truth_at(truth, t), _delivered_at(doc, t, scale)
        pairs = _pair(shown_t, shown_d)
        for a, b in pairs:
            we, wr, ce, cr = _edits(a.text, b.text)
            w_err, w_ref, c_err, c_ref = w_err + we, w_ref + wr, c_err + ce, c_ref + cr
            paired_items.add(b.key[0])
            if kinds.get(a.key[0]) == "scroll":
                scroll_items.setdefault(a.key[0], set()).add(b.key[0])
        for a in shown_t:
            if all(a is not p[0] for p in pairs):
                n = normalise(a.text)
                w_err, w_ref = w_err + len(n.split()), w_ref + len(n.split())
                c_err, c_ref = c_err + len(n), c_ref + len(n)
        for b in shown_d:
            if all(b is not p[1] for p in pairs):
                n = normalise(b.text)
                w_err, c_err = w_err + len(n.split()), c_err + len(n)
        t += STEP

    matches = _match_instances(truth, doc)
    instances = sum(len(line["instances"]) for line in truth.get("lines", []))
    found = [m for m in matches if m is not None]
    hard = [m for m in found if m["kind"] == "static"]
    start_err = [abs(m["start_error"]) for m in found]
    end_err = [abs(m["end_error"]) for m in found]
    matched_items = {m["item"] for m in found} | paired_items
    spurious = sum(1 for item in doc.get("ocr", []) if item["id"] not in matched_items)
    return {
        "wer": w_err / w_ref if w_ref else None,
        "cer": c_err / c_ref if c_ref else None,
        "word_errors": w_err,
        "truth_words": w_ref,
        "line_recall": len(found) / instances if instances else None,
        "lines": instances,
        "lines_found": len(found),
        "mean_start_error": sum(start_err) / len(start_err) if start_err else None,
        "mean_end_error": sum(end_err) / len(end_err) if end_err else None,
        "max_hard_cut_error": max((max(abs(m["start_error"]), abs(m["end_error"])) for m in hard), default=None),
        "items": len(doc.get("ocr", [])),
        "spurious_items": spurious,
        "spurious_per_minute": spurious / (duration / 60.0) if duration else 0.0,
        "items_per_scrolling_line": (
            sum(len(v) for v in scroll_items.values()) / len(scroll_items) if scroll_items else None
        ),
    }


def _match_instances(truth: dict, doc: dict) -> list[dict | None]:
    """For each truth instance, the best time-overlapping delivered instance with similar text."""
    out: list[dict | None] = []
    for line in truth.get("lines", []):
        for inst in line["instances"]:
            best, best_key = None, 0.0
            for item in doc.get("ocr", []):
                sim = similarity(line["text"], item["text"])
                if sim < MATCH_SIMILARITY:
                    continue
                for d in item["instances"]:
                    ov = min(inst["end"], d["end"]) - max(inst["start"], d["start"])
                    if ov <= 0:
                        continue
                    key = sim + ov / max(inst["end"] - inst["start"], 1e-9)
                    if key > best_key:
                        best_key = key
                        best = {
                            "line": line["id"],
                            "item": item["id"],
                            "kind": line.get("kind", "static"),
                            "start_error": d["start"] - inst["start"],
                            "end_error": d["end"] - inst["end"],
                        }
            out.append(best)
    return out


def box_overlap(truth: dict[str, Any], doc: dict[str, Any]) -> float | None:
    """Mean intersection-over-union of the boxes of truth lines and the delivered lines paired with them, over the
    same 0.5 s samples as the WER; None when no line was ever paired."""
    total, pairs = 0.0, 0
    duration = float(truth["video"]["duration"])
    scale = _frame_scale(truth, doc)
    t = STEP / 2
    while t < duration:
        for a, b in _pair(_truth_at(truth, t), _delivered_at(doc, t, scale)):
            total += _iou(a.box, b.box)
            pairs += 1
        t += STEP
    return total / pairs if pairs else None


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    iw = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    ih = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    return inter / max(a[2] * a[3] + b[2] * b[3] - inter, 1e-9)
