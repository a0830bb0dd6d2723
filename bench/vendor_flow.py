"""The reference vendor's task flow, created -> READY, split into pickup, download, OCR and delivery.

A live simulator (loopback), one fixture ingested as an entry, one OCR task ordered by the customer, then the
vendor `--once` in this process. The baseline, measured in the same run, is the OCR engine alone on the same local
file: the vendor's own overhead is everything but its OCR step, as a share of the wall time.

    python bench/vendor_flow.py [--fixture tiny-slide --fixture newsroom-2min ...] [--mode default]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from fixtures import render
from simulator.store import reach
from simulator.testing import LiveServer
from vendor.client import Client, Credentials
from vendor.ocr import pipeline
from vendor.worker import Options, Runner, Task, Vendor

DEFAULT_FIXTURES = ("tiny-slide", "newsroom-2min")


def api(url: str, service: str, action: str, **params: Any) -> Any:
    answer = requests.post(f"{url}/api_v3/service/{service}/action/{action}", json={**params, "format": 1}, timeout=60)
    return answer.json()


def order(server: LiveServer, entry_id: str) -> str:
    seed = server.seed()
    ks = api(server.url, "session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type=2)
    task = {
        "objectType": "KalturaEntryVendorTask",
        "entryId": entry_id,
        "catalogItemId": seed["catalogItemIds"]["ocr"],
        "reachProfileId": seed["reachProfileId"],
    }
    return api(server.url, "reach_entryvendortask", "add", ks=ks, entryVendorTask=task)["id"]


def ingest(server: LiveServer, partner_id: int, video: Path, timeout: float = 3600) -> dict[str, Any]:
    """The back door's ingest, waited for here: a ten-minute source transcodes for longer than one HTTP read."""
    entry = server.backdoor("POST", "ingest", json={"partnerId": partner_id, "path": str(video)})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = server.backdoor("GET", f"state?partnerId={partner_id}")["entries"][entry["entryId"]]
        if state["status"] == "2":
            return entry
        if str(state["status"]).startswith("-"):
            raise RuntimeError(f"ingest of {video.name} failed: {state['status']}")
        time.sleep(2)
    raise RuntimeError(f"ingest of {video.name} did not finish in {timeout:.0f} s")


def use_vendor_flavor_rule(server: LiveServer) -> None:
    """Empty flavorParamsIds, so the vendor's own choice (smallest flavor >= 480 lines) is measured."""
    with server.sim.db.transaction() as conn:
        profile = reach.profile(conn, server.seed()["reachProfileId"])
        profile["flavorParamsIds"] = ""
        reach.save_profile(conn, profile)


def measure(server: LiveServer, fixture: str, mode: str) -> dict[str, float]:
    server.reset()
    use_vendor_flavor_rule(server)
    video = render.ensure(fixture).video
    # The baseline first, so both runs find the engines loaded (they load once per process).
    started = time.perf_counter()
    pipeline.run(video, languages=["eng"], mode=mode)
    alone = time.perf_counter() - started
    seed = server.seed()
    entry = ingest(server, seed["partnerId"], video)
    creds = Credentials(server.url, seed["vendorPartnerId"], seed["vendorName"], secret=seed["vendorSecret"])
    vendor = Vendor(Client(creds), ocr_mode=mode)
    ends: dict[str, float] = {}
    vendor.on_step = lambda task, step: ends.setdefault(step, time.perf_counter())
    created = time.perf_counter()
    order(server, entry["entryId"])
    runner = Runner(vendor, Options(once=True))
    runner.run()
    task: Task = runner.done[0]
    status = {str(t["id"]): t for t in server.backdoor("GET", "state")["tasks"]}[task.id]["status"]
    wall = ends["finish"] - created
    t = task.timings
    pickup = ends["start"] - created
    delivery = t["deliver"] + t["tag"] + t["finish"]
    return {
        "status": status,
        "wall": wall,
        "pickup": pickup,
        "check": t["check"],
        "download": t["download"],
        "ocr": t["ocr"],
        "delivery": delivery,
        "overhead": wall - t["ocr"],
        "ocr_alone": alone,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixture", action="append", help="fixture name (repeatable)")
    parser.add_argument("--mode", default="default", choices=("fast", "default", "accurate"))
    args = parser.parse_args()
    fixtures = args.fixture or list(DEFAULT_FIXTURES)
    with tempfile.TemporaryDirectory(prefix="reachsim-bench-") as workdir:
        server = LiveServer(Path(workdir))
        try:
            rows = [(name, measure(server, name, args.mode)) for name in fixtures]
        finally:
            server.stop()
    print(f"mode {args.mode}; seconds, created -> READY; baseline = OCR alone on the local file, same run")
    print(
        "| fixture | status | wall | pickup | download | OCR | delivery | overhead | overhead / wall "
        "| OCR alone | wall / OCR alone |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        print(
            f"| {name} | {r['status']} | {r['wall']:.2f} | {r['pickup']:.2f} | {r['download']:.2f} | {r['ocr']:.2f} "
            f"| {r['delivery']:.2f} | {r['overhead']:.2f} | {100 * r['overhead'] / r['wall']:.1f} % "
            f"| {r['ocr_alone']:.2f} | {r['wall'] / r['ocr_alone']:.2f} |"
        )


if __name__ == "__main__":
    main()
