"""`reachProfile.update`: the customer's partial update of one of its profiles — its name, moderation and display
switches, and the `rules` that order services automatically (simulator/reach_automation.py)."""

from __future__ import annotations

from typing import Any

from simulator import permissions, reach_rules
from simulator.objects import reach as R
from simulator.objects.model import KObject
from simulator.services.reachprofile import profile_object
from simulator.store import reach as catalog
from simulator.wire.decode import Param
from simulator.wire.registry import Context, service

svc = service("reach_reachprofile", "reachProfile")
# Fields the simulator keeps as the profile's own state (credit and dictionaries have their own rules).
NOT_UPDATED = frozenset({"credit", "dictionaries"})


def plain(value: Any) -> Any:
    """A decoded value as stored: objects keep their objectType so rules can be read back."""
    if isinstance(value, KObject):
        return {**{k: plain(v) for k, v in value.items()}, "objectType": value.kaltura_type}
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
    """Change the fields sent; read-only ones are ignored, as the server's toUpdatableObject ignores them."""
    reach_rules.require_reach(ctx)
    doc = catalog.profile(ctx.conn, id)
    if doc is None or doc.get("partnerId") != ctx.partner_id or doc.get("status") == R.ProfileStatus.DELETED:
        raise R.REACH_PROFILE_NOT_FOUND(id)
    for name, value in reachProfile.items():
        field = reachProfile.type.field(name)
        if field is None or field.readonly or name in NOT_UPDATED:
            continue
        doc[name] = plain(value)
    doc["updatedAt"] = int(ctx.now())
    catalog.save_profile(ctx.conn, doc)
    return profile_object(doc)
