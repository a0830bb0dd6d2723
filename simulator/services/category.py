"""`category`: a partner's categories, minimal — add, get, list, delete (no privacy contexts, members or
moderation: their settings are kept and answered, never acted on). Enough for channels and galleries that REACH
rules watch (simulator/reach_automation.py)."""

from __future__ import annotations

from typing import Any

from simulator import filters, permissions
from simulator.api import Context, Param, service
from simulator.objects import errors
from simulator.objects.categories import (
    CATEGORY_NOT_FOUND,
    DUPLICATE_CATEGORY,
    AppearInListType,
    CategoryStatus,
    CategoryUserPermissionLevel,
    ContributionPolicyType,
    InheritanceType,
    PrivacyType,
    UserJoinPolicyType,
)
from simulator.objects.core import NullableBoolean, paginate
from simulator.objects.model import KObject, make_list
from simulator.objects.writable import to_insertable
from simulator.store import categories

svc = service("category")


# category::applyDefaultValues: what a new category holds unless the caller sets it.
DEFAULTS: dict[str, Any] = {
    "appearInList": AppearInListType.PARTNER_ONLY,
    "privacy": PrivacyType.ALL,
    "inheritanceType": InheritanceType.MANUAL,
    "userJoinPolicy": UserJoinPolicyType.NOT_ALLOWED,
    "defaultPermissionLevel": CategoryUserPermissionLevel.MEMBER,
    "contributionPolicy": ContributionPolicyType.ALL,
    "moderation": NullableBoolean.FALSE_VALUE,
    "membersCount": 0,
    "pendingMembersCount": 0,
    "pendingEntriesCount": 0,
}
# Writable properties the simulator derives itself (parentId places the category, name is validated).
_DERIVED = {"parentId", "name", "relatedObjects"}


def category_object(ctx: Context, doc: dict[str, Any]) -> KObject:
    count = categories.entry_count(ctx.conn, doc["id"])
    children = [
        c
        for c in categories.for_partner(ctx.conn, int(doc["partnerId"]))
        if c.get("parentId") == doc["id"] and c.get("status") != CategoryStatus.DELETED
    ]
    return KObject(
        "KalturaCategory",
        {**doc, "entriesCount": count, "directEntriesCount": count, "directSubCategoriesCount": len(children)},
    )


def category_for(ctx: Context, category_id: int) -> dict[str, Any]:
    doc = categories.get(ctx.conn, category_id, ctx.partner_id)
    if doc is None:
        raise CATEGORY_NOT_FOUND(category_id)
    return doc


@svc.action(
    "add", Param("category", "object", "KalturaCategory"), returns="KalturaCategory", allow=permissions.is_admin
)
def add(ctx: Context, category: KObject) -> KObject:
    """A new category under `parentId` (0: top level); names are unique among siblings."""
    name = str(category.get("name") or "").strip()
    if not name:
        raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL("KalturaCategory::name")
    settable = {k: v for k, v in to_insertable(category).items() if k not in _DERIVED}
    parent_id = int(category.get("parentId") or 0)
    parent = category_for(ctx, parent_id) if parent_id else None
    full_name = f"{parent['fullName']}>{name}" if parent else name
    if any(c["fullName"] == full_name for c in categories.for_partner(ctx.conn, int(ctx.partner_id or 0))):
        raise DUPLICATE_CATEGORY(full_name)
    now = int(ctx.now())
    doc = categories.add(
        ctx.conn,
        {
            **DEFAULTS,
            **settable,
            "partnerId": ctx.partner_id,
            "parentId": parent_id,
            "depth": (parent["depth"] + 1) if parent else 0,
            "name": name,
            "fullName": full_name,
            "status": CategoryStatus.ACTIVE,
            "createdAt": now,
            "updatedAt": now,
        },
    )
    doc["fullIds"] = f"{parent['fullIds']}>{doc['id']}" if parent else str(doc["id"])
    categories.save(ctx.conn, doc)
    return category_object(ctx, doc)


@svc.action("get", Param("id", "int"), returns="KalturaCategory", allow=permissions.any_session)
def get(ctx: Context, id: int) -> KObject:
    """One of the caller partner's categories."""
    return category_object(ctx, category_for(ctx, id))


@svc.action(
    "list",
    Param("filter", "object", "KalturaCategoryFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaCategoryListResponse",
    allow=permissions.any_session,
)
def list_categories(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """The caller partner's categories matching the filter, by id."""
    docs = categories.for_partner(ctx.conn, int(ctx.partner_id or 0))
    found = [d for d in docs if filters.matches(d, filter or {})]
    return make_list(
        "KalturaCategoryListResponse", [category_object(ctx, d) for d in paginate(found, pager)], len(found)
    )


@svc.action("delete", Param("id", "int"), allow=permissions.is_admin)
def delete(ctx: Context, id: int) -> None:
    """Mark the category DELETED and release its entries."""
    doc = category_for(ctx, id)
    for row in categories.assignments(ctx.conn, int(ctx.partner_id or 0)):
        if row["categoryId"] == id:
            categories.unassign(ctx.conn, id, row["entryId"])
    doc.update(status=CategoryStatus.DELETED, updatedAt=int(ctx.now()))
    categories.save(ctx.conn, doc)
