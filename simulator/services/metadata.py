"""`metadata_metadata`: custom metadata of objects. Only `list`, as Kaltura answers a partner without metadata
profiles: an empty list (the web player asks for it when it loads an entry)."""

from __future__ import annotations

from simulator import permissions
from simulator.api import Context, Param, service
from simulator.objects.model import KObject, make_list

svc = service("metadata_metadata", "metadata")


@svc.action(
    "list",
    Param("filter", "object", "KalturaMetadataFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaMetadataListResponse",
    allow=permissions.any_session,
)
def list_metadata(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """The caller partner's metadata objects matching the filter: none, the simulator keeps no profiles."""
    return make_list("KalturaMetadataListResponse", [], 0)
