"""A TEST DOUBLE of a REACH standard audio description vendor: the dubbing double's delivery with the described
track in the source language, labelled '<language> - Audio description', beside the clear audio. No describer: the
tracks are a few seconds of tone and noise encoded with ffmpeg.

`--break NAME` (repeatable) gets one part of the delivery wrong, so tests can check each fails exactly its rules.
"""

from __future__ import annotations

import sys
from typing import Any

from captions_vendor import main
from dubbing_vendor import CLEAR_KBPS, DubbingVendor, encode

BREAKS = {
    "plain-label": "the described track's label has no ' - Audio description' suffix",
    "described-is-default": "the described track is set as the default audio",
    "low-bitrate": "the described track is AAC at 32 kbps, not 64 or 128",
    "no-clear-audio": "delivers the described track only, without the clear audio",
    "output-is-clear-audio": "outputObjectId names the clear-audio flavor, not the described track",
    "audio-only-media": "fetches the entry's audio-only flavor instead of a video one",
}
AUDIO_ONLY_PARAMS_ID = 1000001  # the simulator's ingest makes it for every entry with sound
LOW_KBPS = 32


class AudioDescriptionVendor(DubbingVendor):
    def choose(self, flavors: list[dict[str, Any]], preferred: str) -> dict[str, Any]:
        if "audio-only-media" in self.breaks:
            return next(f for f in flavors if int(f["flavorParamsId"]) == AUDIO_ONLY_PARAMS_ID)
        return super().choose(flavors, preferred)

    def produced_fields(self, item: dict[str, Any]) -> dict[str, Any]:
        language = str(item["sourceLanguage"])
        label = language if "plain-label" in self.breaks else f"{language} - Audio description"
        return {"language": language, "label": label, "isDefault": 1 if "described-is-default" in self.breaks else 0}

    def produced_file(self) -> bytes:
        return encode(LOW_KBPS if "low-bitrate" in self.breaks else CLEAR_KBPS)


if __name__ == "__main__":
    sys.exit(main(AudioDescriptionVendor, BREAKS))
