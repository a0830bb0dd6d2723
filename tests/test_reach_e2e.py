"""The vendor's REACH loop through Kaltura's official Python client against the live simulator, and every refusal
on the way with the real server's error code."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaFilterPager, KalturaResponseProfileHolder, KalturaSessionType
from KalturaClient.Plugins.Reach import (
    KalturaEntryVendorTask,
    KalturaEntryVendorTaskFilter,
    KalturaEntryVendorTaskStatus,
)

from simulator import ks as kslib
from simulator.seeds.demo import demo_secret
from simulator.store import partners, tasks
from simulator.store import reach as catalog

EXPIRED_MESSAGE = 'Invalid KS "EXPIRED", Error "-1,INVALID_STR"'
LOGOUT_MESSAGE = 'Invalid KS "LOGOUT", Error "-1,INVALID_STR"'
OTHER_VENDOR_ID = 3003


def start(client: Any, secret: str, partner_id: int) -> str:
    return client.session.start(secret, "", KalturaSessionType.ADMIN, partner_id, 86400, "disableentitlement")


def order(client: Any, seed: dict[str, Any], entry_index: int = 0, item: str = "ocr") -> Any:
    task = KalturaEntryVendorTask()
    task.entryId = seed["entryIds"][entry_index]
    task.catalogItemId = seed["catalogItemIds"][item]
    task.reachProfileId = seed["reachProfileId"]
    return client.reach.entryVendorTask.add(task)


def status(value: int) -> KalturaEntryVendorTask:
    update = KalturaEntryVendorTask()
    update.status = KalturaEntryVendorTaskStatus(value)
    return update


def refused(code: str, call: Any, *args: Any) -> KalturaException:
    with pytest.raises(KalturaException) as caught:
        call(*args)
    assert caught.value.code == code, caught.value
    return caught.value


@pytest.fixture
def sessions(reachsim: Any, kaltura_client: Any) -> dict[str, Any]:
    """Clients for the customer admin, the vendor and a second vendor (added to the store here)."""
    seed = reachsim.seed()
    with reachsim.sim.db.transaction() as conn:
        partners.add(
            conn,
            {
                "id": OTHER_VENDOR_ID,
                "kind": partners.VENDOR,
                "name": "other vendor",
                "adminSecret": demo_secret(OTHER_VENDOR_ID, "admin"),
                "secret": demo_secret(OTHER_VENDOR_ID, "user"),
            },
        )
    bootstrap = kaltura_client()
    customer = kaltura_client(start(bootstrap, seed["adminSecret"], seed["partnerId"]))
    vendor = kaltura_client(start(bootstrap, seed["vendorSecret"], seed["vendorPartnerId"]), "app:1.0_reachsimocr-2002")
    other = kaltura_client(start(bootstrap, demo_secret(OTHER_VENDOR_ID, "admin"), OTHER_VENDOR_ID))
    return {"seed": seed, "customer": customer, "vendor": vendor, "other": other, "make": kaltura_client}


def test_vendor_loop_with_the_official_client(reachsim, sessions):
    seed, customer, vendor = sessions["seed"], sessions["customer"], sessions["vendor"]
    added = order(customer, seed)
    assert added.status.getValue() == KalturaEntryVendorTaskStatus.PENDING
    assert added.vendorPartnerId == seed["vendorPartnerId"] and added.serviceFeature.getValue() == 14

    pager = KalturaFilterPager()
    pager.pageSize = 100
    jobs = vendor.reach.entryVendorTask.getJobs(KalturaEntryVendorTaskFilter(), pager)
    assert jobs.totalCount == 1 and jobs.objects[0].id == added.id
    access_key = jobs.objects[0].accessKey
    info = kslib.parse(access_key, [seed["adminSecret"]])
    assert (info.partner_id, info.type, info.user_id) == (seed["partnerId"], 0, "")
    assert str(info.privileges) == kslib.access_key_privileges(added.entryId, moderated=False)
    with reachsim.sim.db.transaction() as conn:
        assert tasks.task_for_access_key(conn, info.fingerprint) == added.id

    holder = KalturaResponseProfileHolder()
    holder.systemName = "reach_vendor"
    keyed = sessions["make"](access_key)
    keyed.setResponseProfile(holder)
    task = keyed.reach.entryVendorTask.get(added.id)
    assert task.price is NotImplemented and task.expectedFinishTime is NotImplemented  # outside the profile
    item = task.relatedObjects["reach_vendor_catalog_item"].objects[0]
    profile = task.relatedObjects["reach_vendor_profile"].objects[0]
    assert item.videoAnalysisType.getValue() == 1 and item.maxVideoDuration == 7200 and item.id is NotImplemented
    assert (
        profile.flavorParamsIds and profile.contentDeletionPolicy.getValue() == 2 and profile.credit is NotImplemented
    )

    processing = vendor.reach.entryVendorTask.updateJob(added.id, status(KalturaEntryVendorTaskStatus.PROCESSING))
    assert processing.status.getValue() == KalturaEntryVendorTaskStatus.PROCESSING
    extended = vendor.reach.entryVendorTask.extendAccessKey(added.id)
    assert extended.accessKey != access_key

    done = status(KalturaEntryVendorTaskStatus.READY)
    done.outputObjectId = "0_output01"
    done.accuracy = 93
    ready = vendor.reach.entryVendorTask.updateJob(added.id, done)
    assert (ready.status.getValue(), ready.outputObjectId, ready.accuracy) == (2, "0_output01", 93)
    assert ready.finishTime >= ready.createdAt
    final = customer.reach.entryVendorTask.get(added.id)
    assert final.status.getValue() == KalturaEntryVendorTaskStatus.READY and final.accuracy == 93
    journal = [e for e in reachsim.journal() if e["service"] == "reach_entryvendortask" and e["action"] != "getJobs"]
    assert all(e["task_id"] == added.id for e in journal)


def test_refusals_carry_the_real_error_codes(reachsim, sessions):
    seed, customer, vendor, other = sessions["seed"], sessions["customer"], sessions["vendor"], sessions["other"]
    added = order(customer, seed)
    access_key = vendor.reach.entryVendorTask.getJobs().objects[0].accessKey
    keyed = sessions["make"](access_key)

    refused("ENTRY_VENDOR_TASK_NOT_FOUND", vendor.reach.entryVendorTask.get, added.id)
    refused("SERVICE_FORBIDDEN", keyed.reach.entryVendorTask.updateJob, added.id, status(3))
    for call in (other.reach.entryVendorTask.get, other.reach.entryVendorTask.extendAccessKey):
        refused("ENTRY_VENDOR_TASK_NOT_FOUND", call, added.id)
    refused("ENTRY_VENDOR_TASK_NOT_FOUND", other.reach.entryVendorTask.updateJob, added.id, status(3))
    assert other.reach.entryVendorTask.getJobs().totalCount == 0
    refused("ENTRY_VENDOR_TASK_DUPLICATION", order, customer, seed)

    vendor.reach.entryVendorTask.updateJob(added.id, status(3))
    error = refused("CANNOT_ABORT_NOT_MODERATED_TASK", customer.reach.entryVendorTask.abort, added.id)
    assert error.message == "Cannot abort task which is not pending moderation"
    error = refused(
        "ENTRY_VENDOR_TASK_ITEM_COULD_NOT_BE_UPDATED", vendor.reach.entryVendorTask.updateJob, added.id, status(7)
    )
    assert error.message == f"Entry vendor task item with id [{added.id}] could not be updated to status [7]"

    vendor.reach.entryVendorTask.updateJob(added.id, status(2))
    refused("CANNOT_EXTEND_ACCESS_KEY", vendor.reach.entryVendorTask.extendAccessKey, added.id)
    assert refused("INVALID_KS", keyed.reach.entryVendorTask.get, added.id).message == LOGOUT_MESSAGE
    error = refused(
        "CANNOT_UPDATE_STATUS_OF_TASK_WHICH_IS_IN_FINAL_STATE",
        vendor.reach.entryVendorTask.updateJob,
        added.id,
        status(3),
    )
    assert (
        error.message
        == f"Cannot update status from [2] to [3] for task with id [{added.id}], since task is in final status"
    )


def test_an_access_key_expires_on_the_virtual_clock(reachsim, sessions):
    seed, customer, vendor = sessions["seed"], sessions["customer"], sessions["vendor"]
    added = order(customer, seed)
    keyed = sessions["make"](vendor.reach.entryVendorTask.getJobs().objects[0].accessKey)
    assert keyed.reach.entryVendorTask.get(added.id).id == added.id
    reachsim.advance_clock(kslib.ACCESS_KEY_MIN_LIFETIME + 1)
    assert refused("INVALID_KS", keyed.reach.entryVendorTask.get, added.id).message == EXPIRED_MESSAGE


def test_aborted_tasks_vanish_and_orders_are_checked(reachsim, sessions):
    seed, customer, vendor = sessions["seed"], sessions["customer"], sessions["vendor"]
    added = order(customer, seed)
    aborted = customer.reach.entryVendorTask.abort(added.id, "changed my mind")
    assert aborted.status.getValue() == 7 and aborted.errDescription == "changed my mind"
    refused("ENTRY_VENDOR_TASK_NOT_FOUND", customer.reach.entryVendorTask.get, added.id)
    refused("ENTRY_VENDOR_TASK_NOT_FOUND", vendor.reach.entryVendorTask.updateJob, added.id, status(3))
    assert (
        vendor.reach.entryVendorTask.getJobs().totalCount == 0 and vendor.reach.entryVendorTask.list().totalCount == 0
    )
    assert order(customer, seed).id != added.id  # an aborted task is no duplicate

    with reachsim.sim.db.transaction() as conn:
        catalog.PROFILES.find(conn)  # the profile exists; now make an entry too long for OCR
        long_entry = conn.execute("SELECT doc FROM entries WHERE id = ?", (seed["entryIds"][1],)).fetchone()
        assert long_entry is not None
        conn.execute(
            "UPDATE entries SET doc = json_set(doc, '$.msDuration', 7201000, '$.duration', 7201) WHERE id = ?",
            (seed["entryIds"][1],),
        )
    refused("FEATURE_TYPE_NOT_SUPPORTED_FOR_ENTRY", order, customer, seed, 1)
    refused(
        "ENTRY_ID_NOT_FOUND", customer.reach.entryVendorTask.add, _task("0_missing0", seed["catalogItemIds"]["ocr"])
    )
    refused("CATALOG_ITEM_NOT_FOUND", customer.reach.entryVendorTask.add, _task(seed["entryIds"][2], 999))


def _task(entry_id: str, item_id: int) -> KalturaEntryVendorTask:
    task = KalturaEntryVendorTask()
    task.entryId = entry_id
    task.catalogItemId = item_id
    return task


def test_reach_is_a_partner_feature(reachsim, sessions):
    seed = sessions["seed"]
    reachsim.backdoor("POST", f"partners/{seed['partnerId']}", json={"reachEnabled": False})
    error = refused("FEATURE_FORBIDDEN", order, sessions["customer"], seed)
    assert error.message == "The usage of feature [reach] is forbidden"


def test_journal_attributes_access_key_calls_to_their_task_even_when_refused(reachsim, kaltura_client):
    """The harness reads from the journal which task a call served: for an access key the simulator knows it,
    whether or not the handler notes it, and also when the key was refused as expired."""
    seed = reachsim.seed()
    customer = kaltura_client()
    customer.setKs(customer.session.start(seed["adminSecret"], "", 2, seed["partnerId"]))
    task = customer.reach.entryVendorTask.add(
        KalturaEntryVendorTask(
            entryId=seed["entryIds"][0],
            catalogItemId=seed["catalogItemIds"]["ocr"],
            reachProfileId=seed["reachProfileId"],
        )
    )
    url = f"{reachsim.url}/api_v3/service/uploadtoken/action/add"
    requests.post(url, data={"format": "1", "ks": task.accessKey}, timeout=30).raise_for_status()
    reachsim.advance_clock(8 * 86400)
    refused = requests.post(url, data={"format": "1", "ks": task.accessKey}, timeout=30).json()
    assert refused["code"] == "INVALID_KS"
    add_calls = [e for e in reachsim.journal() if e.get("service") == "uploadtoken"]
    assert [e["task_id"] for e in add_calls] == [int(task.id), int(task.id)]
    assert [e["result"] for e in add_calls] == ["OK", "INVALID_KS"]
    assert add_calls[1]["partner_id"] == seed["partnerId"] and add_calls[1]["ks_type"] == 0
