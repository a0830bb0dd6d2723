"""`categoryEntry`: assigning entries to categories (add, list, delete). Adding one runs the partner's REACH
profile rules for that category (simulator/reach_automation.py), as kReachManager does on a new category entry."""

from __future__ import annotations

from typing import Any

from simulator import filters, permissions, reach_automation
from simulator.api import Context, Param, service
from simulator.objects.categories import (
    CATEGORY_ENTRY_ALREADY_EXISTS,
    ENTRY_IS_NOT_ASSIGNED_TO_CATEGORY,
    MUST_FILTER_ON_ENTRY_OR_CATEGORY,
)
from simulator.objects.core import paginate
from simulator.objects.model import KObject, make_list
from simulator.objects.writable import to_insertable
from simulator.services.category import category_for
from simulator.store import categories

svc = service("categoryEntry")
TYPE = "KalturaCategoryEntry"


def category_entry_object(row: dict[str, Any], category: dict[str, Any] | None) -> KObject:
    return KObject(
        TYPE,
        categoryId=row["categoryId"],
        entryId=row["entryId"],
        createdAt=row["createdAt"],
        status=row["status"],
        categoryFullIds=(category or {}).get("fullIds"),
    )


@svc.action("add", Param("categoryEntry", "object", TYPE), returns=TYPE, allow=permissions.any_session)
def add(ctx: Context, categoryEntry: KObject) -> KObject:
    """Assign an entry of the caller's partner to one of its categories; then the REACH rules watching it run."""
    sent = to_insertable(categoryEntry)
    category = category_for(ctx, int(sent.get("categoryId") or 0))
    entry = permissions.entry_for_read(ctx, str(sent.get("entryId") or ""))
    if categories.assignment(ctx.conn, category["id"], entry["id"]) is not None:
        raise CATEGORY_ENTRY_ALREADY_EXISTS()
    row = categories.assign(ctx.conn, int(ctx.partner_id or 0), category["id"], entry["id"], int(ctx.now()))
    reach_automation.on_category_entry_added(ctx, entry["id"], category["id"])
    return category_entry_object(row, category)


@svc.action(
    "list",
    Param("filter", "object", "KalturaCategoryEntryFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaCategoryEntryListResponse",
    allow=permissions.any_session,
)
def list_category_entries(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """Assignments of the caller partner, filtered on an entry or a category (the server demands one of them)."""
    flt = dict(filter or {})
    if not any(flt.get(k) for k in ("entryIdEqual", "entryIdIn", "categoryIdEqual", "categoryIdIn")):
        raise MUST_FILTER_ON_ENTRY_OR_CATEGORY()
    rows = [r for r in categories.assignments(ctx.conn, int(ctx.partner_id or 0)) if filters.matches(r, flt)]
    page = [category_entry_object(r, categories.get(ctx.conn, r["categoryId"], ctx.partner_id)) for r in rows]
    return make_list("KalturaCategoryEntryListResponse", paginate(page, pager), len(rows))


@svc.action("delete", Param("entryId", "string"), Param("categoryId", "int"), allow=permissions.any_session)
def delete(ctx: Context, entryId: str, categoryId: int) -> None:
    """Remove an entry from a category (the entry is looked up first, then the category)."""
    permissions.entry_for_read(ctx, entryId)
    category_for(ctx, categoryId)
    if categories.assignment(ctx.conn, categoryId, entryId) is None:
        raise ENTRY_IS_NOT_ASSIGNED_TO_CATEGORY()
    categories.unassign(ctx.conn, categoryId, entryId)
