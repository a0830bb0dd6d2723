"""The uploadToken service's vocabulary: KalturaUploadToken, its status enum, filter and errors."""

from simulator.objects import errors
from simulator.objects.model import (
    f_enum,
    f_float,
    f_int,
    f_str,
    f_time,
    int_enum,
    list_response,
    object_type,
    string_enum,
)

UploadTokenStatus = int_enum(
    "KalturaUploadTokenStatus", PENDING=0, PARTIAL_UPLOAD=1, FULL_UPLOAD=2, CLOSED=3, TIMED_OUT=4, DELETED=5
)
string_enum("KalturaUploadTokenOrderBy", CREATED_AT_ASC="+createdAt", CREATED_AT_DESC="-createdAt")

object_type(
    "KalturaUploadToken",
    "KalturaObjectBase",
    f_str("id", readonly=True),
    f_int("partnerId", readonly=True),
    f_str("userId", readonly=True),
    f_enum("status", "KalturaUploadTokenStatus", readonly=True),
    f_str("fileName", insertonly=True),
    f_float("fileSize", insertonly=True),
    f_float("uploadedFileSize", readonly=True),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_str("uploadUrl", readonly=True),
    f_enum("autoFinalize", "KalturaNullableBoolean", insertonly=True),
    f_str("attachedObjectType", readonly=True),
    f_str("attachedObjectId", readonly=True),
)
object_type(
    "KalturaUploadTokenBaseFilter",
    "KalturaFilter",
    f_str("idEqual"),
    f_str("idIn"),
    f_str("userIdEqual"),
    f_enum("statusEqual", "KalturaUploadTokenStatus"),
    f_str("statusIn"),
    f_str("fileNameEqual"),
    f_float("fileSizeEqual"),
)
object_type("KalturaUploadTokenFilter", "KalturaUploadTokenBaseFilter")
list_response("KalturaUploadTokenListResponse", "KalturaUploadToken")

UPLOAD_TOKEN_NOT_FOUND = errors.define("UPLOAD_TOKEN_NOT_FOUND;;Upload token not found")
UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD = errors.define(
    "UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD;;Upload token is in an invalid status for uploading a file, maybe the "
    "file was already uploaded"
)
UPLOAD_TOKEN_CANNOT_RESUME = errors.define(
    "UPLOAD_TOKEN_CANNOT_RESUME;;Cannot resume the upload, original file was not found"
)
UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE = errors.define(
    "UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE;;Failed to match expected file size"
)
UPLOAD_ERROR = errors.UPLOAD_ERROR
