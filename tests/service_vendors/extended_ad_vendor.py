"""A TEST DOUBLE of a REACH extended audio description vendor: the plain vendor's protocol with a fixed WebVTT of
timed descriptions delivered as a `vtt` attachment tagged AAD. No describer: the descriptions are fixed.

`--break NAME` (repeatable) gets one part of the delivery wrong, so tests can check each fails exactly its rules.
"""

from __future__ import annotations

import sys
from typing import Any

from captions_vendor import CaptionsVendor, main

BREAKS = {
    "no-aad-tag": "the attachment is not tagged AAD",
    "srt-body": "the vtt attachment holds SRT, not WebVTT",
    "untitled": "the attachment has no title",
}
VTT = (
    "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nA bright title card fades in.\n\n"
    "00:00:02.500 --> 00:00:04.000\nText scrolls upward.\n"
)
SRT = "1\n00:00:00,500 --> 00:00:02,000\nA bright title card fades in.\n"
TEXT_ATTACHMENT = 1  # KalturaAttachmentType.TEXT


class ExtendedAdVendor(CaptionsVendor):
    def work(self, task: dict[str, Any], full: dict[str, Any]) -> None:
        self.fetch_media(task, full)
        body = SRT if "srt-body" in self.breaks else VTT
        token = self.upload(task, "descriptions.vtt", body.encode())
        fields: dict[str, Any] = {"objectType": "KalturaAttachmentAsset", "fileExt": "vtt", "format": TEXT_ATTACHMENT}
        if "no-aad-tag" not in self.breaks:
            fields["tags"] = "AAD"
        if "untitled" not in self.breaks:
            fields["title"] = "Extended Audio Description"
        asset = self.keyed(
            task,
            "attachment_attachmentasset",
            "add",
            entryId=task["entryId"],
            **{f"attachmentAsset[{k}]": v for k, v in fields.items()},
        )
        self.keyed(
            task,
            "attachment_attachmentasset",
            "setContent",
            id=asset["id"],
            **{"contentResource[objectType]": "KalturaUploadedFileTokenResource", "contentResource[token]": token},
        )
        self.tag_entry(task, full)
        self.update(task["id"], status=2, accuracy=100, outputObjectId=str(asset["id"]))


if __name__ == "__main__":
    sys.exit(main(ExtendedAdVendor, BREAKS))
