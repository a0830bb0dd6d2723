"""The `flavorAsset` service: list, get and getUrl of the flavors ingest made (FlavorAssetService.php).

Flavors are visible exactly when their entry is (simulator.permissions): an access key sees its entry's only.
"""

from __future__ import annotations

from typing import Any

from simulator import filters, permissions
from simulator.api import Context, Param, service
from simulator.media.urls import progressive_url
from simulator.objects.core import paginate
from simulator.objects.entries import EntryStatus
from simulator.objects.flavors import FLAVOR_ASSET_ID_NOT_FOUND, FLAVOR_ASSET_IS_NOT_READY, FlavorAssetStatus
from simulator.objects.model import KObject, make_list
from simulator.store import entries, flavors

svc = service("flavorAsset")

ASSET = "KalturaFlavorAsset"


def flavor_object(doc: dict[str, Any]) -> KObject:
    return KObject.from_doc(ASSET, doc)


def _visible(ctx: Context, doc: dict[str, Any], seen: dict[str, bool]) -> bool:
    entry_id = doc["entryId"]
    if entry_id not in seen:
        entry = entries.get(ctx.conn, entry_id, ctx.partner_id)
        seen[entry_id] = (
            entry is not None and entry.get("status") != EntryStatus.DELETED and permissions.may_read_entry(ctx, entry)
        )
    return seen[entry_id]


def _caller_flavor(ctx: Context, flavor_id: str) -> dict[str, Any]:
    doc = flavors.get(ctx.conn, flavor_id, ctx.partner_id)
    if doc is None or not _visible(ctx, doc, {}):
        raise FLAVOR_ASSET_ID_NOT_FOUND(flavor_id)
    return doc


@svc.action(
    "list",
    Param("filter", "object", "KalturaAssetFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaFlavorAssetListResponse",
    allow=permissions.any_session,
)
def list_flavors(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """The partner's flavors the caller may see, filtered (entryIdEqual, flavorParamsIdEqual, statusEqual …)."""
    flt = dict(filter or {})
    seen: dict[str, bool] = {}
    found = [
        d
        for d in flavors.find(ctx.conn, "partnerId = ?", [ctx.partner_id])
        if filters.matches(d, flt) and _visible(ctx, d, seen)
    ]
    return make_list("KalturaFlavorAssetListResponse", map(flavor_object, paginate(found, pager)), len(found))


@svc.action("get", Param("id", "string"), returns=ASSET, allow=permissions.any_session)
def get(ctx: Context, id: str) -> KObject:
    """One flavor asset; FLAVOR_ASSET_ID_NOT_FOUND when it or its entry is not the caller's to see."""
    return flavor_object(_caller_flavor(ctx, id))


@svc.action(
    "getUrl",
    Param("id", "string"),
    Param("storageId", "int", optional=True, default=None),
    Param("forceProxy", "bool", optional=True, default=False),
    Param("options", "object", "KalturaFlavorAssetUrlOptions", optional=True),
    returns="string",
    allow=permissions.any_session,
)
def get_url(ctx: Context, id: str, storageId: int | None, forceProxy: bool, options: KObject | None) -> str:
    """The flavor's progressive download URL; it carries a non-admin caller's KS, which the download needs."""
    doc = _caller_flavor(ctx, id)
    if doc.get("status") != FlavorAssetStatus.READY:
        raise FLAVOR_ASSET_IS_NOT_READY()
    return progressive_url(
        ctx.service_url,
        doc["partnerId"],
        doc["entryId"],
        doc["id"],
        flavor_version=int(doc.get("version") or 1),
        file_ext=str(doc.get("fileExt") or "mp4"),
        ks=ctx.ks.raw if ctx.ks is not None and not ctx.ks.is_admin else None,
    )
