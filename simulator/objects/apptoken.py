"""Application tokens (appToken service): KalturaAppToken, its filter, enums and errors (KalturaErrors.php)."""

from simulator.objects import core, errors, session  # noqa: F401  (KalturaFilter and KalturaSessionType first)
from simulator.objects.model import f_enum, f_int, f_str, f_time, int_enum, list_response, object_type, string_enum

AppTokenStatus = int_enum("KalturaAppTokenStatus", DISABLED=1, ACTIVE=2, DELETED=3)
AppTokenHashType = string_enum("KalturaAppTokenHashType", MD5="MD5", SHA1="SHA1", SHA256="SHA256", SHA512="SHA512")
string_enum(
    "KalturaAppTokenOrderBy",
    CREATED_AT_ASC="+createdAt",
    CREATED_AT_DESC="-createdAt",
    UPDATED_AT_ASC="+updatedAt",
    UPDATED_AT_DESC="-updatedAt",
)

object_type(
    "KalturaAppToken",
    "KalturaObjectBase",
    f_str("id", readonly=True),
    f_str("token", readonly=True),
    f_int("partnerId", readonly=True),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_enum("status", "KalturaAppTokenStatus", readonly=True),
    f_time("expiry"),
    f_enum("sessionType", "KalturaSessionType"),
    f_str("sessionUserId"),
    f_int("sessionDuration"),
    f_str("sessionPrivileges"),
    f_enum("hashType", "KalturaAppTokenHashType"),
    f_str("description"),
)
object_type(
    "KalturaAppTokenBaseFilter",
    "KalturaFilter",
    f_str("idEqual"),
    f_str("idIn"),
    f_time("createdAtGreaterThanOrEqual"),
    f_time("createdAtLessThanOrEqual"),
    f_time("updatedAtGreaterThanOrEqual"),
    f_time("updatedAtLessThanOrEqual"),
    f_enum("statusEqual", "KalturaAppTokenStatus"),
    f_str("statusIn"),
    f_str("sessionUserIdEqual"),
)
object_type("KalturaAppTokenFilter", "KalturaAppTokenBaseFilter")
list_response("KalturaAppTokenListResponse", "KalturaAppToken")

APP_TOKEN_ID_NOT_FOUND = errors.define('APP_TOKEN_ID_NOT_FOUND;ID;Application token id "@ID@" not found')
APP_TOKEN_NOT_ACTIVE = errors.define('APP_TOKEN_NOT_ACTIVE;ID;Application token id "@ID@" not active')
APP_TOKEN_EXPIRED = errors.define('APP_TOKEN_EXPIRED;ID;Application token id "@ID@" expired')
INVALID_APP_TOKEN_HASH = errors.define("INVALID_APP_TOKEN_HASH;;Invalid application token hash")
