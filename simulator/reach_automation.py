"""REACH profile rules that order services by themselves (kReachManager): a rule whose
`KalturaCategoryEntryCondition` names a category and whose `KalturaAddEntryVendorTaskAction` lists catalog items
orders those items for every entry added to that category, as an AUTOMATIC task. An order the rules of
entryVendorTask.add refuse (duplicate, not enabled, no credit…) is skipped, as the server skips it."""

from __future__ import annotations

import logging
from typing import Any

from simulator import filters, reach_rules
from simulator.api import Context
from simulator.objects import errors
from simulator.objects import reach as R
from simulator.objects.model import KObject
from simulator.store import reach as catalog

log = logging.getLogger("reachsim")

CONDITION = "KalturaCategoryEntryCondition"
ACTION = "KalturaAddEntryVendorTaskAction"


def _watches(rule: dict[str, Any], category_id: int) -> bool:
    conditions = [c for c in rule.get("conditions") or [] if c.get("_type") == CONDITION]
    if not conditions:
        return False
    for condition in conditions:
        named = {int(c) for c in filters.csv(condition.get("categoryIds") or "") if c.isdigit()}
        if condition.get("categoryId") is not None:
            named.add(int(condition["categoryId"]))
        if (category_id in named) == bool(condition.get("not")):
            return False
    return True


def ordered_items(profile: dict[str, Any], category_id: int) -> list[int]:
    """Catalog item ids the profile's rules order for an entry added to this category."""
    items: list[int] = []
    for rule in profile.get("rules") or []:
        if not _watches(rule, category_id):
            continue
        for action in rule.get("actions") or []:
            if action.get("_type") == ACTION:
                items += [int(i) for i in filters.csv(action.get("catalogItemIds") or "") if i.isdigit()]
    return items


def on_category_entry_added(ctx: Context, entry_id: str, category_id: int) -> list[int]:
    """Order what the partner's active profiles ask for; the ids of the tasks created."""
    created = []
    for profile in catalog.profiles_of(ctx.conn, int(ctx.partner_id or 0)):
        if profile.get("status") != catalog.ACTIVE:
            continue
        for item_id in ordered_items(profile, category_id):
            sent = KObject(
                "KalturaEntryVendorTask", entryId=entry_id, catalogItemId=item_id, reachProfileId=profile["id"]
            )
            try:
                task = reach_rules.order(ctx, sent, creation_mode=R.CreationMode.AUTOMATIC)
            except errors.KalturaAPIError as exc:
                log.info(
                    "category rule of profile %s skipped item %s for %s: %s", profile["id"], item_id, entry_id, exc
                )
                continue
            created.append(int(task["id"]))
    return created
