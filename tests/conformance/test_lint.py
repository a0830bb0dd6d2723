"""`--lint`: the journal follower (conformance/lint.py) judges the vendor's requests live and reports each violation
once to `/__sim__/violations`; `reachsim serve --lint` runs it beside the server."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from typing import Any

import pytest
import requests

from conformance.lint import Follower, live_rules
from conformance.rules import catalog

pytestmark = pytest.mark.e2e


def get_jobs(url: str, ks: str, client_tag: str) -> Any:
    return requests.post(
        f"{url}/api_v3/service/reach_entryvendortask/action/getJobs",
        data={"format": "1", "ks": ks, "clientTag": client_tag},
        timeout=30,
    ).json()


def vendor_ks(url: str, seed: dict[str, Any], client_tag: str) -> str:
    return requests.post(
        f"{url}/api_v3/service/session/action/start",
        data={
            "format": "1",
            "secret": seed["vendorSecret"],
            "partnerId": seed["vendorPartnerId"],
            "type": "2",
            "clientTag": client_tag,
        },
        timeout=30,
    ).json()


def test_live_rules_are_catalog_rules_that_need_no_scenario() -> None:
    ids = {r.id for r in live_rules()}
    assert ids <= {r.id for r in catalog()}
    assert "REACH-TAG-001" in ids and "REACH-LIFE-008" not in ids  # LIFE-008 needs the scenario's expectations


def test_follower_reports_a_bad_client_tag_once_with_rule_and_citation(reachsim: Any) -> None:
    follower = Follower(reachsim.url)
    try:
        seed = reachsim.seed()
        tag = f"app:1_{seed['vendorName']}-{seed['vendorPartnerId']}"
        ks = vendor_ks(reachsim.url, seed, tag)
        get_jobs(reachsim.url, ks, tag)
        assert follower.check() == []
        get_jobs(reachsim.url, ks, "my-own-tag")
        reported = {v["ruleId"]: v for v in follower.check()}
        # the wrong tag, and a second getJobs within 5 s while nothing is pending (polling hygiene)
        assert set(reported) == {"REACH-TAG-001", "REACH-POLL-001"}
        found = reported["REACH-TAG-001"]
        assert found["citation"] and found["evidence"] and found["severity"] == "MUST"
        assert follower.check() == []  # nothing new, nothing reported again
        stored = {v["ruleId"]: v for v in reachsim.backdoor("GET", "violations")["violations"]}
        assert set(stored) == set(reported) and stored["REACH-TAG-001"]["evidence"] == found["evidence"]
        reachsim.reset()
        assert reachsim.backdoor("GET", "violations")["violations"] == []
    finally:
        follower.stop()


def test_bad_violation_posts_get_400(reachsim: Any) -> None:
    bad_evidence = {"ruleId": "R", "message": "m", "evidence": ["a"]}
    for payload in ({"violations": "x"}, {"violations": [{"ruleId": 1}]}, {"violations": [bad_evidence]}):
        response = requests.post(f"{reachsim.url}/__sim__/violations", json=payload, timeout=30)
        assert response.status_code == 400 and response.json()["error"]


def test_serve_lint_logs_and_serves_violations() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "serve", "--port", "0", "--lint"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        match = re.search(r"(http://127\.0\.0\.1:\d+)", process.stdout.readline())
        assert match
        url = match.group(1)
        seed = requests.get(f"{url}/__sim__/seed", timeout=30).json()
        get_jobs(url, vendor_ks(url, seed, "untagged"), "untagged")
        deadline = time.monotonic() + 20
        found: list[dict[str, Any]] = []
        while not found and time.monotonic() < deadline:
            time.sleep(0.3)
            answer = requests.get(f"{url}/__sim__/violations", timeout=30).json()
            found = answer["violations"]
        assert answer["lint"] is True
        assert "REACH-TAG-001" in {v["ruleId"] for v in found}
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "lint REACH-TAG-001" in err
