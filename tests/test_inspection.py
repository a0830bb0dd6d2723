"""Deliverable inspection: insight validation and caption parsing, including arbitrary input."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import inspection

INSIGHT = {
    "schema": "reachsim/ocr/v1",
    "entryId": "0_abc",
    "taskId": 7,
    "video": {"duration": 12.0, "width": 1280, "height": 720, "fps": 25.0},
    "engine": {"name": "tesseract", "version": "5.3", "languages": ["eng"]},
    "ocr": [
        {
            "id": 1,
            "text": "HELLO",
            "confidence": 0.9,
            "language": "en-US",
            "left": 10,
            "top": 20,
            "width": 100,
            "height": 30,
            "angle": 0,
            "instances": [{"start": 1.0, "end": 2.5}],
        }
    ],
}


def inspect(tmp_path: Path, data: bytes, *, kind: str, fmt: str, name: str = "f") -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    return inspection.inspect_file(path, kind=kind, fmt=fmt, file_name=name)


def test_valid_insight(tmp_path: Path) -> None:
    found = inspect(tmp_path, json.dumps(INSIGHT).encode(), kind="attachment", fmt="4", name="ocr.json")
    assert found["kind"] == "ocr-insight" and found["valid"] is True and found["errors"] == []
    assert found["contentType"] == "application/json" and found["ocrItems"] == 1
    assert len(found["sha256"]) == 64


def test_invalid_insight_lists_errors(tmp_path: Path) -> None:
    doc = {**INSIGHT, "ocr": [{**INSIGHT["ocr"][0], "confidence": 3}]}
    found = inspect(tmp_path, json.dumps(doc).encode(), kind="attachment", fmt="4")
    assert found["valid"] is False
    assert any("confidence" in error for error in found["errors"])


def test_declared_json_that_is_not_json(tmp_path: Path) -> None:
    found = inspect(tmp_path, b"{not json", kind="attachment", fmt="4")
    assert found["valid"] is False and found["errors"][0].startswith("not valid JSON")


def test_other_attachments_are_only_described(tmp_path: Path) -> None:
    found = inspect(tmp_path, b"just text", kind="attachment", fmt="1", name="notes.txt")
    assert (found["kind"], found["valid"], found["contentType"]) == ("file", None, "text/plain")


def test_srt() -> None:
    text = "1\r\n00:00:01,000 --> 00:00:02,000\r\nHi\r\n\r\n2\r\n00:01:00,500 --> 00:01:02,000\r\nx\r\n"
    report = inspection.parse_srt(text)
    assert (report.cues, report.first, report.last, report.errors) == (2, 1.0, 62.0, [])
    broken = inspection.parse_srt("1\n00:00:05,000 --> 00:00:04,000\nback\n\n2\nno timing\n")
    assert broken.cues == 1 and len(broken.errors) == 2


def test_vtt() -> None:
    text = "WEBVTT\n\nNOTE hi\n\nc1\n00:01.000 --> 00:02.000 align:start\nA\n\n01:00:00.000 --> 01:00:01.000\nB\n"
    report = inspection.parse_vtt(text)
    assert (report.cues, report.first, report.last, report.errors) == (2, 1.0, 3601.0, [])
    assert inspection.parse_vtt("00:01.000 --> 00:02.000\nA\n").errors[0].startswith("the file does not start")


def test_dfxp() -> None:
    ttml = (
        '<tt xmlns="http://www.w3.org/ns/ttml"><body><div>'
        '<p begin="00:00:01.000" end="00:00:02.000">a</p><p begin="3s" dur="1500ms">b</p>'
        '<p begin="later">c</p></div></body></tt>'
    )
    report = inspection.parse_dfxp(ttml)
    assert (report.cues, report.first, report.last) == (2, 1.0, 4.5)
    assert len(report.errors) == 1
    assert inspection.parse_dfxp("<tt><p").errors[0].startswith("not well-formed XML")


def test_caption_file_inspection(tmp_path: Path) -> None:
    found = inspect(tmp_path, b"WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", kind="caption", fmt="3")
    assert found["kind"] == "captions" and found["valid"] is True and found["captions"]["cues"] == 1
    assert found["contentType"] == "text/vtt"
    latin1 = inspect(tmp_path, b"1\n00:00:00,000 --> 00:00:01,000\ncaf\xe9\n", kind="caption", fmt="1")
    assert latin1["valid"] is False and latin1["errors"][0].startswith("not UTF-8")


@settings(max_examples=300)
@given(st.text())
def test_parsers_never_crash_on_text(text: str) -> None:
    for parser in inspection.CAPTION_PARSERS.values():
        report = parser(text)
        assert report.cues >= 0 and len(report.errors) <= inspection.MAX_ERRORS


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["1", "\n", "00:00:01,000", " --> ", "00:01.000", "WEBVTT", "-->", ":", ",", "x"])))
def test_parsers_never_crash_on_caption_like_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    for parser in inspection.CAPTION_PARSERS.values():
        parser(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_inspection_never_crashes_on_bytes(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as workdir:
        for kind, fmt in (("attachment", "4"), ("caption", "1"), ("caption", "2"), ("caption", "3")):
            found = inspect(Path(workdir), data, kind=kind, fmt=fmt)
            assert found["size"] == len(data)


def test_a_vtt_attachment_is_parsed_as_webvtt(tmp_path: Path) -> None:
    """Extended audio descriptions arrive as a `vtt` attachment: its cues are counted like captions'."""
    vtt = b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nA door opens.\n"
    path = tmp_path / "aad.vtt"
    path.write_bytes(vtt)
    found = inspection.inspect_file(path, kind="attachment", fmt="3", file_name="aad.vtt", file_ext="vtt")
    assert found["kind"] == "captions" and found["valid"] is True and found["captions"]["cues"] == 1
