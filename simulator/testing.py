"""The pytest plugin (`reachsim` entry point, installed with reachsim): a live simulator for a vendor's tests.

Fixtures (docs/pytest-plugin.md has examples):
- `reachsim` (per test): the session's `simulator.live.LiveServer`, reset to its seed. Its helpers: `.url`,
  `.seed()`, `.sessions.admin()/.vendor()/.access_key(task_id)`, `.order_task()`, `.task()`, `.wait_for_task()`,
  `.advance_clock()`, `.inject_fault()`, `.faults()`, `.journal()`, `.state()`, `.vendor_environment()`, `.api()`,
  `.backdoor()`. At teardown it waits for the test's background jobs and fails the test with any internal error
  the simulator caught.
- `reachsim_server` (session): the one server, started once; not reset.
- `reachsim_seed_data` (per test): `reachsim.seed()`, the seeded ids and secrets.
- `reachsim_vendor_env` (per test): os.environ plus the REACH_* variables pointing a vendor at the server.
- `reachsim_violations` (per test): a callable that judges the journal so far with the REACH rules that need no
  scenario (as `reachsim serve --lint` does) and answers every violation found since the test began.
- `reachsim_seed` / `reachsim_config` (session): the seed name and `LiveServer` keywords; override them in a
  conftest.py, or set them with the options below.
- `reachsim_app` (session): a factory of in-process apps, `reachsim_app(seed="demo", **config)` → a Flask app
  for `app.test_client()` (no port, no thread; not marked e2e); each app's own temporary files, closed at the
  end of the session.

Options, first found wins: command line (`--reachsim-seed`, `--reachsim-host`, `--reachsim-port`), environment
(`REACHSIM_SEED`, `REACHSIM_HOST`, `REACHSIM_PORT`), ini keys (`reachsim_seed`, `reachsim_host`, `reachsim_port`,
`reachsim_job_timeout`) in pytest.ini / pyproject.toml / tox.ini, then the defaults (demo, 127.0.0.1, any free
port, 300 s).

HTTPS: `--reachsim-tls` makes `reachsim_server` / `reachsim` serve HTTPS (`listen="https"`) and sets
`REQUESTS_CA_BUNDLE` to the server's CA for the run, so a vendor's requests-based suite runs unchanged over TLS;
`reachsim_tls_server` (session) / `reachsim_tls` (per test) always serve HTTPS. An HTTPS server's CA is
`server.ca_path` (for `verify=`, `curl --cacert`).

Every test that uses a live fixture is marked `e2e`, so `-m "not e2e"` runs only the tests that need no server.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from simulator.config import Config
from simulator.live import ApiRefused, LiveServer

__all__ = ["ApiRefused", "LiveServer"]

LIVE_FIXTURES = (
    "reachsim",
    "reachsim_server",
    "reachsim_seed_data",
    "reachsim_vendor_env",
    "reachsim_violations",
    "reachsim_tls",
    "reachsim_tls_server",
)
# name: (environment variable, default, help)
SETTINGS = {
    "seed": ("REACHSIM_SEED", "demo", "seed loaded into the simulator's empty database"),
    "host": ("REACHSIM_HOST", "127.0.0.1", "address the simulator binds"),
    "port": ("REACHSIM_PORT", "0", "port the simulator binds (0: any free port)"),
}
LINT_MODULE = "conformance.lint"  # loaded by name, as `serve --lint` does: the simulator never imports a rule
JOB_TIMEOUT_DEFAULT = "300"  # seconds a test's background jobs (ffmpeg ingest) may still run at its teardown


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("reachsim", "reachsim: a live Kaltura REACH simulator")
    for name, (env, default, text) in SETTINGS.items():
        group.addoption(f"--reachsim-{name}", dest=f"reachsim_{name}", help=f"{text} (env {env}, default {default})")
        parser.addini(f"reachsim_{name}", f"{text} (default {default})", default=default)
    job_help = "seconds a test's background jobs may run at its teardown"
    parser.addini("reachsim_job_timeout", job_help, "string", JOB_TIMEOUT_DEFAULT)
    group.addoption(
        "--reachsim-tls", action="store_true", help="reachsim_server / reachsim serve HTTPS (CA: server.ca_path)"
    )


def setting(config: pytest.Config, name: str) -> str:
    """The setting from the command line, else the environment, else the ini file (with its default)."""
    env, _, _ = SETTINGS[name]
    return str(config.getoption(f"reachsim_{name}") or os.environ.get(env) or config.getini(f"reachsim_{name}"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: runs the real server, ffmpeg or OCR (the slow set)")


def pytest_report_header(config: pytest.Config) -> str:
    return f"reachsim: seed={setting(config, 'seed')} host={setting(config, 'host')} port={setting(config, 'port')}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(name in getattr(item, "fixturenames", ()) for name in LIVE_FIXTURES):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def reachsim_seed(pytestconfig: pytest.Config) -> str:
    return setting(pytestconfig, "seed")


@pytest.fixture(scope="session")
def reachsim_config(pytestconfig: pytest.Config) -> dict[str, Any]:
    port = setting(pytestconfig, "port")
    if not port.isdigit() or int(port) > 65535:
        raise pytest.UsageError(f"reachsim port {port!r} is not a TCP port (0-65535)")
    return {"host": setting(pytestconfig, "host"), "port": int(port)}


@pytest.fixture(scope="session")
def reachsim_server(
    request: pytest.FixtureRequest, reachsim_seed: str, reachsim_config: dict[str, Any]
) -> Iterator[LiveServer]:
    if not request.config.getoption("reachsim_tls", False):
        with LiveServer(seed=reachsim_seed, **reachsim_config) as server:
            yield server
        return
    # A whole run over HTTPS: requests-based clients (Kaltura's official one too) trust the CA as a user's would.
    settings = {**reachsim_config, "listen": "https"}
    with LiveServer(seed=reachsim_seed, **settings) as server, pytest.MonkeyPatch.context() as env:
        env.setenv("REQUESTS_CA_BUNDLE", str(server.ca_path))
        yield server


@pytest.fixture(scope="session")
def reachsim_tls_server(reachsim_seed: str, reachsim_config: dict[str, Any]) -> Iterator[LiveServer]:
    # Any free port: a fixed port belongs to reachsim_server, which may run in the same session.
    settings = {**reachsim_config, "listen": "https", "port": 0}
    with LiveServer(seed=reachsim_seed, **settings) as server:
        yield server


@pytest.fixture(scope="session")
def reachsim_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Flask]]:
    from simulator.app import create_app

    made: list[Flask] = []

    def make(seed: str = "demo", **settings: Any) -> Flask:
        workdir = tmp_path_factory.mktemp("reachsim-app")
        app = create_app(Config(db_path=workdir / "reachsim.sqlite", data_dir=workdir / "data", seed=seed, **settings))
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["reachsim"].close()


def _fresh(server: LiveServer, config: pytest.Config) -> Iterator[LiveServer]:
    """The server reset to its seed for one test; at teardown its background jobs are waited for and any internal
    error it caught fails the test."""
    server.reset()
    yield server
    try:
        server.sim.wait_for_jobs(timeout=float(config.getini("reachsim_job_timeout")))
    finally:
        server.check()


@pytest.fixture
def reachsim(reachsim_server: LiveServer, pytestconfig: pytest.Config) -> Iterator[LiveServer]:
    yield from _fresh(reachsim_server, pytestconfig)


@pytest.fixture
def reachsim_tls(reachsim_tls_server: LiveServer, pytestconfig: pytest.Config) -> Iterator[LiveServer]:
    yield from _fresh(reachsim_tls_server, pytestconfig)


@pytest.fixture
def reachsim_seed_data(reachsim: LiveServer) -> dict[str, Any]:
    return reachsim.seed()


@pytest.fixture
def reachsim_vendor_env(reachsim: LiveServer) -> dict[str, str]:
    return {**os.environ, **reachsim.vendor_environment()}


@pytest.fixture
def reachsim_violations(reachsim: LiveServer) -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """`reachsim_violations()`: one pass of the live rules over the journal so far, then every violation recorded
    since the test's reset (rule id, severity, citation, message, evidence seqs)."""
    verify: str | bool = str(reachsim.ca_path) if reachsim.ca_path else True
    follower = importlib.import_module(LINT_MODULE).Follower(
        reachsim.url, token=reachsim.config.backdoor_token, verify=verify
    )

    def violations() -> list[dict[str, Any]]:
        follower.check()
        return reachsim.violations()

    yield violations
    follower.stop()
