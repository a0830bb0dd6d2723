"""Assets (attachment and caption plugins), content resources, and the language enum they use.

Field lists, flags and enum values follow the official client (`KalturaClient/Plugins/Core.py`, `Attachment.py`,
`Caption.py`); error templates are the server's (`KalturaErrors.php`, `KalturaAttachmentErrors.php`,
`KalturaCaptionErrors.php`).
"""

import re
from typing import Any

from simulator.objects import errors
from simulator.objects.model import (
    f_array,
    f_bool,
    f_enum,
    f_float,
    f_int,
    f_str,
    f_time,
    int_enum,
    list_response,
    object_type,
    string_enum,
    string_enum_of,
)

# --- enums ---------------------------------------------------------------------------------------------------

_ASSET_STATUS = {"ERROR": -1, "QUEUED": 0, "READY": 2, "DELETED": 3, "IMPORTING": 7, "EXPORTING": 9}
AssetStatus = int_enum("KalturaAssetStatus", **_ASSET_STATUS)
AttachmentAssetStatus = int_enum("KalturaAttachmentAssetStatus", **_ASSET_STATUS)
CaptionAssetStatus = int_enum("KalturaCaptionAssetStatus", **_ASSET_STATUS)

AttachmentType = string_enum("KalturaAttachmentType", TEXT="1", MEDIA="2", DOCUMENT="3", JSON="4", MARKDOWN="5")
CaptionType = string_enum("KalturaCaptionType", SRT="1", DFXP="2", WEBVTT="3", CAP="4", SCC="5")
CaptionSource = string_enum("KalturaCaptionSource", UNKNOWN="0", ZOOM="1", WEBEX="2")
CaptionAssetUsage = string_enum("KalturaCaptionAssetUsage", CAPTION="0", EXTENDED_AUDIO_DESCRIPTION="1")

# KalturaLanguage values are English display names; the key, lower-cased, is the KalturaLanguageCode that the
# server derives into `languageCode`. A subset: the languages REACH catalogs commonly offer.
LANGUAGE_CODES: dict[str, str] = {
    "Afrikaans": "af",
    "Arabic": "ar",
    "Bulgarian": "bg",
    "Cantonese": "yue",
    "Catalan": "ca",
    "Chinese": "zh",
    "Croatian": "hr",
    "Czech": "cs",
    "Danish": "da",
    "Dutch": "nl",
    "English": "en",
    "English (American)": "en_us",
    "English (British)": "en_gb",
    "Estonian": "et",
    "Filipino": "fil",
    "Finnish": "fi",
    "French": "fr",
    "French (Canada)": "fr_ca",
    "German": "de",
    "Greek": "el",
    "Hebrew": "he",
    "Hindi": "hi",
    "Hungarian": "hu",
    "Icelandic": "is",
    "Indonesian": "id",
    "Irish": "ga",
    "Italian": "it",
    "Japanese": "ja",
    "Korean": "ko",
    "Lithuanian": "lt",
    "Malay": "ms",
    "Mandarin Chinese": "cmn",
    "Multilingual": "mu",
    "Norwegian": "no",
    "Persian": "prp",
    "Polish": "pl",
    "Portuguese": "pt",
    "Portuguese (Brazil)": "pt_br",
    "Romanian": "ro",
    "Russian": "ru",
    "Serbian": "sr",
    "Slovak": "sk",
    "Slovenian": "sl",
    "Spanish": "es",
    "Spanish (Latin America)": "es_xl",
    "Swedish": "sv",
    "Tagalog": "tl",
    "Taiwanese Mandarin": "zh_tw",
    "Tamil": "ta",
    "Thai": "th",
    "Turkish": "tr",
    "Ukrainian": "uk",
    "Undefined": "un",
    "Urdu": "ur",
    "Vietnamese": "vi",
    "Welsh": "cy",
}
Language = string_enum_of("KalturaLanguage", {code.upper(): name for name, code in LANGUAGE_CODES.items()})
LanguageCode = string_enum_of("KalturaLanguageCode", {code.upper(): code for code in LANGUAGE_CODES.values()})

# --- assets --------------------------------------------------------------------------------------------------

# An asset's fileExt ends the name of its file on disk: only a plain extension may, never a path.
FILE_EXT_FORMAT = "[A-Za-z0-9]{0,16}"
FILE_EXT = re.compile(FILE_EXT_FORMAT)


def checked_file_ext(type_name: str, values: dict[str, Any]) -> dict[str, Any]:
    """The values an add or update writes, once their fileExt is a plain extension (else
    PROPERTY_VALIDATION_WRONG_FORMAT)."""
    ext = values.get("fileExt")
    if ext is not None and not FILE_EXT.fullmatch(str(ext)):
        raise errors.PROPERTY_VALIDATION_WRONG_FORMAT(f"{type_name}::fileExt", FILE_EXT_FORMAT)
    return values


object_type(
    "KalturaAsset",
    "KalturaObjectBase",
    f_str("id", readonly=True),
    f_str("entryId", readonly=True),
    f_int("partnerId", readonly=True),
    f_int("version", readonly=True),
    f_int("size", readonly=True),
    f_str("tags"),
    f_str("fileExt", insertonly=True),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_time("deletedAt", readonly=True),
    f_str("description", readonly=True),  # the server's system description / error message
    f_str("partnerData"),
    f_str("partnerDescription"),
    f_str("actualSourceAssetParamsIds"),
    f_float("sizeInBytes", readonly=True),
)
object_type(
    "KalturaAttachmentAsset",
    "KalturaAsset",
    f_str("filename"),
    f_str("title"),
    f_enum("format", "KalturaAttachmentType"),
    f_enum("status", "KalturaAttachmentAssetStatus", readonly=True),
)
object_type(
    "KalturaCaptionAsset",
    "KalturaAsset",
    f_int("captionParamsId", insertonly=True),
    f_enum("language", "KalturaLanguage"),
    f_enum("languageCode", "KalturaLanguageCode", readonly=True),
    f_enum("isDefault", "KalturaNullableBoolean"),
    f_str("label"),
    f_enum("format", "KalturaCaptionType", insertonly=True),
    f_enum("source", "KalturaCaptionSource", insertonly=True),
    f_enum("status", "KalturaCaptionAssetStatus", readonly=True),
    f_str("parentId", insertonly=True),
    f_int("accuracy"),
    f_bool("displayOnPlayer"),
    f_str("associatedTranscriptIds"),
    f_enum("usage", "KalturaCaptionAssetUsage"),
)
list_response("KalturaAttachmentAssetListResponse", "KalturaAttachmentAsset")
list_response("KalturaCaptionAssetListResponse", "KalturaCaptionAsset")

_ASSET_FILTER_FIELDS = (
    f_str("idEqual"),
    f_str("idIn"),
    f_str("entryIdEqual"),
    f_str("entryIdIn"),
    f_int("partnerIdEqual"),
    f_str("partnerIdIn"),
    f_int("sizeGreaterThanOrEqual"),
    f_int("sizeLessThanOrEqual"),
    f_str("tagsLike"),
    f_str("tagsMultiLikeOr"),
    f_str("tagsMultiLikeAnd"),
    f_time("createdAtGreaterThanOrEqual"),
    f_time("createdAtLessThanOrEqual"),
    f_time("updatedAtGreaterThanOrEqual"),
    f_time("updatedAtLessThanOrEqual"),
    f_time("deletedAtGreaterThanOrEqual"),
    f_time("deletedAtLessThanOrEqual"),
)
object_type("KalturaAssetBaseFilter", "KalturaRelatedFilter", *_ASSET_FILTER_FIELDS)
object_type("KalturaAssetFilter", "KalturaAssetBaseFilter", f_str("typeIn"))
object_type(
    "KalturaAttachmentAssetBaseFilter",
    "KalturaAssetFilter",
    f_enum("formatEqual", "KalturaAttachmentType"),
    f_str("formatIn"),
    f_enum("statusEqual", "KalturaAttachmentAssetStatus"),
    f_str("statusIn"),
    f_str("statusNotIn"),
)
object_type("KalturaAttachmentAssetFilter", "KalturaAttachmentAssetBaseFilter")
object_type(
    "KalturaCaptionAssetBaseFilter",
    "KalturaAssetFilter",
    f_int("captionParamsIdEqual"),
    f_str("captionParamsIdIn"),
    f_enum("formatEqual", "KalturaCaptionType"),
    f_str("formatIn"),
    f_enum("statusEqual", "KalturaCaptionAssetStatus"),
    f_str("statusIn"),
    f_str("statusNotIn"),
)
object_type("KalturaCaptionAssetFilter", "KalturaCaptionAssetBaseFilter")
object_type("KalturaAssetServeOptions", "KalturaObjectBase", f_bool("download"), f_str("referrer"))
object_type("KalturaAttachmentServeOptions", "KalturaAssetServeOptions")

# --- content resources ---------------------------------------------------------------------------------------

object_type("KalturaResource", "KalturaObjectBase", abstract=True)
object_type("KalturaContentResource", "KalturaResource", abstract=True)
object_type("KalturaDataCenterContentResource", "KalturaContentResource", abstract=True)
object_type("KalturaGenericDataCenterContentResource", "KalturaDataCenterContentResource", abstract=True)
object_type("KalturaUploadedFileTokenResource", "KalturaGenericDataCenterContentResource", f_str("token"))
object_type(
    "KalturaUrlResource",
    "KalturaContentResource",
    f_str("url"),
    f_bool("forceAsyncDownload"),
    f_array("urlHeaders", "KalturaString"),
    f_bool("shouldRedirect"),
)
object_type("KalturaStringResource", "KalturaContentResource", f_str("content"))
object_type("KalturaAssetResource", "KalturaContentResource", f_str("assetId"))

# --- errors --------------------------------------------------------------------------------------------------

ASSET_ID_NOT_FOUND = errors.define('ASSET_ID_NOT_FOUND;ID;Asset id "@ID@" not found')
RESOURCE_TYPE_NOT_SUPPORTED = errors.define(
    'RESOURCE_TYPE_NOT_SUPPORTED;RES_TYPE;Resource type "@RES_TYPE@" not supported'
)
UPLOADED_FILE_NOT_FOUND_BY_TOKEN = errors.define(
    "UPLOADED_FILE_NOT_FOUND_BY_TOKEN;;The uploaded file was not found by the given token id, or was already used"
)
ATTACHMENT_ASSET_ID_NOT_FOUND = errors.define(
    'ATTACHMENT_ASSET_ID_NOT_FOUND;ASSET_ID;Attachment asset id "@ASSET_ID@" not found'
)
ATTACHMENT_ASSET_IS_NOT_READY = errors.define(
    'ATTACHMENT_ASSET_IS_NOT_READY;ASSET_ID;Attachment asset "@ASSET_ID@" is not ready'
)
ATTACHMENT_ASSET_DOWNLOAD_FAILED = errors.define(
    'ATTACHMENT_ASSET_DOWNLOAD_FAILED;URL;Attachment asset download from URL "@URL@" failed'
)
CAPTION_ASSET_ALREADY_EXISTS = errors.define(
    'CAPTION_ASSET_ALREADY_EXISTS;ASSET_ID,PARAM_ID;Caption asset "@ASSET_ID@" already exists for params id '
    '"@PARAM_ID@"'
)
CAPTION_ASSET_ID_NOT_FOUND = errors.define(
    'CAPTION_ASSET_ID_NOT_FOUND;ASSET_ID;Caption asset id "@ASSET_ID@" not found'
)
CAPTION_ASSET_IS_NOT_READY = errors.define(
    'CAPTION_ASSET_IS_NOT_READY;ASSET_ID;Caption asset "@ASSET_ID@" is not ready'
)
CAPTION_ASSET_DOWNLOAD_FAILED = errors.define(
    'CAPTION_ASSET_DOWNLOAD_FAILED;URL;Caption asset download from URL "@URL@" failed'
)

# The simulator only fetches from loopback and allow-listed hosts. The refusal keeps the real code (a vendor
# handles it as any failed download) and names the rule in the message, which the real template cannot.
_NOT_ALLOWED = 'reachsim fetches only from loopback hosts and config.url_allow_list, and "@HOST@" is neither'
ATTACHMENT_URL_NOT_ALLOWED = errors.define(
    f'ATTACHMENT_ASSET_DOWNLOAD_FAILED;URL,HOST;Attachment asset download from URL "@URL@" failed: {_NOT_ALLOWED}'
)
CAPTION_URL_NOT_ALLOWED = errors.define(
    f'CAPTION_ASSET_DOWNLOAD_FAILED;URL,HOST;Caption asset download from URL "@URL@" failed: {_NOT_ALLOWED}'
)
# Fetching its own URLs would let any KS copy what only the back door or another key may read into an asset.
_SELF = "reachsim never fetches its own URLs"
ATTACHMENT_URL_IS_SELF = errors.define(
    f'ATTACHMENT_ASSET_DOWNLOAD_FAILED;URL;Attachment asset download from URL "@URL@" failed: {_SELF}'
)
CAPTION_URL_IS_SELF = errors.define(
    f'CAPTION_ASSET_DOWNLOAD_FAILED;URL;Caption asset download from URL "@URL@" failed: {_SELF}'
)
