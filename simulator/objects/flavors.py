"""Flavor assets (flavorAsset service, getPlaybackContext): KalturaFlavorAsset, its status, filters and errors.

Fields and flags follow the 23.10 client (`KalturaClient/Plugins/Core.py`); the asset base is declared in
`assets.py` (reference §5.1).
"""

from simulator.objects import assets, errors  # noqa: F401  (assets declares KalturaAsset, the base)
from simulator.objects.model import (
    f_bool,
    f_enum,
    f_float,
    f_int,
    f_str,
    int_enum,
    list_response,
    object_type,
)

FlavorAssetStatus = int_enum(
    "KalturaFlavorAssetStatus",
    ERROR=-1,
    QUEUED=0,
    CONVERTING=1,
    READY=2,
    DELETED=3,
    NOT_APPLICABLE=4,
    TEMP=5,
    WAIT_FOR_CONVERT=6,
    IMPORTING=7,
    VALIDATING=8,
    EXPORTING=9,
)

object_type(
    "KalturaFlavorAsset",
    "KalturaAsset",
    f_int("flavorParamsId", insertonly=True),
    f_int("width", readonly=True),
    f_int("height", readonly=True),
    f_int("bitrate", readonly=True),
    f_float("frameRate", readonly=True),
    f_bool("isOriginal", readonly=True),
    f_bool("isWeb", readonly=True),
    f_str("containerFormat", readonly=True),
    f_str("videoCodecId", readonly=True),
    f_enum("status", "KalturaFlavorAssetStatus", readonly=True),
    f_enum("language", "KalturaLanguage"),
    f_str("label"),
    f_enum("isDefault", "KalturaNullableBoolean"),
)
list_response("KalturaFlavorAssetListResponse", "KalturaFlavorAsset")

object_type(
    "KalturaFlavorAssetBaseFilter",
    "KalturaAssetFilter",
    f_int("flavorParamsIdEqual"),
    f_str("flavorParamsIdIn"),
    f_enum("statusEqual", "KalturaFlavorAssetStatus"),
    f_str("statusIn"),
    f_str("statusNotIn"),
)
object_type("KalturaFlavorAssetFilter", "KalturaFlavorAssetBaseFilter")
object_type("KalturaFlavorAssetUrlOptions", "KalturaObjectBase", f_str("fileName"), f_str("referrer"))

FLAVOR_ASSET_ID_NOT_FOUND = errors.define('FLAVOR_ASSET_ID_NOT_FOUND;ID;Flavor asset id "@ID@" not found')
FLAVOR_ASSET_ALREADY_EXISTS = errors.define(
    'FLAVOR_ASSET_ALREADY_EXISTS;ASSET_ID,PARAMS_ID;Flavor asset id "@ASSET_ID@" already use flavor params id '
    '"@PARAMS_ID@"'
)
FLAVOR_ASSET_IS_NOT_READY = errors.define("FLAVOR_ASSET_IS_NOT_READY;;The flavor asset is not ready")

# media service errors (KalturaErrors.php)
ENTRY_ALREADY_WITH_CONTENT = errors.define("ENTRY_ALREADY_WITH_CONTENT;;Entry already associated with content")
ENTRY_TYPE_NOT_SUPPORTED = errors.define('ENTRY_TYPE_NOT_SUPPORTED;TYPE;Entry type "@TYPE@" not supported')
