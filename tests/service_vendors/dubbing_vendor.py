"""A TEST DOUBLE of a REACH dubbing vendor: the plain vendor's protocol with two audio flavors delivered by
flavorAsset.add + setContent, the dubbed track (the catalog item's flavorParamsId, target language, not default)
and the original 'clear' audio (clearAudioFlavorParamsId, source language, default). No voice actors: the tracks are
a few seconds of tone and noise encoded with ffmpeg as AAC-LC in MP4.

`--break NAME` (repeatable) gets one part of the delivery wrong, so tests can check each fails exactly its rules.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from captions_vendor import CaptionsVendor, main

BREAKS = {
    "no-clear-audio": "delivers the dubbed track only, without the original audio",
    "dub-is-default": "the dubbed track is set as the default audio",
    "mp3-track": "the dubbed track is MP3, not AAC-LC",
    "unlabelled": "the dubbed track has no label",
    "output-is-clear-audio": "outputObjectId names the original-audio flavor, not the produced track",
}
SECONDS = 3
DUB_KBPS = 128
CLEAR_KBPS = 64
ACCURACY = 100  # a human service: the reviewed track is what the customer ordered


def encode(kbps: int, codec: str = "aac") -> bytes:
    """A short tone over light noise (pure tones starve the encoder below its target bitrate), as an MP4."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "track.mp4"
        subprocess.run(
            [
                *("ffmpeg", "-v", "error", "-y"),
                *("-f", "lavfi", "-i", f"sine=frequency=440:duration={SECONDS}"),
                *("-f", "lavfi", "-i", f"anoisesrc=d={SECONDS}:a=0.05"),
                *("-filter_complex", "amix=inputs=2", "-c:a", codec, "-b:a", f"{kbps}k", "-ac", "2", "-ar", "44100"),
                *("-movflags", "+faststart", "-f", "mp4", str(out)),
            ],
            check=True,
        )
        return out.read_bytes()


class DubbingVendor(CaptionsVendor):
    def work(self, task: dict[str, Any], full: dict[str, Any]) -> None:
        item = self.catalog_item(task)
        self.fetch_media(task, full)
        produced = self.add_track(task, int(item["flavorParamsId"]), self.produced_fields(item), self.produced_file())
        if "no-clear-audio" not in self.breaks:
            source = str(item["sourceLanguage"])
            clear = {"language": source, "label": source, "isDefault": 1}
            clear_id = self.add_track(task, int(item["clearAudioFlavorParamsId"]), clear, encode(CLEAR_KBPS))
            produced = clear_id if "output-is-clear-audio" in self.breaks else produced
        self.update(task["id"], status=2, accuracy=ACCURACY, outputObjectId=produced)

    def produced_fields(self, item: dict[str, Any]) -> dict[str, Any]:
        language = str(item["targetLanguage"])
        fields = {"language": language, "label": language, "isDefault": 1 if "dub-is-default" in self.breaks else 0}
        if "unlabelled" in self.breaks:
            del fields["label"]
        return fields

    def produced_file(self) -> bytes:
        return encode(DUB_KBPS, "libmp3lame" if "mp3-track" in self.breaks else "aac")

    def add_track(self, task: dict[str, Any], params_id: int, fields: dict[str, Any], data: bytes) -> str:
        token = self.upload(task, "track.mp4", data)
        body = {f"flavorAsset[{k}]": v for k, v in {**fields, "flavorParamsId": params_id, "fileExt": "mp4"}.items()}
        flavor = self.keyed(task, "flavorasset", "add", entryId=task["entryId"], **body)
        self.keyed(
            task,
            "flavorasset",
            "setContent",
            id=flavor["id"],
            **{"contentResource[objectType]": "KalturaUploadedFileTokenResource", "contentResource[token]": token},
        )
        return str(flavor["id"])


if __name__ == "__main__":
    sys.exit(main(DubbingVendor, BREAKS))
