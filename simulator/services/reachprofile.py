"""`reach_reachprofile`: a partner's REACH profiles (get, list), and the demo customer's profile seed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator import filters, permissions, reach_rules
from simulator.api import Context, Param, service
from simulator.objects import reach as R
from simulator.objects.core import paginate
from simulator.objects.model import KObject, make_list
from simulator.store import reach as catalog

if TYPE_CHECKING:
    pass

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
