"""Media delivery throughput and memory: the simulator against plain static-file serving of the same bytes.

Starts `reachsim serve` and `python -m http.server` on loopback ports, ingests a test clip, then times
repeated downloads of one HLS segment and of the progressive MP4 from both, and prints the ratio. Last it
swaps a 1 GiB sparse file in as the source flavor and downloads it, sampling the server's RSS: streaming
from disk keeps the peak near the idle figure whatever the file size.

    python bench/media_delivery.py [--rounds N] [--big-gib 1]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import requests

from simulator.media.testclips import make_test_clip

CHUNK = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextlib.contextmanager
def process(args: list[str], cwd: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def fetch(url: str) -> int:
    size = 0
    with requests.get(url, stream=True, timeout=120) as response:
        response.raise_for_status()
        for block in response.iter_content(CHUNK):
            size += len(block)
    return size


def throughput(url: str, rounds: int) -> float:
    """MB/s over `rounds` sequential downloads (one warm-up first)."""
    fetch(url)
    started = time.perf_counter()
    total = sum(fetch(url) for _ in range(rounds))
    return total / (time.perf_counter() - started) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--big-gib", type=float, default=1.0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="reachsim-bench-"))
    try:
        return run(work, args.rounds, args.big_gib)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, rounds: int, big_gib: float) -> int:
    clip = make_test_clip(work / "clip.mp4", seconds=20, width=1280, height=720)
    sim_port, static_port = free_port(), free_port()
    db = work / "bench.sqlite"
    serve = [sys.executable, "-m", "simulator.cli", "serve", "--port", str(sim_port), "--db", str(db), "--seed", "demo"]
    with process(serve) as server:
        base = f"http://127.0.0.1:{sim_port}"
        wait_http(f"{base}/__sim__/health")
        seed = requests.get(f"{base}/__sim__/seed", timeout=30).json()
        pid = seed["partnerId"]
        done = requests.post(
            f"{base}/__sim__/ingest", json={"partnerId": pid, "path": str(clip), "wait": True}, timeout=600
        ).json()
        entry = done["entryId"]
        ks = requests.post(
            f"{base}/api_v3/service/session/action/start",
            data={"secret": seed["adminSecret"], "partnerId": pid, "type": 2, "format": 1},
            timeout=30,
        ).json()
        flavors = requests.post(
            f"{base}/api_v3/service/flavorAsset/action/list",
            data={"ks": ks, "filter[entryIdEqual]": entry, "format": 1},
            timeout=30,
        ).json()["objects"]
        source = next(f for f in flavors if f["isOriginal"])
        mobile = next(f for f in flavors if f["flavorParamsId"] == 487041)
        # `reachsim serve --db FILE` keeps media beside the database, in FILE-data/
        source_doc = stored_flavor(db, source["id"])
        key_dir = db.with_name(db.stem + "-data") / "media" / str(source_doc["media"])
        segment_file = key_dir / "hls-487041" / "seg-1-v1-a1.ts"

        static_root = work / "static"
        static_root.mkdir()
        shutil.copyfile(segment_file, static_root / "seg.ts")
        shutil.copyfile(key_dir / "flavor-487041.mp4", static_root / "a.mp4")
        with process([sys.executable, "-m", "http.server", str(static_port), "--bind", "127.0.0.1"], cwd=static_root):
            static = f"http://127.0.0.1:{static_port}"
            wait_http(f"{static}/seg.ts")
            hls = f"{base}/hls/p/{pid}/sp/{pid}00/serveFlavor/entryId/{entry}/v/1/flavorId/{mobile['id']}/name/a.mp4"
            pd = f"{base}/pd/p/{pid}/sp/{pid}00/serveFlavor/entryId/{entry}/v/1/flavorId/{mobile['id']}/name/a.mp4"
            figures = {
                "segment_bytes": segment_file.stat().st_size,
                "mp4_bytes": mobile["sizeInBytes"],
                "segment_sim_MBps": throughput(f"{hls}/seg-1-v1-a1.ts", rounds),
                "segment_static_MBps": throughput(f"{static}/seg.ts", rounds),
                "mp4_sim_MBps": throughput(pd, max(rounds // 4, 10)),
                "mp4_static_MBps": throughput(f"{static}/a.mp4", max(rounds // 4, 10)),
            }
        figures["segment_ratio"] = figures["segment_sim_MBps"] / figures["segment_static_MBps"]
        figures["mp4_ratio"] = figures["mp4_sim_MBps"] / figures["mp4_static_MBps"]
        big_url = f"{base}/pd/p/{pid}/sp/{pid}00/serveFlavor/entryId/{entry}/v/1/flavorId/{source['id']}/name/a.mp4"
        figures.update(big_file(server.pid, key_dir / str(source_doc["file"]), big_url, big_gib))
    for name, value in figures.items():
        print(f"{name:24} {value:,.2f}" if isinstance(value, float) else f"{name:24} {value:,}")
    return 0


def big_file(server_pid: int, path: Path, url: str, gib: float) -> dict[str, float | int]:
    """Replace the source flavor's file by a sparse file of `gib` GiB and download it, sampling the RSS."""
    size = int(gib * 1024**3)
    path.unlink()
    with path.open("wb") as out:
        out.truncate(size)  # sparse: instant, takes no disk
    idle = rss_kib(server_pid)
    peak = idle
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, rss_kib(server_pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    got = fetch(url)
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    if got != size:
        raise RuntimeError(f"big download returned {got} bytes, expected {size}")
    return {
        "big_file_bytes": size,
        "big_file_MBps": size / elapsed / 1e6,
        "rss_idle_MiB": idle / 1024,
        "rss_peak_MiB": peak / 1024,
    }


def stored_flavor(db: Path, flavor_id: str) -> dict[str, object]:
    """The flavor's store document: it says where ingest put the files (not part of the API object)."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        row = conn.execute("SELECT doc FROM flavor_assets WHERE id = ?", (flavor_id,)).fetchone()
    return json.loads(row[0])


if __name__ == "__main__":
    raise SystemExit(main())
