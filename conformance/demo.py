"""`reachsim demo`: the whole loop on this machine in one command.

Catalog fixtures are rendered (cached) and ingested as entries of the demo customer, OCR is ordered for each entry
through the API with the customer's ADMIN KS, the reference vendor (`reachsim vendor`) runs until every task is
final, and each delivered insight is scored against its fixture's truth. The machinery is the certification
runner's (live simulator, vendor process, staging client); the figures are conformance.scoring's.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shlex
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from tqdm import tqdm

from conformance.runner import FINAL, VendorRun, live_simulator, vendor_environment
from conformance.scoring import score
from conformance.staging import ADMIN, Stager, StagingError
from simulator.cli import port_number
from simulator.objects.entries import EntryStatus
from simulator.objects.reach import TaskStatus

# Slides, a lower third over footage, a ticker and scrolling credits: the kinds of text a vendor meets first.
DEMO_FIXTURES = ("lecture-short", "lowerthird-footage", "news-ticker", "credits-scroll")
READY, PROCESSING = TaskStatus.READY, TaskStatus.PROCESSING
ENTRY_READY = EntryStatus.READY
SOURCE_FLAVOR_PARAMS = 0  # Kaltura's flavorParams id of an entry's source
POLL_SECONDS = 0.2
VENDOR_TIMEOUT = 900.0


class DemoError(Exception):
    """Something the user can act on: printed as one line, exit status 1."""


class Stop(Exception):
    """SIGTERM, handled like Ctrl-C."""


@dataclass
class Row:
    fixture: str
    entry_id: str
    task_id: int
    duration: float
    truth: dict[str, Any]
    status: int = 0
    processing_at: float | None = None
    final_at: float | None = None
    figures: dict[str, Any] | None = None

    @property
    def realtime_factor(self) -> float | None:
        """Processing time over the video's duration: below 1 is faster than real time."""
        if self.processing_at is None or self.final_at is None:
            return None
        return (self.final_at - self.processing_at) / self.duration


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="render fixtures, order OCR for each, run the reference vendor, print the scores"
    )
    parser.add_argument("--exit", action="store_true", help="end after the table instead of serving until Ctrl-C")
    parser.add_argument(
        "--fixtures",
        nargs="+",
        metavar="NAME",
        default=list(DEMO_FIXTURES),
        help=f"fixtures to use (default: {' '.join(DEMO_FIXTURES)}; see `reachsim fixtures --list --group all`)",
    )
    parser.add_argument("--port", type=port_number, default=0, help="simulator port (default: any free port)")
    parser.set_defaults(func=demo_command)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Stop


def demo_command(args: argparse.Namespace) -> int:
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return run(args.fixtures, keep_serving=not args.exit, port=args.port)
    except (KeyboardInterrupt, Stop):
        print("\nreachsim demo: stopped", file=sys.stderr)
        return 0
    except DemoError as exc:
        print(f"reachsim demo: {exc}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


def _progress(**kwargs: Any) -> tqdm:
    return tqdm(disable=not sys.stderr.isatty(), leave=False, file=sys.stderr, **kwargs)


def render(names: list[str]) -> list[Any]:
    from fixtures import catalog, render

    known = set(catalog.names("all"))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise DemoError(f"unknown fixture {unknown[0]!r} (see `reachsim fixtures --list --group all`)")
    rendered = []
    with _progress(total=len(names), desc="render fixtures", unit="video") as bar:
        for name in names:
            bar.set_postfix_str(name)
            try:
                rendered.append(render.ensure(name))
            except Exception as exc:  # ffmpeg or fonts missing: say which fixture and why, no traceback
                raise DemoError(f"cannot render fixture {name}: {exc}") from exc
            bar.update(1)
    return rendered


def order(stager: Stager, seed: dict[str, Any], rendered: list[Any]) -> list[Row]:
    """Ingest each fixture as an entry of the demo customer (back door) and order OCR for it (API, ADMIN KS)."""
    partner_id = int(seed["partnerId"])
    ks = stager.api("session", "start", secret=seed["adminSecret"], partnerId=partner_id, type=ADMIN)
    # The demo customer asks vendors for the source flavor, as a customer who wants the best OCR would: the
    # seed's profile prefers the 360p rendition, whose small text no engine reads well.
    stager.api(
        "reach_reachprofile",
        "update",
        ks,
        **{
            "id": seed["reachProfileId"],
            "reachProfile[objectType]": "KalturaReachProfile",
            "reachProfile[flavorParamsIds]": str(SOURCE_FLAVOR_PARAMS),
        },
    )
    rows = []
    with _progress(total=len(rendered), desc="ingest and order", unit="entry") as bar:
        for fixture in rendered:
            bar.set_postfix_str(fixture.name)
            entry = stager.backdoor(
                "POST",
                "ingest",
                {"partnerId": partner_id, "path": str(fixture.video), "name": fixture.name, "wait": True},
            )
            if str(entry["status"]) != ENTRY_READY:
                raise DemoError(f"the simulator could not ingest {fixture.video} (entry status {entry['status']})")
            task = stager.api(
                "reach_entryvendortask",
                "add",
                ks,
                **{
                    "entryVendorTask[entryId]": entry["entryId"],
                    "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
                    "entryVendorTask[reachProfileId]": seed["reachProfileId"],
                },
            )
            truth = json.loads(fixture.truth.read_text())
            rows.append(Row(fixture.name, entry["entryId"], int(task["id"]), fixture.spec.duration, truth))
            bar.update(1)
    return rows


def run_vendor(stager: Stager, seed: dict[str, Any], rows: list[Row], workdir: Path) -> None:
    """The reference vendor as its own process, watched until every task is final (or it exits)."""
    command = f"{shlex.quote(sys.executable)} -m simulator.cli vendor --once"
    vendor = VendorRun(command, vendor_environment(seed, stager.url), workdir)
    deadline = time.monotonic() + VENDOR_TIMEOUT
    by_id = {row.task_id: row for row in rows}
    try:
        with _progress(total=len(rows), desc="reference vendor", unit="task") as bar:
            while time.monotonic() < deadline:
                now = time.monotonic()
                for task in stager.state()["tasks"]:
                    row = by_id.get(int(task["id"]))
                    if row is None or row.final_at is not None:
                        continue
                    row.status = int(task["status"])
                    if row.status == PROCESSING and row.processing_at is None:
                        row.processing_at = now
                    if row.status in FINAL:
                        row.final_at = now
                        bar.update(1)
                if all(row.final_at is not None for row in rows) or not vendor.alive():
                    break
                time.sleep(POLL_SECONDS)
    finally:
        process = vendor.stop()
    if not all(row.final_at is not None for row in rows):
        tail = process.stderr_tail.strip().splitlines()[-1:] or ["no output"]
        raise DemoError(f"the reference vendor stopped before every task was final ({tail[0]})")


def score_rows(stager: Stager, seed: dict[str, Any], rows: list[Row]) -> None:
    partner_id = int(seed["partnerId"])
    ks = stager.api("session", "start", secret=seed["adminSecret"], partnerId=partner_id, type=ADMIN)
    tasks = {int(t["id"]): t for t in stager.state()["tasks"]}
    for row in rows:
        output = tasks[row.task_id].get("outputObjectId")
        if row.status != READY or not output:
            continue
        answer = stager.http.get(
            f"{stager.url}/api_v3/service/attachment_attachmentasset/action/serve",
            params={"attachmentAssetId": output, "ks": ks},
            timeout=60,
        )
        answer.raise_for_status()
        row.figures = score(row.truth, answer.json())


def _cell(value: float | None, fmt: str) -> str:
    """The figure in `fmt`, or "-" as wide (an undefined rate, e.g. WER of a video without text)."""
    return "-".rjust(int(fmt.split(".")[0] or 0)) if value is None else format(value, fmt)


def table(rows: list[Row]) -> str:
    """One line per entry. Timing error: mean of the absolute start and end errors of the lines found."""
    head = f"{'fixture':20} {'entry':10} {'status':10} {'WER':>6} {'CER':>6} {'recall':>7} {'timing':>8} {'RTF':>6}"
    lines = [head, "-" * len(head)]
    for row in rows:
        f = row.figures or {}
        starts, ends = f.get("mean_start_error"), f.get("mean_end_error")
        timing = (starts + ends) / 2 if starts is not None and ends is not None else None
        lines.append(
            f"{row.fixture:20} {row.entry_id:10} {TaskStatus.name_of(row.status) or row.status!s:10} "
            f"{_cell(f.get('wer'), '6.1%')} {_cell(f.get('cer'), '6.1%')} {_cell(f.get('line_recall'), '7.0%')} "
            f"{_cell(timing, '6.2f') + ' s':>8} {_cell(row.realtime_factor, '5.2f') + 'x':>6}"
        )
    return "\n".join(lines)


@contextlib.contextmanager
def _workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="reachsim-demo-") as path:
        yield Path(path)


def run(fixture_names: list[str], keep_serving: bool = True, port: int = 0) -> int:
    started = time.monotonic()
    rendered = render(fixture_names)
    with live_simulator(port) as server, contextlib.closing(Stager(server.url)) as stager, _workdir() as workdir:
        try:
            seed = stager.backdoor("GET", "seed")
            rows = order(stager, seed, rendered)
            run_vendor(stager, seed, rows, workdir)
            score_rows(stager, seed, rows)
        except StagingError as exc:
            raise DemoError(str(exc)) from exc
        print(table(rows))
        elapsed = time.monotonic() - started
        print(f"\n{len(rows)} entries in {elapsed:.0f} s. Results in the portal: {server.url}/portal/")
        sys.stdout.flush()
        if keep_serving:
            print(f"The simulator stays up at {server.url} (demo seed, partner {seed['partnerId']}); Ctrl-C to stop.")
            sys.stdout.flush()
            server.wait()
    return 0 if all(row.status == READY for row in rows) else 1
