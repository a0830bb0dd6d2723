import json
import re

import jsonschema
import pytest

from vendor import exporters, insight

DOC = {
    "schema": "reachsim/ocr/v1",
    "entryId": "0_abc",
    "taskId": 12,
    "video": {"duration": 10.0, "width": 1280, "height": 720, "fps": 30.0},
    "engine": {"name": "reachsim-ocr", "version": "x", "languages": ["en-US"]},
    "ocr": [
        {
            "id": 1,
            "text": "Hello <world> & co",
            "confidence": 0.91,
            "language": "en-US",
            "left": 100,
            "top": 80,
            "width": 300,
            "height": 40,
            "angle": 0,
            "instances": [{"start": 1.5, "end": 4.0}, {"start": 45.5, "end": 46.0333333}],
        },
        {
            "id": 2,
            "text": "Credits",
            "confidence": 0.5,
            "language": "en-US",
            "left": 10,
            "top": 700,
            "width": 90,
            "height": 30,
            "angle": 0,
            "instances": [
                {
                    "start": 0.0,
                    "end": 2.0,
                    "boxes": [
                        {"t": 0.0, "left": 10, "top": 700, "width": 90, "height": 30},
                        {"t": 2.0, "left": 10, "top": 540, "width": 90, "height": 30},
                    ],
                }
            ],
        },
    ],
}

AZURE_TIME = r"^\d+:\d{2}:\d{2}(\.\d{1,7})?$"
AZURE_SCHEMA = {
    "type": "object",
    "required": ["ocr"],
    "additionalProperties": False,
    "properties": {
        "ocr": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "id",
                    "text",
                    "confidence",
                    "left",
                    "top",
                    "width",
                    "height",
                    "angle",
                    "language",
                    "instances",
                ],
                "properties": {
                    "id": {"type": "integer"},
                    "text": {"type": "string"},
                    "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                    "left": {"type": "integer"},
                    "top": {"type": "integer"},
                    "width": {"type": "integer"},
                    "height": {"type": "integer"},
                    "angle": {"type": "number"},
                    "language": {"type": "string"},
                    "instances": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["adjustedStart", "adjustedEnd", "start", "end"],
                            "properties": {
                                k: {"type": "string", "pattern": AZURE_TIME}
                                for k in ("adjustedStart", "adjustedEnd", "start", "end")
                            },
                        },
                    },
                },
            },
        }
    },
}
TWELVELABS_SCHEMA = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "end", "value"],
                "additionalProperties": False,
                "properties": {"start": {"type": "number"}, "end": {"type": "number"}, "value": {"type": "string"}},
            },
        }
    },
}


def test_document_validates_and_bad_one_does_not():
    insight.validate(DOC)
    assert insight.validation_errors(DOC) == []
    bad = json.loads(json.dumps(DOC))
    bad["ocr"][0]["confidence"] = 1.5
    del bad["ocr"][1]["instances"]
    errors = insight.validation_errors(bad)
    assert len(errors) == 2 and any("confidence" in e for e in errors)
    with pytest.raises(jsonschema.ValidationError):
        insight.validate(bad)


def test_schema_is_the_shipped_file():
    assert insight.load_schema()["properties"]["schema"]["const"] == insight.SCHEMA_ID


@pytest.mark.parametrize(
    ("seconds", "text"), [(45.5, "0:00:45.5"), (46, "0:00:46"), (3725.25, "1:02:05.25"), (0, "0:00:00")]
)
def test_azure_time_strings(seconds, text):
    assert exporters.azure_time(seconds) == text


def test_azure_export_follows_video_indexer_shape():
    out = exporters.to_azure(DOC)
    jsonschema.validate(out, AZURE_SCHEMA)
    assert out["ocr"][0]["instances"][0] == {
        "adjustedStart": "0:00:01.5",
        "adjustedEnd": "0:00:04",
        "start": "0:00:01.5",
        "end": "0:00:04",
    }


def test_twelvelabs_export_is_sorted_segments():
    out = exporters.to_twelvelabs(DOC)
    jsonschema.validate(out, TWELVELABS_SCHEMA)
    assert [d["start"] for d in out["data"]] == sorted(d["start"] for d in out["data"])
    assert len(out["data"]) == 3


def parse_webvtt(text: str) -> list[tuple[float, float, str]]:
    """A strict reader of the subset we write: header, then cues of id, timing line, one payload line."""
    blocks = text.strip("\n").split("\n\n")
    assert blocks[0] == "WEBVTT"
    stamp = r"(\d{2,}):(\d{2}):(\d{2})\.(\d{3})"
    cues = []
    for block in blocks[1:]:
        ident, timing, payload = block.split("\n")
        assert ident and "-->" not in ident
        m = re.fullmatch(stamp + " --> " + stamp + r"( line:\d+% position:\d+% align:start)?", timing)
        assert m, timing
        g = [int(x) for x in m.groups()[:8]]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        assert end > start and "-->" not in payload and "<" not in payload
        cues.append((start, end, payload))
    return cues


def test_webvtt_export_parses_strictly():
    cues = parse_webvtt(exporters.to_webvtt(DOC))
    assert len(cues) == 3
    assert cues[0] == (0.0, 2.0, "Credits")
    assert (1.5, 4.0, "Hello &lt;world&gt; &amp; co") in cues


def test_export_dispatches_formats():
    for fmt in exporters.FORMATS:
        assert exporters.export(DOC, fmt)
    with pytest.raises(ValueError):
        exporters.export(DOC, "srt")
