"""The reference vendor against the live simulator: real HTTP, real ffmpeg, real OCR, tiny fixtures.

Tasks are ordered the way customers order them (entryVendorTask.add with the customer's admin session). Changing a
catalog item or a profile has no API here, so `Setup` edits the simulator's store — the one white-box place."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from conformance.scoring import similarity
from vendor import insight
from vendor.client import Client, Credentials, RetryPolicy, TransportError, app_version
from vendor.worker import Options, Runner, Task, Vendor

pytestmark = pytest.mark.e2e

READY, ERROR, PROCESSING = 2, 6, 3
ROOT = Path(__file__).resolve().parents[1]


def api(url: str, service: str, action: str, **params: Any) -> Any:
    answer = requests.post(f"{url}/api_v3/service/{service}/action/{action}", json={**params, "format": 1}, timeout=60)
    result = answer.json()
    assert not (isinstance(result, dict) and result.get("objectType") == "KalturaAPIException"), result
    return result


def admin_ks(url: str, partner_id: int, secret: str) -> str:
    return api(url, "session", "start", secret=secret, partnerId=partner_id, type=2, privileges="disableentitlement")


def order(sim: Any, entry_id: str, item: str = "ocr", partner: tuple[int, str] | None = None, profile=None) -> str:
    """The seeded customer's orders go through the plugin's helper; another partner's are made here."""
    if partner is None:
        return str(sim.order_task(entry_id, item, profile))
    task = {
        "objectType": "KalturaEntryVendorTask",
        "entryId": entry_id,
        "catalogItemId": sim.seed()["catalogItemIds"][item],
        "reachProfileId": profile,
    }
    return api(sim.url, "reach_entryvendortask", "add", ks=admin_ks(sim.url, *partner), entryVendorTask=task)["id"]


def tasks(sim: Any) -> dict[str, dict[str, Any]]:
    return {str(t["id"]): t for t in sim.backdoor("GET", "state")["tasks"]}


def make_vendor(sim: Any, cls: type[Vendor] = Vendor, ocr_mode: str = "fast") -> Vendor:
    seed = sim.seed()
    creds = Credentials(sim.url, seed["vendorPartnerId"], seed["vendorName"], secret=seed["vendorSecret"])
    return cls(Client(creds, retry=RetryPolicy(attempts=2, base=0.05)), ocr_mode=ocr_mode)


def run_once(sim: Any, cls: type[Vendor] = Vendor, workers: int = 1, ocr_mode: str = "fast") -> Runner:
    """The vendor in this process, `--once`; Tesseract alone ("fast") where the text read does not matter."""
    runner = Runner(make_vendor(sim, cls, ocr_mode), Options(workers=workers, once=True))
    assert runner.run() == 0
    return runner


class Setup:
    """Changes with no API in the simulator (catalog items, profiles, a second REACH customer)."""

    def __init__(self, sim: Any) -> None:
        from simulator.store import reach

        self.sim, self.reach = sim, reach

    def catalog_item(self, item_id: int, **changes: Any) -> None:
        with self.sim.sim.db.transaction() as conn:
            doc = self.reach.catalog_item(conn, item_id)
            doc.update(changes)
            self.reach.CATALOG.update(conn, doc)

    def profile(self, profile_id: int, **changes: Any) -> None:
        with self.sim.sim.db.transaction() as conn:
            doc = self.reach.profile(conn, profile_id)
            doc.update(changes)
            self.reach.save_profile(conn, doc)

    def reach_customer(self, partner_id: int) -> int:
        """The partner gets the OCR item and a copy of the demo profile; the new profile's id."""
        seed = self.sim.seed()
        with self.sim.sim.db.transaction() as conn:
            self.reach.enable_for_partner(conn, partner_id, seed["catalogItemIds"]["ocr"])
            base = dict(self.reach.profile(conn, seed["reachProfileId"]))
            base.pop("id")
            return int(self.reach.add_profile(conn, {**base, "partnerId": partner_id})["id"])


def delivered(sim: Any, task: dict[str, Any]) -> dict[str, Any]:
    seed = sim.seed()
    ks = admin_ks(sim.url, seed["partnerId"], seed["adminSecret"])
    url = f"{sim.url}/api_v3/service/attachment_attachmentasset/action/serve"
    answer = requests.get(url, params={"attachmentAssetId": task["outputObjectId"], "ks": ks}, timeout=60)
    answer.raise_for_status()
    return answer.json()


def media_paths(sim: Any) -> list[str]:
    return [e["path"] for e in sim.journal() if e.get("kind") != "api" and e.get("path")]


def test_once_delivers_every_task_ready_with_a_valid_insight(reachsim):
    from fixtures import render

    seed = reachsim.seed()
    ids = [order(reachsim, entry) for entry in seed["entryIds"]]
    since = reachsim.journal()[-1]["seq"]
    run_once(reachsim, ocr_mode="default")
    vendor_calls = [e for e in reachsim.journal(since) if e.get("kind") == "api"]
    state = reachsim.backdoor("GET", "state")
    by_id = {str(t["id"]): t for t in state["tasks"]}
    for task_id, entry_id in zip(ids, seed["entryIds"], strict=True):
        task = by_id[task_id]
        assert task["status"] == READY, task
        assert 0 <= task["accuracy"] <= 100
        doc = delivered(reachsim, task)
        assert insight.validation_errors(doc) == []
        assert doc["taskId"] == task_id and doc["entryId"] == entry_id
        truth = json.loads(render.ensure(seed["entryFixtures"][entry_id]).truth.read_text())
        got = [item["text"] for item in doc["ocr"]]
        for line in truth["lines"]:
            assert max((similarity(line["text"], text) for text in got), default=0) >= 0.7, (line["text"], got)
        assets = state["entries"][entry_id]["assets"]
        assert sorted(a["fileExt"] for a in assets if a.get("filename", "").startswith("ocr-")) == ["json", "vtt"]
        assert state["entries"][entry_id]["multiLingual_tags"][0]["language"] == "EN"
    prefix = f"app:{app_version()}_reachsimocr-2002"
    for call in vendor_calls:
        task = call.get("task_id")
        assert call.get("client_tag") == (f"{prefix}-{task}" if task else prefix), call


def test_the_cli_runs_from_the_reach_environment_variables(reachsim):
    seed = reachsim.seed()
    task_id = order(reachsim, seed["entryIds"][0])
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "REACH_SERVICE_URL": reachsim.url,
        "REACH_VENDOR_PARTNER_ID": str(seed["vendorPartnerId"]),
        "REACH_APP_TOKEN_ID": seed["appTokenId"],
        "REACH_APP_TOKEN": seed["appToken"],
        "REACH_VENDOR_NAME": seed["vendorName"],
    }
    done = subprocess.run(
        [sys.executable, "-m", "simulator.cli", "vendor", "--once", "--ocr-mode", "fast"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert tasks(reachsim)[task_id]["status"] == READY
    step_lines = [line for line in done.stderr.splitlines() if f"task={task_id} " in line and " step=" in line]
    steps = [line.split(" step=", 1)[1].split()[0] for line in step_lines]
    assert steps[:3] == ["fetch", "start", "check"] and steps[-1] == "finish", steps
    entry, partner = seed["entryIds"][0], seed["partnerId"]
    assert all(f"partner={partner} entry={entry} step=" in line for line in step_lines), step_lines
    assert all(" duration=" in line for line in step_lines if " step=media" not in line), step_lines
    assert "\r" not in done.stderr, "no progress display when stderr is not a terminal"
    starts = [e for e in reachsim.journal() if e.get("action") == "startSession"]
    assert starts and starts[0]["service"] == "apptoken"


def test_bad_credentials_exit_2_with_one_line(reachsim):
    seed = reachsim.seed()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "REACH_SERVICE_URL": reachsim.url}
    env.update({"REACH_VENDOR_PARTNER_ID": str(seed["vendorPartnerId"]), "REACH_VENDOR_SECRET": "wrong"})
    done = subprocess.run(
        [sys.executable, "-m", "vendor.cli", "--once"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "START_SESSION_ERROR" in done.stderr


class Junk(Vendor):
    """The download yields bytes no decoder reads."""

    def download(self, task: Task) -> Path:
        out = task.workdir / "video.mp4"
        out.write_bytes(b"\x00not a video\x00" * 64)
        return out


def _error_of(sim: Any, task_id: str) -> str:
    task = tasks(sim)[task_id]
    assert task["status"] == ERROR, task
    assert task["errDescription"]
    return task["errDescription"]


def test_failures_end_in_error_with_a_description(reachsim):
    seed = reachsim.seed()
    setup = Setup(reachsim)
    # An item that is not OCR.
    captions = order(reachsim, seed["entryIds"][0], item="captions")
    run_once(reachsim)
    assert "only does OCR" in _error_of(reachsim, captions)
    # A preferred flavor that is audio only.
    setup.profile(seed["reachProfileId"], flavorParamsIds="1000001")
    audio = order(reachsim, seed["entryIds"][0])
    run_once(reachsim)
    assert "audio only" in _error_of(reachsim, audio)
    setup.profile(seed["reachProfileId"], flavorParamsIds="")
    # Unreadable media.
    junk = order(reachsim, seed["entryIds"][1])
    run_once(reachsim, Junk)
    assert "could not be read" in _error_of(reachsim, junk)
    # A language without an installed OCR pack.
    setup.catalog_item(seed["catalogItemIds"]["ocr"], sourceLanguage="Hebrew")
    hebrew = order(reachsim, seed["entryIds"][2])
    run_once(reachsim)
    assert "unsupported language 'Hebrew'" in _error_of(reachsim, hebrew)


def test_a_video_over_the_items_duration_limit_ends_in_error(reachsim):
    seed = reachsim.seed()
    task_id = order(reachsim, seed["entryIds"][0])
    # The server refuses such an order (FEATURE_TYPE_NOT_SUPPORTED_FOR_ENTRY); the limit shrinks after it.
    Setup(reachsim).catalog_item(seed["catalogItemIds"]["ocr"], maxVideoDuration=1)
    run_once(reachsim)
    assert "limit" in _error_of(reachsim, task_id)
    assert not media_paths(reachsim), "nothing is downloaded for a task refused up front"


def test_a_server_that_keeps_failing_ends_the_task_in_error_after_bounded_retries(reachsim):
    seed = reachsim.seed()
    task_id = order(reachsim, seed["entryIds"][0])
    reachsim.inject_fault(service="baseentry", action="getPlaybackContext", status=503, times=50)
    run_once(reachsim)
    assert "could not be reached after retries" in _error_of(reachsim, task_id)
    [fault] = reachsim.faults()
    assert fault["met"] == 2, "two attempts (the test's RetryPolicy), then ERROR"


class ClockJump(Vendor):
    """Eight virtual days pass once the task is PROCESSING: the access key (7 days) and the vendor KS expire."""

    def start(self, task: Task) -> None:
        super().start(task)
        requests.post(f"{self.client.creds.service_url}/__sim__/clock", json={"advance": 8 * 86400}, timeout=30)


def test_an_access_key_expired_mid_task_is_extended_and_the_task_completes(reachsim):
    seed = reachsim.seed()
    task_id = order(reachsim, seed["entryIds"][0])
    run_once(reachsim, ClockJump)
    assert tasks(reachsim)[task_id]["status"] == READY
    actions = [e.get("action") for e in reachsim.journal() if e.get("kind") == "api"]
    assert "extendAccessKey" in actions
    assert actions.count("start") >= 2, "the vendor session was started again after it expired"


def test_an_account_without_hls_is_served_over_http(reachsim):
    seed = reachsim.seed()
    reachsim.backdoor("POST", f"partners/{seed['partnerId']}", json={"hlsEnabled": False})
    task_id = order(reachsim, seed["entryIds"][0])
    run_once(reachsim)
    assert tasks(reachsim)[task_id]["status"] == READY
    paths = media_paths(reachsim)
    assert paths and all("applehttp" not in p for p in paths)
    assert any("/format/url/" in p for p in paths)


def test_the_profiles_preferred_flavor_is_fetched_alone(reachsim):
    seed = reachsim.seed()
    order(reachsim, seed["entryIds"][0])
    run_once(reachsim)
    context_flavors = _flavors(reachsim, seed["entryIds"][0])
    mobile = next(f["id"] for f in context_flavors if f["flavorParamsId"] == 487041)
    manifests = [p for p in media_paths(reachsim) if "/playManifest/" in p]
    assert manifests and all(f"/flavorIds/{mobile}/" in p for p in manifests)


def test_a_preferred_source_no_player_plays_is_fetched_progressively(reachsim):
    """flavorParamsIds naming the source: it is an asset of the entry (flavorAsset.list) though no playback source
    carries it, so the vendor fetches it as an MP4 rather than give up or take another flavor."""
    seed = reachsim.seed()
    Setup(reachsim).profile(seed["reachProfileId"], flavorParamsIds="0")
    task_id = order(reachsim, seed["entryIds"][0])
    run_once(reachsim)
    assert tasks(reachsim)[task_id]["status"] == READY
    source = next(f["id"] for f in _flavors(reachsim, seed["entryIds"][0]) if f["flavorParamsId"] == 0)
    manifests = [p for p in media_paths(reachsim) if "/playManifest/" in p]
    assert manifests and all(f"/flavorIds/{source}/" in p and "/format/url/" in p for p in manifests)


def test_without_preferred_flavors_the_smallest_readable_one_is_fetched(reachsim):
    """The flavors the playback context offers come first (Kaltura lists those its sources play, so not the
    source): the smallest at least 480 lines tall. When none of them is, the entry's own flavors (flavorAsset.list)
    are asked, and a readable source is fetched progressively rather than a rendition too small to read."""
    seed = reachsim.seed()
    Setup(reachsim).profile(seed["reachProfileId"], flavorParamsIds="")
    entry_id = seed["entryIds"][0]
    task_id = order(reachsim, entry_id)
    run_once(reachsim)
    assert tasks(reachsim)[task_id]["status"] == READY
    ks = admin_ks(reachsim.url, seed["partnerId"], seed["adminSecret"])
    context = reachsim.api(
        "baseentry",
        "getPlaybackContext",
        ks=ks,
        entryId=entry_id,
        contextDataParams={"objectType": "KalturaPlaybackContextOptions", "streamerType": "applehttp"},
    )
    offered = [f for f in context["flavorAssets"] if f.get("height")]
    everything = [f for f in _flavors(reachsim, entry_id) if f.get("height")]
    readable = [f for f in offered if f["height"] >= 480] or [f for f in everything if f["height"] >= 480]
    expected = min(readable, key=lambda f: f["height"]) if readable else max(everything, key=lambda f: f["height"])
    manifests = [p for p in media_paths(reachsim) if "/playManifest/" in p]
    assert manifests and all(f"/flavorIds/{expected['id']}/" in p for p in manifests)
    assert all(f["height"] < 480 for f in offered) and expected["flavorParamsId"] == 0, "the seed's case: the source"
    assert all("/format/url/" in p for p in manifests), "no HLS rendition carries the source"


def _flavors(sim: Any, entry_id: str) -> list[dict[str, Any]]:
    seed = sim.seed()
    ks = admin_ks(sim.url, seed["partnerId"], seed["adminSecret"])
    flt = {"objectType": "KalturaFlavorAssetFilter", "entryIdEqual": entry_id}
    return api(sim.url, "flavorasset", "list", ks=ks, filter=flt)["objects"]


def _ingest_copies(sim: Any, count: int, partner_id: int | None = None) -> list[str]:
    from fixtures import render

    seed = sim.seed()
    video = str(render.ensure(seed["entryFixtures"][seed["entryIds"][0]]).video)
    partner = partner_id or seed["partnerId"]
    return [
        sim.backdoor("POST", "ingest", json={"partnerId": partner, "path": video, "wait": True})["entryId"]
        for _ in range(count)
    ]


def test_four_workers_deliver_sixteen_tasks_exactly_once(reachsim):
    seed = reachsim.seed()
    entries = seed["entryIds"] + _ingest_copies(reachsim, 13)
    ids = [order(reachsim, entry) for entry in entries]
    run_once(reachsim, workers=4)
    by_id = tasks(reachsim)
    assert all(by_id[t]["status"] == READY for t in ids)
    journal = reachsim.journal()
    processing = [e.get("task_id") for e in journal if e.get("action") == "updateJob" and e.get("result") == "OK"]
    assert sorted(processing) == sorted(int(t) for t in ids for _ in range(2))  # PROCESSING, then READY
    state = reachsim.backdoor("GET", "state")
    for entry in entries:
        insights = [a for a in state["entries"][entry]["assets"] if a.get("fileExt") == "json"]
        assert len(insights) == 1


def test_two_customers_with_a_backlog_are_served_alternately(reachsim):
    seed = reachsim.seed()
    other = seed["accounts"]["noHls"]
    profile = Setup(reachsim).reach_customer(other["partnerId"])
    their_entries = [other["entryId"], *_ingest_copies(reachsim, 2, partner_id=other["partnerId"])]
    mine = [order(reachsim, entry) for entry in seed["entryIds"]]
    theirs = [
        order(reachsim, entry, partner=(other["partnerId"], other["adminSecret"]), profile=profile)
        for entry in their_entries
    ]
    run_once(reachsim)
    taken = [
        str(e["task_id"])
        for e in reachsim.journal()
        if e.get("action") == "updateJob" and e.get("task_id") and e.get("result") == "OK"
    ][::2]
    # Every one of mine was ordered before any of theirs, and still they take turns.
    assert taken == [mine[0], theirs[0], mine[1], theirs[1], mine[2], theirs[2]]
    assert all(tasks(reachsim)[t]["status"] == READY for t in mine + theirs)


def test_sigterm_finishes_the_task_in_hand_and_exits_0(reachsim):
    seed = reachsim.seed()
    task_id = order(reachsim, seed["entryIds"][0])
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "REACH_SERVICE_URL": reachsim.url,
        "REACH_VENDOR_PARTNER_ID": str(seed["vendorPartnerId"]),
        "REACH_VENDOR_SECRET": seed["vendorSecret"],
        "REACH_VENDOR_NAME": seed["vendorName"],
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "vendor.cli", "--poll-interval", "0.5", "--ocr-mode", "fast"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while tasks(reachsim)[task_id]["status"] not in (PROCESSING, READY, ERROR) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    try:
        assert proc.wait(timeout=120) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert tasks(reachsim)[task_id]["status"] in (READY, ERROR)


def test_a_shard_takes_only_its_task_ids(reachsim):
    seed = reachsim.seed()
    ids = [order(reachsim, entry) for entry in seed["entryIds"]]
    runner = Runner(make_vendor(reachsim), Options(once=True, shard=(1, 2)))
    assert runner.run() == 0
    by_id = tasks(reachsim)
    for task_id in ids:
        assert by_id[task_id]["status"] == (READY if int(task_id) % 2 == 1 else 1), by_id[task_id]


class CutMidDelivery(Vendor):
    """The connection drops once, right after the insight attachment was delivered."""

    cut = True

    def attach(self, task: Task, existing: dict[Any, dict[str, Any]], filename: str, *args: Any, **kw: Any) -> str:
        asset_id = super().attach(task, existing, filename, *args, **kw)
        if self.cut:
            self.cut = False
            raise TransportError("connection reset mid-delivery")
        return asset_id


def test_a_delivery_cut_midway_is_retried_without_a_second_attachment(reachsim):
    seed = reachsim.seed()
    task_id = order(reachsim, seed["entryIds"][0])
    run_once(reachsim, CutMidDelivery)
    task = tasks(reachsim)[task_id]
    assert task["status"] == READY
    assets = reachsim.backdoor("GET", "state")["entries"][seed["entryIds"][0]]["assets"]
    assert sorted(a["filename"] for a in assets) == [f"ocr-{task_id}.json", f"ocr-{task_id}.vtt"]
    assert task["outputObjectId"] == next(a["id"] for a in assets if a["filename"].endswith(".json"))


RESILIENCE_FAULTS = [
    {"service": "reach_entryvendortask", "action": "getJobs", "status": 503},
    {"service": "reach_entryvendortask", "action": "updateJob", "status": 502, "after": 1},
    {"service": "reach_entryvendortask", "action": "updateJob", "drop": True, "after": 3},
    {"service": "reach_entryvendortask", "action": "get", "drop": True, "after": 1},
    {"service": "baseentry", "action": "getPlaybackContext", "status": 503},
    {"service": "uploadtoken", "action": "upload", "drop": True, "after": 1},
    {"service": "attachment_attachmentasset", "action": "add", "drop": True, "after": 1},
    {"service": "attachment_attachmentasset", "action": "setContent", "status": 500, "after": 2},
    {"service": "serveFlavor", "drop": True},
    {"service": "reach_entryvendortask", "action": "updateJob", "delay": 1.0, "times": 3},
    {"service": "playManifest", "delay": 1.0, "times": 2},
]


@pytest.mark.slow
def test_the_vendor_completes_every_task_through_failures_and_latency_without_duplicates(reachsim):
    """About one API call in ten fails (5xx or a dropped connection, each counted fault met) and some take 1 s
    longer: every task still ends READY with exactly one insight and one WebVTT per entry."""
    seed = reachsim.seed()
    ids = [order(reachsim, entry) for entry in seed["entryIds"]]
    reachsim.backdoor("POST", "faults", json={"faults": RESILIENCE_FAULTS})
    creds = Credentials(reachsim.url, seed["vendorPartnerId"], seed["vendorName"], secret=seed["vendorSecret"])
    runner = Runner(Vendor(Client(creds), ocr_mode="fast"), Options(once=True))
    assert runner.run() == 0
    met = reachsim.backdoor("GET", "faults")["faults"]
    assert [f for f in met if not f["met"]] == [], "a fault never met proves nothing"
    by_id = tasks(reachsim)
    assert [t for t in ids if by_id[t]["status"] != READY] == []
    calls = [e for e in reachsim.journal() if e["kind"] == "api" and e.get("service") != "session"]
    failing = sum(1 for f in met if "status" in f or f.get("drop"))
    print(f"resilience: {failing} failed of {len(calls)} API calls ({failing / len(calls):.0%})")
    assert failing / len(calls) >= 0.05, (failing, len(calls))
    state = reachsim.backdoor("GET", "state")
    for entry in seed["entryIds"]:
        delivered = [a.get("fileExt") for a in state["entries"][entry]["assets"] if a.get("status") == 2]
        assert sorted(delivered) == ["json", "vtt"], delivered
