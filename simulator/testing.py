"""A live simulator for tests: the real app under waitress on a loopback port, in a background thread.

Shipped as a pytest plugin (`reachsim` entry point) so vendor projects get the same fixtures:
`reachsim_server` (one per test session) and `reachsim` (the same server, reset to its seed for each test);
with `pytest --reachsim-tls` they serve HTTPS, and `reachsim_tls_server` / `reachsim_tls` always do. An HTTPS
server's CA is `server.ca_path` (give it to clients: `verify=`, REQUESTS_CA_BUNDLE, `curl --cacert`).
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from simulator.config import Config


class LiveServer:
    """`listen`: "http", "https", or "http+https" (two ports; `url` is the HTTP one). `host` is the bind address;
    clients always connect through 127.0.0.1. A non-loopback bind guards the back door with a token, which
    `backdoor()` sends."""

    def __init__(
        self,
        workdir: Path,
        seed: str = "demo",
        *,
        listen: str = "http",
        host: str = "127.0.0.1",
        tls_dir: Path | None = None,
        **config: Any,
    ) -> None:
        from waitress import create_server

        from simulator.app import create_app
        from simulator.backdoor_guard import token_for_bind
        from simulator.https_listener import HttpsListener
        from simulator.tls import local_certificate

        if listen not in ("http", "https", "http+https"):
            raise ValueError(f"listen must be http, https or http+https, not {listen!r}")
        config.setdefault("backdoor_token", token_for_bind(host)[0])
        self.config = Config(
            db_path=workdir / "reachsim.sqlite",
            data_dir=workdir / "data",
            seed=seed,
            host=host,
            port=0,
            tls=listen == "https",
            **config,
        )
        self.app = create_app(self.config)
        self.sim = self.app.extensions["reachsim"]
        certificate = local_certificate(host, tls_dir or workdir / "tls") if "https" in listen else None
        self.ca_path: Path | None = certificate.ca if certificate else None
        self._https: Any = None
        if listen == "https" and certificate:
            self._https = HttpsListener(self.app, host, 0, certificate)
            self._server: Any = None
            self.port = self._https.effective_port
        else:
            self._server = create_server(self.app, host=host, port=0, threads=8)
            self.port = int(self._server.effective_port)
            if certificate:
                self._https = HttpsListener(self.app, host, 0, certificate)
                self.config.https_port = self._https.effective_port
        self.config.port = self.port
        self.url = f"{'https' if self.config.tls else 'http'}://127.0.0.1:{self.port}"
        self.https_url = f"https://127.0.0.1:{self._https.effective_port}" if self._https else None
        if self._https is not None:
            self._https.start()
        if self._server is not None:
            self._thread = threading.Thread(target=self._server.run, name="reachsim-live", daemon=True)
            self._thread.start()

    def backdoor(self, method: str, path: str, **kwargs: Any) -> Any:
        if self.config.backdoor_token:
            kwargs["headers"] = {"Authorization": f"Bearer {self.config.backdoor_token}", **kwargs.get("headers", {})}
        kwargs.setdefault("verify", str(self.ca_path) if self.ca_path else True)
        response = requests.request(method, f"{self.url}/__sim__/{path}", timeout=60, **kwargs)
        response.raise_for_status()
        return response.json()

    def seed(self) -> dict[str, Any]:
        return self.backdoor("GET", "seed")

    def reset(self) -> dict[str, Any]:
        self.sim.last_internal_error = None
        return self.backdoor("POST", "reset")

    def advance_clock(self, seconds: float) -> dict[str, Any]:
        return self.backdoor("POST", "clock", json={"advance": seconds})

    def journal(self, since: int = 0) -> list[dict[str, Any]]:
        return self.backdoor("GET", f"journal?since={since}")["entries"]

    def check_no_internal_error(self) -> None:
        """Server-side exceptions surface in the failing test instead of hiding behind INTERNAL_SERVERL_ERROR."""
        error = self.sim.last_internal_error
        if error is not None:
            self.sim.last_internal_error = None
            raise AssertionError(f"the simulator hit an internal error: {error!r}") from error

    def stop(self) -> None:
        """Close waitress's channels from its own loop thread (through its trigger): closing them from here races
        the loop, which then pulls a closed trigger (EBADF tracebacks at the end of a test run)."""
        if self._https is not None:
            self._https.close()
        server: Any = self._server
        if server is None:
            self.sim.close()
            return

        def close_all() -> None:
            for channel in list(server._map.values()):
                channel.close()

        server.trigger.pull_trigger(close_all)
        self._thread.join(timeout=10)
        server.task_dispatcher.shutdown()
        self.sim.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--reachsim-tls", action="store_true", help="reachsim_server / reachsim serve HTTPS (CA: server.ca_path)"
    )


@contextlib.contextmanager
def _live(listen: str) -> Iterator[LiveServer]:
    with tempfile.TemporaryDirectory(prefix="reachsim-test-") as workdir:
        server = LiveServer(Path(workdir), listen=listen)
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="session")
def reachsim_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    if not request.config.getoption("reachsim_tls", False):
        with _live("http") as server:
            yield server
        return
    # A whole run over HTTPS: requests-based clients (Kaltura's official one too) trust the CA as a user's would.
    with _live("https") as server, pytest.MonkeyPatch.context() as env:
        env.setenv("REQUESTS_CA_BUNDLE", str(server.ca_path))
        yield server


@pytest.fixture
def reachsim(reachsim_server: LiveServer) -> Iterator[LiveServer]:
    reachsim_server.reset()
    yield reachsim_server
    reachsim_server.check_no_internal_error()


@pytest.fixture(scope="session")
def reachsim_tls_server() -> Iterator[LiveServer]:
    with _live("https") as server:
        yield server


@pytest.fixture
def reachsim_tls(reachsim_tls_server: LiveServer) -> Iterator[LiveServer]:
    reachsim_tls_server.reset()
    yield reachsim_tls_server
    reachsim_tls_server.check_no_internal_error()
