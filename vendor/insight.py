"""The OCR insight document (`reachsim/ocr/v1`): its schema, validation, and the one place it is shaped.

The simulator, the vendor and the certification harness all load the schema through `load_schema()`, so the
shipped JSON file is the single definition of the format. This module needs only the standard library and
jsonschema (the simulator imports it); exporters to other services' shapes live in `vendor.exporters`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jsonschema

SCHEMA_ID = "reachsim/ocr/v1"

Rect = tuple[int, int, int, int]  # left, top, width, height in video pixels


@functools.cache
def load_schema() -> dict[str, Any]:
    text = resources.files("vendor").joinpath("schemas/reachsim-ocr-v1.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def validation_errors(doc: Any) -> list[str]:
    """Every schema violation, as "path: message" lines (empty when valid)."""
    validator = jsonschema.Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}" for e in errors]


def validate(doc: Any) -> None:
    """Raise jsonschema.ValidationError when the document does not follow the shipped schema."""
    jsonschema.Draft202012Validator(load_schema()).validate(doc)


@dataclass(frozen=True)
class Instance:
    """One appearance: [start, end) in seconds; `boxes` are (t, box) keyframes of a line that moves."""

    start: float
    end: float
    boxes: tuple[tuple[float, Rect], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": round(self.start, 3), "end": round(self.end, 3)}
        if self.boxes:
            out["boxes"] = [
                {"t": round(t, 3), "left": int(b[0]), "top": int(b[1]), "width": int(b[2]), "height": int(b[3])}
                for t, b in self.boxes
            ]
        return out


@dataclass(frozen=True)
class Item:
    """One distinct text at one place, with every time it appears."""

    text: str
    confidence: float  # 0..1
    language: str  # BCP-47
    box: Rect  # where it first appears
    instances: tuple[Instance, ...]

    def to_dict(self, number: int) -> dict[str, Any]:
        x, y, w, h = self.box
        return {
            "id": number,
            "text": self.text,
            "confidence": round(min(max(self.confidence, 0.0), 1.0), 4),
            "language": self.language,
            "left": int(x),
            "top": int(y),
            "width": int(w),
            "height": int(h),
            "angle": 0,  # the engines read horizontal lines only
            "instances": [inst.to_dict() for inst in self.instances],
        }


@dataclass(frozen=True)
class VideoFacts:
    duration: float
    width: int
    height: int
    fps: float


@dataclass(frozen=True)
class EngineFacts:
    version: str
    mode: str
    languages: tuple[str, ...]  # BCP-47
    name: str = "reachsim-ocr"


def build(video: VideoFacts, engine: EngineFacts, items: Sequence[Item]) -> dict[str, Any]:
    """The insight document (without entryId/taskId, which the vendor adds for a task); items keep their order
    and are numbered from 1."""
    return {
        "schema": SCHEMA_ID,
        "video": {
            "duration": round(video.duration, 3),
            "width": video.width,
            "height": video.height,
            "fps": round(video.fps, 3),
        },
        "engine": {
            "name": engine.name,
            "version": engine.version,
            "mode": engine.mode,
            "languages": list(engine.languages),
        },
        "ocr": [item.to_dict(n) for n, item in enumerate(items, start=1)],
    }


def for_task(doc: dict[str, Any], entry_id: str, task_id: str, language: str) -> dict[str, Any]:
    """The engine's document as a REACH task delivers it: entryId and taskId after the schema, and every item's
    language (BCP-47) where the engine left it out."""
    out = {"schema": doc["schema"], "entryId": entry_id, "taskId": task_id, **doc}
    out["ocr"] = [{**item, "language": item.get("language") or language} for item in doc.get("ocr", [])]
    return out
