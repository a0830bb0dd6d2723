"""The one way to run a simulator (`simulator.live.LiveServer`), `reachsim serve`'s stop on a signal, and the
pytest plugin built on it: overridable fixtures, the error list, session helpers, automatic `e2e` marking."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import requests

from simulator.live import LiveServer

pytest_plugins = ["pytester"]


@pytest.mark.e2e
def test_live_server_is_a_context_manager_that_cleans_up() -> None:
    with LiveServer(seed="none") as server:
        assert requests.get(f"{server.url}/__sim__/health", timeout=30).json()["status"] == "ok"
        workdir = server.config.db_path.parent
        assert workdir.is_dir() and server.errors == []
    assert not workdir.exists(), "the temporary state directory outlived the server"
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.url}/__sim__/health", timeout=5)


@pytest.mark.e2e
def test_a_busy_port_is_an_oserror_and_leaves_nothing_behind() -> None:
    with LiveServer(seed="none") as first:
        second = LiveServer(seed="none", port=first.port)
        with pytest.raises(OSError):
            second.start()
        assert not second.config.db_path.parent.exists()


def test_errors_are_a_list_and_check_raises_the_first(reachsim: Any) -> None:
    reachsim.sim.record_error(ValueError("first"))
    reachsim.sim.record_error(KeyError("second"))
    assert [type(e) for e in reachsim.errors] == [ValueError, KeyError]
    with pytest.raises(AssertionError, match=r"ValueError\('first'\) \(and 1 more\)"):
        reachsim.check()
    assert reachsim.errors == []


def test_tests_using_the_live_server_are_marked_e2e(reachsim: Any, request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("e2e") is not None


def test_tests_without_it_are_not(request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("e2e") is None


def test_session_helpers_give_working_keys(reachsim: Any) -> None:
    seed = reachsim.seed()
    admin = reachsim.sessions.admin()
    task = reachsim.api(
        "reach_entryvendortask",
        "add",
        ks=admin,
        entryVendorTask={
            "objectType": "KalturaEntryVendorTask",
            "entryId": seed["entryIds"][0],
            "catalogItemId": seed["catalogItemIds"]["ocr"],
            "reachProfileId": seed["reachProfileId"],
        },
    )
    key = reachsim.sessions.access_key(task["id"])
    assert key == task["accessKey"]
    entry = reachsim.api("baseentry", "get", ks=key, entryId=seed["entryIds"][0])
    assert entry["id"] == seed["entryIds"][0]
    vendor_tasks = reachsim.api("reach_entryvendortask", "getJobs", ks=reachsim.sessions.vendor())
    assert [t["id"] for t in vendor_tasks["objects"]] == [task["id"]]


@pytest.mark.e2e
def test_plugin_fixtures_can_be_overridden_and_not_e2e_deselects(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def reachsim_seed():
            return "none"

        @pytest.fixture(scope="session")
        def reachsim_config():
            return {"url_allow_list": ["media.example.test"]}
        """
    )
    pytester.makepyfile(
        textwrap.dedent(
            """
            import requests

            def test_live(reachsim):
                assert requests.get(reachsim.url + "/__sim__/health", timeout=30).json()["seed"] == "none"
                assert reachsim.sim.config.url_allow_list == ["media.example.test"]

            def test_fast():
                pass
            """
        )
    )
    assert pytester.runpytest_subprocess().ret == 0
    fast = pytester.runpytest_subprocess("-m", "not e2e")
    fast.assert_outcomes(passed=1, deselected=1)


def serve(tmp_path: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "serve", "--port", "0", "--db", str(tmp_path / "s.sqlite")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    match = re.search(r"(http://127\.0\.0\.1:\d+)", process.stdout.readline())
    assert match
    return process, match.group(1)


@pytest.mark.e2e
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_cleanly_on_a_signal(tmp_path: Path, signum: int) -> None:
    process, url = serve(tmp_path)
    try:
        assert requests.get(f"{url}/__sim__/health", timeout=30).ok
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr, stderr
