"""Session types and enums (session, appToken services)."""

from simulator.objects import errors
from simulator.objects.model import f_enum, f_int, f_str, int_enum, object_type

SessionType = int_enum("KalturaSessionType", USER=0, ADMIN=2)

object_type(
    "KalturaSessionInfo",
    "KalturaObjectBase",
    f_str("ks", readonly=True),
    f_enum("sessionType", "KalturaSessionType", readonly=True),
    f_int("partnerId", readonly=True),
    f_str("userId", readonly=True),
    f_int("expiry", readonly=True),
    f_str("privileges", readonly=True),
)
object_type(
    "KalturaStartWidgetSessionResponse",
    "KalturaObjectBase",
    f_int("partnerId", readonly=True),
    f_str("ks", readonly=True),
    f_str("userId", readonly=True),
)

START_SESSION_ERROR = errors.define(
    "START_SESSION_ERROR;PARTNER_ID;Error while starting session for partner [@PARTNER_ID@]"
)
INVALID_WIDGET_ID = errors.define("INVALID_WIDGET_ID;WIDGET_ID;Unknown widget [@WIDGET_ID@]")
PARTNER_ACCESS_FORBIDDEN = errors.define(
    "PARTNER_ACCESS_FORBIDDEN;ACCESSING_PID,ACCESSED_PID;"
    "Partner [@ACCESSING_PID@] cannot access partner [@ACCESSED_PID@]"
)
