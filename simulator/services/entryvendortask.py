"""`reach_entryvendortask`: ordering (add), the vendor's job loop (getJobs, get, updateJob, extendAccessKey), the
customer's abort/approve/reject/update, and the `reach_vendor` response profile.

Each handler is one call into the REACH model (simulator/reach_rules.py), which validates, mutates and saves;
the REACH gate is declared once, on the service.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from simulator import permissions, reach_rules, stored_objects
from simulator.api import Context, Param, response_profile, service
from simulator.objects.core import page_window
from simulator.objects.model import KObject, get_type, make_list
from simulator.services.reachprofile import profile_object
from simulator.services.vendorcatalogitem import catalog_item_object
from simulator.store import reach as catalog
from simulator.store import tasks

svc = service("reach_entryvendortask", "entryVendorTask", requires=reach_rules.require_reach)

TASK = reach_rules.TASK


def task_object(doc: dict[str, Any]) -> KObject:
    return KObject.from_doc(TASK, doc)


def _listing(ctx: Context, criteria: dict[str, Any], pager: KObject | None) -> KObject:
    limit, offset = page_window(pager)
    texts, total = tasks.find_texts(ctx.conn, criteria, criteria.get("orderBy"), limit, offset)
    return make_list("KalturaEntryVendorTaskListResponse", [stored_objects.from_text(TASK, t) for t in texts], total)


# ------------------------------------------------------------------------------------------------- vendor side


@svc.action(
    "getJobs",
    Param("filter", "object", "KalturaEntryVendorTaskFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaEntryVendorTaskListResponse",
    allow=permissions.any_session,
)
def get_jobs(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """The calling vendor's PENDING (or, when asked, SCHEDULED) tasks; other status filters become PENDING."""
    criteria = reach_rules.job_status_criteria(dict(filter or {}))
    criteria.pop("vendorPartnerIdIn", None)
    criteria["vendorPartnerIdEqual"] = ctx.partner_id
    return _listing(ctx, criteria, pager)


@svc.action(
    "updateJob",
    Param("id", "bigint"),
    Param("entryVendorTask", "object", TASK),
    returns=TASK,
    allow=permissions.any_session,
)
def update_job(ctx: Context, id: int, entryVendorTask: KObject) -> KObject:
    """The vendor's partial update: status, results, errors; only the fields sent change."""
    return task_object(reach_rules.update(ctx, id, entryVendorTask, by_vendor=True))


@svc.action("extendAccessKey", Param("id", "bigint"), returns=TASK, allow=permissions.any_session)
def extend_access_key(ctx: Context, id: int) -> KObject:
    """A fresh access key with the task's lifetime from now, for PROCESSING or SCHEDULED tasks only."""
    return task_object(reach_rules.extend_access_key(ctx, id))


# --------------------------------------------------------------------------------------------- shared reads


@svc.action("get", Param("id", "bigint"), returns=TASK, allow=permissions.any_session)
def get(ctx: Context, id: int) -> KObject:
    """A task of the caller's partner (customer sessions and the task's access key); vendors get NOT_FOUND."""
    return task_object(reach_rules.partner_task(ctx, id))


@svc.action(
    "list",
    Param("filter", "object", "KalturaEntryVendorTaskFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaEntryVendorTaskListResponse",
    allow=permissions.any_session,
)
def list_tasks(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """A vendor lists its tasks in every status; anyone else the tasks of its partner."""
    criteria = dict(filter or {})
    if permissions.is_vendor_partner(ctx):
        criteria.pop("vendorPartnerIdIn", None)
        criteria["vendorPartnerIdEqual"] = ctx.partner_id
    else:
        criteria["partnerIdEqual"] = ctx.partner_id
    return _listing(ctx, criteria, pager)


# ------------------------------------------------------------------------------------------------ customer side


@svc.action("add", Param("entryVendorTask", "object", TASK), returns=TASK, allow=permissions.any_session)
def add(ctx: Context, entryVendorTask: KObject) -> KObject:
    """Order a task on an entry, checked in the server's order (validateForInsert, then addAction)."""
    return task_object(reach_rules.order(ctx, entryVendorTask))


@svc.action(
    "abort",
    Param("id", "bigint"),
    Param("abortReason", "string", optional=True),
    returns=TASK,
    allow=permissions.any_session,
)
def abort(ctx: Context, id: int, abortReason: str | None) -> KObject:
    """Cancel a task still waiting (PENDING, PENDING_MODERATION, SCHEDULED); it then vanishes from every query."""
    return task_object(reach_rules.abort(ctx, id, abortReason))


@svc.action("approve", Param("id", "bigint"), returns=TASK, allow=permissions.any_session)
def approve(ctx: Context, id: int) -> KObject:
    """Release a task awaiting moderation to the vendor (PENDING, charged now)."""
    return task_object(reach_rules.approve(ctx, id))


@svc.action(
    "reject",
    Param("id", "bigint"),
    Param("rejectReason", "string", optional=True),
    returns=TASK,
    allow=permissions.any_session,
)
def reject(ctx: Context, id: int, rejectReason: str | None) -> KObject:
    """Refuse a task awaiting moderation (REJECTED, with the reason as errDescription)."""
    return task_object(reach_rules.reject(ctx, id, rejectReason))


@svc.action(
    "update",
    Param("id", "bigint"),
    Param("entryVendorTask", "object", TASK),
    returns=TASK,
    allow=permissions.any_session,
)
def update(ctx: Context, id: int, entryVendorTask: KObject) -> KObject:
    """The customer's partial update (notes, context, partnerData…); vendor-only fields are silently dropped."""
    return task_object(reach_rules.update(ctx, id, entryVendorTask, by_vendor=False))


# ------------------------------------------------------------------------------------ the reach_vendor profile

# deployment/updates/scripts/xml/responseProfiles/reach_vendor_response_profiles (reference §3.9)
VENDOR_TASK_FIELDS = frozenset(
    {
        "id",
        "partnerId",
        "vendorPartnerId",
        "createdAt",
        "entryId",
        "status",
        "version",
        "reachProfileId",
        "catalogItemId",
        "accessKey",
        "notes",
        "dictionary",
        "taskJobData",
        "relatedObjects",
    }
)
# + the scheduled task data's event and window, which the guide says a live caption vendor receives with the task
# ('Live caption': a scheduleEventId along with the scheduled start and end times).
VENDOR_JOB_DATA_FIELDS = frozenset(
    {
        "entryDuration",
        "captionAssetId",
        "jsonTranscriptAssetId",
        "textTranscriptAssetId",
        "scheduledEventId",
        "startDate",
        "endDate",
    }
)
CATALOG_ITEM_EXCLUDED = frozenset(
    {
        "id",
        "vendorPartnerId",
        "name",
        "systemName",
        "createdAt",
        "updatedAt",
        "status",
        "pricing",
        "fixedPriceAddons",
    }
)
PROFILE_EXCLUDED = frozenset(
    {
        "id",
        "partnerId",
        "createdAt",
        "updatedAt",
        "status",
        "profileType",
        "rules",
        "credit",
        "usedCredit",
        "dictionaries",
        "autoDisplayMachineCaptionsOnPlayer",
        "autoDisplayHumanCaptionsOnPlayer",
        "enableMachineModeration",
        "enableHumanModeration",
    }
)


def _excluding(build: Callable[[dict[str, Any]], KObject], doc: dict[str, Any], excluded: frozenset[str]) -> KObject:
    """The object without the excluded fields, which are left out of the document before it is built (a
    profile's rules and an item's pricing were rebuilt as objects only to be dropped)."""
    obj = build({key: value for key, value in doc.items() if key not in excluded})
    obj.only_fields = _shown_fields(obj.kaltura_type, excluded)
    return obj


@lru_cache(maxsize=64)
def _shown_fields(type_name: str, excluded: frozenset[str]) -> frozenset[str]:
    object_type = get_type(type_name)
    assert object_type is not None  # the name of a built object's type
    return frozenset(f.name for f in object_type.fields()) - excluded


@response_profile("reach_vendor")
def reach_vendor(ctx: Context, obj: KObject) -> KObject:
    """Only the vendor's task fields, plus the catalog item and the reach profile as related list responses.

    Applied to tasks only: a vendor that leaves the profile set on its client keeps getting whole playback
    contexts and assets."""
    if not obj.is_a(TASK):
        return obj
    obj.only_fields = VENDOR_TASK_FIELDS
    job = obj.get("taskJobData")
    if isinstance(job, KObject):
        job.only_fields = VENDOR_JOB_DATA_FIELDS
    item = catalog.catalog_item(ctx.conn, int(obj.get("catalogItemId") or 0))
    profile = catalog.profile(ctx.conn, int(obj.get("reachProfileId") or 0))
    items = [_excluding(catalog_item_object, item, CATALOG_ITEM_EXCLUDED)] if item else []
    profiles = [_excluding(profile_object, profile, PROFILE_EXCLUDED)] if profile else []
    obj["relatedObjects"] = {
        "reach_vendor_catalog_item": make_list("KalturaVendorCatalogItemListResponse", items, len(items)),
        "reach_vendor_profile": make_list("KalturaReachProfileListResponse", profiles, len(profiles)),
    }
    return obj
