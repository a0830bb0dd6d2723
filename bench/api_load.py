"""API tail latency under load: getJobs, get with the reach_vendor profile and updateJob against the same
server's trivial health endpoint, measured with wrk (2 threads x 8 connections), interleaved in one run.

For each storage mode (a temporary database, and `--db FILE`) it starts `reachsim serve`, orders tasks, then runs
the endpoints round-robin for `--rounds` rounds of `--seconds` each, so the baseline and the API calls see the
same machine load. It prints requests/s, p50/p99 per endpoint, each API endpoint's share of the trivial
endpoint's rate and whether the targets (>= 50 % of trivial, p99 < 20 ms) are met, plus the load average.

    python bench/api_load.py [--seconds 5] [--rounds 2] [--json]

Needs `wrk` (Debian package `wrk`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import requests

SHARE_TARGET, P99_TARGET_MS = 0.50, 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(db: Path | None, threads: int | None = None) -> Iterator[str]:
    port = free_port()
    args = [sys.executable, "-m", "simulator.cli", "serve", "--port", str(port), "--seed", "demo"]
    if threads is not None:
        args += ["--threads", str(threads)]
    if db is not None:
        args += ["--db", str(db)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base}/__sim__/health", timeout=2).ok:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("reachsim serve did not come up")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def api(base: str, service: str, action: str, **fields: object) -> object:
    answer = requests.post(f"{base}/api_v3/service/{service}/action/{action}", data={"format": 1, **fields}, timeout=60)
    answer.raise_for_status()
    return answer.json()


def prepare(base: str) -> dict[str, str]:
    """Order a task per seeded entry and catalog item and return the form bodies of the three measured calls."""
    seed = requests.get(f"{base}/__sim__/seed", timeout=30).json()
    admin = api(base, "session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type=2)
    vendor = api(base, "session", "start", secret=seed["vendorSecret"], partnerId=seed["vendorPartnerId"], type=2)
    ids = []
    for entry_id in seed["entryIds"]:
        for item in seed["catalogItemIds"].values():
            task = api(
                base,
                "reach_entryvendortask",
                "add",
                ks=admin,
                **{
                    "entryVendorTask[objectType]": "KalturaEntryVendorTask",
                    "entryVendorTask[entryId]": entry_id,
                    "entryVendorTask[catalogItemId]": item,
                    "entryVendorTask[reachProfileId]": seed["reachProfileId"],
                },
            )
            assert isinstance(task, dict) and "id" in task, task
            ids.append(task["id"])
    target = ids[0]
    processing = api(
        base,
        "reach_entryvendortask",
        "updateJob",
        ks=vendor,
        id=target,
        **{"entryVendorTask[objectType]": "KalturaEntryVendorTask", "entryVendorTask[status]": 3},
    )
    assert isinstance(processing, dict) and processing.get("status") == 3, processing
    access_key = processing["accessKey"]
    bodies = {
        "getJobs": urlencode(
            {
                "format": 1,
                "ks": vendor,
                "filter[objectType]": "KalturaEntryVendorTaskFilter",
                "filter[statusEqual]": 1,
                "pager[pageSize]": 10,
            }
        ),
        # As the vendor asks for it: with the task's access key (the vendor partner's KS does not see the task).
        "get+reach_vendor": urlencode(
            {
                "format": 1,
                "ks": access_key,
                "id": target,
                "responseProfile[objectType]": "KalturaResponseProfileHolder",
                "responseProfile[systemName]": "reach_vendor",
            }
        ),
        "updateJob": urlencode(
            {
                "format": 1,
                "ks": vendor,
                "id": target,
                "entryVendorTask[objectType]": "KalturaEntryVendorTask",
                "entryVendorTask[externalTaskId]": "bench",
            }
        ),
    }
    # Kaltura answers errors with HTTP 200, so wrk cannot tell them apart: every body is checked once here.
    for name, body in bodies.items():
        answer = requests.post(
            base + PATHS[name],
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=60,
        ).json()
        assert answer.get("objectType") != "KalturaAPIException", (name, answer)
    return bodies


PATHS = {
    "getJobs": "/api_v3/service/reach_entryvendortask/action/getJobs",
    "get+reach_vendor": "/api_v3/service/reach_entryvendortask/action/get",
    "updateJob": "/api_v3/service/reach_entryvendortask/action/updateJob",
}
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, body: str | None, seconds: float, work: Path) -> dict[str, float]:
    args = ["wrk", "-t2", "-c8", f"-d{seconds:g}s", "--latency"]
    if body is not None:
        script = work / "post.lua"
        script.write_text(
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            f"wrk.body = {json.dumps(body)}\n"
        )
        args += ["-s", str(script)]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = {}
    for pct in ("50", "99"):
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()  # type: ignore[union-attr]
        latency[pct] = float(value) * _UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rate,
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "non2xx": float(errors.group(1) if errors else 0),
    }


def measure(base: str, bodies: dict[str, str], seconds: float, rounds: int, work: Path) -> dict[str, dict[str, float]]:
    """Each endpoint's best round (rate) and worst p99, health runs between every API endpoint."""
    samples: dict[str, list[dict[str, float]]] = {}
    for _ in range(rounds):
        for name, body in bodies.items():
            for label, url, data in (("health", f"{base}/__sim__/health", None), (name, base + PATHS[name], body)):
                samples.setdefault(label, []).append(wrk(url, data, seconds, work))
    return {
        label: {
            "rps": max(s["rps"] for s in runs),
            "p50_ms": min(s["p50_ms"] for s in runs),
            "p99_ms": max(s["p99_ms"] for s in runs),
            "non2xx": sum(s["non2xx"] for s in runs),
        }
        for label, runs in samples.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--threads", type=int, help="reachsim serve --threads (default: serve's own)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("api_load: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="reachsim-apiload-"))
    report: dict[str, object] = {"load_average_before": os.getloadavg()[0]}
    try:
        for mode, db in (("temporary db", None), ("--db FILE", work / "bench.sqlite")):
            with serve(db, args.threads) as base:
                bodies = prepare(base)
                report[mode] = measure(base, bodies, args.seconds, args.rounds, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load_average_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(report, indent=2))
    print(f"load average (1 min): {report['load_average_before']:.1f} before, {report['load_average_after']:.1f} after")
    met_all = True
    for mode in ("temporary db", "--db FILE"):
        figures = report[mode]
        assert isinstance(figures, dict)
        health = figures["health"]
        print(
            f"\n{mode}: health {health['rps']:.0f} req/s, p50 {health['p50_ms']:.1f} ms, p99 {health['p99_ms']:.1f} ms"
        )
        for name in PATHS:
            f = figures[name]
            share = f["rps"] / health["rps"]
            met = share >= SHARE_TARGET and f["p99_ms"] < P99_TARGET_MS and not f["non2xx"]
            met_all &= met
            print(
                f"  {name:18} {f['rps']:7.0f} req/s  {share:5.0%} of health  p50 {f['p50_ms']:6.1f} ms  "
                f"p99 {f['p99_ms']:6.1f} ms  non-2xx {f['non2xx']:.0f}  {'met' if met else 'NOT met'}"
            )
    print(
        f"\ntargets (>= {SHARE_TARGET:.0%} of health, p99 < {P99_TARGET_MS:.0f} ms): "
        + ("met" if met_all else "not all met")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
