"""Deliverable inspection: what a vendor delivered, checked when it lands.

Every file attached to an asset gets its size, sha256 and content type recorded; a reachsim OCR insight is
validated against the shipped JSON Schema, caption files (SRT, WebVTT, DFXP) are parsed for their cue count,
first and last time and parse errors, and media a vendor delivers as a flavor (dubbed or described audio tracks)
is probed with ffprobe for its container, codecs, AAC profile and audio bitrate. Inspection only observes: the
API accepts whatever the real server would, and the harness and the portal read the findings from the asset or
flavor (`GET /__sim__/state`) and the journal.

The parsers take arbitrary text and never raise; a problem becomes a line in `errors`.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from simulator.media.errors import MediaError
from simulator.media.probe import probe
from vendor import insight

INSPECT_MAX_BYTES = 32 * 1024 * 1024  # larger files are hashed but not parsed
MAX_ERRORS = 20  # enough to show what is wrong without flooding the journal

CAPTION_FORMATS = {"1": "srt", "2": "dfxp", "3": "webvtt", "4": "cap", "5": "scc"}
CONTENT_TYPES = {
    "json": "application/json",
    "srt": "application/x-subrip",
    "webvtt": "text/vtt",
    "vtt": "text/vtt",
    "dfxp": "application/ttml+xml",
    "scc": "text/plain",
    "cap": "application/octet-stream",
}

_SRT_TIME = r"(\d{1,3}):(\d{2}):(\d{2})[,.](\d{1,3})"
_SRT_TIMING = re.compile(rf"^\s*{_SRT_TIME}\s*-->\s*{_SRT_TIME}")
_VTT_TIME = r"(?:(\d{1,3}):)?(\d{2}):(\d{2})\.(\d{3})"
_VTT_TIMING = re.compile(rf"^\s*{_VTT_TIME}\s+-->\s+{_VTT_TIME}(?:\s|$)")
_CLOCK = re.compile(r"^(\d+):(\d{2}):(\d{2})(?:\.(\d+)|:(\d+(?:\.\d+)?))?$")
_OFFSET = re.compile(r"^(\d+(?:\.\d+)?)(h|m|s|ms|f|t)$")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


@dataclass
class CaptionReport:
    format: str
    cues: int = 0
    first: float | None = None  # start of the earliest cue, seconds
    last: float | None = None  # end of the latest cue, seconds
    errors: list[str] = field(default_factory=list)

    def add_cue(self, start: float, end: float, where: str) -> None:
        if end < start:
            self.error(f"{where}: ends ({end:.3f}s) before it starts ({start:.3f}s)")
        self.cues += 1
        self.first = start if self.first is None else min(self.first, start)
        self.last = end if self.last is None else max(self.last, end)

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)


def _hms(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis.ljust(3, "0")[:3]) / 1000


def _blocks(text: str) -> list[str]:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return [b for b in _BLANK_LINES.split(normalised) if b.strip()]


def parse_srt(text: str) -> CaptionReport:
    report = CaptionReport("srt")
    for number, block in enumerate(_blocks(text), start=1):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines and lines[0].strip().isdigit():
            lines = lines[1:]
        match = _SRT_TIMING.match(lines[0]) if lines else None
        if match is None:
            report.error(f"block {number}: no 'HH:MM:SS,mmm --> HH:MM:SS,mmm' timing line")
            continue
        groups = match.groups()
        report.add_cue(_hms(*groups[:4]), _hms(*groups[4:]), f"cue {number}")
        if len(lines) < 2:
            report.error(f"cue {number}: no text")
    if report.cues == 0 and not report.errors:
        report.error("no cues")
    return report


def parse_vtt(text: str) -> CaptionReport:
    report = CaptionReport("webvtt")
    blocks = _blocks(text)
    if not blocks or not re.match(r"^WEBVTT(?:[ \t]|$)", blocks[0].split("\n", 1)[0]):
        report.error("the file does not start with 'WEBVTT'")
    for number, block in enumerate(blocks[1:] if blocks else [], start=1):
        lines = block.split("\n")
        if lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        match = _VTT_TIMING.match(lines[timing]) if timing is not None else None
        if match is None:
            report.error(f"block {number}: no 'MM:SS.mmm --> MM:SS.mmm' timing line")
            continue
        groups = match.groups()
        report.add_cue(_hms(*groups[:4]), _hms(*groups[4:]), f"cue {number}")
    if report.cues == 0 and not report.errors:
        report.error("no cues")
    return report


def _ttml_time(value: str, frame_rate: float) -> float | None:
    value = value.strip()
    clock = _CLOCK.match(value)
    if clock:
        hours, minutes, seconds, fraction, frames = clock.groups()
        total: float = int(hours) * 3600 + int(minutes) * 60 + int(seconds)
        if fraction:
            total += float(f"0.{fraction}")
        if frames:
            total += float(frames) / frame_rate
        return float(total)
    offset = _OFFSET.match(value)
    if offset:
        number, unit = float(offset.group(1)), offset.group(2)
        scale = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "f": 1 / frame_rate, "t": 1 / 10_000_000}[unit]
        return number * scale
    return None


def parse_dfxp(text: str) -> CaptionReport:
    report = CaptionReport("dfxp")
    try:
        root = ET.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except (ET.ParseError, ValueError) as exc:
        report.error(f"not well-formed XML: {exc}")
        return report
    if root.tag.rsplit("}", 1)[-1] != "tt":
        report.error(f"the root element is <{root.tag}>, not <tt>")
    frame_rate = 30.0
    for name, value in root.attrib.items():
        if name.rsplit("}", 1)[-1] == "frameRate":
            try:
                frame_rate = float(value) or 30.0
            except ValueError:
                report.error(f"bad frameRate {value!r}")
    for number, para in enumerate((e for e in root.iter() if str(e.tag).rsplit("}", 1)[-1] == "p"), start=1):
        begin, end, dur = para.get("begin"), para.get("end"), para.get("dur")
        start = _ttml_time(begin, frame_rate) if begin is not None else None
        stop = _ttml_time(end, frame_rate) if end is not None else None
        if stop is None and dur is not None and start is not None:
            length = _ttml_time(dur, frame_rate)
            stop = start + length if length is not None else None
        if start is None or stop is None:
            report.error(f"<p> {number}: missing or unreadable begin/end ({begin!r}, {end if end else dur!r})")
            continue
        report.add_cue(start, stop, f"<p> {number}")
    if report.cues == 0 and not report.errors:
        report.error("no <p> cues")
    return report


CAPTION_PARSERS = {"srt": parse_srt, "webvtt": parse_vtt, "dfxp": parse_dfxp}


def insight_errors(doc: Any) -> list[str]:
    """Schema violations of an OCR insight document (empty when valid)."""
    return insight.validation_errors(doc)[:MAX_ERRORS]


def _digest(path: Path) -> tuple[int, str, bytes]:
    """Size, sha256 and the head of the file (up to INSPECT_MAX_BYTES + 1, enough to know it was cut)."""
    sha = hashlib.sha256()
    size = 0
    head = bytearray()
    with path.open("rb") as source:
        while block := source.read(1024 * 1024):
            sha.update(block)
            size += len(block)
            if len(head) <= INSPECT_MAX_BYTES:
                head += block[: INSPECT_MAX_BYTES + 1 - len(head)]
    return size, sha.hexdigest(), bytes(head)


def _decode(data: bytes, errors: list[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.append(f"not UTF-8 (byte {exc.start}); read with replacement characters")
        return data.decode("utf-8", errors="replace")


def inspect_file(
    path: Path, *, kind: str, fmt: str | None, file_name: str | None = None, file_ext: str | None = None
) -> dict[str, Any]:
    """Findings for one delivered file. kind is "attachment" or "caption"; fmt the asset's format value. A `vtt`
    attachment is parsed as WebVTT: extended audio descriptions are delivered that way (seeds/003)."""
    size, sha256, head = _digest(path)
    result: dict[str, Any] = {"size": size, "sha256": sha256, "kind": "file", "valid": None, "errors": []}
    caption_format = CAPTION_FORMATS.get(str(fmt)) if kind == "caption" else None
    if kind == "attachment" and str(file_ext or "").lower() == "vtt":
        caption_format = "webvtt"
    guessed = mimetypes.guess_type(file_name or "")[0]
    result["contentType"] = CONTENT_TYPES.get(caption_format or "", guessed or "application/octet-stream")
    if size > INSPECT_MAX_BYTES:
        result["errors"] = [f"larger than {INSPECT_MAX_BYTES} bytes: not parsed"]
        return result
    if caption_format:
        return _inspect_caption(result, caption_format, head)
    return _inspect_attachment(result, head, str(fmt) if fmt is not None else None)


def _inspect_caption(result: dict[str, Any], caption_format: str, data: bytes) -> dict[str, Any]:
    parser = CAPTION_PARSERS.get(caption_format)
    result["kind"] = "captions"
    if parser is None:
        result["errors"] = [f"{caption_format.upper()} files are stored but not parsed"]
        return result
    decode_errors: list[str] = []
    report = parser(_decode(data, decode_errors))
    report.errors = (decode_errors + report.errors)[:MAX_ERRORS]
    result["captions"] = asdict(report)
    result["valid"] = not report.errors
    result["errors"] = report.errors
    return result


def _inspect_attachment(result: dict[str, Any], data: bytes, fmt: str | None) -> dict[str, Any]:
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return result
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        if fmt == "4":  # declared JSON, but it is not
            result.update(kind="json", valid=False, errors=[f"not valid JSON: {exc}"])
        return result
    result["contentType"] = "application/json"
    result["kind"] = "json"
    if isinstance(doc, dict) and doc.get("schema") == insight.SCHEMA_ID:
        errors = insight_errors(doc)
        result.update(kind="ocr-insight", schema=insight.SCHEMA_ID, valid=not errors, errors=errors)
        result["ocrItems"] = len(doc["ocr"]) if isinstance(doc.get("ocr"), list) else None
    return result


def inspect_media(path: Path) -> dict[str, Any]:
    """Findings for a delivered flavor file: what ffprobe reads of it (`media`), or why it could not."""
    size, sha256, _ = _digest(path)
    result: dict[str, Any] = {"size": size, "sha256": sha256, "kind": "media", "valid": False, "errors": []}
    try:
        info = probe(path)
    except MediaError as exc:
        result.update(contentType="application/octet-stream", errors=[str(exc)])
        return result
    result["contentType"] = "audio/mp4" if not info.has_video and "mp4" in info.format_name else "video/mp4"
    result["valid"] = True
    result["media"] = {
        "formatName": info.format_name,
        "majorBrand": info.major_brand,
        "duration": round(info.duration, 3),
        "bitrate": info.bitrate,
        "videoCodec": info.video_codec,
        "audioCodec": info.audio_codec,
        "audioProfile": info.audio_profile,
        "audioBitrate": info.audio_bitrate,
        "audioChannels": info.audio_channels,
        "audioSampleRate": info.audio_sample_rate,
        "codecs": info.codecs,
    }
    return result
