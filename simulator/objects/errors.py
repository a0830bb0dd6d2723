"""Kaltura API errors: one exception class per error code, with the real message template.

Templates use the server's own notation, `"CODE;ARG1,ARG2;message with @ARG1@"`; an argument the raiser
does not give becomes `N/A`, as the real server writes it.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

_PLACEHOLDER = re.compile(r"@([A-Za-z0-9_]+)@")
_TAG = re.compile(r"<[^>]*>")


class KalturaAPIError(Exception):
    """Base of every API error; answered as a `KalturaAPIException` object with HTTP 200."""

    code: ClassVar[str] = "INTERNAL_SERVERL_ERROR"
    arg_names: ClassVar[tuple[str, ...]] = ()
    template: ClassVar[str] = "Internal server error occurred"
    http_headers: ClassVar[dict[str, str]] = {}
    # INVALID_KS for a genuine KS refused for expiry or logout: the parsed KS (a ks.KsInfo), so the journal still
    # tells whose key it was. None for every other error.
    ks_info: Any = None

    def __init__(self, *args: Any) -> None:
        values = [_stringify(a) for a in args]
        values += ["N/A"] * (len(self.arg_names) - len(values))
        self.args_map: dict[str, str] = dict(zip(self.arg_names, values, strict=False))
        self.message = _PLACEHOLDER.sub(lambda m: self.args_map.get(m.group(1), "N/A"), self.template)
        super().__init__(self.message)


def _stringify(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    return _TAG.sub("", str(value))


_REGISTRY: dict[str, type[KalturaAPIError]] = {}


def define(spec: str, *, headers: dict[str, str] | None = None) -> type[KalturaAPIError]:
    """Declare an error from the server's `CODE;ARGS;message` string and return its exception class."""
    code, args, template = spec.split(";", 2)
    arg_names = tuple(a for a in args.split(",") if a)
    cls = type(
        code,
        (KalturaAPIError,),
        {
            "code": code,
            "arg_names": arg_names,
            "template": template,
            "http_headers": headers or {},
        },
    )
    _REGISTRY.setdefault(code, cls)
    return cls


def all_errors() -> dict[str, type[KalturaAPIError]]:
    return dict(_REGISTRY)


INTERNAL_SERVERL_ERROR = define("INTERNAL_SERVERL_ERROR;;Internal server error occurred")
MISSING_KS = define("MISSING_KS;;Missing KS, session not established")
INVALID_KS = define('INVALID_KS;KSID,ERR_CODE,ERR_DESC;Invalid KS "@KSID@", Error "@ERR_CODE@,@ERR_DESC@"')
SERVICE_NOT_SPECIFIED = define("SERVICE_NOT_SPECIFIED;;Service name was not specified, please specify one")
SERVICE_DOES_NOT_EXISTS = define('SERVICE_DOES_NOT_EXISTS;SRV_NAME;Service "@SRV_NAME@" does not exists')
ACTION_NOT_SPECIFIED = define("ACTION_NOT_SPECIFIED;;Action name was not specified, please specify one")
ACTION_DOES_NOT_EXISTS = define(
    "ACTION_DOES_NOT_EXISTS;ACTION_NAME,SERVICE_NAME;"
    'Action "@ACTION_NAME@" does not exists for service "@SERVICE_NAME@"'
)
INVALID_PARAMETER_CHAR = define('INVALID_PARAMETER_CHAR;XML_FIELD;Invalid char in "@XML_FIELD@" field')
MISSING_MANDATORY_PARAMETER = define('MISSING_MANDATORY_PARAMETER;PARAM_NAME;Missing parameter "@PARAM_NAME@"')
INVALID_OBJECT_TYPE = define('INVALID_OBJECT_TYPE;INVALID_OBJ_TYPE;Invalid object type "@INVALID_OBJ_TYPE@"')
INVALID_ENUM_VALUE = define(
    'INVALID_ENUM_VALUE;ENUM_VAL,PARAM_NAME,ENUM_TYPE;Invalid enumeration value "@ENUM_VAL@" for parameter '
    '"@PARAM_NAME@", expecting enumeration type "@ENUM_TYPE@"'
)
INVALID_PARTNER_ID = define('INVALID_PARTNER_ID;PID;Invalid partner id "@PID@"')
OBJECT_TYPE_ABSTRACT = define(
    'OBJECT_TYPE_ABSTRACT;OBJ_TYPE;The object type "@OBJ_TYPE@" is abstract, use one of the object implementations'
)
PROPERTY_VALIDATION_CANNOT_BE_NULL = define(
    'PROPERTY_VALIDATION_CANNOT_BE_NULL;PROP_NAME;The property "@PROP_NAME@" cannot be null'
)
PROPERTY_VALIDATION_MIN_LENGTH = define(
    'PROPERTY_VALIDATION_MIN_LENGTH;PROP_NAME,MIN_LEN;The property "@PROP_NAME@" must have a min length of '
    "@MIN_LEN@ characters"
)
PROPERTY_VALIDATION_WRONG_FORMAT = define(
    'PROPERTY_VALIDATION_WRONG_FORMAT;PROP_NAME,FORMAT;The property "@PROP_NAME@" must match format @FORMAT@'
)
PROPERTY_VALIDATION_NOT_UPDATABLE = define(
    'PROPERTY_VALIDATION_NOT_UPDATABLE;PROP_NAME;The property "@PROP_NAME@" cannot be updated'
)
PROPERTY_VALIDATION_MAX_VALUE = define(
    'PROPERTY_VALIDATION_MAX_VALUE;PROP_NAME,MAX_VAL;The property "@PROP_NAME@" must have a max value of @MAX_VAL@'
)
SERVICE_FORBIDDEN = define(
    "SERVICE_FORBIDDEN;SERVICE;The access to service [@SERVICE@] is forbidden",
    headers={"X-Kaltura": "error-SERVICE_FORBIDDEN"},
)
FEATURE_FORBIDDEN = define("FEATURE_FORBIDDEN;FEATURE;The usage of feature [@FEATURE@] is forbidden")
ENTRY_ID_NOT_FOUND = define('ENTRY_ID_NOT_FOUND;ENTRY_ID;Entry id "@ENTRY_ID@" not found')
UPLOAD_ERROR = define("UPLOAD_ERROR;;Upload failed")
