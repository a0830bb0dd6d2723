"""TEST DOUBLES: the reference vendor (`reachsim vendor`) with one step overridden to break one REACH rule, for the
certification tests. `python broken_reference.py BREAK [reachsim vendor options]`; the REACH_* variables as usual.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

from vendor import cli, media
from vendor.client import Client, TaskSession, client_tag
from vendor.worker import ERROR, READY, Task, TaskFailed, Vendor


class VendorKsForGet(Vendor):
    """entryVendorTask.get with the vendor's own KS instead of the task's access key."""

    def fetch(self, task: Task) -> dict[str, Any]:
        params = {"id": task.id, "responseProfile": {"systemName": "reach_vendor"}}
        return self.client.vendor_call("reach_entryvendortask", "get", params, task_id=task.id)


class NoProcessing(Vendor):
    def start(self, task: Task) -> None:
        """Never sets PROCESSING."""


class IgnoreFlavorOrder(Vendor):
    """Chooses among all the entry's flavors as if the profile named no flavorParamsIds (the vendor's own pick, the
    smallest readable video, wins). Choosing among the playback context's flavors only would fetch the very flavor
    the scenario's profile names: the context leaves out the source."""

    def choose_flavor(self, task: Task, context: dict[str, Any]) -> media.Flavor:
        return media.choose_flavor(task.session.entry_flavors(task.entry_id), None)


class NoHttpFallback(Vendor):
    """Gives up when getPlaybackContext has no HLS source instead of asking for http."""

    def pick_source(self, task: Task, context: dict[str, Any], flavor: media.Flavor) -> tuple[dict[str, Any], str]:
        source = media.source_for(context, media.HLS, flavor.id)
        if source is None:
            raise TaskFailed("the entry has no HLS source")
        return source, media.HLS


class ReadyWithoutOutput(Vendor):
    def finish(self, task: Task, output_id: str, score: int) -> None:
        self.client.update_job(task.id, status=READY, accuracy=score)


class ErrorWithoutDescription(Vendor):
    def fail(self, task: Task, description: str) -> None:
        self.client.update_job(task.id, status=ERROR)


class ProcessAborted(Vendor):
    """Works on what getJobs listed even when the task has since gone (aborted)."""

    def fetch(self, task: Task) -> dict[str, Any]:
        try:
            return super().fetch(task)
        except Exception:
            return dict(task.job)

    def start(self, task: Task) -> None:
        with contextlib.suppress(Exception):
            super().start(task)


class NoExtension(TaskSession):
    def extend(self) -> None:
        raise TaskFailed(f"the access key of task {self.task_id} expired")


class NeverExtend(Vendor):
    """Treats an expired access key as the end of the task: no extendAccessKey."""

    def session_for(self, job: dict[str, Any]) -> TaskSession:
        return NoExtension(self.client, str(job["id"]), str(job.get("accessKey") or ""))


class Crash(Vendor):
    def fetch(self, task: Task) -> dict[str, Any]:
        print(f"broken vendor: crashing on task {task.id}", file=sys.stderr, flush=True)
        os._exit(70)


class UntaggedClient(Client):
    """clientTag without the task id on task calls."""

    def tag(self, task_id: Any = None) -> str:
        return client_tag(self.creds.vendor_name, self.creds.partner_id)


VENDORS: dict[str, type[Vendor]] = {
    "vendor-ks-for-get": VendorKsForGet,
    "no-processing": NoProcessing,
    "ignore-flavor-order": IgnoreFlavorOrder,
    "no-http-fallback": NoHttpFallback,
    "ready-without-output": ReadyWithoutOutput,
    "error-without-description": ErrorWithoutDescription,
    "process-aborted": ProcessAborted,
    "never-extend": NeverExtend,
    "crash": Crash,
}
CLIENTS: dict[str, type[Client]] = {"wrong-client-tag": UntaggedClient}
# hammer needs no override: the reference's own --poll-interval, set far too short.
BREAKS = sorted({*VENDORS, *CLIENTS, "hammer"})


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in BREAKS:
        print(f"usage: broken_reference.py {{{','.join(BREAKS)}}} [reachsim vendor options]", file=sys.stderr)
        return 2
    broken, rest = sys.argv[1], sys.argv[2:]
    if broken == "hammer":
        rest += ["--poll-interval", "0.05"]
    return cli.main(rest, vendor_class=VENDORS.get(broken, Vendor), client_class=CLIENTS.get(broken, Client))


if __name__ == "__main__":
    sys.exit(main())
