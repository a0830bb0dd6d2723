"""The REACH model: every rule about entry vendor tasks, and the operations that apply them.

The operations — `order`, `update` (vendor and customer), `abort`, `approve`, `reject`, `extend_access_key` —
each look the task up with the action's partner rule, validate, mutate, stamp `updatedAt` and save; service
handlers only call one of them and turn the document into an object. Below them: the status machine with its
errors, its side effects (queue and expected finish times, finish time, price and refund, the access key's
life), the update-validation rules, the order checks, credit, and the gate every REACH service declares.

Sources: kaltura/server `EntryVendorTask::preSave/save`, `KalturaEntryVendorTask::validateForUpdate`,
`EntryVendorTaskService` (tryToSave, abort, extendAccessKey), `kReachManager`, `kReachUtils` (reference §3, §8).
"""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from simulator import ks as kslib
from simulator import permissions, reach_job_data, reach_scheduled, sessions
from simulator.api import Context
from simulator.objects import errors
from simulator.objects import reach as R
from simulator.objects.entries import EntryStatus, EntryType, MediaType
from simulator.objects.model import KObject
from simulator.objects.reach import TaskStatus
from simulator.objects.writable import to_insertable, to_updatable
from simulator.store import flavors, partners, tasks
from simulator.store import reach as catalog
from simulator.store import sessions as killed

FINAL = frozenset({TaskStatus.READY, TaskStatus.ERROR, TaskStatus.REJECTED, TaskStatus.ABORTED})
# Only these may move to PROCESSING or ABORTED (EntryVendorTask::save); every other non-final jump is accepted.
STARTABLE = frozenset(
    {TaskStatus.PENDING, TaskStatus.PENDING_MODERATION, TaskStatus.PENDING_ENTRY_READY, TaskStatus.SCHEDULED}
)
# EntryVendorTaskService::isAbortAllowed
ABORTABLE = frozenset({TaskStatus.PENDING, TaskStatus.PENDING_MODERATION, TaskStatus.SCHEDULED})
EXTENDABLE = frozenset({TaskStatus.PROCESSING, TaskStatus.SCHEDULED})
JOB_STATUSES = frozenset({TaskStatus.PENDING, TaskStatus.SCHEDULED})  # the only status filters getJobs honours
# ERROR from these gives the price back
REFUNDABLE = frozenset({TaskStatus.PENDING, TaskStatus.PROCESSING, TaskStatus.SCHEDULED})
# Statuses that make a new order for the same entry, item and version a duplicate.
DUPLICATE_OF = (TaskStatus.PENDING, TaskStatus.PENDING_MODERATION, TaskStatus.PROCESSING)

# Permission-gated fields (object.KalturaEntryVendorTask.ini): only a REACH vendor partner may set them; anyone else
# has them silently dropped (KalturaObject::validateForUpdate sends a header, not an error).
VENDOR_FIELDS = frozenset({"status", "errDescription", "accuracy", "outputObjectId", "externalTaskId"})

TASK = "KalturaEntryVendorTask"
# Media clips (the simulator stores their media) and live streams (what live caption orders serve).
SUPPORTED_ENTRY_TYPES = frozenset({EntryType.MEDIA_CLIP, EntryType.LIVE_STREAM})

UNLIMITED_CREDIT = -9999
BEST_EFFORT_SECONDS = 7 * 86400
_NEW_YORK = ZoneInfo("America/New_York")
_DAY_START, _DAY_END = 6, 18  # business hours in New York


# ------------------------------------------------------------------------------------------------------- gate


def require_reach(ctx: Context) -> None:
    """ReachPlugin::isAllowedPartner on both the current and the KS partner: vendors, or partners with REACH on."""
    # The KS partner is the current partner (the dispatcher takes it from the KS), so one check covers both.
    partner = ctx.partner
    allowed = partner is not None and (
        partner.get("kind") == partners.VENDOR or bool(partners.setting(partner, "reachEnabled"))
    )
    if not allowed:
        raise errors.FEATURE_FORBIDDEN("reach")


# ------------------------------------------------------------------------------------------------- operations


def partner_task(ctx: Context, task_id: int) -> dict[str, Any]:
    """The partner filter of every action but getJobs/updateJob/list/extendAccessKey: a vendor KS finds nothing."""
    ctx.note(task_id=task_id)
    task = tasks.get(ctx.conn, task_id)
    if task is None or task["partnerId"] != ctx.partner_id:
        raise R.ENTRY_VENDOR_TASK_NOT_FOUND(task_id)
    return task


def vendor_task(ctx: Context, task_id: int) -> dict[str, Any]:
    """updateJob/extendAccessKey: looked up by id and vendorPartnerId = the caller."""
    ctx.note(task_id=task_id)
    task = tasks.get(ctx.conn, task_id)
    if task is None or task["vendorPartnerId"] != ctx.partner_id:
        raise R.ENTRY_VENDOR_TASK_NOT_FOUND(task_id)
    return task


def _save(ctx: Context, task: dict[str, Any]) -> dict[str, Any]:
    task["updatedAt"] = int(ctx.now())
    tasks.save(ctx.conn, task)
    return task


def order(ctx: Context, sent: KObject, creation_mode: int = R.CreationMode.MANUAL) -> dict[str, Any]:
    """entryVendorTask.add, checked in the server's order (validateForInsert, then addAction); AUTOMATIC for the
    orders a profile's rules place (simulator/reach_automation.py)."""
    now = ctx.now()
    if sent.get("catalogItemId") is None:
        raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{TASK}::catalogItemId")
    object_type = sent.get("entryObjectType") or R.EntryObjectType.ENTRY
    if sent.get("entryId") is None and object_type != R.EntryObjectType.EXTERNAL_OBJECT:
        raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{TASK}::entryId")
    entry = permissions.entry_for_read(ctx, sent["entryId"])
    if str(entry.get("status")) != EntryStatus.READY:
        raise R.ENTRY_NOT_READY(entry.get("status"))
    if str(entry.get("type", EntryType.MEDIA_CLIP)) not in SUPPORTED_ENTRY_TYPES:
        raise R.ENTRY_TYPE_NOT_SUPPORTED(entry.get("type"))
    if sent.get("partnerData") is not None and not is_json(sent["partnerData"]):
        raise R.PARTNER_DATA_NOT_VALID_JSON_STRING()
    values = to_insertable(sent)  # KalturaObject::validateForInsert closes the task's own checks
    reach_job_data.validate(ctx, sent.get("taskJobData"))
    item_id = int(sent["catalogItemId"])
    item = catalog.catalog_item(ctx.conn, item_id)
    if item is None or item.get("status") == R.CatalogItemStatus.DELETED:
        raise R.CATALOG_ITEM_NOT_FOUND(item_id)
    if not catalog.enabled_for_partner(ctx.conn, int(ctx.partner_id or 0), item_id):
        raise R.CATALOG_ITEM_NOT_ENABLED_FOR_ACCOUNT(item_id)
    profile_id = sent.get("reachProfileId") or item.get("defaultReachProfileId")
    if profile_id is None:  # getValidateForInsertReachProfile
        raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{TASK}::reachProfileId")
    profile = catalog.profile(ctx.conn, int(profile_id)) if profile_id else None
    if profile is None or profile["partnerId"] != ctx.partner_id or profile.get("status") != catalog.ACTIVE:
        raise R.REACH_PROFILE_NOT_FOUND(profile_id)
    duration_ms = int(entry.get("msDuration") or int(entry.get("duration") or 0) * 1000)
    _check_feature(item, entry, duration_ms)
    reach_scheduled.refuse_misplaced(item, sent.get("taskJobData"))
    if reach_scheduled.is_scheduled(item):
        scheduled = reach_scheduled.job_data(ctx, item, entry, sent.get("taskJobData"))
        duration_ms = int(scheduled["entryDuration"])
    price = duration_price(item, duration_ms)
    check_credit(profile, price, entry["id"], item_id, now)
    version = str(_source_version(ctx, entry["id"]))
    duplicate_statuses = DUPLICATE_OF + (() if item.get("allowResubmission") else (TaskStatus.READY,))
    if tasks.active_duplicates(ctx.conn, entry["id"], item_id, version, duplicate_statuses):
        raise R.ENTRY_VENDOR_TASK_DUPLICATION(entry["id"], item_id, version)
    task = _new_task(ctx, values, entry, item, profile, price, version, creation_mode)
    if reach_scheduled.is_scheduled(item):
        task["taskJobData"] = scheduled
        tasks.save(ctx.conn, task)
        reach_scheduled.provision(ctx, task)
    ctx.note(task_id=task["id"])
    return task


def _source_version(ctx: Context, entry_id: str) -> int:
    """VendorCatalogItem::getTaskVersion: the version of the entry's original flavor (0 when it has none)."""
    original = next((f for f in flavors.for_entry(ctx.conn, entry_id) if f.get("isOriginal")), None)
    return int(original.get("version") or 0) if original else 0


def _check_feature(item: dict[str, Any], entry: dict[str, Any], duration_ms: int) -> None:
    """isEntryTypeSupported: OCR wants a video no longer than maxVideoDuration; captions a video or audio entry."""
    feature = item.get("serviceFeature")
    media_type = entry.get("mediaType")
    if reach_scheduled.is_scheduled(item) or reach_scheduled.is_live(entry):
        supported = reach_scheduled.is_scheduled(item) and reach_scheduled.is_live(entry)
    elif feature == R.ServiceFeature.VIDEO_ANALYSIS:
        limit = item.get("maxVideoDuration")
        supported = media_type == MediaType.VIDEO and not (limit and duration_ms > int(limit) * 1000)
    elif feature == R.ServiceFeature.CAPTIONS:
        supported = media_type in (MediaType.VIDEO, MediaType.AUDIO)
    else:
        supported = True
    if not supported:
        raise R.FEATURE_TYPE_NOT_SUPPORTED_FOR_ENTRY(feature, entry["id"])


def _new_task(
    ctx: Context,
    values: dict[str, Any],
    entry: dict[str, Any],
    item: dict[str, Any],
    profile: dict[str, Any],
    price: float,
    version: str,
    creation_mode: int,
) -> dict[str, Any]:
    """The new task: moderation, dictionary, job data; queued and charged unless moderated; its access key."""
    now = ctx.now()
    human = item["serviceType"] == R.ServiceType.HUMAN
    moderated = bool(profile.get("enableHumanModeration" if human else "enableMachineModeration"))
    moderated = moderated and not permissions.is_admin(ctx)
    dictionary = next(
        (d.get("data") for d in profile.get("dictionaries") or [] if d.get("language") == item.get("sourceLanguage")),
        None,
    )
    job_data = values.get("taskJobData")
    doc: dict[str, Any] = {
        "partnerId": ctx.partner_id,
        "vendorPartnerId": item["vendorPartnerId"],
        "createdAt": int(now),
        "updatedAt": int(now),
        "entryId": entry["id"],
        "status": TaskStatus.PENDING_MODERATION if moderated else TaskStatus.PENDING,
        "reachProfileId": profile["id"],
        "catalogItemId": item["id"],
        "price": price,
        "userId": entry.get("userId") or "",
        "entryObjectType": values.get("entryObjectType") or R.EntryObjectType.ENTRY,
        "version": int(version) if version.isdigit() else version,
        "notes": values.get("notes"),
        "dictionary": dictionary,
        "context": values.get("context"),
        "partnerData": values.get("partnerData"),
        "creationMode": creation_mode,
        "serviceType": item["serviceType"],
        "serviceFeature": item["serviceFeature"],
        "turnAroundTime": item["turnAroundTime"],
        "externalObjectId": values.get("externalObjectId"),
    }
    # Only job data the customer sent: the server stopped filling entryDuration (PLAT-22444), and the abstract
    # KalturaVendorTaskData base could never be serialized.
    if isinstance(job_data, KObject):
        doc["taskJobData"] = {
            **{k: v for k, v in job_data.items() if k != "entryDuration"},
            "_type": job_data.kaltura_type,
        }
    if doc["status"] == TaskStatus.PENDING:
        queue(doc, now)
        charge(ctx.conn, doc)
    tasks.add(ctx.conn, doc)
    issue_access_key(ctx.conn, doc, now)
    tasks.save(ctx.conn, doc)
    return doc


def update(ctx: Context, task_id: int, changes: KObject, *, by_vendor: bool) -> dict[str, Any]:
    """updateJob (by_vendor: the vendor's task) or update (the customer's): only the fields sent change. Order:
    readonly/insert-only with a new value → error; vendor-only fields dropped for others; partnerData must be
    JSON; final-state, unitsUsed and status rules."""
    task = vendor_task(ctx, task_id) if by_vendor else partner_task(ctx, task_id)
    wanted = {k: v for k, v in to_updatable(changes, task).items() if by_vendor or k not in VENDOR_FIELDS}
    if wanted.get("partnerData") is not None and not is_json(wanted["partnerData"]):
        raise R.PARTNER_DATA_NOT_VALID_JSON_STRING()
    old = int(task["status"])
    if old in FINAL and wanted.get("unitsUsed"):  # `if($this->unitsUsed)`: a resent 0 passes
        raise R.CANNOT_UPDATE_UNIT_USED_OF_TASK_WHICH_IS_IN_FINAL_STATE(
            task["id"], task.get("unitsUsed"), wanted["unitsUsed"]
        )
    sent_status = wanted.pop("status", None)
    new = old if sent_status is None else int(sent_status)
    check_status_change(task, new)
    if new == TaskStatus.READY and new != old:
        _require_units_for_pay_per_use(ctx.conn, task, wanted)
    for name, value in wanted.items():
        if name == "taskJobData" and isinstance(value, KObject):
            task[name] = _merged_job_data(task.get(name), value)
        else:
            task[name] = value
    set_status(ctx.conn, task, new, ctx.now())
    return _save(ctx, task)


def abort(ctx: Context, task_id: int, reason: str | None) -> dict[str, Any]:
    """EntryVendorTaskService::abortAction: status first, then (for non-admins) the task's own user only; the
    aborted task then vanishes from every query."""
    task = partner_task(ctx, task_id)
    caller_user = ctx.ks.user_id if ctx.ks else None
    if int(task["status"]) not in ABORTABLE:
        raise R.CANNOT_ABORT_NOT_MODERATED_TASK()
    if not permissions.is_admin(ctx) and caller_user != task.get("userId"):
        raise R.ENTRY_VENDOR_TASK_ACTION_NOT_ALLOWED(task["id"], caller_user or "")
    set_status(ctx.conn, task, TaskStatus.ABORTED, ctx.now())
    task["errDescription"] = reason
    return _save(ctx, task)


def approve(ctx: Context, task_id: int) -> dict[str, Any]:
    """Release a task awaiting moderation to the vendor (PENDING, charged now)."""
    task = partner_task(ctx, task_id)
    if int(task["status"]) != TaskStatus.PENDING_MODERATION:
        raise R.CANNOT_APPROVE_NOT_MODERATED_TASK()
    task["moderatingUser"] = ctx.ks.user_id if ctx.ks else ""
    set_status(ctx.conn, task, TaskStatus.PENDING, ctx.now())
    charge(ctx.conn, task)
    return _save(ctx, task)


def reject(ctx: Context, task_id: int, reason: str | None) -> dict[str, Any]:
    """Refuse a task awaiting moderation (REJECTED, with the reason as errDescription)."""
    task = partner_task(ctx, task_id)
    if int(task["status"]) != TaskStatus.PENDING_MODERATION:
        raise R.CANNOT_REJECT_NOT_MODERATED_TASK()
    task["moderatingUser"] = ctx.ks.user_id if ctx.ks else ""
    task["errDescription"] = reason
    set_status(ctx.conn, task, TaskStatus.REJECTED, ctx.now())
    return _save(ctx, task)


def extend_access_key(ctx: Context, task_id: int) -> dict[str, Any]:
    """A fresh access key with the task's lifetime from now, for PROCESSING or SCHEDULED tasks only."""
    task = vendor_task(ctx, task_id)
    if int(task["status"]) not in EXTENDABLE:
        raise R.CANNOT_EXTEND_ACCESS_KEY()
    issue_access_key(ctx.conn, task, ctx.now())
    return _save(ctx, task)


# ----------------------------------------------------------------------------------------------- status machine


def may_change(old: int, new: int) -> bool:
    """True when the server accepts a status change old → new (an unchanged status is always accepted)."""
    if old == new:
        return True
    if old in FINAL:
        return False
    return not (new in (TaskStatus.PROCESSING, TaskStatus.ABORTED) and old not in STARTABLE)


def check_status_change(task: dict[str, Any], new: int) -> None:
    """Raise the server's error for a refused status change, final-state rule first."""
    old = int(task["status"])
    if old == new:
        return
    if old in FINAL:
        raise R.CANNOT_UPDATE_STATUS_OF_TASK_WHICH_IS_IN_FINAL_STATE(task["id"], old, new)
    if not may_change(old, new):
        raise R.ENTRY_VENDOR_TASK_ITEM_COULD_NOT_BE_UPDATED(
            f"Entry vendor task item with id [{task['id']}] could not be updated to status [{new}]"
        )


def set_status(conn: sqlite3.Connection, task: dict[str, Any], new: int, now: float) -> None:
    """Move a (validated) task to `new` and apply the side effects the server's preSave/postSave apply."""
    old = int(task["status"])
    if old == new:
        return
    task["status"] = new
    stamp = int(now)
    if new == TaskStatus.PENDING:
        queue(task, now)
    if new in (TaskStatus.READY, TaskStatus.ERROR):
        task["finishTime"] = stamp
    if new == TaskStatus.READY:
        _charge_pay_per_use(conn, task)
        _kill_access_key(conn, task, now)
    if new == TaskStatus.ERROR and old in REFUNDABLE:
        _refund(conn, task)


def queue(task: dict[str, Any], now: float) -> None:
    """Entering PENDING (again) restarts the clock: queueTime now, expectedFinishTime from the turnaround time."""
    task["queueTime"] = int(now)
    task["expectedFinishTime"] = expected_finish_time(int(now), int(task["turnAroundTime"]))


def charge(conn: sqlite3.Connection, task: dict[str, Any]) -> None:
    """A priced (non pay-per-use) task is charged to its profile when it is released to the vendor."""
    _add_used_credit(conn, int(task["reachProfileId"]), float(task.get("price") or 0))


def _charge_pay_per_use(conn: sqlite3.Connection, task: dict[str, Any]) -> None:
    item = catalog.catalog_item(conn, int(task["catalogItemId"]))
    if item is None or not item.get("payPerUse"):
        return
    task["price"] = pay_per_use_price(item, int(task.get("unitsUsed") or 0))
    _add_used_credit(conn, int(task["reachProfileId"]), task["price"])


def _refund(conn: sqlite3.Connection, task: dict[str, Any]) -> None:
    price = float(task.get("price") or 0)
    task["_refundedPrice"] = price
    task["price"] = 0.0
    _add_used_credit(conn, int(task["reachProfileId"]), -price)


def _add_used_credit(conn: sqlite3.Connection, profile_id: int, amount: float) -> None:
    profile = catalog.profile(conn, profile_id)
    if profile is None or not amount:
        return
    profile["usedCredit"] = float(profile.get("usedCredit") or 0) + amount
    catalog.save_profile(conn, profile)


# ------------------------------------------------------------------------------------------------ access keys


def issue_access_key(conn: sqlite3.Connection, task: dict[str, Any], now: float) -> None:
    """VendorCatalogItem::generateReachVendorKs: a USER KS of the task's (customer) partner, empty user, the entry's
    privileges, living max(2 x TAT, 7 days) on the virtual clock; remembered by fingerprint for the journal."""
    partner = partners.get(conn, int(task["partnerId"]))
    if partner is None:
        raise errors.INTERNAL_SERVERL_ERROR()
    privileges = kslib.access_key_privileges(task["entryId"], _moderated(conn, task))
    expires_at = int(now) + kslib.access_key_lifetime(int(task["turnAroundTime"]))
    key = sessions.issue(partner, ks_type=kslib.KsType.USER, user_id="", privileges=privileges, expires_at=expires_at)
    fingerprint = kslib.parse(key, partners.admin_secrets(partner)).fingerprint
    task["accessKey"] = key
    task["_accessKeyFingerprint"] = fingerprint
    tasks.remember_access_key(conn, fingerprint, int(task["id"]))


def _moderated(conn: sqlite3.Connection, task: dict[str, Any]) -> bool:
    """Output is moderated unless the profile auto-displays captions of the item's service type."""
    profile = catalog.profile(conn, int(task["reachProfileId"])) or {}
    human = task["serviceType"] == R.ServiceType.HUMAN
    return not profile.get("autoDisplayHumanCaptionsOnPlayer" if human else "autoDisplayMachineCaptionsOnPlayer")


def _kill_access_key(conn: sqlite3.Connection, task: dict[str, Any], now: float) -> None:
    """kReachManager::invalidateAccessKey kills the task's current key (an older, extended-away key lives on)."""
    fingerprint = task.get("_accessKeyFingerprint")
    if fingerprint:
        killed.kill(conn, fingerprint, now)


# ------------------------------------------------------------------------------------------- time and price


def expected_finish_time(now: int, turn_around_time: int) -> int:
    """EntryVendorTask::preSave: seconds values add up, IMMEDIATE is now, BEST_EFFORT a week, 1–10 business days."""
    if turn_around_time == R.TurnAroundTime.BEST_EFFORT:
        return now + BEST_EFFORT_SECONDS
    if 0 < turn_around_time <= R.TurnAroundTime.TEN_BUSINESS_DAYS:
        return add_business_days(now, turn_around_time)
    return now + max(turn_around_time, 0)


def add_business_days(now: int, days: int) -> int:
    """calculateBusinessDays, New York time: each business day ends at 18:00 of a weekday. Inside business hours a
    day is 24 h; before 06:00 it ends 18:00 the same day, after 18:00 at 18:00 the next day; a weekend start ends
    Monday 18:00; a step landing on a weekend moves two days on."""
    moment = datetime.fromtimestamp(now, _NEW_YORK)
    for _ in range(days):
        if moment.weekday() >= 5:
            monday = moment + timedelta(days=7 - moment.weekday())
            moment = monday.replace(hour=_DAY_END, minute=0, second=0, microsecond=0)
        elif moment.hour < _DAY_START:
            moment = moment.replace(hour=_DAY_END, minute=0, second=0, microsecond=0)
        elif moment.hour >= _DAY_END:
            moment = (moment + timedelta(days=1)).replace(hour=_DAY_END, minute=0, second=0, microsecond=0)
        else:
            moment = moment + timedelta(days=1)
        if moment.weekday() >= 5:
            moment = moment + timedelta(days=2)
    return int(moment.timestamp())


_UNIT_MS = {
    R.PriceFunction.PRICE_PER_SECOND: 1000,
    R.PriceFunction.PRICE_PER_MINUTE: 60000,
    R.PriceFunction.PRICE_PER_HOUR: 3600000,
}


def duration_price(item: dict[str, Any], duration_ms: int) -> float:
    """kReachUtils::calculateTaskPrice for non pay-per-use items: whole started units of the entry's duration."""
    if item.get("payPerUse"):
        return 0.0
    pricing = item.get("pricing") or {}
    unit_ms = _UNIT_MS.get(pricing.get("priceFunction"))
    per_unit = float(pricing.get("pricePerUnit") or 0)
    if unit_ms is None:
        return 0.0
    return math.ceil(duration_ms / unit_ms) * per_unit


def pay_per_use_price(item: dict[str, Any], units: int) -> float:
    """Pay-per-use: the units the vendor reports, times the unit price."""
    return units * float((item.get("pricing") or {}).get("pricePerUnit") or 0)


# ------------------------------------------------------------------------------------------- update helpers


def _require_units_for_pay_per_use(conn: sqlite3.Connection, task: dict[str, Any], wanted: dict[str, Any]) -> None:
    item = catalog.catalog_item(conn, int(task["catalogItemId"])) or {}
    if item.get("payPerUse") and wanted.get("unitsUsed") is None and task.get("unitsUsed") is None:
        raise errors.MISSING_MANDATORY_PARAMETER("unitsUsed")


def _merged_job_data(current: Any, sent: KObject) -> dict[str, Any]:
    """Job data keeps its class and its readonly entryDuration; the sender's writable fields win."""
    merged = dict(current or {})
    merged.update({k: v for k, v in sent.items() if k != "entryDuration"})
    merged["_type"] = (current or {}).get("_type") or sent.kaltura_type
    return merged


def is_json(text: Any) -> bool:
    try:
        json.loads(str(text))
    except ValueError:
        return False
    return True


def job_status_criteria(criteria: dict[str, Any]) -> dict[str, Any]:
    """getJobs: statusEqual (or, when it is empty, statusIn) must name only PENDING or SCHEDULED, else statusEqual
    becomes PENDING; statusIn is never removed, so both then apply together (statusIn=3 finds nothing)."""
    equal, status_in = criteria.get("statusEqual"), criteria.get("statusIn")
    if equal:
        values = [str(equal)]
    elif status_in:
        values = [v.strip() for v in str(status_in).split(",")]
    else:
        values = []
    honoured = bool(values) and all(v.isdigit() and int(v) in JOB_STATUSES for v in values)
    return criteria if honoured else {**criteria, "statusEqual": TaskStatus.PENDING}


# ---------------------------------------------------------------------------------------------------- credit


def check_credit(profile: dict[str, Any], price: float, entry_id: str, item_id: int, now: float) -> None:
    """kReachUtils::isEnoughCreditLeft / credit cycle: unlimited passes; zero-priced non-PPU tasks always pass."""
    credit = profile.get("credit") or {}
    if credit.get("_type") == "KalturaUnlimitedVendorCredit" or credit.get("credit") == UNLIMITED_CREDIT:
        return
    from_date, to_date = credit.get("fromDate"), credit.get("toDate")
    if (from_date and now < from_date) or (to_date and now > to_date):
        raise R.CREDIT_EXPIRED(entry_id, item_id)
    if not price:
        return
    allowed = sum(float(credit.get(name) or 0) for name in ("credit", "overageCredit", "addOn"))
    if allowed - (float(profile.get("usedCredit") or 0) + price) < 0:
        raise R.EXCEEDED_MAX_CREDIT_ALLOWED(entry_id, item_id)
