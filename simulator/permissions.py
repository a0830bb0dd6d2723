"""Who may do what: the caller predicates actions use as guards, and the entry-scope rules of the real server.

One place for each rule: partner filtering, the access key's entry scope (DESIGN.md: with entitlement on, an
access key reads and writes only its own entry), `@validateUser … edit` ownership checks.
"""

from __future__ import annotations

from typing import Any

from simulator.api import Context
from simulator.ks import REACH_VENDOR_ROLE, KsError, KsReason
from simulator.objects import errors
from simulator.objects.entries import EntryStatus
from simulator.store import entries, partners


def is_admin(ctx: Context) -> bool:
    return ctx.ks is not None and ctx.ks.is_admin


def is_vendor_partner(ctx: Context) -> bool:
    """The KS partner carries the REACH_VENDOR_PARTNER permission (it is a vendor account)."""
    partner = ctx.partner
    return ctx.ks is not None and partner is not None and partner.get("kind") == partners.VENDOR


def is_customer(ctx: Context) -> bool:
    partner = ctx.partner
    return ctx.ks is not None and partner is not None and partner.get("kind") == partners.CUSTOMER


def is_access_key(ctx: Context) -> bool:
    return ctx.ks is not None and ctx.ks.privileges.role == REACH_VENDOR_ROLE


def any_session(ctx: Context) -> bool:
    return ctx.ks is not None


def entitlement_on(ctx: Context) -> bool:
    partner = ctx.partner
    if partner is None or not partners.setting(partner, "entitlement"):
        return False
    if ctx.ks is None:
        return True
    privileges = ctx.ks.privileges
    return not (privileges.has("disableentitlement") or privileges.is_wildcard)


def reads_every_entry(ctx: Context) -> bool:
    """Entitlement leaves every entry of the partner to this caller."""
    # A widget session views any entry of its partner: entitlement hides only entries in privacy-context
    # categories, which the simulator does not keep.
    return ctx.ks is None or ctx.ks.is_admin or ctx.ks.is_widget or not entitlement_on(ctx)


def may_read_entry(ctx: Context, entry: dict[str, Any]) -> bool:
    """Entitlement: admins and owners read everything of their partner; an entry-scoped user KS only its entries."""
    if ctx.ks is None or reads_every_entry(ctx):
        return True
    privileges = ctx.ks.privileges
    entry_id = entry["id"]
    if any(privileges.allows_entry(name, entry_id) for name in ("disableentitlementforentry", "sview", "edit")):
        return True
    if is_access_key(ctx):
        return False
    return bool(ctx.ks.user_id) and entry.get("userId") == ctx.ks.user_id


def entry_for_read(ctx: Context, entry_id: str) -> dict[str, Any]:
    """The entry if this caller may see it, else ENTRY_ID_NOT_FOUND (the real server hides, it does not refuse)."""
    entry = entries.get(ctx.conn, entry_id, ctx.partner_id) if ctx.partner_id is not None else None
    if entry is None or entry.get("status") == EntryStatus.DELETED or not may_read_entry(ctx, entry):
        raise errors.ENTRY_ID_NOT_FOUND(entry_id)
    return entry


def entry_for_write(ctx: Context, entry_id: str) -> dict[str, Any]:
    """`@validateUser entry entryId edit`: admins, the owner, or a KS with `edit:<entryId>`; else INVALID_KS -4."""
    entry = entries.get(ctx.conn, entry_id, ctx.partner_id) if ctx.partner_id is not None else None
    if entry is None or entry.get("status") == EntryStatus.DELETED:
        raise errors.ENTRY_ID_NOT_FOUND(entry_id)
    if ctx.ks is None or ctx.ks.is_admin:
        return entry
    if ctx.ks.privileges.allows_entry("edit", entry_id):
        return entry
    if ctx.ks.user_id and entry.get("userId") == ctx.ks.user_id and not is_access_key(ctx):
        return entry
    raise errors.INVALID_KS(*KsError(KsReason.INVALID_TYPE).api_args())
