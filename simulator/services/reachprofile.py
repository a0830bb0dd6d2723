"""`reach_reachprofile`: a partner's REACH profiles (get, list, update — its name, switches and the `rules` that
order services automatically, simulator/reach_automation.py)."""

from __future__ import annotations

from typing import Any

from simulator import filters, permissions, reach_rules
from simulator.api import Context, Param, service
from simulator.objects import reach as R
from simulator.objects.core import paginate
from simulator.objects.model import KObject, make_list
from simulator.objects.writable import to_updatable
from simulator.store import reach as catalog

svc = service("reach_reachprofile", "reachProfile", requires=reach_rules.require_reach)


def profile_object(doc: dict[str, Any]) -> KObject:
    # The real profile always carries both arrays, empty when unset.
    return KObject.from_doc("KalturaReachProfile", {"dictionaries": [], "rules": [], **doc})


def _own(ctx: Context, doc: dict[str, Any] | None) -> bool:
    return doc is not None and doc.get("partnerId") == ctx.partner_id and doc.get("status") != R.ProfileStatus.DELETED


@svc.action("get", Param("id", "int"), returns="KalturaReachProfile", allow=permissions.any_session)
def get(ctx: Context, id: int) -> KObject:
    """One of the caller partner's profiles; REACH_PROFILE_NOT_FOUND otherwise (partner filter)."""
    doc = catalog.profile(ctx.conn, id)
    if doc is None or not _own(ctx, doc):
        raise R.REACH_PROFILE_NOT_FOUND(id)
    return profile_object(doc)


@svc.action(
    "list",
    Param("filter", "object", "KalturaReachProfileFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaReachProfileListResponse",
    allow=permissions.any_session,
)
def list_profiles(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """The caller partner's profiles matching idEqual/idIn/statusEqual/statusIn/profileTypeEqual, by id."""
    flt: dict[str, Any] = filter or {}
    found = []
    for doc in catalog.profiles_of(ctx.conn, ctx.partner_id or 0):
        if not _own(ctx, doc):
            continue
        if not filters.matches(doc, flt):
            continue
        found.append(doc)
    page = [profile_object(d) for d in paginate(found, pager)]
    return make_list("KalturaReachProfileListResponse", page, len(found))


# Fields the simulator keeps as the profile's own state (credit and dictionaries have their own rules).
NOT_UPDATED = frozenset({"credit", "dictionaries"})


def plain(value: Any) -> Any:
    """A decoded value as stored: objects keep their class as `_type` (what KObject.from_doc reads back), so a
    rule's conditions and actions come back as the subtypes sent."""
    if isinstance(value, KObject):
        return {**{k: plain(v) for k, v in value.items()}, "_type": value.kaltura_type}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@svc.action(
    "update",
    Param("id", "int"),
    Param("reachProfile", "object", "KalturaReachProfile"),
    returns="KalturaReachProfile",
    allow=permissions.is_admin,
)
def update(ctx: Context, id: int, reachProfile: KObject) -> KObject:
    """Change the fields sent (toUpdatableObject: a read-only one with a new value is refused)."""
    doc = catalog.profile(ctx.conn, id)
    if doc is None or doc.get("partnerId") != ctx.partner_id or doc.get("status") == R.ProfileStatus.DELETED:
        raise R.REACH_PROFILE_NOT_FOUND(id)
    for name, value in to_updatable(reachProfile, doc).items():
        if name not in NOT_UPDATED:
            doc[name] = plain(value)
    doc["updatedAt"] = int(ctx.now())
    catalog.save_profile(ctx.conn, doc)
    return profile_object(doc)
