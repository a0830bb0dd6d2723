"""What HTTPS costs a vendor's run: the same calls over plain HTTP (waitress, the default), plain HTTP on cheroot
(the HTTPS server without TLS: the baseline that tells the server's share from TLS's) and HTTPS (cheroot + TLS),
all serving one simulator in the same run.

Times API calls (`system.ping`, a new connection each and on a kept-alive session), then downloads of one HLS
segment and of the progressive MP4 on a kept-alive session, and prints requests/s or MB/s with the ratios of
HTTPS to each plain-HTTP server.

    python bench/https_overhead.py [--rounds N]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests
from cheroot.wsgi import Server

from simulator.live import LiveServer
from simulator.media.testclips import make_test_clip


def timed(rounds: int, call: Callable[[], int]) -> tuple[float, int]:
    """(seconds, bytes) for `rounds` calls after one warm-up."""
    call()
    started, total = time.perf_counter(), 0
    for _ in range(rounds):
        total += call()
    return time.perf_counter() - started, total


def fetcher(kind: str, base: str, manifest: str, scheme: str, ca: str) -> Callable[[], int]:
    """One call of a kind against `base`: the bytes it brought back."""
    # verify= on every call: a Session's own `verify` loses to REQUESTS_CA_BUNDLE when that is set.
    session = requests.Session()

    def get(url: str) -> int:
        fetch = requests.get if kind == "ping-new" else session.get
        answer = fetch(url, verify=ca, timeout=60)
        answer.raise_for_status()
        return len(answer.content)

    def call() -> int:
        if kind == "hls":
            master = session.get(f"{manifest}/format/applehttp/protocol/{scheme}/a.m3u8", verify=ca, timeout=60).text
            variant = next(line for line in master.splitlines() if line.startswith(scheme + "://"))
            playlist = session.get(variant, verify=ca, timeout=60).text
            segment = next(line for line in playlist.splitlines() if line.startswith("seg-"))
            return get(variant.rsplit("/", 1)[0] + "/" + segment)
        if kind == "mp4":
            return get(f"{manifest}/format/url/protocol/{scheme}/name/a.mp4")
        return get(f"{base}/api_v3/service/system/action/ping")

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reachsim-bench-") as workdir:
        work = Path(workdir)
        clip = make_test_clip(work / "clip.mp4", seconds=10.0)
        server = LiveServer(seed="demo", listen="http+https").start()
        # The baseline that separates the server's cost from TLS's: cheroot without TLS, on the same app.
        plain = Server(("127.0.0.1", 0), server.app, numthreads=8)
        plain.prepare()
        threading.Thread(target=plain.serve, daemon=True).start()
        bases = {
            "waitress HTTP": ("http", server.url),
            "cheroot HTTP": ("http", f"http://127.0.0.1:{plain.bind_addr[1]}"),
            "cheroot HTTPS": ("https", str(server.https_url)),
        }
        try:
            seed = server.seed()
            done = server.backdoor(
                "POST", "ingest", json={"partnerId": seed["partnerId"], "path": str(clip), "wait": True}
            )
            entry_id, pid = done["entryId"], seed["partnerId"]
            ca = str(server.ca_path)
            rows = []
            for label, kind, rounds in (
                ("ping, new connection (req/s)", "ping-new", args.rounds),
                ("ping, kept alive (req/s)", "ping", args.rounds),
                ("HLS master+variant+segment (MB/s)", "hls", max(args.rounds // 4, 10)),
                ("progressive MP4 (MB/s)", "mp4", max(args.rounds // 10, 5)),
            ):
                figures = {}
                for name, (scheme, base) in bases.items():
                    manifest = f"{base}/p/{pid}/sp/{pid}00/playManifest/entryId/{entry_id}"
                    seconds, size = timed(rounds, fetcher(kind, base, manifest, scheme, ca))
                    figures[name] = rounds / seconds if kind.startswith("ping") else size / seconds / 1e6
                rows.append((label, rounds, figures))
        finally:
            plain.stop()
            server.stop()
    print(
        f"{'request':36} {'rounds':>6} " + " ".join(f"{name:>14}" for name in bases) + "  HTTPS/waitress  HTTPS/cheroot"
    )
    for label, rounds, figures in rows:
        cells = " ".join(f"{figures[name]:>14.1f}" for name in bases)
        https = figures["cheroot HTTPS"]
        print(
            f"{label:36} {rounds:>6} {cells}  {https / figures['waitress HTTP']:>14.2f}"
            f"  {https / figures['cheroot HTTP']:>13.2f}"
        )


if __name__ == "__main__":
    main()
