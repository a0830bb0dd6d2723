"""A running simulator on a TCP port: the one way to start one, for `reachsim serve`, the pytest plugin, the
certification runner and the demo. No pytest here.

    with LiveServer(seed="demo") as server:
        requests.get(f"{server.url}/__sim__/seed")
        assert not server.errors

`listen` says what it speaks: "http" (waitress), "https" (cheroot with TLS, simulator.https_listener, on `port`)
or "http+https" (both, one app and store; HTTPS on `https_port`). HTTPS uses the `certificate` given, else one
issued by reachsim's local CA in `tls_dir`; `ca_path` is that CA, for clients (`verify=`, REQUESTS_CA_BUNDLE).

Waitress's loop is driven here over a socket map this class owns (`create_server(map=...)`), so stopping is: set
a flag, wake the loop with the server's public `pull_trigger()`, and close every channel from the loop's own
thread once it has returned — closing them from another thread races the loop (it then pulls a closed trigger:
EBADF tracebacks at exit). cheroot stops from any thread.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import requests
from waitress import wasyncore
from waitress.server import create_server

from simulator import public_url, tls
from simulator.backdoor_guard import token_for_bind
from simulator.config import Config
from simulator.https_listener import HttpsListener
from simulator.runtime import Simulator

LOOP_TIMEOUT = 1.0  # seconds one turn of waitress's loop may sleep; stop() wakes it earlier
LISTEN_MODES = ("http", "https", "http+https")
FINAL_TASK_STATUSES = frozenset({2, 5, 6, 7})  # READY, REJECTED, ERROR, ABORTED: the vendor is done with it
ADMIN_SESSION = 2


class ApiRefused(Exception):
    """A Kaltura API call answered KalturaAPIException where the helper needed a result."""

    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__(f"{answer.get('code')}: {answer.get('message')}")
        self.code = str(answer.get("code"))
        self.answer = answer


def reach_environment(seed: dict[str, Any], url: str) -> dict[str, str]:
    """DESIGN.md's REACH_* variables that point a vendor at this simulator as the seeded vendor partner."""
    return {
        "REACH_SERVICE_URL": url,
        "REACH_VENDOR_PARTNER_ID": str(seed["vendorPartnerId"]),
        "REACH_VENDOR_SECRET": str(seed["vendorSecret"]),
        "REACH_APP_TOKEN_ID": str(seed.get("appTokenId", "")),
        "REACH_APP_TOKEN": str(seed.get("appToken", "")),
        "REACH_VENDOR_NAME": str(seed.get("vendorName", "")),
    }


class LiveServer:
    """The simulator app on its listeners. `db_path=None` keeps state in a temporary directory removed at stop
    (its local CA too, unless `tls_dir` is given); otherwise files live beside db_path (`<stem>-data/`) and survive
    restarts, and the CA is the user's (`tls.default_dir()`) unless `tls_dir` says otherwise. `host` is the bind
    address; a non-loopback one guards the back door with a token (`backdoor()` sends it). Other keywords set
    `Config` fields."""

    def __init__(
        self,
        *,
        seed: str = "demo",
        host: str = "127.0.0.1",
        port: int = 0,
        threads: int = 8,
        db_path: Path | None = None,
        listen: str = "http",
        https_port: int = 0,
        certificate: tls.ServerCertificate | None = None,
        tls_dir: Path | None = None,
        **settings: Any,
    ) -> None:
        if listen not in LISTEN_MODES:
            raise ValueError(f"listen must be one of {', '.join(LISTEN_MODES)}, not {listen!r}")
        self._workdir: Path | None = None
        if db_path is None:
            self._workdir = Path(tempfile.mkdtemp(prefix="reachsim-"))
            db_path, data_dir = self._workdir / "reachsim.sqlite", self._workdir / "data"
            tls_dir = tls_dir or self._workdir / "tls"
        else:
            data_dir = db_path.with_name(db_path.stem + "-data")
        settings.setdefault("backdoor_token", token_for_bind(host)[0])
        self.config = Config(
            db_path=db_path, data_dir=data_dir, host=host, port=port, seed=seed, tls=listen == "https", **settings
        )
        self.listen = listen
        self.threads = threads
        self._https_port = https_port
        self._certificate = certificate
        self._tls_dir = tls_dir
        self.ca_path: Path | None = None
        self._map: dict[int, Any] = {}
        self._server: Any = None
        self._https: HttpsListener | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.app: Any = None

    # -- life cycle ------------------------------------------------------------------------------------------

    def start(self) -> LiveServer:
        """Build the app (creating and seeding the database), bind the port and serve in a background thread.
        OSError when a port cannot be bound; store.db.SchemaError for a database file it cannot use;
        tls.TlsError when the CA or certificate cannot be made or read."""
        from simulator.app import create_app

        try:
            self.app = create_app(self.config)
        except BaseException:
            self._remove_workdir()
            raise
        try:
            self._bind()
        except BaseException:
            if self._server is not None:  # waitress bound, the HTTPS port did not: nothing serves yet
                wasyncore.close_all(self._map, ignore_all=True)
                self._server.task_dispatcher.shutdown()
                self._server = None
            self.sim.close()
            self._remove_workdir()
            raise
        self._stopping.clear()
        if self._server is not None:
            self._thread = threading.Thread(target=self._serve, name="reachsim-live", daemon=True)
            self._thread.start()
        if self._https is not None:
            self._https.start()
        return self

    def _bind(self) -> None:
        """Bind every listener now, so a busy port fails at start and port 0 learns its number."""
        config = self.config
        if self.listen != "https":
            self._server = create_server(
                self.app, map=self._map, host=config.host, port=config.port, threads=self.threads
            )
            config.port = int(self._server.effective_port)
        if self.listen == "http":
            return
        certificate = self._certificate or tls.local_certificate(config.host, self._tls_dir)
        self.ca_path = certificate.ca
        alone = self.listen == "https"
        port = config.port if alone else self._https_port
        self._https = HttpsListener(self.app, config.host, port, certificate, threads=self.threads)
        if alone:
            config.port = self._https.effective_port
        else:
            config.https_port = self._https.effective_port

    def _serve(self) -> None:
        try:
            while not self._stopping.is_set():
                wasyncore.loop(timeout=LOOP_TIMEOUT, map=self._map, count=1)
        finally:
            # Handler threads first: one finishing a task pulls the loop's trigger, whose descriptor close_all closes
            # (a traceback from waitress's thread, seen once in CI, when the order was the other way round).
            self._server.task_dispatcher.shutdown()
            wasyncore.close_all(self._map, ignore_all=True)

    def stop(self) -> None:
        """Stop serving, wait for the server threads and background jobs, close the database. Idempotent."""
        if self._thread is None and self._https is None:
            return
        self._stopping.set()
        if self._thread is not None:
            # The wake-up is only a shortcut: the loop also sees the flag within LOOP_TIMEOUT. A trigger whose file
            # descriptor is already closed (EBADF seen once at a session's end) must not turn a stop into an error.
            with contextlib.suppress(OSError):
                self._server.pull_trigger()
            self._thread.join(timeout=30)
            self._thread = None
        if self._https is not None:
            self._https.close()
            self._https = None
        self.sim.close()
        self._remove_workdir()

    def wait(self) -> None:
        """Block until stop() is called from another thread, or a signal handler raises (Ctrl-C, SIGTERM)."""
        while not self._stopping.wait(LOOP_TIMEOUT):
            pass

    def _remove_workdir(self) -> None:
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    # -- what a client of the running server uses ------------------------------------------------------------

    @property
    def sim(self) -> Simulator:
        return self.app.extensions["reachsim"]

    @property
    def port(self) -> int:
        return self.config.port

    @property
    def url(self) -> str:
        """Where a client on this machine reaches `port` (HTTPS when `listen="https"`); a wildcard bind is reached
        through loopback."""
        return public_url.bound_base(self.config, "https" if self.config.tls else "http")

    @property
    def https_url(self) -> str | None:
        """The HTTPS listener's URL, when there is one."""
        return public_url.bound_base(self.config, "https") if "https" in self.config.listeners else None

    def _verify(self) -> str | bool:
        return str(self.ca_path) if self.ca_path else True

    @property
    def errors(self) -> list[BaseException]:
        """Exceptions the simulator caught and answered as an internal error (requests and background jobs)."""
        return self.sim.errors

    def check(self) -> None:
        """Raise the first caught internal error (AssertionError, chained), and forget them all."""
        caught = self.sim.take_errors()
        if caught:
            more = f" (and {len(caught) - 1} more)" if len(caught) > 1 else ""
            raise AssertionError(f"the simulator hit an internal error: {caught[0]!r}{more}") from caught[0]

    def backdoor(self, method: str, path: str, **kwargs: Any) -> Any:
        """A back-door call, with the token when the back door needs one (never in a URL: nothing records it)."""
        if self.config.backdoor_token:
            kwargs["headers"] = {"Authorization": f"Bearer {self.config.backdoor_token}", **kwargs.get("headers", {})}
        kwargs.setdefault("verify", self._verify())
        response = requests.request(method, f"{self.url}/__sim__/{path}", timeout=60, **kwargs)
        response.raise_for_status()
        return response.json()

    def seed(self) -> dict[str, Any]:
        return self.backdoor("GET", "seed")

    def reset(self) -> dict[str, Any]:
        """Back to the seeded state; errors caught before the reset are dropped."""
        result = self.backdoor("POST", "reset")
        self.sim.take_errors()
        return result

    def advance_clock(self, seconds: float) -> dict[str, Any]:
        return self.backdoor("POST", "clock", json={"advance": seconds})

    def journal(self, since: int = 0) -> list[dict[str, Any]]:
        """Every journal entry after `since`, read page by page (the back door answers at most 10,000 at once)."""
        entries: list[dict[str, Any]] = []
        while True:
            page = self.backdoor("GET", f"journal?since={since}&limit=10000")
            entries += page["entries"]
            if len(page["entries"]) < 10000:
                return entries
            since = page["last"]

    def api(self, service: str, action: str, **params: Any) -> Any:
        """One API call in JSON (format=1); a Kaltura error comes back as its JSON object, not raised."""
        response = requests.post(
            f"{self.url}/api_v3/service/{service}/action/{action}",
            json={"format": 1, **params},
            timeout=60,
            verify=self._verify(),
        )
        response.raise_for_status()
        return response.json()

    def state(self, partner_id: int | None = None) -> dict[str, Any]:
        """`GET /__sim__/state`: every task, and per entry its tags, assets (with inspection) and cue points."""
        return self.backdoor("GET", "state" if partner_id is None else f"state?partnerId={partner_id}")

    def vendor_environment(self) -> dict[str, str]:
        """The REACH_* variables for a vendor process run against this server (merge into os.environ)."""
        return reach_environment(self.seed(), self.url)

    def order_task(
        self,
        entry_id: str | None = None,
        item: str = "ocr",
        reach_profile_id: int | None = None,
        partner_id: int | None = None,
    ) -> int:
        """Order a task as the customer does: reach_entryvendortask.add with the customer's ADMIN KS.
        Defaults: the seeded customer's first entry, its REACH profile; `item` is a key of the seed's
        catalogItemIds (`ocr`, `captions`, `extended_ad`…). `partner_id` orders for another seeded account
        (`seed()["accounts"]`), which needs a REACH profile of its own first (`POST /__sim__/scenario`).
        The new task's id; ApiRefused when the server refuses the order."""
        seed = self.seed()
        task = self.api(
            "reach_entryvendortask",
            "add",
            ks=self.sessions.admin(partner_id=partner_id),
            entryVendorTask={
                "objectType": "KalturaEntryVendorTask",
                "entryId": entry_id or seed["entryIds"][0],
                "catalogItemId": seed["catalogItemIds"][item],
                "reachProfileId": reach_profile_id or seed["reachProfileId"],
            },
        )
        if isinstance(task, dict) and task.get("objectType") == "KalturaAPIException":
            raise ApiRefused(task)
        return int(task["id"])

    def task(self, task_id: int | str) -> dict[str, Any]:
        """The task as the back door sees it (every field, whoever owns it). KeyError for an unknown id."""
        for task in self.state()["tasks"]:
            if str(task["id"]) == str(task_id):
                return task
        raise KeyError(f"no task {task_id}")

    def wait_for_task(
        self, task_id: int | str, statuses: frozenset[int] = FINAL_TASK_STATUSES, timeout: float = 120.0
    ) -> dict[str, Any]:
        """Poll until the task's status is one of `statuses` (default: final); TimeoutError with its last state."""
        deadline = time.monotonic() + timeout
        while True:
            task = self.task(task_id)
            if int(task["status"]) in statuses:
                return task
            if time.monotonic() >= deadline:
                raise TimeoutError(f"task {task_id} still in status {task['status']} after {timeout} s")
            time.sleep(0.1)

    def inject_fault(self, **fault: Any) -> dict[str, Any]:
        """Register one counted fault (`POST /__sim__/faults`, fields as in docs/faults.md), e.g.
        `inject_fault(service="reach_entryvendortask", action="updateJob", status=503, times=2)`."""
        return self.backdoor("POST", "faults", json={"faults": [fault]})["faults"][0]

    def faults(self) -> list[dict[str, Any]]:
        """Every registered fault with how many requests it `met` and `seen`."""
        return self.backdoor("GET", "faults")["faults"]

    def violations(self) -> list[dict[str, Any]]:
        """REACH rule violations found live (`reachsim serve --lint`'s follower posts them): rule id, severity,
        citation, message, evidence (journal seqs). Empty unless a follower runs (`conformance.lint.Follower`)."""
        return self.backdoor("GET", "violations")["violations"]

    @property
    def sessions(self) -> Sessions:
        return Sessions(self)


class Sessions:
    """KS strings for the seeded accounts, obtained through the API as a client would (so they follow the
    server's rules, never a copy of them)."""

    def __init__(self, server: LiveServer) -> None:
        self._server = server

    def _start(self, secret: str, partner_id: int, session_type: int, privileges: str) -> str:
        ks = self._server.api(
            "session", "start", secret=secret, type=session_type, partnerId=partner_id, privileges=privileges
        )
        if not isinstance(ks, str):
            raise ApiRefused(ks)
        return ks

    def admin(self, privileges: str = "disableentitlement", partner_id: int | None = None) -> str:
        """An ADMIN KS of the seeded customer partner, or of another seeded account (`seed()["accounts"]`)."""
        seed = self._server.seed()
        if partner_id is None or partner_id == seed["partnerId"]:
            return self._start(seed["adminSecret"], seed["partnerId"], ADMIN_SESSION, privileges)
        account = next((a for a in seed.get("accounts", {}).values() if a["partnerId"] == partner_id), None)
        if account is None:
            raise KeyError(f"no seeded account {partner_id}")
        return self._start(account["adminSecret"], partner_id, ADMIN_SESSION, privileges)

    def vendor(self, privileges: str = "disableentitlement") -> str:
        """An ADMIN KS of the seeded vendor partner."""
        seed = self._server.seed()
        return self._start(seed["vendorSecret"], seed["vendorPartnerId"], ADMIN_SESSION, privileges)

    def access_key(self, task_id: int | str) -> str:
        """The access key the server minted for this task, as the vendor reads it from entryVendorTask.getJobs."""
        jobs = self._server.api(
            "reach_entryvendortask",
            "getJobs",
            ks=self.vendor(),
            filter={"objectType": "KalturaEntryVendorTaskFilter", "idEqual": task_id},
        )
        found = jobs.get("objects") if isinstance(jobs, dict) else None
        if not found or not found[0].get("accessKey"):
            raise RuntimeError(f"task {task_id} is not among the vendor's jobs: {jobs}")
        return str(found[0]["accessKey"])
