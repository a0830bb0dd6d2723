"""The `session` service, as Kaltura's SessionService does it: start, get, end, startWidgetSession."""

from __future__ import annotations

import re
from typing import Any

from simulator import ks as kslib
from simulator import permissions, sessions
from simulator.api import Context, Param, service
from simulator.objects import errors
from simulator.objects.model import KObject
from simulator.objects.session import INVALID_WIDGET_ID, PARTNER_ACCESS_FORBIDDEN, START_SESSION_ERROR
from simulator.store import partners
from simulator.store import sessions as killed

svc = service("session")

ANONYMOUS_USER_ID = "0"  # kuser::ANONYMOUS_USER_ID, the user of every widget session
_DEFAULT_WIDGET = re.compile(r"_([1-9][0-9]{0,17})")  # a partner's default widget is "_<partnerId>"


# ks="none": the official client keeps sending its previous (possibly expired) KS with session.start, and a
# vendor renewing its session must not be refused for it.
@svc.action(
    "start",
    Param("secret", "string"),
    Param("userId", "string", optional=True, default=""),
    Param("type", "enum", "KalturaSessionType", optional=True, default=0),
    Param("partnerId", "int", optional=True, default=None),
    Param("expiry", "int", optional=True, default=86400),
    Param("privileges", "string", optional=True, default=None),
    returns="string",
    ks="none",
)
def start(
    ctx: Context, secret: str, userId: str, type: int, partnerId: int | None, expiry: int, privileges: str | None
) -> str:
    """Start a session with the partner's admin secret (ADMIN or USER) or user secret (USER only)."""
    partner_id = partnerId if partnerId is not None else ctx.partner_id
    partner = partners.get(ctx.conn, partner_id) if partner_id is not None else None
    if partner is None or not secret:
        raise START_SESSION_ERROR(partner_id if partner_id is not None else "")
    admin_ok = secret in partners.admin_secrets(partner)
    user_ok = secret == partner.get("secret")
    if not (admin_ok or (user_ok and type < kslib.KsType.ADMIN)):
        raise START_SESSION_ERROR(partner_id)
    lifetime = min(expiry if expiry > 0 else 86400, sessions.max_expiry(partner))
    try:
        return sessions.issue(
            partner,
            ks_type=type,
            user_id=userId or "",
            privileges=privileges or "",
            expires_at=int(ctx.now()) + lifetime,
        )
    except ValueError as exc:  # fields the partner's KS format cannot carry
        raise START_SESSION_ERROR(partner_id) from exc


@svc.action(
    "get",
    Param("session", "string", optional=True, default=None),
    returns="KalturaSessionInfo",
    allow=permissions.any_session,
)
def get(ctx: Context, session: str | None) -> KObject:
    """Parse a KS (the current one when `session` is empty) and return its partner, user, type, expiry, privileges."""
    assert ctx.ks is not None and ctx.partner_id is not None  # ks="required"
    info = ctx.ks if not session else _parse_only(ctx, session)
    # allowPartnerAccessPartner: a partner reads only its own sessions (no partner groups in the simulator).
    if info.partner_id != ctx.partner_id:
        raise PARTNER_ACCESS_FORBIDDEN(ctx.partner_id, info.partner_id)
    # Like the server, `ks` is left unset and neither expiry nor the kill list are checked for a given session.
    return KObject(
        "KalturaSessionInfo",
        partnerId=info.partner_id,
        userId=info.user_id,
        expiry=info.valid_until,
        sessionType=info.type,
        privileges=str(info.privileges),
    )


def _parse_only(ctx: Context, session: str) -> kslib.KsInfo:
    """ks::fromSecureString: signature only. It throws a plain Exception, which the front controller answers
    as INTERNAL_SERVERL_ERROR rather than INVALID_KS."""
    try:
        partner = partners.get(ctx.conn, kslib.peek_partner(session))
        return kslib.parse(session, partners.admin_secrets(partner) if partner else ())
    except kslib.KsError as exc:
        raise errors.INTERNAL_SERVERL_ERROR() from exc


@svc.action("end", allow=permissions.any_session)
def end(ctx: Context) -> None:
    """End the current session: the KS is refused from now on (INVALID_KS, LOGOUT)."""
    assert ctx.ks is not None  # ks="required"
    # ks::kill records the KS's own hash only; other sessions of the same app token stay valid.
    killed.kill(ctx.conn, ctx.ks.fingerprint, ctx.now())


@svc.action(
    "startWidgetSession",
    Param("widgetId", "string"),
    Param("expiry", "int", optional=True, default=86400),
    returns="KalturaStartWidgetSessionResponse",
    ks="none",
)
def start_widget_session(ctx: Context, widgetId: str, expiry: int) -> KObject:
    """Start an anonymous view-only USER session through a partner's default widget `_<partnerId>`."""
    partner = _default_widget_partner(ctx, widgetId)
    if partner is None:
        raise INVALID_WIDGET_ID(widgetId)
    # createKSessionNoValidations caps the expiry at the partner's maximum; the default widget has no entry,
    # role or privacy context, so the privileges are the bare widget ones.
    lifetime = min(expiry, sessions.max_expiry(partner))
    ks = sessions.issue(
        partner,
        ks_type=kslib.KsType.USER,
        user_id=ANONYMOUS_USER_ID,
        privileges=kslib.WIDGET_PRIVILEGES,
        expires_at=int(ctx.now()) + lifetime,
    )
    return KObject("KalturaStartWidgetSessionResponse", partnerId=partner["id"], ks=ks, userId=ANONYMOUS_USER_ID)


def _default_widget_partner(ctx: Context, widget_id: str) -> dict[str, Any] | None:
    """The partner whose default widget is `widget_id`; the simulator keeps no other widgets."""
    match = _DEFAULT_WIDGET.fullmatch(widget_id)
    return partners.get(ctx.conn, int(match.group(1))) if match else None
