"""Kaltura's generic rule vocabulary (`api_v3/lib/types/rules`): `KalturaRule` with its conditions, actions and
contexts. Access control (playback contexts) and REACH profiles both carry these rules; their own condition and
action types extend the bases declared here."""

from simulator.objects.model import f_array, f_bool, f_enum, f_str, object_type, string_enum

string_enum(
    "KalturaRuleActionType",
    dynamic=True,  # plugin actions: "reach.ADD_ENTRY_VENDOR_TASK", ...
    BLOCK="1",
    PREVIEW="2",
    LIMIT_FLAVORS="3",
    ADD_TO_STORAGE="4",
    LIMIT_DELIVERY_PROFILES="5",
    SERVE_FROM_REMOTE_SERVER="6",
    REQUEST_HOST_REGEX="7",
    LIMIT_THUMBNAIL_CAPTURE="8",
    ADD_ENTRY_VENDOR_TASK="reach.ADD_ENTRY_VENDOR_TASK",
)
string_enum("KalturaConditionType", dynamic=True, EVENT_CATEGORY_ENTRY="reach.CategoryEntry")
string_enum("KalturaContextType", PLAY="1", DOWNLOAD="2", THUMBNAIL="3", METADATA="4", EXPORT="5", SERVE="6")

object_type("KalturaContextTypeHolder", "KalturaObjectBase", f_str("type"))
object_type("KalturaRuleAction", "KalturaObjectBase", f_enum("type", "KalturaRuleActionType", readonly=True))
object_type(
    "KalturaCondition",
    "KalturaObjectBase",
    f_enum("type", "KalturaConditionType", readonly=True),
    f_str("description"),
    f_bool("not"),
    abstract=True,
)
object_type(
    "KalturaRule",
    "KalturaObjectBase",
    f_str("description"),
    f_str("ruleData"),
    f_str("message"),
    f_str("code"),
    f_array("actions", "KalturaRuleAction"),
    f_array("conditions", "KalturaCondition"),
    f_array("contexts", "KalturaContextTypeHolder"),
    f_bool("stopProcessing"),
    f_enum("forceAdminValidation", "KalturaNullableBoolean"),
)
