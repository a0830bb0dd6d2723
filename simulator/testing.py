"""A live simulator for tests: the real app under waitress on a loopback port, in a background thread.

Shipped as a pytest plugin (`reachsim` entry point) so vendor projects get the same fixtures:
`reachsim_server` (one per test session) and `reachsim` (the same server, reset to its seed for each test).
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from simulator.config import Config


class LiveServer:
    def __init__(self, workdir: Path, seed: str = "demo", **config: Any) -> None:
        from waitress import create_server

        from simulator.app import create_app

        self.config = Config(
            db_path=workdir / "reachsim.sqlite", data_dir=workdir / "data", seed=seed, port=0, **config
        )
        self.app = create_app(self.config)
        self.sim = self.app.extensions["reachsim"]
        self._server = create_server(self.app, host="127.0.0.1", port=0, threads=8)
        self.port = int(self._server.effective_port)  # type: ignore[union-attr]
        self.config.port = self.port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.run, name="reachsim-live", daemon=True)
        self._thread.start()

    def backdoor(self, method: str, path: str, **kwargs: Any) -> Any:
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
        server: Any = self._server

        def close_all() -> None:
            for channel in list(server._map.values()):
                channel.close()

        server.trigger.pull_trigger(close_all)
        self._thread.join(timeout=10)
        server.task_dispatcher.shutdown()
        self.sim.close()


@pytest.fixture(scope="session")
def reachsim_server() -> Iterator[LiveServer]:
    with tempfile.TemporaryDirectory(prefix="reachsim-test-") as workdir:
        server = LiveServer(Path(workdir))
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def reachsim(reachsim_server: LiveServer) -> Iterator[LiveServer]:
    reachsim_server.reset()
    yield reachsim_server
    reachsim_server.check_no_internal_error()
