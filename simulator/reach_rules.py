"""REACH task rules in one place: the status machine with its errors, its side effects (queue and expected finish
times, finish time, price and refund, the access key's life), the update-validation rules and the order checks.

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
from simulator import permissions, sessions
from simulator.api import Context
from simulator.objects import errors
from simulator.objects import reach as R
from simulator.objects.model import KObject
from simulator.store import partners, tasks
from simulator.store import reach as catalog
from simulator.store import sessions as killed

S = R.TaskStatus
PENDING, READY, PROCESSING, PENDING_MODERATION = S.PENDING, S.READY, S.PROCESSING, S.PENDING_MODERATION
REJECTED, ERROR, ABORTED = S.REJECTED, S.ERROR, S.ABORTED
PENDING_ENTRY_READY, SCHEDULED = S.PENDING_ENTRY_READY, S.SCHEDULED

FINAL = frozenset({READY, ERROR, REJECTED, ABORTED})
# Only these may move to PROCESSING or ABORTED (EntryVendorTask::save); every other non-final jump is accepted.
STARTABLE = frozenset({PENDING, PENDING_MODERATION, PENDING_ENTRY_READY, SCHEDULED})
ABORTABLE = frozenset({PENDING, PENDING_MODERATION, SCHEDULED})  # EntryVendorTaskService::isAbortAllowed
EXTENDABLE = frozenset({PROCESSING, SCHEDULED})
JOB_STATUSES = frozenset({PENDING, SCHEDULED})  # the only status filters getJobs honours
REFUNDABLE = frozenset({PENDING, PROCESSING, SCHEDULED})  # ERROR from these gives the price back
# Statuses that make a new order for the same entry, item and version a duplicate.
DUPLICATE_OF = (PENDING, PENDING_MODERATION, PROCESSING)

# Permission-gated fields (object.KalturaEntryVendorTask.ini): only a REACH vendor partner may set them; anyone else
# has them silently dropped (KalturaObject::validateForUpdate sends a header, not an error).
VENDOR_FIELDS = frozenset({"status", "errDescription", "accuracy", "outputObjectId", "externalTaskId"})

UNLIMITED_CREDIT = -9999
BEST_EFFORT_SECONDS = 7 * 86400
_NEW_YORK = ZoneInfo("America/New_York")
_DAY_START, _DAY_END = 6, 18  # business hours in New York


# ------------------------------------------------------------------------------------------------------- gate


def require_reach(ctx: Context) -> None:
    """ReachPlugin::isAllowedPartner on both the current and the KS partner: vendors, or partners with REACH on."""
    # The KS partner is the current partner (the dispatcher takes it from the KS), so one check covers both.
    partner = permissions.caller_partner(ctx)
    allowed = partner is not None and (
        partner.get("kind") == partners.VENDOR or bool(partners.setting(partner, "reachEnabled"))
    )
    if not allowed:
        raise errors.FEATURE_FORBIDDEN("reach")


# ----------------------------------------------------------------------------------------------- status machine


def may_change(old: int, new: int) -> bool:
    """True when the server accepts a status change old → new (an unchanged status is always accepted)."""
    if old == new:
        return True
    if old in FINAL:
        return False
    return not (new in (PROCESSING, ABORTED) and old not in STARTABLE)


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
    if new == PENDING:
        queue(task, now)
    if new in (READY, ERROR):
        task["finishTime"] = stamp
    if new == READY:
        _charge_pay_per_use(conn, task)
        _kill_access_key(conn, task, now)
    if new == ERROR and old in REFUNDABLE:
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


# ------------------------------------------------------------------------------------------------ updates


def apply_update(
    conn: sqlite3.Connection, task: dict[str, Any], changes: KObject, now: float, *, vendor: bool
) -> dict[str, Any]:
    """updateJob / update: only the fields sent change. Order: readonly/insert-only with a new value → error;
    vendor-only fields dropped for others; partnerData must be JSON; final-state, unitsUsed and status rules."""
    for name, value in changes.items():
        field = changes.type.field(name)
        if field is not None and (field.readonly or field.insertonly) and not _same(value, task.get(name)):
            raise errors.PROPERTY_VALIDATION_NOT_UPDATABLE(f"KalturaEntryVendorTask::{name}")
    wanted = {k: v for k, v in changes.items() if vendor or k not in VENDOR_FIELDS}
    if wanted.get("partnerData") is not None and not is_json(wanted["partnerData"]):
        raise R.PARTNER_DATA_NOT_VALID_JSON_STRING()
    old = int(task["status"])
    if old in FINAL and wanted.get("unitsUsed") is not None:
        raise R.CANNOT_UPDATE_UNIT_USED_OF_TASK_WHICH_IS_IN_FINAL_STATE(
            task["id"], task.get("unitsUsed"), wanted["unitsUsed"]
        )
    sent_status = wanted.pop("status", None)
    new = old if sent_status is None else int(sent_status)
    check_status_change(task, new)
    if new == READY and new != old:
        _require_units_for_pay_per_use(conn, task, wanted)
    for name, value in wanted.items():
        if name == "taskJobData" and isinstance(value, dict):
            task[name] = _merged_job_data(task.get(name), value)
        else:
            task[name] = value
    set_status(conn, task, new, now)
    task["updatedAt"] = int(now)
    tasks.save(conn, task)
    return task


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


def _same(sent: Any, stored: Any) -> bool:
    """PHP's loose comparison of a sent scalar with the stored one ("0" equals 0). Readonly collections
    (unitsUsedArray) are not compared: the server skips them."""
    if isinstance(sent, dict | list) or sent == stored:
        return True
    try:
        return float(sent) == float(stored)
    except (TypeError, ValueError):
        return str(sent) == str(stored)


def is_json(text: Any) -> bool:
    try:
        json.loads(str(text))
    except ValueError:
        return False
    return True


def abort(task: dict[str, Any], caller_user: str | None, is_admin: bool) -> None:
    """EntryVendorTaskService::abortAction: status first, then (for non-admins) the task's own user only."""
    if int(task["status"]) not in ABORTABLE:
        raise R.CANNOT_ABORT_NOT_MODERATED_TASK()
    if not is_admin and caller_user != task.get("userId"):
        raise R.ENTRY_VENDOR_TASK_ACTION_NOT_ALLOWED(task["id"], caller_user or "")


def job_status_criteria(criteria: dict[str, Any]) -> dict[str, Any]:
    """getJobs: a status filter is honoured only when every value is PENDING or SCHEDULED, else it is PENDING."""
    values = []
    if criteria.get("statusEqual") is not None:
        values.append(str(criteria["statusEqual"]))
    if criteria.get("statusIn"):
        values += [v.strip() for v in str(criteria["statusIn"]).split(",")]
    honoured = bool(values) and all(v.isdigit() and int(v) in JOB_STATUSES for v in values)
    if honoured:
        return criteria
    return {**{k: v for k, v in criteria.items() if k not in ("statusEqual", "statusIn")}, "statusEqual": PENDING}


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
