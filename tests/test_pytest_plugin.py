"""The pytest plugin as a vendor's project uses it: options from the command line, environment and ini file, the
report header, the e2e mark, and the helpers (order a task, wait for it, advance the clock, inject a fault, read the
journal) against a live server."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from simulator.live import ApiRefused, LiveServer

pytest_plugins = ["pytester"]

PENDING = 1

SETTINGS_TEST = """
def test_settings(reachsim_seed, reachsim_config):
    print("SETTINGS", reachsim_seed, reachsim_config)
"""


def _settings(result: pytest.RunResult) -> str:
    return next(line[line.index("SETTINGS") :] for line in result.outlines if "SETTINGS" in line)


def test_ini_keys_set_the_server(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REACHSIM_SEED", "REACHSIM_HOST", "REACHSIM_PORT"):
        monkeypatch.delenv(name, raising=False)
    pytester.makeini("[pytest]\nreachsim_seed = empty\nreachsim_port = 8123\n")
    pytester.makepyfile(SETTINGS_TEST)
    result = pytester.runpytest_subprocess("-s")
    result.assert_outcomes(passed=1)
    assert _settings(result) == "SETTINGS empty {'host': '127.0.0.1', 'port': 8123}"
    result.stdout.fnmatch_lines(["reachsim: seed=empty host=127.0.0.1 port=8123"])


def test_the_command_line_beats_the_environment_which_beats_the_ini(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REACHSIM_SEED", "demo")
    monkeypatch.setenv("REACHSIM_PORT", "8124")
    monkeypatch.delenv("REACHSIM_HOST", raising=False)
    pytester.makeini("[pytest]\nreachsim_seed = empty\nreachsim_port = 8123\n")
    pytester.makepyfile(SETTINGS_TEST)
    result = pytester.runpytest_subprocess("-s", "--reachsim-port", "8125")
    result.assert_outcomes(passed=1)
    assert _settings(result) == "SETTINGS demo {'host': '127.0.0.1', 'port': 8125}"


def test_a_port_that_is_not_one_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SETTINGS_TEST)
    result = pytester.runpytest_subprocess("--reachsim-port", "http")
    assert "reachsim port 'http' is not a TCP port" in result.stdout.str() + result.stderr.str()
    assert result.ret != 0


def test_tests_using_the_server_are_marked_e2e(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_live(reachsim_seed_data):
            pass

        def test_plain():
            pass
        """
    )
    result = pytester.runpytest_subprocess("-m", "not e2e")
    result.assert_outcomes(passed=1, deselected=1)


def test_an_order_is_a_pending_task_of_the_seeded_customer(reachsim: Any, reachsim_seed_data: dict) -> None:
    task_id = reachsim.order_task()
    task = reachsim.task(task_id)
    assert int(task["status"]) == PENDING
    assert task["entryId"] == reachsim_seed_data["entryIds"][0]
    assert int(task["partnerId"]) == reachsim_seed_data["partnerId"]
    orders = [e for e in reachsim.journal() if e.get("action") == "add" and e.get("task_id") == task_id]
    assert orders and orders[0]["result"] == "OK"


def test_a_refused_order_raises_with_the_kaltura_code(reachsim: Any) -> None:
    with pytest.raises(ApiRefused) as refused:
        reachsim.order_task(entry_id="0_nosuch")
    assert refused.value.code == "ENTRY_ID_NOT_FOUND"


def test_wait_for_task_times_out_with_the_status(reachsim: Any) -> None:
    task_id = reachsim.order_task()
    with pytest.raises(TimeoutError, match="still in status 1"):
        reachsim.wait_for_task(task_id, timeout=0.2)


def test_an_injected_fault_answers_and_is_counted(reachsim: Any) -> None:
    fault = reachsim.inject_fault(service="reach_entryvendortask", action="getJobs", status=503, times=1)
    ks = reachsim.sessions.vendor()
    url = f"{reachsim.url}/api_v3/service/reach_entryvendortask/action/getJobs"
    assert requests.post(url, json={"format": 1, "ks": ks}, timeout=30).status_code == 503
    assert requests.post(url, json={"format": 1, "ks": ks}, timeout=30).status_code == 200
    [seen] = [f for f in reachsim.faults() if f["id"] == fault["id"]]
    assert seen["met"] == 1 and seen["remaining"] == 0


def test_the_clock_moves_and_a_reset_clears_it(reachsim: Any) -> None:
    before = reachsim.backdoor("GET", "clock")["now"]
    after = reachsim.advance_clock(3600)["now"]
    assert after - before >= 3600
    reachsim.reset()
    assert reachsim.backdoor("GET", "clock")["offset"] == 0


def test_the_vendor_environment_names_the_seeded_vendor(reachsim_vendor_env: dict, reachsim: Any) -> None:
    seed = reachsim.seed()
    assert reachsim_vendor_env["REACH_SERVICE_URL"] == reachsim.url
    assert reachsim_vendor_env["REACH_VENDOR_PARTNER_ID"] == str(seed["vendorPartnerId"])
    assert reachsim_vendor_env["REACH_VENDOR_SECRET"] == seed["vendorSecret"]


def test_violations_are_what_the_lint_follower_found() -> None:
    from conformance.lint import Follower

    with LiveServer(seed="demo", lint=True) as server:
        assert server.violations() == []
        url = f"{server.url}/api_v3/service/reach_entryvendortask/action/getJobs"
        requests.post(url, json={"format": 1, "ks": server.sessions.vendor()}, timeout=30)  # no clientTag
        Follower(server.url).check()
        assert [v["ruleId"] for v in server.violations()] == ["REACH-TAG-001"]


HTTPS_TEST = """
import requests


def test_over_https(reachsim, reachsim_tls):
    for server in (reachsim, reachsim_tls):
        print("URL", server.url)
        task_id = server.order_task()
        assert int(server.task(task_id)["status"]) == 1
        ping = requests.post(server.url + "/api_v3/service/system/action/ping", data={"format": 1},
                             verify=str(server.ca_path), timeout=30)
        assert ping.json() is True
    # --reachsim-tls: requests-based clients trust the CA without being told.
    assert requests.get(reachsim.url + "/__sim__/health", timeout=30).ok
"""


def test_the_plugin_serves_https_when_asked(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(HTTPS_TEST)
    result = pytester.runpytest_subprocess("-s", "--reachsim-tls")
    result.assert_outcomes(passed=1)
    urls = [found.group(0) for line in result.outlines if (found := re.search(r"(?<=URL )\S+", line))]
    assert len(urls) == 2 and all(url.startswith("https://127.0.0.1:") for url in urls), result.outlines


@pytest.mark.parametrize("run", [1, 2])
def test_the_violations_fixture_judges_this_tests_requests(reachsim: Any, reachsim_violations: Any, run: int) -> None:
    """Each run starts clean (the reset clears what the previous test left) and finds the clientTag missing."""
    assert reachsim_violations() == []
    url = f"{reachsim.url}/api_v3/service/reach_entryvendortask/action/getJobs"
    requests.post(url, json={"format": 1, "ks": reachsim.sessions.vendor()}, timeout=30)  # no clientTag
    found = reachsim_violations()
    assert [v["ruleId"] for v in found] == ["REACH-TAG-001"]
    assert found[0]["evidence"] and found[0]["citation"]
    assert reachsim_violations() == found, "a violation is recorded once"
