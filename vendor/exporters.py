"""The OCR insight in other services' shapes: Azure Video Indexer's `ocr` insight, Twelve Labs' text-in-video
segments, and WebVTT cues."""

from __future__ import annotations

import json
from typing import Any

FORMATS = ("reachsim", "azure", "twelvelabs", "vtt")


def azure_time(seconds: float) -> str:
    """Video Indexer's "H:MM:SS.f" strings: "0:00:45.5", "0:00:46", "0:01:02.0333333"."""
    ticks = round(max(seconds, 0.0) * 10_000_000)  # 100 ns ticks, as .NET TimeSpan
    whole, frac = divmod(ticks, 10_000_000)
    hours, rem = divmod(whole, 3600)
    minutes, secs = divmod(rem, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}"
    if frac:
        text += "." + f"{frac:07d}".rstrip("0")
    return text


def to_azure(doc: dict[str, Any]) -> dict[str, Any]:
    """The `ocr` element of a Video Indexer insights JSON: `{"ocr": [...]}`."""
    items = []
    for item in doc["ocr"]:
        instances = []
        for inst in item["instances"]:
            start, end = azure_time(inst["start"]), azure_time(inst["end"])
            # The twin has no trimmed timeline, so adjusted times equal the raw ones.
            instances.append({"adjustedStart": start, "adjustedEnd": end, "start": start, "end": end})
        items.append(
            {
                "id": item["id"],
                "text": item["text"],
                "confidence": round(float(item["confidence"]), 4),
                "left": item["left"],
                "top": item["top"],
                "width": item["width"],
                "height": item["height"],
                "angle": item["angle"],
                "language": item["language"],
                "instances": instances,
            }
        )
    return {"ocr": items}


def to_twelvelabs(doc: dict[str, Any]) -> dict[str, Any]:
    """Twelve Labs' text-in-video response: one `{start, end, value}` per appearance, ordered by time."""
    data = [
        {"start": round(inst["start"], 3), "end": round(inst["end"], 3), "value": item["text"]}
        for item in doc["ocr"]
        for inst in item["instances"]
    ]
    data.sort(key=lambda d: (d["start"], d["end"], d["value"]))
    return {"data": data}


def vtt_time(seconds: float) -> str:
    millis = round(max(seconds, 0.0) * 1000)
    hours, rem = divmod(millis, 3_600_000)
    minutes, rem = divmod(rem, 60_000)
    secs, ms = divmod(rem, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def _vtt_text(text: str) -> str:
    # Cue payloads may not contain "-->" and must escape markup characters.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def to_webvtt(doc: dict[str, Any]) -> str:
    """One cue per appearance; the cue settings place it near the text's own position on screen."""
    width = max(int(doc["video"]["width"]), 1)
    height = max(int(doc["video"]["height"]), 1)
    cues = []
    for item in doc["ocr"]:
        for n, inst in enumerate(item["instances"], start=1):
            if inst["end"] <= inst["start"]:
                continue
            line = min(max(round(100 * item["top"] / height), 0), 100)
            pos = min(max(round(100 * item["left"] / width), 0), 100)
            cues.append((inst["start"], inst["end"], f"ocr-{item['id']}-{n}", line, pos, _vtt_text(item["text"])))
    cues.sort()
    out = ["WEBVTT", ""]
    for start, end, ident, line, pos, text in cues:
        out += [ident, f"{vtt_time(start)} --> {vtt_time(end)} line:{line}% position:{pos}% align:start", text, ""]
    return "\n".join(out)


def export(doc: dict[str, Any], fmt: str) -> str:
    """The document rendered in one of FORMATS, as text ready to write."""
    if fmt == "reachsim":
        return json.dumps(doc, ensure_ascii=False, indent=1)
    if fmt == "azure":
        return json.dumps(to_azure(doc), ensure_ascii=False, indent=1)
    if fmt == "twelvelabs":
        return json.dumps(to_twelvelabs(doc), ensure_ascii=False, indent=1)
    if fmt == "vtt":
        return to_webvtt(doc)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
