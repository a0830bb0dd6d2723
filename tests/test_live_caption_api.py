"""The live caption subset of the API: a live stream event planned on a live entry, a live caption order that takes
its job data from the event and gets its feature on it, the vendor's updateLiveFeature, and the SCHEDULED →
PROCESSING flow on the virtual clock."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.live import ApiRefused
from simulator.seeds.demo_alignment_live import LIVE_DURATION_LIMIT_MINUTES, LIVE_MINIMAL_ORDER_MINUTES

HOUR = 3600


def live_entry(reachsim: Any) -> str:
    seed = reachsim.seed()
    loaded = reachsim.backdoor("POST", "scenario", json={"liveEntries": [{"partnerId": seed["partnerId"]}]})
    return str(loaded["liveEntryIds"][0])


def plan_event(reachsim: Any, entry_id: str, starts_in: int = 2 * HOUR, lasts: int = HOUR) -> dict[str, Any]:
    now = int(reachsim.api("system", "getTime"))
    return reachsim.api(
        "schedule_scheduleevent",
        "add",
        ks=reachsim.sessions.admin(),
        scheduleEvent={
            "objectType": "KalturaLiveStreamScheduleEvent",
            "summary": "Town hall",
            "templateEntryId": entry_id,
            "startDate": now + starts_in,
            "endDate": now + starts_in + lasts,
        },
    )


def update_feature(reachsim: Any, ks: str, event_id: int, name: str, **fields: Any) -> Any:
    return reachsim.api(
        "schedule_scheduleevent",
        "updateLiveFeature",
        ks=ks,
        scheduledEventId=event_id,
        featureName=name,
        liveFeature={"objectType": "KalturaLiveCaptionFeature", **fields},
    )


def test_a_live_caption_order_carries_its_event_and_gets_its_feature(reachsim):
    entry_id = live_entry(reachsim)
    event = plan_event(reachsim, entry_id)
    assert event["objectType"] == "KalturaLiveStreamScheduleEvent" and event["status"] == 2
    task_id = reachsim.order_task(entry_id, item="live_caption")
    task = reachsim.task(task_id)
    job = task["taskJobData"]
    assert job["scheduledEventId"] == event["id"] and (job["startDate"], job["endDate"]) == (
        event["startDate"],
        event["endDate"],
    )
    assert job["entryDuration"] == HOUR * 1000 and int(task["status"]) == 1
    got = reachsim.api("schedule_scheduleevent", "get", ks=reachsim.sessions.admin(), scheduleEventId=event["id"])
    assert [f["systemName"] for f in got["liveFeatures"]] == [f"LiveCaptionFeature-reach-{task_id}"]


def test_the_vendor_reads_the_event_with_the_access_key_and_fills_its_feature(reachsim):
    entry_id = live_entry(reachsim)
    event = plan_event(reachsim, entry_id)
    task_id = reachsim.order_task(entry_id, item="live_caption")
    key = reachsim.sessions.access_key(task_id)
    vendor_view = reachsim.api(
        "reach_entryvendortask", "get", ks=key, id=task_id, responseProfile={"systemName": "reach_vendor"}
    )
    assert vendor_view["taskJobData"]["scheduledEventId"] == event["id"]
    assert reachsim.api("schedule_scheduleevent", "get", ks=key, scheduleEventId=event["id"])["id"] == event["id"]
    fields = {
        "mediaUrl": "rtmps://vendor.example/live",
        "mediaKey": "stream-1",
        "captionUrl": "wss://vendor.example/captions",
        "captionToken": "token-1",
    }
    updated = update_feature(reachsim, key, event["id"], f"LiveCaptionFeature-reach-{task_id}", **fields)
    feature = updated["liveFeatures"][0]
    assert feature["objectType"] == "KalturaLiveCaptionFeature"
    assert {k: feature[k] for k in fields} == fields and feature["systemName"] == f"LiveCaptionFeature-reach-{task_id}"
    wrong = update_feature(reachsim, key, event["id"], "LiveCaptionFeature-reach-1", **fields)
    assert wrong["code"] == "CANNOT_UPDATE_SCHEDULE_EVENT_FEATURE"


def test_scheduled_then_processing_on_the_virtual_clock(reachsim):
    entry_id = live_entry(reachsim)
    plan_event(reachsim, entry_id)
    task_id = reachsim.order_task(entry_id, item="live_caption")
    vendor = reachsim.sessions.vendor()

    def update(status: int) -> Any:
        return reachsim.api(
            "reach_entryvendortask", "updateJob", ks=vendor, id=task_id, entryVendorTask={"status": status}
        )

    assert update(9)["status"] == 9
    scheduled = reachsim.api(
        "reach_entryvendortask",
        "getJobs",
        ks=vendor,
        filter={"objectType": "KalturaEntryVendorTaskFilter", "statusEqual": 9},
    )
    assert [str(t["id"]) for t in scheduled["objects"]] == [str(task_id)]
    reachsim.advance_clock(2 * HOUR)
    assert update(3)["status"] == 3


@pytest.mark.parametrize(
    ("starts_in", "lasts", "code"),
    [
        (LIVE_MINIMAL_ORDER_MINUTES * 60 - 120, HOUR, "TOO_LATE_ORDER"),
        (2 * HOUR, LIVE_DURATION_LIMIT_MINUTES * 60 + 60, "TOO_LONG_SCHEDULED_TASK"),
    ],
)
def test_the_item_limits_refuse_late_and_long_orders(reachsim, starts_in, lasts, code):
    entry_id = live_entry(reachsim)
    plan_event(reachsim, entry_id, starts_in, lasts)
    with pytest.raises(ApiRefused) as refused:
        reachsim.order_task(entry_id, item="live_caption")
    assert code in str(refused.value)


def test_live_caption_serves_live_entries_only_and_live_entries_nothing_else(reachsim):
    with pytest.raises(ApiRefused) as on_clip:
        reachsim.order_task(item="live_caption")
    assert "FEATURE_TYPE_NOT_SUPPORTED_FOR_ENTRY" in str(on_clip.value)
    entry_id = live_entry(reachsim)
    plan_event(reachsim, entry_id)
    with pytest.raises(ApiRefused) as captions_on_live:
        reachsim.order_task(entry_id, item="captions")
    assert "FEATURE_TYPE_NOT_SUPPORTED_FOR_ENTRY" in str(captions_on_live.value)


def order_with_event(reachsim: Any, entry_id: str, item: str, event_id: int) -> Any:
    seed = reachsim.seed()
    return reachsim.api(
        "reach_entryvendortask",
        "add",
        ks=reachsim.sessions.admin(),
        entryVendorTask={
            "objectType": "KalturaEntryVendorTask",
            "entryId": entry_id,
            "catalogItemId": seed["catalogItemIds"][item],
            "reachProfileId": seed["reachProfileId"],
            "taskJobData": {"objectType": "KalturaScheduledVendorTaskData", "scheduledEventId": event_id},
        },
    )


def test_a_named_event_must_exist_and_only_scheduled_items_take_one(reachsim):
    entry_id = live_entry(reachsim)
    assert order_with_event(reachsim, entry_id, "live_caption", 999999)["code"] == "SCHEDULE_EVENT_ID_NOT_FOUND"
    event = plan_event(reachsim, entry_id)
    named = order_with_event(reachsim, entry_id, "live_caption", event["id"])
    assert named["taskJobData"]["scheduledEventId"] == event["id"]
    clip = reachsim.seed()["entryIds"][0]
    misplaced = order_with_event(reachsim, clip, "captions", event["id"])
    assert misplaced["code"] == "CATALOG_ITEM_AND_JOB_DATA_MISMATCH"
    other_entry = live_entry(reachsim)
    assert order_with_event(reachsim, other_entry, "live_caption", event["id"])["code"] == (
        "TASK_EVENT_ENTRY_ID_MISMATCH"
    )
