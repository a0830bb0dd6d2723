"""TEST DOUBLES: the reference vendor (`reachsim vendor`) with one step overridden to break one REACH rule, for the
certification tests. `python broken_reference.py BREAK [reachsim vendor options]`; the REACH_* variables as usual.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from typing import Any

from vendor import cli, media
from vendor.client import Client, Credentials, client_tag
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
    """Downloads as if the profile named no flavorParamsIds (the largest video flavor wins)."""

    def download(self, task: Task) -> Any:
        for profile in task.details.get("relatedObjects", {}).get("reach_vendor_profile", {}).get("objects", []):
            profile["flavorParamsIds"] = ""
        return super().download(task)


class NoHttpFallback(Vendor):
    """Gives up when getPlaybackContext has no HLS source instead of asking for http."""

    def download(self, task: Task) -> Any:
        if not task.session.playback_context(task.entry_id, media.HLS).get("sources"):
            raise TaskFailed("the entry has no HLS source")
        return super().download(task)


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


class NeverExtend(Vendor):
    """Treats an expired access key as the end of the task: no extendAccessKey."""

    def process(self, job: dict[str, Any]) -> Task:
        self.client.extend_access_key = self._refuse  # type: ignore[method-assign]
        return super().process(job)

    @staticmethod
    def _refuse(task_id: Any) -> str:
        raise TaskFailed(f"the access key of task {task_id} expired")


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
    parser = argparse.ArgumentParser(prog="broken_reference.py")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["vendor", *rest])

    def factory(creds: Credentials, mode: str, stopping: threading.Event) -> Vendor:
        vendor_class = VENDORS.get(broken, Vendor)
        return vendor_class(CLIENTS.get(broken, Client)(creds), ocr_mode=mode, stopping=stopping)

    return cli.handle(args, vendor_factory=factory)


if __name__ == "__main__":
    sys.exit(main())
