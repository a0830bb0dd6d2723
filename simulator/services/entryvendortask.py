"""`reach_entryvendortask`: ordering (add), the vendor's job loop (getJobs, get, updateJob, extendAccessKey), the
customer's abort/approve/reject/update, and the `reach_vendor` response profile.

Handlers only look tasks up and apply the partner rule of each action; the status machine, side effects and
validation live in simulator/reach_rules.py.
"""

from __future__ import annotations

from typing import Any

from simulator import permissions, reach_rules
from simulator.api import Context, Param, response_profile, service
from simulator.objects import errors
from simulator.objects import reach as R
from simulator.objects.core import page_window
from simulator.objects.model import KObject, make_list
from simulator.services.reachprofile import profile_object
from simulator.services.vendorcatalogitem import catalog_item_object
from simulator.store import reach as catalog
from simulator.store import tasks

svc = service("reach_entryvendortask", "entryVendorTask")

TASK = "KalturaEntryVendorTask"
SUPPORTED_ENTRY_TYPES = frozenset({"1"})  # MEDIA_CLIP: the only entry type the simulator stores media for
VIDEO, AUDIO = 1, 5


def task_object(doc: dict[str, Any]) -> KObject:
    values = {k: v for k, v in doc.items() if not k.startswith("_")}
    job = values.get("taskJobData")
    if isinstance(job, dict):
        job_type = job.get("_type") or "KalturaVendorTaskData"
        values["taskJobData"] = KObject(job_type, {k: v for k, v in job.items() if not k.startswith("_")})
    return KObject(TASK, values)


def _customer(ctx: Context) -> bool:
    """Orders and moderation come from the customer's own users, not from its tasks' access keys."""
    return permissions.is_customer(ctx) and not permissions.is_access_key(ctx)


def _customer_admin(ctx: Context) -> bool:
    return _customer(ctx) and permissions.is_admin(ctx)


def _partner_task(ctx: Context, task_id: int) -> dict[str, Any]:
    """The partner filter of every action but getJobs/updateJob/list/extendAccessKey: a vendor KS finds nothing."""
    ctx.note(task_id=task_id)
    task = tasks.get(ctx.conn, task_id)
    if task is None or task["partnerId"] != ctx.partner_id:
        raise R.ENTRY_VENDOR_TASK_NOT_FOUND(task_id)
    return task


def _vendor_task(ctx: Context, task_id: int) -> dict[str, Any]:
    """updateJob/extendAccessKey: looked up by id and vendorPartnerId = the caller."""
    ctx.note(task_id=task_id)
    task = tasks.get(ctx.conn, task_id)
    if task is None or task["vendorPartnerId"] != ctx.partner_id:
        raise R.ENTRY_VENDOR_TASK_NOT_FOUND(task_id)
    return task


def _listing(ctx: Context, criteria: dict[str, Any], pager: KObject | None) -> KObject:
    limit, offset = page_window(pager)
    rows, total = tasks.find(ctx.conn, criteria, criteria.get("orderBy"), limit, offset)
    return make_list("KalturaEntryVendorTaskListResponse", [task_object(r) for r in rows], total)


# ------------------------------------------------------------------------------------------------- vendor side


@svc.action(
    "getJobs",
    Param("filter", "object", "KalturaEntryVendorTaskFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaEntryVendorTaskListResponse",
    allow=permissions.is_vendor_partner,
)
def get_jobs(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """The calling vendor's PENDING (or, when asked, SCHEDULED) tasks; other status filters become PENDING."""
    reach_rules.require_reach(ctx)
    criteria = reach_rules.job_status_criteria(dict(filter or {}))
    criteria.pop("vendorPartnerIdIn", None)
    criteria["vendorPartnerIdEqual"] = ctx.partner_id
    return _listing(ctx, criteria, pager)


@svc.action(
    "updateJob",
    Param("id", "bigint"),
    Param("entryVendorTask", "object", TASK),
    returns=TASK,
    allow=permissions.is_vendor_partner,
)
def update_job(ctx: Context, id: int, entryVendorTask: KObject) -> KObject:
    """The vendor's partial update: status, results, errors; only the fields sent change."""
    reach_rules.require_reach(ctx)
    task = _vendor_task(ctx, id)
    return task_object(reach_rules.apply_update(ctx.conn, task, entryVendorTask, ctx.now(), vendor=True))


@svc.action("extendAccessKey", Param("id", "bigint"), returns=TASK, allow=permissions.is_vendor_partner)
def extend_access_key(ctx: Context, id: int) -> KObject:
    """A fresh access key with the task's lifetime from now, for PROCESSING or SCHEDULED tasks only."""
    reach_rules.require_reach(ctx)
    task = _vendor_task(ctx, id)
    if int(task["status"]) not in reach_rules.EXTENDABLE:
        raise R.CANNOT_EXTEND_ACCESS_KEY()
    reach_rules.issue_access_key(ctx.conn, task, ctx.now())
    task["updatedAt"] = int(ctx.now())
    tasks.save(ctx.conn, task)
    return task_object(task)


# --------------------------------------------------------------------------------------------- shared reads


@svc.action("get", Param("id", "bigint"), returns=TASK, allow=permissions.any_session)
def get(ctx: Context, id: int) -> KObject:
    """A task of the caller's partner (customer sessions and the task's access key); vendors get NOT_FOUND."""
    reach_rules.require_reach(ctx)
    return task_object(_partner_task(ctx, id))


@svc.action(
    "list",
    Param("filter", "object", "KalturaEntryVendorTaskFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaEntryVendorTaskListResponse",
    allow=permissions.any_session,
)
def list_tasks(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """A vendor lists its tasks in every status; anyone else the tasks of its partner."""
    reach_rules.require_reach(ctx)
    criteria = dict(filter or {})
    if permissions.is_vendor_partner(ctx):
        criteria.pop("vendorPartnerIdIn", None)
        criteria["vendorPartnerIdEqual"] = ctx.partner_id
    else:
        criteria["partnerIdEqual"] = ctx.partner_id
    return _listing(ctx, criteria, pager)


# ------------------------------------------------------------------------------------------------ customer side


@svc.action("add", Param("entryVendorTask", "object", TASK), returns=TASK, allow=_customer)
def add(ctx: Context, entryVendorTask: KObject) -> KObject:
    """Order a task on an entry, checked in the server's order (validateForInsert, then addAction)."""
    reach_rules.require_reach(ctx)
    sent = entryVendorTask
    now = ctx.now()
    if sent.get("catalogItemId") is None:
        raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{TASK}::catalogItemId")
    object_type = sent.get("entryObjectType") or R.EntryObjectType.ENTRY
    if sent.get("entryId") is None and object_type != R.EntryObjectType.EXTERNAL_OBJECT:
        raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{TASK}::entryId")
    entry = permissions.entry_for_read(ctx, sent["entryId"])
    if str(entry.get("status")) != "2":
        raise R.ENTRY_NOT_READY(entry.get("status"))
    if str(entry.get("type", "1")) not in SUPPORTED_ENTRY_TYPES:
        raise R.ENTRY_TYPE_NOT_SUPPORTED(entry.get("type"))
    if sent.get("partnerData") is not None and not reach_rules.is_json(sent["partnerData"]):
        raise R.PARTNER_DATA_NOT_VALID_JSON_STRING()
    item_id = int(sent["catalogItemId"])
    item = catalog.catalog_item(ctx.conn, item_id)
    if item is None or item.get("status") == R.CatalogItemStatus.DELETED:
        raise R.CATALOG_ITEM_NOT_FOUND(item_id)
    if not catalog.enabled_for_partner(ctx.conn, int(ctx.partner_id or 0), item_id):
        raise R.CATALOG_ITEM_NOT_ENABLED_FOR_ACCOUNT(item_id)
    profile_id = sent.get("reachProfileId") or item.get("defaultReachProfileId")
    profile = catalog.profile(ctx.conn, int(profile_id)) if profile_id else None
    if profile is None or profile["partnerId"] != ctx.partner_id or profile.get("status") != catalog.ACTIVE:
        raise R.REACH_PROFILE_NOT_FOUND(profile_id)
    duration_ms = int(entry.get("msDuration") or int(entry.get("duration") or 0) * 1000)
    _check_feature(item, entry, duration_ms)
    price = reach_rules.duration_price(item, duration_ms)
    reach_rules.check_credit(profile, price, entry["id"], item_id, now)
    version = str(entry.get("version") or 0)
    duplicate_statuses = reach_rules.DUPLICATE_OF + (() if item.get("allowResubmission") else (reach_rules.READY,))
    if tasks.active_duplicates(ctx.conn, entry["id"], item_id, version, duplicate_statuses):
        raise R.ENTRY_VENDOR_TASK_DUPLICATION(entry["id"], item_id, version)
    task = _new_task(ctx, sent, entry, item, profile, price, duration_ms, version)
    ctx.note(task_id=task["id"])
    return task_object(task)


def _check_feature(item: dict[str, Any], entry: dict[str, Any], duration_ms: int) -> None:
    """isEntryTypeSupported: OCR wants a video no longer than maxVideoDuration; captions a video or audio entry."""
    feature = item.get("serviceFeature")
    media_type = entry.get("mediaType")
    if feature == R.ServiceFeature.VIDEO_ANALYSIS:
        limit = item.get("maxVideoDuration")
        supported = media_type == VIDEO and not (limit and duration_ms > int(limit) * 1000)
    elif feature == R.ServiceFeature.CAPTIONS:
        supported = media_type in (VIDEO, AUDIO)
    else:
        supported = True
    if not supported:
        raise R.FEATURE_TYPE_NOT_SUPPORTED_FOR_ENTRY(feature, entry["id"])


def _new_task(
    ctx: Context,
    sent: KObject,
    entry: dict[str, Any],
    item: dict[str, Any],
    profile: dict[str, Any],
    price: float,
    duration_ms: int,
    version: str,
) -> dict[str, Any]:
    now = ctx.now()
    human = item["serviceType"] == R.ServiceType.HUMAN
    moderated = bool(profile.get("enableHumanModeration" if human else "enableMachineModeration"))
    moderated = moderated and not permissions.is_admin(ctx)
    dictionary = next(
        (d.get("data") for d in profile.get("dictionaries") or [] if d.get("language") == item.get("sourceLanguage")),
        None,
    )
    job_data = sent.get("taskJobData")
    doc: dict[str, Any] = {
        "partnerId": ctx.partner_id,
        "vendorPartnerId": item["vendorPartnerId"],
        "createdAt": int(now),
        "updatedAt": int(now),
        "entryId": entry["id"],
        "status": reach_rules.PENDING_MODERATION if moderated else reach_rules.PENDING,
        "reachProfileId": profile["id"],
        "catalogItemId": item["id"],
        "price": price,
        "userId": entry.get("userId") or "",
        "entryObjectType": sent.get("entryObjectType") or R.EntryObjectType.ENTRY,
        "version": int(version) if version.isdigit() else version,
        "notes": sent.get("notes"),
        "dictionary": dictionary,
        "context": sent.get("context"),
        "partnerData": sent.get("partnerData"),
        "creationMode": R.CreationMode.MANUAL,
        "taskJobData": {
            **{k: v for k, v in (job_data or {}).items() if k != "entryDuration"},
            "_type": job_data.kaltura_type if isinstance(job_data, KObject) else "KalturaVendorTaskData",
            "entryDuration": duration_ms,
        },
        "serviceType": item["serviceType"],
        "serviceFeature": item["serviceFeature"],
        "turnAroundTime": item["turnAroundTime"],
        "externalObjectId": sent.get("externalObjectId"),
    }
    if doc["status"] == reach_rules.PENDING:
        reach_rules.queue(doc, now)
        reach_rules.charge(ctx.conn, doc)
    tasks.add(ctx.conn, doc)
    reach_rules.issue_access_key(ctx.conn, doc, now)
    tasks.save(ctx.conn, doc)
    return doc


@svc.action(
    "abort",
    Param("id", "bigint"),
    Param("abortReason", "string", optional=True),
    returns=TASK,
    allow=permissions.any_session,
)
def abort(ctx: Context, id: int, abortReason: str | None) -> KObject:
    """Cancel a task still waiting (PENDING, PENDING_MODERATION, SCHEDULED); it then vanishes from every query."""
    reach_rules.require_reach(ctx)
    task = _partner_task(ctx, id)
    reach_rules.abort(task, ctx.ks.user_id if ctx.ks else None, permissions.is_admin(ctx))
    reach_rules.set_status(ctx.conn, task, reach_rules.ABORTED, ctx.now())
    task["errDescription"] = abortReason
    task["updatedAt"] = int(ctx.now())
    tasks.save(ctx.conn, task)
    return task_object(task)


@svc.action("approve", Param("id", "bigint"), returns=TASK, allow=_customer_admin)
def approve(ctx: Context, id: int) -> KObject:
    """Release a task awaiting moderation to the vendor (PENDING, charged now)."""
    reach_rules.require_reach(ctx)
    task = _partner_task(ctx, id)
    if int(task["status"]) != reach_rules.PENDING_MODERATION:
        raise R.CANNOT_APPROVE_NOT_MODERATED_TASK()
    task["moderatingUser"] = ctx.ks.user_id if ctx.ks else ""
    reach_rules.set_status(ctx.conn, task, reach_rules.PENDING, ctx.now())
    reach_rules.charge(ctx.conn, task)
    task["updatedAt"] = int(ctx.now())
    tasks.save(ctx.conn, task)
    return task_object(task)


@svc.action(
    "reject",
    Param("id", "bigint"),
    Param("rejectReason", "string", optional=True),
    returns=TASK,
    allow=_customer_admin,
)
def reject(ctx: Context, id: int, rejectReason: str | None) -> KObject:
    """Refuse a task awaiting moderation (REJECTED, with the reason as errDescription)."""
    reach_rules.require_reach(ctx)
    task = _partner_task(ctx, id)
    if int(task["status"]) != reach_rules.PENDING_MODERATION:
        raise R.CANNOT_REJECT_NOT_MODERATED_TASK()
    task["moderatingUser"] = ctx.ks.user_id if ctx.ks else ""
    task["errDescription"] = rejectReason
    reach_rules.set_status(ctx.conn, task, reach_rules.REJECTED, ctx.now())
    task["updatedAt"] = int(ctx.now())
    tasks.save(ctx.conn, task)
    return task_object(task)


@svc.action("update", Param("id", "bigint"), Param("entryVendorTask", "object", TASK), returns=TASK, allow=_customer)
def update(ctx: Context, id: int, entryVendorTask: KObject) -> KObject:
    """The customer's partial update (notes, context, partnerData…); vendor-only fields are silently dropped."""
    reach_rules.require_reach(ctx)
    task = _partner_task(ctx, id)
    return task_object(reach_rules.apply_update(ctx.conn, task, entryVendorTask, ctx.now(), vendor=False))


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
VENDOR_JOB_DATA_FIELDS = frozenset(
    {"entryDuration", "captionAssetId", "jsonTranscriptAssetId", "textTranscriptAssetId"}
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


def _excluding(obj: KObject, excluded: frozenset[str]) -> KObject:
    obj.only_fields = frozenset(f.name for f in obj.type.fields()) - excluded  # type: ignore[attr-defined]
    return obj


@response_profile("reach_vendor")
def reach_vendor(ctx: Context, obj: KObject) -> KObject:
    """Only the vendor's task fields, plus the catalog item and the reach profile as related list responses.

    Applied to tasks only: a vendor that leaves the profile set on its client keeps getting whole playback
    contexts and assets."""
    if not obj.is_a(TASK):
        return obj
    obj.only_fields = VENDOR_TASK_FIELDS  # type: ignore[attr-defined]
    job = obj.get("taskJobData")
    if isinstance(job, KObject):
        job.only_fields = VENDOR_JOB_DATA_FIELDS  # type: ignore[attr-defined]
    item = catalog.catalog_item(ctx.conn, int(obj.get("catalogItemId") or 0))
    profile = catalog.profile(ctx.conn, int(obj.get("reachProfileId") or 0))
    items = [_excluding(catalog_item_object(item), CATALOG_ITEM_EXCLUDED)] if item else []
    profiles = [_excluding(profile_object(profile), PROFILE_EXCLUDED)] if profile else []
    obj["relatedObjects"] = {
        "reach_vendor_catalog_item": make_list("KalturaVendorCatalogItemListResponse", items, len(items)),
        "reach_vendor_profile": make_list("KalturaReachProfileListResponse", profiles, len(profiles)),
    }
    return obj
