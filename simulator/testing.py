"""The pytest plugin (`reachsim` entry point): a live simulator for a vendor project's tests.

Fixtures:
- `reachsim_server` (session): one `simulator.live.LiveServer`, built from the two fixtures below.
- `reachsim` (per test): the same server reset to its seed; at teardown it waits for the test's background jobs
  and fails the test with any internal error the simulator caught (`LiveServer.errors`, raised by `check()`).
- `reachsim_seed` (session): the seed name; default `demo`, or the `REACHSIM_SEED` environment variable.
- `reachsim_config` (session): keyword settings for `LiveServer` (host, port, threads, any `Config` field);
  default from `REACHSIM_HOST` / `REACHSIM_PORT` (127.0.0.1, any free port).

Override either in a `conftest.py`:

    @pytest.fixture(scope="session")
    def reachsim_config():
        return {"url_allow_list": ["media.example.test"]}

Session helpers: `reachsim.sessions.admin()`, `.vendor()`, `.access_key(task_id)` return KS strings obtained
through the API. Every test that uses `reachsim` or `reachsim_server` is marked `e2e`, so `-m "not e2e"` runs
only the tests that need no live server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from simulator.live import LiveServer

__all__ = ["LiveServer"]

JOB_TIMEOUT = 300  # seconds a test's background jobs (ffmpeg ingest) may still run at its teardown
LIVE_FIXTURES = ("reachsim", "reachsim_server")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: runs the real server, ffmpeg or OCR (the slow set)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(name in getattr(item, "fixturenames", ()) for name in LIVE_FIXTURES):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def reachsim_seed() -> str:
    return os.environ.get("REACHSIM_SEED", "demo")


@pytest.fixture(scope="session")
def reachsim_config() -> dict[str, Any]:
    return {"host": os.environ.get("REACHSIM_HOST", "127.0.0.1"), "port": int(os.environ.get("REACHSIM_PORT", "0"))}


@pytest.fixture(scope="session")
def reachsim_server(reachsim_seed: str, reachsim_config: dict[str, Any]) -> Iterator[LiveServer]:
    with LiveServer(seed=reachsim_seed, **reachsim_config) as server:
        yield server


@pytest.fixture
def reachsim(reachsim_server: LiveServer) -> Iterator[LiveServer]:
    reachsim_server.reset()
    yield reachsim_server
    try:
        reachsim_server.sim.wait_for_jobs(timeout=JOB_TIMEOUT)
    finally:
        reachsim_server.check()
