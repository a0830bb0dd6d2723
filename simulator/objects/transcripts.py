"""The transcript plugin's asset: KalturaTranscriptAsset, an attachment asset with a language and an accuracy.

A customer's own transcript is what an alignment order starts from (KalturaAlignmentVendorTaskData names it);
vendors may also deliver transcripts beside their captions. Fields: the official client's
`KalturaClient/Plugins/Transcript.py`.
"""

from simulator.objects import assets, errors  # noqa: F401  (assets registers KalturaAttachmentAsset, the base)
from simulator.objects.model import f_enum, f_float, object_type, string_enum

string_enum("KalturaTranscriptProviderType", CIELO24="cielo24.Cielo24", VOICEBASE="voicebase.Voicebase")
object_type(
    "KalturaTextualAttachmentAsset",
    "KalturaAttachmentAsset",
    f_enum("language", "KalturaLanguage"),
    f_enum("humanVerified", "KalturaNullableBoolean"),
)
object_type(
    "KalturaTranscriptAsset",
    "KalturaTextualAttachmentAsset",
    f_float("accuracy"),
    f_enum("providerType", "KalturaTranscriptProviderType"),
)

# kaltura/server:plugins/content/attachment/base/lib/api/errors/KalturaAttachmentErrors.php
ATTACHMENT_ASSET_FORMAT_MISMATCH = errors.define(
    "ATTACHMENT_ASSET_FORMAT_MISMATCH;ASSET_ID,EXPECTED_TYPE;The format type of the provided attachment asset id "
    '"@ASSET_ID@" is not of the expected type "@EXPECTED_TYPE@"'
)
