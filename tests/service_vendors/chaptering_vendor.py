"""A TEST DOUBLE of a REACH chaptering vendor: the plain vendor's protocol with chapters as thumb cue points
(subType CHAPTER) instead of an OCR insight. No scene analysis: it splits the entry into fixed, titled thirds.

`--break NAME` (repeatable) gets one part of the delivery wrong, so tests can check each fails exactly its rules.
"""

from __future__ import annotations

import sys
from typing import Any

from captions_vendor import CaptionsVendor, main

BREAKS = {
    "slides": "adds the cue points as SLIDE (1), not CHAPTER (2)",
    "beyond-end": "puts the last chapter after the end of the entry",
    "untitled": "chapters without titles",
}
TITLES = ("Opening", "Main part", "Closing")


class ChapteringVendor(CaptionsVendor):
    def work(self, task: dict[str, Any], full: dict[str, Any]) -> None:
        self.fetch_media(task, full)
        entry = self.keyed(task, "baseentry", "get", entryId=task["entryId"])
        duration = int(entry.get("msDuration") or 0)
        if duration <= 0:
            raise ValueError("the entry has no duration to chapter")
        ids = []
        for index, title in enumerate(TITLES):
            start = index * duration // len(TITLES)
            if "beyond-end" in self.breaks and index == len(TITLES) - 1:
                start = duration + 1000
            ids.append(self.add_chapter(task, start, "" if "untitled" in self.breaks else title))
        self.tag_entry(task, full)
        self.update(task["id"], status=2, accuracy=80, outputObjectId=ids[0])

    def add_chapter(self, task: dict[str, Any], start_ms: int, title: str) -> str:
        fields = {
            "objectType": "KalturaThumbCuePoint",
            "entryId": task["entryId"],
            "startTime": start_ms,
            "subType": 1 if "slides" in self.breaks else 2,
            "title": title,
        }
        added = self.keyed(task, "cuepoint_cuepoint", "add", **{f"cuePoint[{k}]": v for k, v in fields.items()})
        return str(added["id"])


if __name__ == "__main__":
    sys.exit(main(ChapteringVendor, BREAKS))
