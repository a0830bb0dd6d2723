"""Equal priority across customers (the guide's "Job Prioritization"): round-robin over partners, oldest first
within one partner, so one busy customer's backlog never starves another's single task."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from typing import Any


def age_key(task: dict[str, Any]) -> tuple[int, int]:
    """Oldest first: createdAt, then the task id (ids grow with time) to break ties."""
    raw_id = str(task.get("id", "0"))
    return int(task.get("createdAt") or 0), int(raw_id) if raw_id.isdigit() else 0


def fair_order(tasks: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tasks interleaved one per partner per round; partners take turns in the order of their oldest task."""
    by_partner: dict[Any, list[dict[str, Any]]] = {}
    for task in sorted(tasks, key=age_key):
        by_partner.setdefault(task.get("partnerId"), []).append(task)
    queues = [deque(q) for q in by_partner.values()]
    order: list[dict[str, Any]] = []
    while queues:
        for queue in queues:
            order.append(queue.popleft())
        queues = [q for q in queues if q]
    return order


def in_shard(task_id: Any, shard: tuple[int, int] | None) -> bool:
    """`--shard K/N`: this host takes the tasks whose id modulo N is K."""
    if shard is None:
        return True
    k, n = shard
    return int(str(task_id)) % n == k


class FairQueue:
    """The worker threads' shared queue: `take()` serves the partner served least recently, oldest task first.

    A partner that was just served waits behind every other partner with work, so a new customer's task is taken
    before the next one of a customer with a backlog, whenever it arrives."""

    def __init__(self) -> None:
        self._by_partner: dict[Any, list[dict[str, Any]]] = {}
        self._last_served: dict[Any, int] = {}
        self._ticks = 0
        self._known: set[str] = set()
        self._cond = threading.Condition()
        self._closed = False

    def put_many(self, tasks: Iterable[dict[str, Any]]) -> int:
        """Queue the tasks not queued before (by id); the number added."""
        added = 0
        with self._cond:
            for task in tasks:
                task_id = str(task["id"])
                if task_id in self._known:
                    continue
                self._known.add(task_id)
                queue = self._by_partner.setdefault(task.get("partnerId"), [])
                queue.append(task)
                queue.sort(key=age_key)
                added += 1
            self._cond.notify_all()
        return added

    def take(self, timeout: float | None = None) -> dict[str, Any] | None:
        """The next task in fair order; None once closed and empty, or when `timeout` passes with nothing."""
        with self._cond:
            while not self._by_partner:
                if self._closed or not self._cond.wait(timeout):
                    return None
            partner = min(
                self._by_partner, key=lambda p: (self._last_served.get(p, -1), age_key(self._by_partner[p][0]))
            )
            queue = self._by_partner[partner]
            task = queue.pop(0)
            if not queue:
                del self._by_partner[partner]
            self._last_served[partner] = self._ticks
            self._ticks += 1
            return task

    def pending(self) -> int:
        with self._cond:
            return sum(len(q) for q in self._by_partner.values())

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
