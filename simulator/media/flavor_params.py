"""The flavorParams the simulator knows (assetParamsPeer::retrieveByPK): what `flavorAsset.add` copies onto a new
flavor (asset::setFromAssetParams + flavorAsset::setFromAssetParams: containerFormat, width, height, tags,
bitrate = video + audio bitrate, frameRate, videoCodecId) and what a REACH catalog item's flavorParamsId and
clearAudioFlavorParamsId must name.

The ingest flavors are transcode.py's. The three REACH audio tracks are alternate-audio params as Kaltura accounts
define them: AAC-LC in MP4, tagged `audio_only,alt_audio` (seeds/003 'Audio tracks for dubbing and standard audio
descriptions': MP4, AAC-LC, 64 or 128 kbps). Their ids are account-specific on Kaltura; 200 is the guide's US SaaS
example for the audio-description params, the other two are the simulator's.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.media.transcode import (
    AUDIO_ONLY_PARAMS_ID,
    AUDIO_ONLY_TAGS,
    MOBILE_MAX_HEIGHT,
    MOBILE_PARAMS_ID,
    MOBILE_TAGS,
    SOURCE_PARAMS_ID,
)

AUDIO_DESCRIPTION_PARAMS_ID = 200
DUBBED_AUDIO_PARAMS_ID = 1000002
CLEAR_AUDIO_PARAMS_ID = 1000003
_ALT_AUDIO_TAGS = "mobile,web,mbr,iphone,audio_only,alt_audio"


@dataclass(frozen=True)
class FlavorParams:
    id: int
    name: str
    tags: str
    format: str  # the containerFormat a flavor made from these params gets
    video_bitrate: int  # kbps
    audio_bitrate: int  # kbps
    height: int = 0
    video_codec: str = ""

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]


FLAVOR_PARAMS: dict[int, FlavorParams] = {
    p.id: p
    for p in (
        FlavorParams(SOURCE_PARAMS_ID, "Source", "source", "", 0, 0),
        FlavorParams(
            MOBILE_PARAMS_ID, "Basic/Small - WEB/MBL (H264/400)", MOBILE_TAGS, "mp4", 400, 64, MOBILE_MAX_HEIGHT, "avc1"
        ),
        FlavorParams(AUDIO_ONLY_PARAMS_ID, "Audio only (AAC 64 kbps)", AUDIO_ONLY_TAGS, "mp4", 0, 64),
        FlavorParams(
            AUDIO_DESCRIPTION_PARAMS_ID,
            "Audio description (AAC-LC 64 kbps)",
            f"{_ALT_AUDIO_TAGS},audio_description",
            "mp4",
            0,
            64,
        ),
        FlavorParams(DUBBED_AUDIO_PARAMS_ID, "Dubbed audio track (AAC-LC 128 kbps)", _ALT_AUDIO_TAGS, "mp4", 0, 128),
        FlavorParams(
            CLEAR_AUDIO_PARAMS_ID, "Original-language audio track (AAC-LC 64 kbps)", _ALT_AUDIO_TAGS, "mp4", 0, 64
        ),
    )
}


def get(params_id: int | None) -> FlavorParams | None:
    return FLAVOR_PARAMS.get(params_id) if params_id is not None else None
