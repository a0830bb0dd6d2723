"""Custom metadata (metadata plugin): the types `metadata_metadata.list` answers with.

The simulator keeps no metadata profiles, so every partner is one without custom metadata; the player still asks.
"""

from simulator.objects.model import f_int, f_str, f_time, list_response, object_type

object_type(
    "KalturaMetadata",
    "KalturaObjectBase",
    f_int("id", readonly=True),
    f_int("partnerId", readonly=True),
    f_int("metadataProfileId", readonly=True),
    f_int("metadataProfileVersion", readonly=True),
    f_str("metadataObjectType", readonly=True),
    f_str("objectId", readonly=True),
    f_int("version", readonly=True),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_int("status", readonly=True),
    f_str("xml", readonly=True),
)
list_response("KalturaMetadataListResponse", "KalturaMetadata")
object_type(
    "KalturaMetadataBaseFilter",
    "KalturaRelatedFilter",
    f_int("partnerIdEqual"),
    f_int("metadataProfileIdEqual"),
    f_str("metadataProfileIdIn"),
    f_int("metadataProfileVersionEqual"),
    f_str("metadataObjectTypeEqual"),
    f_str("objectIdEqual"),
    f_str("objectIdIn"),
    f_int("versionEqual"),
    f_int("statusEqual"),
    f_str("statusIn"),
)
object_type("KalturaMetadataFilter", "KalturaMetadataBaseFilter")
