"""API latency as the store grows: the same calls with 1k, 10k and 100k tasks and entries in the database.

Builds an in-process app per size (seed demo), copies a seeded entry and an ordered task N times straight into
the store (one transaction), then times sequential calls through the WSGI test client — no network, so the
figures are the server's own work: getJobs (first page of PENDING), entryVendorTask.get, updateJob,
baseEntry.list (first page; third page of a status filter, both answered by SQL; a freeText filter, which Python
checks on every entry) and baseEntry.get. Prints median and p99 per size and the ratio to the smallest size.

    python bench/api_scaling.py [--sizes 1000,10000,100000] [--calls 200]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from simulator.app import create_app
from simulator.config import Config
from simulator.store import entries, tasks


def build(size: int, work: Path) -> tuple[Any, dict[str, dict[str, Any]]]:
    app = create_app(Config(db_path=work / f"s{size}.sqlite", data_dir=work / f"d{size}", seed="demo"))
    client = app.test_client()
    seed = client.get("/__sim__/seed").json

    def api(service: str, action: str, **fields: Any) -> Any:
        return client.post(f"/api_v3/service/{service}/action/{action}", data={"format": 1, **fields}).json

    admin = api("session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type=2)
    vendor = api("session", "start", secret=seed["vendorSecret"], partnerId=seed["vendorPartnerId"], type=2)
    task = api(
        "reach_entryvendortask",
        "add",
        ks=admin,
        **{
            "entryVendorTask[objectType]": "KalturaEntryVendorTask",
            "entryVendorTask[entryId]": seed["entryIds"][0],
            "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
            "entryVendorTask[reachProfileId]": seed["reachProfileId"],
        },
    )
    sim = app.extensions["reachsim"]
    with sim.db.transaction() as conn:
        entry_doc = entries.get(conn, seed["entryIds"][0])
        task_doc = tasks.get(conn, int(task["id"]))
        assert entry_doc is not None and task_doc is not None
        for _ in range(size - 1):
            entry = copy.deepcopy(entry_doc)
            entry.pop("id", None)
            added = entries.add(conn, entry)
            row = copy.deepcopy(task_doc)
            row.pop("id", None)
            row["entryId"] = added["id"]
            tasks.add(conn, row)
    calls = {
        "getJobs": ("reach_entryvendortask", "getJobs", {"ks": vendor, "filter[statusEqual]": 1}),
        "task.get": ("reach_entryvendortask", "get", {"ks": admin, "id": task["id"]}),
        "updateJob": (
            "reach_entryvendortask",
            "updateJob",
            {
                "ks": vendor,
                "id": task["id"],
                "entryVendorTask[objectType]": "KalturaEntryVendorTask",
                "entryVendorTask[externalTaskId]": "x",
            },
        ),
        "baseEntry.list": ("baseentry", "list", {"ks": admin}),
        "baseEntry.list statusIn": (
            "baseentry",
            "list",
            {"ks": admin, "filter[statusIn]": "2,7", "pager[pageSize]": 10, "pager[pageIndex]": 3},
        ),
        "baseEntry.list freeText": ("baseentry", "list", {"ks": admin, "filter[freeText]": "nothing-matches-this"}),
        "baseEntry.get": ("baseentry", "get", {"ks": admin, "entryId": seed["entryIds"][0]}),
    }
    return client, {name: {"call": call} for name, call in calls.items()}


def measure(client: Any, calls: dict[str, dict[str, Any]], count: int) -> dict[str, tuple[float, float]]:
    out = {}
    for name, spec in calls.items():
        service, action, fields = spec["call"]
        url = f"/api_v3/service/{service}/action/{action}"
        answer = client.post(url, data={"format": 1, **fields}).json
        assert not (isinstance(answer, dict) and answer.get("objectType") == "KalturaAPIException"), (name, answer)
        times = []
        for _ in range(count):
            started = time.perf_counter()
            client.post(url, data={"format": 1, **fields})
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out[name] = (statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="reachsim-scaling-") as tmp:
        for size in sizes:
            started = time.perf_counter()
            client, calls = build(size, Path(tmp))
            built = time.perf_counter() - started
            results[size] = measure(client, calls, args.calls)
            print(f"{size} tasks + entries (built in {built:.1f} s)")
            for name, (median, p99) in results[size].items():
                base = results[sizes[0]][name][0]
                print(f"  {name:24} median {median:7.2f} ms  p99 {p99:7.2f} ms  x{median / base:5.1f} of {sizes[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
