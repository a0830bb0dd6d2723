"""TEST DOUBLES: the reference vendor (`reachsim vendor`) with one reaction to faults broken, for the resilience
and fairness rules. `python faulty_reference.py BREAK [reachsim vendor options]`; the REACH_* variables as usual.

- tight-loop: retries a failed call at once, many times (no backoff).
- double-upload: a delivery that failed midway starts over with a new attachment instead of the one it made.
- leave-processing: a media transfer that failed ends the task's work without a final status (left PROCESSING).
- keep-expired-session: after INVALID_KS EXPIRED on its own session it calls again with the same KS.
- fifo: takes tasks strictly oldest first, whoever the customer.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import Any, ClassVar

from vendor import cli, fairness, worker
from vendor.client import Client, RetryPolicy, TransportError
from vendor.worker import Task, Vendor


@dataclass
class TightClient(Client):
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(attempts=10, base=0.0, cap=0.0))


@dataclass
class OneTryClient(Client):
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(attempts=1))


class DoubleUpload(Vendor):
    def deliver_once(self, task: Task, doc: dict[str, Any]) -> str:
        """Never looks at the attachments a failed try left behind."""
        task.session.attachments = lambda entry_id: []  # type: ignore[method-assign]
        return super().deliver_once(task, doc)


class LeaveProcessing(Vendor):
    abandoned: ClassVar[set[str]] = set()

    def download(self, task: Task) -> Any:
        try:
            return super().download(task)
        except TransportError:
            self.abandoned.add(task.id)
            raise

    def fail(self, task: Task, description: str) -> None:
        if task.id not in self.abandoned:
            super().fail(task, description)


class KeepExpiredSession(Client):
    def vendor_ks(self, renew: bool = False) -> str:
        return super().vendor_ks(renew=False)


class Fifo(fairness.FairQueue):
    def take(self, timeout: float | None = None) -> dict[str, Any] | None:
        """Oldest task first across every customer: a large backlog starves the others."""
        with self._cond:
            while not self._by_partner:
                if self._closed or not self._cond.wait(timeout):
                    return None
            partner = min(self._by_partner, key=lambda p: fairness.age_key(self._by_partner[p][0]))
            queue = self._by_partner[partner]
            task = queue.pop(0)
            if not queue:
                del self._by_partner[partner]
            return task


BREAKS = ("tight-loop", "double-upload", "leave-processing", "keep-expired-session", "fifo")


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in BREAKS:
        print(f"usage: faulty_reference.py {{{','.join(BREAKS)}}} [reachsim vendor options]", file=sys.stderr)
        return 2
    broken, rest = sys.argv[1], sys.argv[2:]
    parser = argparse.ArgumentParser(prog="faulty_reference.py")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["vendor", *rest])
    if broken == "fifo":
        worker.FairQueue = Fifo  # type: ignore[misc]
    vendor_class = {"double-upload": DoubleUpload, "leave-processing": LeaveProcessing}.get(broken, Vendor)
    client_class = {
        "keep-expired-session": KeepExpiredSession,
        "tight-loop": TightClient,
        "leave-processing": OneTryClient,
    }.get(broken, Client)
    return cli.handle(args, vendor_class=vendor_class, client_class=client_class)


if __name__ == "__main__":
    sys.exit(main())
