"""CPU per API call, in-process: what each of api_load's calls costs the server, free of network and load noise.

Builds an app (seed demo, temporary database), orders one task per entry and catalog item as api_load does, then
calls the app's WSGI entry point directly with the same form bodies api_load sends: getJobs, get with the
`reach_vendor` profile and the task's access key, updateJob, and the trivial `/__sim__/health` as the baseline.
Prints, per call: CPU time per call (thread CPU, best of 5 batches, so other load on the machine shows little),
the ratio to health, and the SQL statements and transactions one call runs (counted with SQLite's trace hook).

    python bench/api_cpu.py [--calls 2000] [--profile NAME]

`--profile NAME` also prints a cProfile of that call (getJobs, get+reach_vendor, updateJob or health).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from simulator.app import create_app
from simulator.config import Config

TASK = "KalturaEntryVendorTask"


def build(work: Path) -> tuple[Any, dict[str, tuple[str, str | None]]]:
    app = create_app(Config(db_path=work / "cpu.sqlite", data_dir=work / "data", seed="demo"))
    client = app.test_client()
    seed = client.get("/__sim__/seed").json

    def api(service: str, action: str, **fields: Any) -> Any:
        return client.post(f"/api_v3/service/{service}/action/{action}", data={"format": 1, **fields}).json

    admin = api("session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type=2)
    vendor = api("session", "start", secret=seed["vendorSecret"], partnerId=seed["vendorPartnerId"], type=2)
    ids = [
        api(
            "reach_entryvendortask",
            "add",
            ks=admin,
            **{
                "entryVendorTask[objectType]": TASK,
                "entryVendorTask[entryId]": entry_id,
                "entryVendorTask[catalogItemId]": item,
                "entryVendorTask[reachProfileId]": seed["reachProfileId"],
            },
        )["id"]
        for entry_id in seed["entryIds"]
        for item in seed["catalogItemIds"].values()
    ]
    started = api(
        "reach_entryvendortask",
        "updateJob",
        ks=vendor,
        id=ids[0],
        **{"entryVendorTask[objectType]": TASK, "entryVendorTask[status]": 3},
    )
    service = "/api_v3/service/reach_entryvendortask/action/"
    calls: dict[str, tuple[str, str | None]] = {
        "getJobs": (
            service + "getJobs",
            urlencode(
                {
                    "format": 1,
                    "ks": vendor,
                    "filter[objectType]": "KalturaEntryVendorTaskFilter",
                    "filter[statusEqual]": 1,
                    "pager[pageSize]": 10,
                }
            ),
        ),
        "get+reach_vendor": (
            service + "get",
            urlencode(
                {
                    "format": 1,
                    "ks": started["accessKey"],
                    "id": ids[0],
                    "responseProfile[objectType]": "KalturaResponseProfileHolder",
                    "responseProfile[systemName]": "reach_vendor",
                }
            ),
        ),
        "updateJob": (
            service + "updateJob",
            urlencode(
                {
                    "format": 1,
                    "ks": vendor,
                    "id": ids[0],
                    "entryVendorTask[objectType]": TASK,
                    "entryVendorTask[externalTaskId]": "bench",
                }
            ),
        ),
        "health": ("/__sim__/health", None),
    }
    return app, calls


def wsgi_call(app: Any, path: str, body: str | None) -> bytes:
    """One request straight into the WSGI app, shaped as waitress hands it over."""
    data = (body or "").encode()
    environ = {
        "REQUEST_METHOD": "POST" if body is not None else "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8080",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8080",
        "CONTENT_TYPE": "application/x-www-form-urlencoded" if body is not None else "",
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(data),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    status: list[str] = []
    chunks = app.wsgi_app(environ, lambda s, _headers, _exc=None: status.append(s))
    try:
        answer = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    if not status[0].startswith("200") or b"KalturaAPIException" in answer:
        raise RuntimeError(f"{path}: {status[0]} {answer[:300]!r}")
    return answer


def statements_of_one_call(app: Any, path: str, body: str | None) -> list[str]:
    conn = app.extensions["reachsim"].db.connection()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        wsgi_call(app, path, body)
    finally:
        conn.set_trace_callback(None)
    return seen


def cpu_per_call(app: Any, path: str, body: str | None, calls: int) -> float:
    """Milliseconds of this thread's CPU per call, best of 5 batches."""
    batch = max(1, calls // 5)
    best = float("inf")
    for _ in range(5):
        started = time.thread_time()
        for _ in range(batch):
            wsgi_call(app, path, body)
        best = min(best, (time.thread_time() - started) / batch * 1000)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per endpoint (5 batches)")
    parser.add_argument("--profile", help="also print a cProfile of this call")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reachsim-apicpu-") as tmp:
        app, calls = build(Path(tmp))
        figures = {}
        for name, (path, body) in calls.items():
            wsgi_call(app, path, body)  # warm: first-call caches
            statements = statements_of_one_call(app, path, body)
            figures[name] = (
                cpu_per_call(app, path, body, args.calls),
                len(statements),
                sum(1 for s in statements if s.startswith("BEGIN")),
            )
            if args.profile == name:
                profiler = cProfile.Profile()
                profiler.runcall(lambda p=path, b=body: [wsgi_call(app, p, b) for _ in range(args.calls // 5)])
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        app.extensions["reachsim"].close()
    health = figures["health"][0]
    print(f"{'call':18} {'CPU ms/call':>11} {'x health':>9} {'SQL/call':>9} {'transactions/call':>18}")
    for name, (cpu, statements, transactions) in figures.items():
        print(f"{name:18} {cpu:11.3f} {cpu / health:8.1f}x {statements:9d} {transactions:18d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
