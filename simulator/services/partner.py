"""The `partner` service: the caller's own account (PartnerService.php get and getInfo)."""

from __future__ import annotations

from typing import Any

from simulator.api import Context, Param, service
from simulator.objects.errors import INVALID_PARTNER_ID
from simulator.objects.model import KObject
from simulator.store import partners

svc = service("partner")

ACTIVE, PAYING_PACKAGE = 1, 2


def partner_object(doc: dict[str, Any]) -> KObject:
    """What the simulator knows of an account; secrets are not part of it (KalturaPartner.ini hides them)."""
    return KObject(
        "KalturaPartner",
        id=doc["id"],
        name=doc.get("name") or "",
        description=doc.get("description") or "",
        adminName=doc.get("adminName") or "",
        adminEmail=doc.get("adminEmail") or "",
        status=ACTIVE,
        partnerPackage=PAYING_PACKAGE,
        createdAt=doc.get("createdAt"),
        defaultEntitlementEnforcement=bool(partners.setting(doc, "entitlement")),
    )


@svc.action("get", Param("id", "int", optional=True), returns="KalturaPartner")
def get(ctx: Context, id: int | None) -> KObject:
    """The caller's partner (another id: INVALID_PARTNER_ID, as the partner filter hides every other one)."""
    wanted = id if id else ctx.partner_id
    doc = partners.get(ctx.conn, int(wanted)) if wanted == ctx.partner_id and wanted is not None else None
    if doc is None:
        raise INVALID_PARTNER_ID(wanted)
    return partner_object(doc)


@svc.action("getInfo", returns="KalturaPartner")
def get_info(ctx: Context) -> KObject:
    """The caller's partner."""
    doc = partners.get(ctx.conn, int(ctx.partner_id or 0))
    if doc is None:
        raise INVALID_PARTNER_ID(ctx.partner_id)
    return partner_object(doc)
