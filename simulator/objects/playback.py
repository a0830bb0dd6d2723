"""baseEntry.getPlaybackContext's vocabulary: the options a caller sends and the context it gets back.

Field lists follow the 23.10 client (`KalturaClient/Plugins/Core.py`) and the server's
`api_v3/lib/types/KalturaPlaybackContext.php` family (reference §5).
"""

from simulator.objects import flavors, rules  # noqa: F401  (KalturaFlavorAsset; KalturaRuleAction, used by the context)
from simulator.objects.model import (
    f_array,
    f_bool,
    f_enum,
    f_int,
    f_obj,
    f_str,
    object_type,
    string_enum,
)

string_enum(
    "KalturaDrmSchemeName",
    dynamic=True,  # plugin schemes: "playReady.PLAYREADY_CENC", "widevine.WIDEVINE_CENC", ...
    PLAYREADY_CENC="drm.PLAYREADY_CENC",
    WIDEVINE_CENC="drm.WIDEVINE_CENC",
)
string_enum("KalturaPlaybackContextType", PLAYBACK="1", CATCHUP="2", TRICK_PLAY="3", START_OVER="4", DOWNLOAD="5")

# --- options (the request) -----------------------------------------------------------------------------------

object_type("KalturaAccessControlContextTypeHolder", "KalturaContextTypeHolder")
object_type(
    "KalturaAccessControlScope",
    "KalturaObjectBase",
    f_str("referrer"),
    f_str("ip"),
    f_str("ks"),
    f_str("userAgent"),
    f_int("time"),
    f_array("contexts", "KalturaAccessControlContextTypeHolder"),
    f_array("hashes", "KalturaKeyValue"),
)
object_type(
    "KalturaEntryContextDataParams",
    "KalturaAccessControlScope",
    f_str("flavorAssetId"),
    f_str("flavorTags"),
    f_str("streamerType"),
    f_str("mediaProtocol"),
)
object_type(
    "KalturaPlaybackContextOptions",
    "KalturaEntryContextDataParams",
    f_str("assetFileIds"),
    f_enum("context", "KalturaPlaybackContextType"),
)

# --- the context (the answer) --------------------------------------------------------------------------------

object_type(
    "KalturaDrmPlaybackPluginData",
    "KalturaObjectBase",
    f_enum("scheme", "KalturaDrmSchemeName"),
    f_str("licenseURL"),
)
object_type(
    "KalturaPlaybackSource",
    "KalturaObjectBase",
    f_str("deliveryProfileId"),
    f_str("format"),
    f_str("protocols"),
    f_str("flavorIds"),
    f_str("url"),
    f_array("drm", "KalturaDrmPlaybackPluginData"),
)
object_type(
    "KalturaCaptionPlaybackPluginData",
    "KalturaObjectBase",
    f_str("label"),
    f_str("format"),
    f_str("language"),
    f_str("webVttUrl"),
    f_str("url"),
    f_bool("isDefault"),
    f_str("languageCode"),
)
object_type("KalturaAccessControlBlockAction", "KalturaRuleAction")
object_type("KalturaAccessControlMessage", "KalturaObjectBase", f_str("message"), f_str("code"))
object_type(
    "KalturaPlaybackContext",
    "KalturaObjectBase",
    f_array("sources", "KalturaPlaybackSource"),
    f_array("playbackCaptions", "KalturaCaptionPlaybackPluginData"),
    f_array("flavorAssets", "KalturaFlavorAsset"),
    f_array("actions", "KalturaRuleAction"),
    f_array("messages", "KalturaAccessControlMessage"),
    f_array("bumperData", "KalturaObjectBase"),
    f_obj("activeLiveStreamTime", "KalturaObjectBase"),  # live entries only
)
