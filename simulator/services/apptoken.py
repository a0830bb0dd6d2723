"""The `appToken` service, as Kaltura's AppTokenService does it: manage a partner's application tokens and start
sessions from them (the way a vendor logs in without the admin secret).

Every read goes through the partner filter (`applyPartnerFilterForClass('AppToken')`): another partner's token,
like a deleted one, answers APP_TOKEN_ID_NOT_FOUND.
"""

from __future__ import annotations

from typing import Any

from simulator import filters, permissions, sessions
from simulator import ks as kslib
from simulator.api import Context, Param, service
from simulator.objects.apptoken import (
    APP_TOKEN_EXPIRED,
    APP_TOKEN_ID_NOT_FOUND,
    APP_TOKEN_NOT_ACTIVE,
    INVALID_APP_TOKEN_HASH,
)
from simulator.objects.core import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from simulator.objects.model import KObject, make_list
from simulator.objects.session import START_SESSION_ERROR
from simulator.objects.writable import to_insertable, to_updatable
from simulator.store import apptokens, partners
from simulator.store import sessions as killed

svc = service("appToken")

DEFAULT_HASH_TYPE = "SHA1"
# Simulator choice (UNVERIFIED): a token added without sessionDuration gives sessions of the server's default KS
# length, one day.
DEFAULT_SESSION_DURATION = 86400
# Privileges startSession never takes from the request: the token's own identity, and those that would widen
# the session beyond what the token grants (vs::retrieveAllowedAppSessionPrivileges drops "server reserved" ones;
# this is the simulator's reading of that list).
_RESERVED_PRIVILEGES = frozenset(
    {
        "sessionid",
        "apptoken",
        "*",
        "all",
        "setrole",
        "disableentitlement",
        "disableentitlementforentry",
        "disableentitlementforplaylist",
        "enablechangeaccount",
        "edituser",
        "editadmintags",
    }
)


def _caller(ctx: Context) -> int:
    assert ctx.partner_id is not None  # every action here has ks="required"
    return ctx.partner_id


def _to_object(doc: dict[str, Any]) -> KObject:
    return KObject.from_doc("KalturaAppToken", doc)


def _token_for(ctx: Context, token_id: str) -> dict[str, Any]:
    doc = apptokens.get(ctx.conn, token_id, _caller(ctx))
    if doc is None:
        raise APP_TOKEN_ID_NOT_FOUND(token_id)
    return doc


@svc.action(
    "add", Param("appToken", "object", "KalturaAppToken"), returns="KalturaAppToken", allow=permissions.is_admin
)
def add(ctx: Context, appToken: KObject) -> KObject:
    """Add an application token to the caller's partner; the server makes its id and secret token."""
    now = int(ctx.now())
    doc: dict[str, Any] = {name: value for name, value in to_insertable(appToken).items() if value is not None}
    doc.setdefault("hashType", DEFAULT_HASH_TYPE)
    doc.setdefault("sessionDuration", DEFAULT_SESSION_DURATION)
    doc.update(partnerId=_caller(ctx), createdAt=now, updatedAt=now, status=apptokens.ACTIVE)
    return _to_object(apptokens.add(ctx.conn, doc))


@svc.action("get", Param("id", "string"), returns="KalturaAppToken", allow=permissions.is_admin)
def get(ctx: Context, id: str) -> KObject:
    """Get one of the caller's application tokens by id."""
    return _to_object(_token_for(ctx, id))


@svc.action(
    "update",
    Param("id", "string"),
    Param("appToken", "object", "KalturaAppToken"),
    returns="KalturaAppToken",
    allow=permissions.is_admin,
)
def update(ctx: Context, id: str, appToken: KObject) -> KObject:
    """Change an application token's session settings, expiry or description."""
    doc = _token_for(ctx, id)
    for name, value in to_updatable(appToken, doc).items():
        if value is None:
            doc.pop(name, None)
        else:
            doc[name] = value
    doc["updatedAt"] = int(ctx.now())
    apptokens.save(ctx.conn, doc)
    return _to_object(doc)


@svc.action("delete", Param("id", "string"), allow=permissions.is_admin)
def delete(ctx: Context, id: str) -> None:
    """Delete an application token; every session started from it is ended with it."""
    doc = _token_for(ctx, id)
    # The server invalidates the token's session id, so each KS carrying `sessionid:<id>` answers LOGOUT.
    killed.kill(ctx.conn, kslib.session_id_key(_caller(ctx), id), ctx.now())
    doc.update(status=apptokens.DELETED, updatedAt=int(ctx.now()))
    apptokens.save(ctx.conn, doc)


@svc.action(
    "list",
    Param("filter", "object", "KalturaAppTokenFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaAppTokenListResponse",
    allow=permissions.is_admin,
)
def list_tokens(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """List the caller's application tokens (deleted ones never appear)."""
    flt = filter if filter is not None else KObject("KalturaAppTokenFilter")
    found = [doc for doc in apptokens.for_partner(ctx.conn, _caller(ctx)) if filters.matches(doc, flt)]
    order = str(flt.get("orderBy") or "")
    if order[1:] in ("createdAt", "updatedAt"):
        found.sort(key=lambda doc: doc[order[1:]], reverse=order.startswith("-"))
    paging: dict[str, Any] = pager or {}
    size = int(paging.get("pageSize") or DEFAULT_PAGE_SIZE)
    size = min(max(size, 1), MAX_PAGE_SIZE)
    index = max(int(paging.get("pageIndex") or 1), 1)
    page = found[(index - 1) * size : index * size]
    return make_list("KalturaAppTokenListResponse", [_to_object(doc) for doc in page], len(found))


def _session_privileges(token_id: str, token_privileges: str, requested: str | None) -> str:
    """ks::buildPrivileges over `sessionid` and `apptoken` (the token id), then the token's sessionPrivileges
    merged by name (array_merge_recursive), then the requested ones the token does not already set."""
    merged: dict[str, list[str]] = {"sessionid": [token_id], "apptoken": [token_id]}
    for name, values in kslib.Privileges.parse(token_privileges).items:
        merged.setdefault(name, []).extend(values)
    for name, values in kslib.Privileges.parse(requested or "").items:
        if name not in merged and name not in _RESERVED_PRIVILEGES:
            merged[name] = list(values)
    return str(kslib.Privileges(tuple((name, tuple(values)) for name, values in merged.items())))


@svc.action(
    "startSession",
    Param("id", "string"),
    Param("tokenHash", "string"),
    Param("userId", "string", optional=True, default=None),
    Param("type", "enum", "KalturaSessionType", optional=True, default=None),
    Param("expiry", "int", optional=True, default=None),
    Param("sessionPrivileges", "string", optional=True, default=None),
    returns="KalturaSessionInfo",
    allow=permissions.any_session,
)
def start_session(
    ctx: Context,
    id: str,
    tokenHash: str,
    userId: str | None,
    type: int | None,
    expiry: int | None,
    sessionPrivileges: str | None,
) -> KObject:
    """Start a session of the token's partner, proving the token with HASH(current KS + token)."""
    assert ctx.ks is not None
    doc = _token_for(ctx, id)
    if doc["status"] != apptokens.ACTIVE:
        raise APP_TOKEN_NOT_ACTIVE(id)
    # AppToken::calcHash hashes the KS string exactly as the caller sent it.
    if kslib.app_token_hash(ctx.ks.raw, doc["token"], doc.get("hashType") or DEFAULT_HASH_TYPE) != tokenHash:
        raise INVALID_APP_TOKEN_HASH()
    now = int(ctx.now())
    token_expiry = int(doc.get("sessionDuration") or DEFAULT_SESSION_DURATION)
    if doc.get("expiry") is not None:
        token_expiry = min(token_expiry, int(doc["expiry"]) - now)
        if token_expiry < 0:
            raise APP_TOKEN_EXPIRED(id)
    lifetime = min(expiry or token_expiry, token_expiry)  # `if (!$expiry)`: 0 also means "the token's"
    session_type = doc["sessionType"] if doc.get("sessionType") is not None else (type or kslib.KsType.USER)
    user_id = doc["sessionUserId"] if doc.get("sessionUserId") is not None else (userId or "")
    privileges = _session_privileges(id, doc.get("sessionPrivileges") or "", sessionPrivileges)
    partner = partners.get(ctx.conn, _caller(ctx))
    if partner is None:
        raise START_SESSION_ERROR(_caller(ctx))
    try:
        ks = sessions.issue(
            partner, ks_type=session_type, user_id=user_id, privileges=privileges, expires_at=now + lifetime
        )
    except ValueError as exc:  # the token's privileges hold a name the partner's KS format cannot carry
        raise START_SESSION_ERROR(_caller(ctx)) from exc
    return KObject(
        "KalturaSessionInfo",
        ks=ks,
        sessionType=session_type,
        partnerId=partner["id"],
        userId=user_id,
        expiry=now + lifetime,
        privileges=privileges,
    )
