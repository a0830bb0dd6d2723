"""A TEST DOUBLE of a REACH translation vendor (from source captions): it lists the entry's captions, fetches the
source-language one with captionAsset.getUrl, refuses a source below 100 % accuracy, and adds fixed Spanish
captions. No machine translation: the delivered file is a plausible fixed SRT.

`--break NAME` (repeatable) gets one step wrong, so tests can check each fails exactly its rules.
"""

from __future__ import annotations

import sys
from typing import Any

from captions_vendor import FILES, CaptionsVendor, main

BREAKS = {
    "skip-source": "never fetches the source caption; translates from nothing",
    "output-translation": "outputObjectId names the new translation, not the source caption",
    "default-translation": "the translation is isDefault 1",
    "translate-machine": "translates machine captions (below 100 % accuracy) instead of refusing them",
}
SPANISH = (
    "1\n00:00:00,500 --> 00:00:02,000\nHola y bienvenidos.\n\n2\n00:00:02,500 --> 00:00:04,000\nEsto es reachsim.\n"
)
HUMAN = 100


class TranslationVendor(CaptionsVendor):
    def work(self, task: dict[str, Any], full: dict[str, Any]) -> None:
        item = self.catalog_item(task)
        source = self.source_caption(task, str(item["sourceLanguage"]))
        if source is None:
            raise ValueError(f"no {item['sourceLanguage']} captions on the entry to translate from")
        accuracy = int(source.get("accuracy") or 0)
        if accuracy < HUMAN and "translate-machine" not in self.breaks:
            raise ValueError(f"the source captions are {accuracy} % accurate; translation needs human captions")
        if "skip-source" not in self.breaks:
            self.download_caption(task, source)
        target = str(item["targetLanguage"])
        caption_type, ext, _ = FILES.get(str(item.get("outputFormat") or ""), FILES["1"])
        fields = {
            "format": caption_type,
            "fileExt": ext,
            "accuracy": accuracy,
            "language": target,
            "label": target,
            "isDefault": 1 if "default-translation" in self.breaks else 0,
            "displayOnPlayer": 1,
        }
        translation = self.add_caption(task, fields, SPANISH.encode())
        self.tag_entry(task, full)
        output = translation if "output-translation" in self.breaks else str(source["id"])
        self.update(task["id"], status=2, accuracy=accuracy, outputObjectId=output)

    def source_caption(self, task: dict[str, Any], language: str) -> dict[str, Any] | None:
        found = self.keyed(
            task,
            "caption_captionasset",
            "list",
            **{"filter[entryIdEqual]": task["entryId"], "filter[objectType]": "KalturaAssetFilter"},
        )["objects"]
        return next((c for c in found if c.get("language") == language), None)

    def download_caption(self, task: dict[str, Any], caption: dict[str, Any]) -> str:
        url = self.keyed(task, "caption_captionasset", "getUrl", id=caption["id"])
        got = self.http.get(url, params={"clientTag": self.tag(task["id"])}, timeout=60)
        if got.status_code != 200:
            raise ValueError(f"the source caption answered {got.status_code}")
        return got.text


if __name__ == "__main__":
    sys.exit(main(TranslationVendor, BREAKS))
