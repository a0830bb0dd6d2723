"""The `session` service: start (admin or user secret), as Kaltura's SessionService does it."""

from __future__ import annotations

from simulator import sessions
from simulator.objects.session import START_SESSION_ERROR
from simulator.store import partners
from simulator.wire.decode import Param
from simulator.wire.registry import Context, service

svc = service("session")

ADMIN = 2


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
    if not (admin_ok or (user_ok and type != ADMIN)):
        raise START_SESSION_ERROR(partner_id)
    max_expiry = int(partners.setting(partner, "ksMaxExpiry") or 86400)
    lifetime = min(expiry if expiry > 0 else 86400, max_expiry)
    return sessions.issue(
        partner, ks_type=type, user_id=userId or "", privileges=privileges or "", expires_at=int(ctx.now()) + lifetime
    )
