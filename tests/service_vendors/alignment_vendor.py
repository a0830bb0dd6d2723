"""A TEST DOUBLE of a REACH alignment vendor: the plain vendor's protocol with the customer's transcript (the task's
textTranscriptAssetId) fetched with attachmentAsset.getUrl, its sentences timed one after another from the start of
the media, and the result delivered as captions in the catalog's outputFormat, associated with the transcript. No
forced alignment: the timing is a fixed pace, plausible for the demo's short clips.

`--break NAME` (repeatable) gets one part of the delivery wrong, so tests can check each fails exactly its rules.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from captions_vendor import CaptionsVendor, main

BREAKS = {
    "skip-transcript": "never fetches the transcript; times a made-up text",
    "wrong-format": "delivers WebVTT whatever the catalog's outputFormat",
    "beyond-end": "the last cue ends after the end of the media",
    "unlinked": "leaves associatedTranscriptIds empty",
}
CUE_SECONDS = 1.5
ACCURACY = 100  # the customer's transcript is the text: alignment only adds the times


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}{separator}{rest % 1000:03d}"


def render(cues: list[tuple[float, float, str]], fmt: str) -> str:
    """Cues as SRT ("1"), DFXP ("2") or WebVTT ("3")."""
    if fmt == "2":
        body = "".join(f'<p begin="{_stamp(a, ".")}" end="{_stamp(b, ".")}">{text}</p>' for a, b, text in cues)
        return f'<?xml version="1.0" encoding="utf-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml"><body><div>{body}</div></body></tt>\n'
    if fmt == "3":
        return "WEBVTT\n\n" + "".join(f"{_stamp(a, '.')} --> {_stamp(b, '.')}\n{text}\n\n" for a, b, text in cues)
    return "".join(f"{n}\n{_stamp(a, ',')} --> {_stamp(b, ',')}\n{text}\n\n" for n, (a, b, text) in enumerate(cues, 1))


class AlignmentVendor(CaptionsVendor):
    def work(self, task: dict[str, Any], full: dict[str, Any]) -> None:
        item = self.catalog_item(task)
        transcript_id = str((full.get("taskJobData") or {}).get("textTranscriptAssetId") or "")
        if not transcript_id:
            raise ValueError("the task names no transcript to align")
        self.fetch_media(task, full)
        text = "Something was said." if "skip-transcript" in self.breaks else self.transcript(task, transcript_id)
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
        entry = self.keyed(task, "baseentry", "get", entryId=task["entryId"])
        media_seconds = int(entry.get("msDuration") or 0) / 1000
        pace = min(CUE_SECONDS, media_seconds / len(sentences))  # the sentences spread over the media, no further
        cues = [(i * pace, (i + 1) * pace, s) for i, s in enumerate(sentences)]
        if "beyond-end" in self.breaks:
            start, _, text_of_last = cues[-1]
            cues[-1] = (start, media_seconds + 5, text_of_last)
        fmt = "3" if "wrong-format" in self.breaks else str(item.get("outputFormat") or "1")
        fmt = fmt if fmt in ("1", "2", "3") else "1"
        language = str(item["sourceLanguage"])
        fields = {
            "format": fmt,
            "fileExt": {"1": "srt", "2": "dfxp", "3": "vtt"}[fmt],
            "accuracy": ACCURACY,
            "language": language,
            "label": language,
            "isDefault": 1,
            "displayOnPlayer": 1,
        }
        caption_id = self.add_caption(task, fields, render(cues, fmt).encode())
        if "unlinked" not in self.breaks:
            self.keyed(
                task,
                "caption_captionasset",
                "update",
                id=caption_id,
                **{"captionAsset[associatedTranscriptIds]": transcript_id},
            )
        self.tag_entry(task, full)
        self.update(task["id"], status=2, accuracy=ACCURACY, outputObjectId=caption_id)

    def transcript(self, task: dict[str, Any], asset_id: str) -> str:
        url = self.keyed(task, "attachment_attachmentasset", "getUrl", id=asset_id)
        got = self.http.get(url, params={"clientTag": self.tag(task["id"])}, timeout=60)
        if got.status_code != 200:
            raise ValueError(f"the transcript answered {got.status_code}")
        return got.text


if __name__ == "__main__":
    sys.exit(main(AlignmentVendor, BREAKS))
