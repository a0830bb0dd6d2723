"""The vendor flow through Kaltura's official Node.js client (npm `kaltura-client`), run unchanged by node.

`./dev` installs node and npm when missing, then the client into `.cache/node`. Without them this test is
skipped with the reason, and fails in CI (tests/missing_setup.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import requests
from missing_setup import missing

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"
SCRIPT = Path(__file__).parent / "node" / "vendor_flow.js"

pytestmark = pytest.mark.e2e


def test_vendor_flow_with_the_official_node_client(reachsim: Any) -> None:
    if shutil.which("node") is None:
        missing("node is not installed")
    if not (NODE_MODULES / "kaltura-client").is_dir():
        missing("kaltura-client is not installed: run ./dev (it runs `npm install --prefix .cache/node …`)")
    seed = reachsim.seed()
    task_id = reachsim.order_task()
    env = {
        **os.environ,
        "NODE_PATH": str(NODE_MODULES),
        "REACHSIM_URL": reachsim.url,
        "VENDOR_SECRET": seed["vendorSecret"],
        "VENDOR_PARTNER_ID": str(seed["vendorPartnerId"]),
    }
    run = subprocess.run(["node", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    outcome = json.loads(run.stdout.strip().splitlines()[-1])
    assert outcome["taskId"] == str(task_id) and outcome["entryId"] == seed["entryIds"][0]
    assert outcome["finalStatus"] == 2 and outcome["outputObjectId"] == outcome["assetId"]
    assert outcome["downloadUrl"].endswith("/flavorParamIds/0")
    admin = reachsim.sessions.admin()
    stored = reachsim.api("reach_entryvendortask", "get", ks=admin, id=task_id)
    assert stored["status"] == 2 and stored["outputObjectId"] == outcome["assetId"]
    url = reachsim.api("attachment_attachmentasset", "getUrl", ks=admin, id=outcome["assetId"])
    assert requests.get(url, timeout=30).text == '{"words": []}'
    reachsim.check()
