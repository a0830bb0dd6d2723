"""A TEST DOUBLE of a REACH live caption vendor: it takes a new live caption task, reads the task's live stream event,
fills the task's KalturaLiveCaptionFeature on it (its own RTMPS ingest and caption websocket, which exist nowhere:
no stream is relayed in the simulator), sets SCHEDULED with its own externalTaskId, sets PROCESSING once the event
has started and READY once it has ended. It reads the time from system.getTime: the certification harness moves the
simulator's clock to the event.

`--break NAME` (repeatable) gets one step wrong, so tests can check each fails exactly its rules.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from captions_vendor import CaptionsVendor, main
from plain_vendor import ApiError, fair_order

BREAKS = {
    "no-token": "fills the feature without a captionToken",
    "late-feature": "fills the feature only once the event has started",
    "wrong-feature-name": "names the feature LiveCaptionFeature-<taskId> (without 'reach') and carries on",
    "vod-flow": "treats the task as a VOD job: PROCESSING at once, never SCHEDULED",
}
SCHEDULED, PROCESSING, READY = 9, 3, 2
POLL_SECONDS = 1.0


class LiveCaptionVendor(CaptionsVendor):
    def run(self) -> None:
        mine: dict[str, dict[str, Any]] = {}  # task id -> task with its window and phase
        last_poll = 0.0
        while True:
            if time.monotonic() - last_poll >= 5 * POLL_SECONDS:
                last_poll = time.monotonic()
                for job in fair_order(self.jobs()):
                    if job["id"] not in mine:
                        taken = self.take(job)
                        if taken is not None:
                            mine[job["id"]] = taken
            now = float(self.vendor_call("system", "getTime"))
            for task_id, task in list(mine.items()):
                try:
                    if self.follow(task, now):
                        del mine[task_id]
                except ApiError as exc:
                    self.fail(task_id, f"live caption vendor: {exc}")
                    del mine[task_id]
            time.sleep(POLL_SECONDS)

    def take(self, job: dict[str, Any]) -> dict[str, Any] | None:
        task = dict(job)
        full = self.keyed(
            task, "reach_entryvendortask", "get", id=task["id"], **{"responseProfile[systemName]": "reach_vendor"}
        )
        window = full.get("taskJobData") or {}
        if not window.get("scheduledEventId"):
            self.fail(task["id"], "the live caption task names no scheduled event")
            return None
        event = self.keyed(task, "schedule_scheduleevent", "get", scheduleEventId=window["scheduledEventId"])
        task.update(window=window, event=event)
        if "vod-flow" in self.breaks:
            self.fill_feature(task)
            self.update(task["id"], status=PROCESSING)
            task["phase"] = PROCESSING
            return task
        if "late-feature" not in self.breaks:
            self.fill_feature(task)
        self.update(task["id"], status=SCHEDULED, externalTaskId=f"live-{task['id']}")
        task["phase"] = SCHEDULED
        return task

    def fill_feature(self, task: dict[str, Any]) -> None:
        name = (
            f"LiveCaptionFeature-{task['id']}"
            if "wrong-feature-name" in self.breaks
            else f"LiveCaptionFeature-reach-{task['id']}"
        )
        fields = {
            "objectType": "KalturaLiveCaptionFeature",
            "mediaUrl": "rtmps://live.vendor.example:443/ingest",
            "mediaKey": f"reach-{task['id']}",
            "captionUrl": f"wss://live.vendor.example/captions/{task['id']}",
            "captionToken": f"token-{task['id']}",
        }
        if "no-token" in self.breaks:
            del fields["captionToken"]
        try:
            self.keyed(
                task,
                "schedule_scheduleevent",
                "updateLiveFeature",
                scheduledEventId=task["window"]["scheduledEventId"],
                featureName=name,
                **{f"liveFeature[{k}]": v for k, v in fields.items()},
            )
        except ApiError:
            if "wrong-feature-name" not in self.breaks:
                raise

    def follow(self, task: dict[str, Any], now: float) -> bool:
        """Move the task with the event; True once it is finished."""
        window = task["window"]
        if task["phase"] == SCHEDULED and now >= float(window["startDate"]):
            if "late-feature" in self.breaks:
                self.fill_feature(task)
            self.update(task["id"], status=PROCESSING)
            task["phase"] = PROCESSING
            return False
        if task["phase"] == PROCESSING and now >= float(window["endDate"]):
            self.update(task["id"], status=READY, accuracy=80)
            return True
        return False


if __name__ == "__main__":
    sys.exit(main(LiveCaptionVendor, BREAKS))
