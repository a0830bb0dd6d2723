"""The reference vendor at scale and through a steady rate of failures, against the live simulator with tiny
fixtures (real HTTP, ffmpeg and Tesseract).

- Concurrency: `reachsim vendor --workers 4` as one host, and as two hosts `--shard 0/2` + `--shard 1/2`, against
  REACHSIM_VENDOR_TASKS tasks (CI 24; the full run 200): every task processed and delivered exactly once.
- Resilience: one API call in ten fails (half HTTP 503, half a dropped answer) and every API call takes 1 s longer,
  for the whole run, against REACHSIM_RESILIENCE_TASKS tasks (CI 4; the full run more): every task READY, no
  duplicate deliverable.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from vendor.client import Client, Credentials
from vendor.worker import Options, Runner, Vendor

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

READY = 2
ROOT = Path(__file__).resolve().parents[1]
VENDOR_TASKS = int(os.environ.get("REACHSIM_VENDOR_TASKS", "24"))
RESILIENCE_TASKS = int(os.environ.get("REACHSIM_RESILIENCE_TASKS", "4"))
# Every fault acts on API calls only, for the whole run. The drop fault counts what the 503 fault let through
# (19 of 20), so together one call in ten fails; the last one adds the second to every call the others let by.
FAILING_TENTH = [
    {"service": "*", "status": 503, "every": 20, "times": 1_000_000, "delay": 1.0},
    {"service": "*", "drop": True, "every": 19, "times": 1_000_000, "delay": 1.0},
    {"service": "*", "delay": 1.0, "times": 1_000_000},
]


def entries_for(sim: Any, count: int) -> list[str]:
    """`count` entries of the seeded customer: its own, then copies of its first video (ingest reuses the flavors
    of identical bytes, so a copy costs no transcoding)."""
    from fixtures import render

    seed = sim.seed()
    video = str(render.ensure(seed["entryFixtures"][seed["entryIds"][0]]).video)
    copies = [
        sim.backdoor("POST", "ingest", json={"partnerId": seed["partnerId"], "path": video, "wait": True})["entryId"]
        for _ in range(max(0, count - len(seed["entryIds"])))
    ]
    return (seed["entryIds"] + copies)[:count]


def ocr_assets(sim: Any) -> Counter[tuple[str, str]]:
    """(entry, file name) of every OCR attachment, whatever its status: a second one is a duplicate deliverable."""
    state = sim.backdoor("GET", "state")
    return Counter(
        (entry_id, asset["filename"])
        for entry_id, entry in state["entries"].items()
        for asset in entry["assets"]
        if str(asset.get("filename", "")).startswith("ocr-")
    )


def assert_delivered_once(sim: Any, task_ids: list[int], entries: list[str]) -> None:
    by_id = {int(t["id"]): t for t in sim.backdoor("GET", "state")["tasks"]}
    assert [t for t in task_ids if by_id[t]["status"] != READY] == []
    expected = Counter(
        (entry, f"ocr-{task}.{ext}") for task, entry in zip(task_ids, entries, strict=True) for ext in ("json", "vtt")
    )
    assert ocr_assets(sim) == expected
    for task, entry in zip(task_ids, entries, strict=True):
        assert by_id[task]["outputObjectId"], by_id[task]
        assert by_id[task]["entryId"] == entry


@pytest.mark.parametrize("shards", [[None], ["0/2", "1/2"]], ids=["one-host", "two-shard-hosts"])
def test_vendor_hosts_with_four_workers_deliver_every_task_exactly_once(reachsim: Any, shards: list[Any]) -> None:
    entries = entries_for(reachsim, VENDOR_TASKS)
    task_ids = [reachsim.order_task(entry) for entry in entries]
    seed = reachsim.seed()
    command = [
        sys.executable,
        "-m",
        "simulator.cli",
        "vendor",
        "--service-url",
        reachsim.url,
        "--partner-id",
        str(seed["vendorPartnerId"]),
        "--secret",
        seed["vendorSecret"],
        "--vendor-name",
        seed["vendorName"],
        "--workers",
        "4",
        "--once",
        "--ocr-mode",
        "fast",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    hosts = [
        subprocess.Popen(
            [*command, *(["--shard", shard] if shard else [])],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for shard in shards
    ]
    try:
        assert [host.wait(timeout=3600) for host in hosts] == [0] * len(hosts)
    finally:
        for host in hosts:
            if host.poll() is None:
                host.kill()
                host.wait()
    assert_delivered_once(reachsim, task_ids, entries)
    # Taken once: one PROCESSING and one READY update per task, by one host.
    updates = Counter(
        e.get("task_id") for e in reachsim.journal() if e.get("action") == "updateJob" and e.get("result") == "OK"
    )
    assert updates == Counter({task: 2 for task in task_ids})
    print(f"concurrency: {len(task_ids)} tasks, {len(shards)} host(s) x 4 workers, each delivered once")


def test_vendor_completes_every_task_with_a_tenth_of_api_calls_failing_and_a_second_of_latency(
    reachsim: Any,
) -> None:
    entries = entries_for(reachsim, RESILIENCE_TASKS)
    task_ids = [reachsim.order_task(entry) for entry in entries]
    since = reachsim.journal()[-1]["seq"]
    reachsim.backdoor("POST", "faults", json={"faults": FAILING_TENTH})
    seed = reachsim.seed()
    creds = Credentials(reachsim.url, seed["vendorPartnerId"], seed["vendorName"], secret=seed["vendorSecret"])
    runner = Runner(Vendor(Client(creds), ocr_mode="fast"), Options(workers=4, once=True))
    assert runner.run() == 0
    met = reachsim.backdoor("GET", "faults")["faults"]
    reachsim.backdoor("DELETE", "faults")
    calls = [e for e in reachsim.journal(since) if e["kind"] == "api"]
    failed, dropped, slowed = (fault["met"] for fault in met)
    share = (failed + dropped) / len(calls)
    print(f"resilience: {failed} x 503 + {dropped} dropped of {len(calls)} API calls ({share:.1%}), all delayed 1 s")
    # Exactly the rule: the 20th, 40th, ... call a 503; every 19th of the others dropped; the rest only slowed. The
    # share is one in ten over a long run (0.1 = 1/20 + 19/20 · 1/19), a little under it for a short one.
    assert (failed, dropped, slowed) == (len(calls) // 20, (len(calls) - failed) // 19, len(calls) - failed - dropped)
    assert failed and dropped
    assert_delivered_once(reachsim, task_ids, entries)
