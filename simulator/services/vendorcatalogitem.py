"""`reach_vendorcatalogitem`: the REACH catalog as partners and vendors read it (get, list)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from simulator import filters, permissions, reach_rules
from simulator.api import Context, Param, service
from simulator.objects import reach as R
from simulator.objects.core import paginate
from simulator.objects.model import KObject, make_list
from simulator.store import reach as catalog

if TYPE_CHECKING:
    pass

svc = service("reach_vendorcatalogitem", "vendorCatalogItem", requires=reach_rules.require_reach)


def catalog_item_object(doc: dict[str, Any]) -> KObject:
    return KObject.from_doc("KalturaVendorCatalogItem", doc)


def _visible(ctx: Context, doc: dict[str, Any]) -> bool:
    """A vendor sees its own items; a customer sees the active catalog (the service is not partner-filtered)."""
    if permissions.is_vendor_partner(ctx):
        return doc.get("vendorPartnerId") == ctx.partner_id
    return doc.get("status") != R.CatalogItemStatus.DELETED


@svc.action("get", Param("id", "int"), returns="KalturaVendorCatalogItem", allow=permissions.any_session)
def get(ctx: Context, id: int) -> KObject:
    """A catalog item by id; CATALOG_ITEM_NOT_FOUND when it does not exist for this caller."""
    doc = catalog.catalog_item(ctx.conn, id)
    if doc is None or not _visible(ctx, doc):
        raise R.CATALOG_ITEM_NOT_FOUND(id)
    return catalog_item_object(doc)


def _matches(conn: sqlite3.Connection, doc: dict[str, Any], flt: dict[str, Any]) -> bool:
    """`partnerIdEqual` selects the items enabled for that partner; the rest read as named."""
    return filters.matches(
        doc,
        flt,
        keys={"catalogItemId": "id"},
        special={"partnerIdEqual": lambda d, pid: d["id"] in catalog.enabled_item_ids(conn, pid)},
    )


@svc.action(
    "list",
    Param("filter", "object", "KalturaVendorCatalogItemFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaVendorCatalogItemListResponse",
    allow=permissions.any_session,
)
def list_items(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """Catalog items matching the filter (`partnerIdEqual`: the ones enabled for that partner), by id."""
    found = [d for d in catalog.catalog_items(ctx.conn) if _visible(ctx, d) and _matches(ctx.conn, d, filter or {})]
    page = [catalog_item_object(d) for d in paginate(found, pager)]
    return make_list("KalturaVendorCatalogItemListResponse", page, len(found))
