"""The black-box runner: a fresh simulator on a free loopback port, each scenario staged in it, the vendor command
started in its own process group with the REACH_* variables, watched until its tasks are final or time is up,
stopped, and judged from the journal and the state."""

from __future__ import annotations

import contextlib
import logging
import os
import random
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from conformance import quality
from conformance import scenarios as scenario_data
from conformance.model import Run, VendorProcess
from conformance.results import Report, ScenarioResult, evaluate, harness_failed
from conformance.rules import catalog
from conformance.rules._journal import ok
from conformance.scenarios import Scenario
from conformance.staging import HARNESS_TAG, Staged, Stager, StagingError
from simulator.ingest import FACTS_FILE
from simulator.live import reach_environment
from simulator.store.flavors import MEDIA_DIR

FINAL = {2, 5, 6, 7}
WATCH_INTERVAL = 0.1
GRACE_SECONDS = 1.0  # keep watching after the last task is final: late calls are evidence too
STOP_SECONDS = 5.0
TAIL_BYTES = 4000
OUTPUT_LIMIT = 16 * 2**20  # bytes of each output stream kept in the report directory
CHUNK_BYTES = 2**16


def media_cache() -> Path:
    """Where ingested renditions of the demo seed's fixtures are kept between certify runs (the fixtures' own
    cache root): `$REACHSIM_CACHE_DIR/media`, else `~/.cache/reachsim/media`."""
    base = os.environ.get("REACHSIM_CACHE_DIR")
    return (Path(base) if base else Path.home() / ".cache" / "reachsim") / "media"


def _borrow_renditions(media: Path, cache: Path) -> None:
    """Link finished renditions from the cache into a fresh simulator's media directory: ingest is content-
    addressed, so the seed finds them and runs no ffmpeg."""
    media.mkdir(parents=True, exist_ok=True)
    if cache.is_dir():
        for rendition in cache.iterdir():
            if (rendition / FACTS_FILE).is_file():
                (media / rendition.name).symlink_to(rendition, target_is_directory=True)


def _keep_renditions(media: Path, cache: Path) -> None:
    """Copy the renditions this run made into the cache (whole, then renamed, so a reader never sees half)."""
    if not media.is_dir():
        return
    cache.mkdir(parents=True, exist_ok=True)
    for rendition in media.iterdir():
        if rendition.is_symlink() or not (rendition / FACTS_FILE).is_file() or (cache / rendition.name).exists():
            continue
        staging = cache / f".copy-{rendition.name}-{os.getpid()}"
        shutil.copytree(rendition, staging, symlinks=True)
        try:
            staging.rename(cache / rendition.name)
        except OSError:  # another run cached the same rendition first
            shutil.rmtree(staging, ignore_errors=True)


# Python requests and Kaltura's Python client, OpenSSL-based tools (Python ssl, curl), Node.js.
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS")


class _QuietCutAnswers(logging.Filter):
    """waitress warns on the console when an answer ends short of its Content-Length: under certify that is a
    registered fault (drop, truncate) doing its work, and the report already says which request met it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "too few bytes" not in record.getMessage()


@contextlib.contextmanager
def live_simulator(port: int = 0, tls: bool = False) -> Iterator[Any]:
    """A fresh simulator with the demo seed on 127.0.0.1 (`port` 0: a free one), removed afterwards; renditions of
    the media it ingests are kept in media_cache() for the next run. The only place the harness builds one. With
    `tls` it speaks HTTPS only, with a certificate of reachsim's local CA (`server.ca_path`)."""
    from simulator.live import LiveServer

    with tempfile.TemporaryDirectory(prefix="reachsim-certify-") as workdir:
        listen = "https" if tls else "http"
        server = LiveServer(seed="demo", port=port, db_path=Path(workdir) / "reachsim.sqlite", listen=listen)
        media = server.config.data_dir / MEDIA_DIR
        _borrow_renditions(media, media_cache())
        quiet = _QuietCutAnswers()
        logging.getLogger("waitress").addFilter(quiet)
        try:
            with server:
                yield server
        finally:
            logging.getLogger("waitress").removeFilter(quiet)
            with contextlib.suppress(OSError):  # a cache that cannot be written only costs the next run time
                _keep_renditions(media, media_cache())


def vendor_environment(seed: dict[str, Any], url: str, ca: str | None = None) -> dict[str, str]:
    """DESIGN.md's variables for the vendor under certification, over this process's environment; over HTTPS, the
    CA that signed the simulator's certificate in the variables the usual HTTP stacks read."""
    trust = {name: ca for name in CA_VARIABLES} if ca else {}
    return {**os.environ, **reach_environment(seed, url), **trust}


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() or c in "\n\t" else f"\\x{ord(c):02x}" for c in text)


def _tail(data: bytes) -> tuple[str, bool]:
    """The output's last bytes as text, and whether they are binary (not UTF-8, or control characters other than
    line breaks, tabs and terminal colours); binary output is shown with its bytes escaped."""
    data = data[-TAIL_BYTES:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _printable(data.decode("utf-8", errors="backslashreplace")), True
    if any(ord(c) < 32 and c not in "\n\r\t\x1b" for c in text):
        return _printable(text), True
    return text, False


class _Capture(threading.Thread):
    """Drains one of the vendor's output pipes into its file: the first OUTPUT_LIMIT bytes are kept, the rest is
    counted and dropped but for the last TAIL_BYTES. A vendor that floods its output (`yes`) must neither fill the
    disk nor stall on a full pipe, which would change what it does."""

    def __init__(self, pipe: IO[bytes], path: Path) -> None:
        super().__init__(daemon=True)
        self.pipe = pipe
        self.path = path
        self.total = 0
        self.tail = b""

    def run(self) -> None:
        with self.path.open("wb") as out, self.pipe:
            while chunk := os.read(self.pipe.fileno(), CHUNK_BYTES):
                room = OUTPUT_LIMIT - self.total
                if room > 0:
                    out.write(chunk[:room])
                    if len(chunk) >= room:
                        out.write(f"\n[reachsim certify: output beyond {OUTPUT_LIMIT} bytes not kept]\n".encode())
                self.total += len(chunk)
                self.tail = (self.tail + chunk)[-TAIL_BYTES:]


@dataclass
class VendorRun:
    """The vendor command as a process group with its output in files."""

    command: str
    env: dict[str, str]
    out_dir: Path

    def __post_init__(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.stdout_path = self.out_dir / "vendor.stdout"
        self.stderr_path = self.out_dir / "vendor.stderr"
        self.info = VendorProcess(self.command)
        self.started = time.monotonic()
        self.proc: subprocess.Popen[bytes] | None = None
        self.captures: list[_Capture] = []
        try:
            self.proc = subprocess.Popen(
                shlex.split(self.command),
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: stopping it stops its children too
            )
        except (OSError, ValueError) as exc:  # the vendor's command cannot start: the vendor's failure
            self.stdout_path.write_bytes(b"")
            self.stderr_path.write_bytes(f"reachsim certify: cannot start the vendor command: {exc}\n".encode())
            self.info.exit_code = 127
            return
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.captures = [_Capture(self.proc.stdout, self.stdout_path), _Capture(self.proc.stderr, self.stderr_path)]
        for capture in self.captures:
            capture.start()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> VendorProcess:
        info = self.info
        if self.proc is not None:
            if self.alive():
                info.stopped_by_harness = True
                self._signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=STOP_SECONDS)
                except subprocess.TimeoutExpired:
                    info.killed = True
                    self._signal(signal.SIGKILL)
                    self.proc.wait(timeout=STOP_SECONDS)
            else:
                info.exit_code = self.proc.returncode
            self._signal(signal.SIGKILL)  # children the vendor left behind
        info.seconds = time.monotonic() - self.started
        for capture in self.captures:
            capture.join(STOP_SECONDS)  # a child that left the group may hold the pipe open: its output is lost
        out, err = (c.tail for c in self.captures) if self.captures else (b"", self.stderr_path.read_bytes())
        info.stdout_tail, out_binary = _tail(out)
        info.stderr_tail, err_binary = _tail(err)
        info.output_binary = out_binary or err_binary
        info.output_bytes = sum(c.total for c in self.captures)
        return info

    def _signal(self, sig: int) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, sig)


class Watch:
    """Follows the journal while the vendor runs and fires the scenario's script."""

    def __init__(self, stager: Stager, scenario: Scenario, staged: Staged, start_seq: int) -> None:
        self.stager = stager
        self.staged = staged
        self.last = start_seq
        self.vendor: list[dict[str, Any]] = []
        self.aborted_at: dict[int, int] = {}
        self.notes: list[str] = []
        self.pending_steps = [s for s in scenario.script if s.when == "listed"]
        self.by_key = {p.key: p for p in staged.plans}

    def poll(self) -> bool:
        """Read the new journal entries; True when one of them may have changed a task's status."""
        changed = False
        for entry in self.stager.journal_since(self.last):
            self.last = int(entry["seq"])
            changed = changed or (entry.get("action") in ("updateJob", "abort") and ok(entry))
            if entry.get("client_tag") == HARNESS_TAG:
                if entry.get("action") == "abort" and entry.get("task_id") is not None and ok(entry):
                    self.aborted_at[int(entry["task_id"])] = int(entry["seq"])
                continue
            self.vendor.append(entry)
            self._fire(entry)
        return changed

    def _fire(self, entry: dict[str, Any]) -> None:
        """`listed` steps: the customer aborts a task once the vendor's getJobs has listed it. (`processing` steps
        are clock triggers the simulator fires itself, inside the vendor's updateJob.)"""
        if entry.get("action") != "getJobs" or not ok(entry):
            return
        for step in [s for s in self.pending_steps if s.when == "listed"]:
            plan = self.by_key[step.task]
            self.pending_steps.remove(step)
            try:
                self.stager.abort(self.staged.admin_ks[plan.partner_id], plan.id)
            except StagingError as exc:
                plan.expect = "ready"  # the vendor took it first: it is then the vendor's to finish
                self.notes.append(f"abort of task {plan.id} ({plan.key}) refused, the vendor was first: {exc}")

    def all_final(self, state: dict[str, Any]) -> bool:
        status = {int(t["id"]): int(t["status"]) for t in state.get("tasks", [])}
        return all(status.get(p.id) in FINAL for p in self.staged.plans)


def public_state(state: dict[str, Any]) -> dict[str, Any]:
    """The state without credentials (access keys) or the simulator's private fields: reports get published."""
    tasks = [{k: v for k, v in t.items() if k != "accessKey" and not k.startswith("_")} for t in state.get("tasks", [])]
    return {**state, "tasks": tasks}


@dataclass
class Fixtures:
    """Which unseen clips a quality scenario renders: the run's seed, and how many (the scenario's count unless
    given, e.g. fewer for a quick CI run)."""

    seed: int
    count: int | None = None


def run_scenario(
    stager: Stager,
    scenario: Scenario,
    vendor_command: str,
    out_dir: Path,
    timeout: float | None = None,
    fixtures: Fixtures | None = None,
) -> Run:
    rendered = []
    if scenario.unseen:
        fixtures = fixtures or Fixtures(random.SystemRandom().randrange(2**31))
        count = fixtures.count or int(scenario.unseen["count"])
        rendered = quality.render(fixtures.seed, count, scenario.unseen["duration"])
    staged = stager.stage(scenario)
    by_task = quality.stage(stager, staged, rendered) if rendered else {}
    if scenario.faults:
        stager.backdoor("POST", "faults", {"faults": list(scenario.faults)})
    start_seq = stager.last_seq()
    env = vendor_environment(staged.seed, stager.url, stager.ca)
    watch = Watch(stager, scenario, staged, start_seq)
    vendor = VendorRun(vendor_command, env, out_dir)
    deadline = time.monotonic() + (timeout or scenario.timeout)
    finished_at: float | None = None
    timed_out = False
    try:
        while True:
            time.sleep(WATCH_INTERVAL)
            changed = watch.poll()
            if not vendor.alive():
                break
            now = time.monotonic()
            if finished_at is None and changed and watch.all_final(stager.state()):
                finished_at = now
            if finished_at is not None and now - finished_at >= GRACE_SECONDS:
                break
            if now >= deadline:
                timed_out = True
                break
    finally:
        process = vendor.stop()
    process.timed_out = timed_out
    if process.output_bytes > OUTPUT_LIMIT:
        watch.notes.append(
            f"the vendor wrote {process.output_bytes} bytes of output; each file keeps the first {OUTPUT_LIMIT}"
        )
    watch.poll()
    for step in watch.pending_steps:
        watch.notes.append(f"script step '{step.when} {step.task} -> {step.do}' never fired")
    triggers = stager.clock_triggers()
    advances = [{"at": float(t["at"]), "seconds": float(t["advance"])} for t in triggers["fired"]]
    for trigger in triggers["fired"]:
        watch.notes.append(
            f"virtual clock advanced {trigger['advance']} s as task {trigger['taskId']} turned PROCESSING"
        )
    for trigger in triggers["pending"]:
        watch.notes.append(f"task {trigger['taskId']} never turned PROCESSING: its clock jump never happened")
    run = Run(
        scenario=scenario.name,
        vendor_partner_id=int(staged.seed["vendorPartnerId"]),
        vendor_name=str(staged.seed.get("vendorName", "")),
        tasks=staged.plans,
        journal=watch.vendor,
        state=public_state(stager.state()),
        process=process,
        clock_advances=advances,
        expects_expiry=scenario.expects_expiry,
        aborted_at=watch.aborted_at,
        notes=watch.notes,
        faults=stager.backdoor("GET", "faults")["faults"] if scenario.faults else [],
        fixture_seed=fixtures.seed if rendered and fixtures else None,
    )
    if by_task:
        quality.harvest(stager, staged, run, by_task)
    return run


def certify(
    vendor_command: str,
    scenario_names: list[str],
    report_dir: Path,
    profile: str = "protocol",
    on_scenario: Callable[[ScenarioResult], None] | None = None,
    timeout: float | None = None,
    fixtures: Fixtures | None = None,
    tls: bool = False,
    on_start: Callable[[str], None] | None = None,
) -> Report:
    """`fixtures` fixes the unseen clips of quality scenarios (seed, count); by default a new seed per run.
    `on_start` hears each scenario's name as it begins, `on_scenario` its result."""
    rules = catalog()
    started = time.monotonic()
    fixtures = fixtures or Fixtures(random.SystemRandom().randrange(2**31))
    report = Report(vendor_command, profile, datetime.now(UTC).isoformat(timespec="seconds"), 0.0)
    report.fixture_seed = fixtures.seed
    with live_simulator(tls=tls) as server, contextlib.closing(Stager(server.url, server.ca_path)) as stager:
        for name in scenario_names:
            if on_start is not None:
                on_start(name)
            scenario = scenario_data.load(name)
            began = time.monotonic()
            try:
                run = run_scenario(stager, scenario, vendor_command, report_dir / name, timeout, fixtures)
                result = ScenarioResult(name, scenario.summary, evaluate(rules, run), run)
            except Exception as exc:  # what the vendor does is judged from the journal; an exception is ours
                message = f"the harness could not run the scenario: {type(exc).__name__}: {exc}"
                result = ScenarioResult(name, scenario.summary, harness_failed(rules, message), None, message)
            internal = server.sim.take_errors()
            if internal:  # no request may make the simulator fail: a simulator defect, not the vendor's
                result.harness_error = f"the simulator hit an internal error: {internal[0]!r}"
            result.seconds = time.monotonic() - began
            report.scenarios.append(result)
            if on_scenario is not None:
                on_scenario(result)
    report.seconds = time.monotonic() - started
    return report
