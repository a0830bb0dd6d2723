"""`POST /__sim__/scenario` and the clock triggers it registers: the set-up certification scenarios need."""

from __future__ import annotations

from typing import Any

import requests

from simulator import ks as kslib


def api(reachsim: Any, service: str, action: str, **fields: Any) -> Any:
    url = f"{reachsim.url}/api_v3/service/{service}/action/{action}"
    return requests.post(url, data={"format": "1", **fields}, timeout=30).json()


def test_profile_fields_and_a_second_customers_profile(reachsim):
    seed = reachsim.seed()
    no_hls = seed["accounts"]["noHls"]["partnerId"]
    answer = reachsim.backdoor(
        "POST",
        "scenario",
        json={
            "profiles": [
                {"partnerId": seed["partnerId"], "fields": {"flavorParamsIds": "1000001"}},
                {"partnerId": no_hls, "fields": {"enableMetadataExtraction": False}},
            ]
        },
    )
    assert answer["reachProfileIds"][str(seed["partnerId"])] == seed["reachProfileId"]
    new_profile = answer["reachProfileIds"][str(no_hls)]
    admin = api(
        reachsim, "session", "start", secret=seed["accounts"]["noHls"]["adminSecret"], partnerId=no_hls, type="2"
    )
    profile = api(reachsim, "reach_reachprofile", "get", ks=admin, id=new_profile)
    assert profile["partnerId"] == no_hls and profile["enableMetadataExtraction"] is False
    task = api(
        reachsim,
        "reach_entryvendortask",
        "add",
        ks=admin,
        **{
            "entryVendorTask[entryId]": seed["accounts"]["noHls"]["entryId"],
            "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
            "entryVendorTask[reachProfileId]": new_profile,
        },
    )
    assert task["status"] == 1  # the second customer can order: the catalog item is enabled for it


def test_corrupt_entries_serve_bytes_no_decoder_reads(reachsim):
    seed = reachsim.seed()
    entry_id = seed["entryIds"][1]
    assert reachsim.backdoor("POST", "scenario", json={"corruptEntries": [entry_id]})["corrupted"] == [entry_id]
    assert reachsim.backdoor("GET", "state")["entries"][entry_id]["status"] == "2"  # still READY
    admin = api(reachsim, "session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type="2")
    context = api(
        reachsim,
        "baseentry",
        "getPlaybackContext",
        ks=admin,
        entryId=entry_id,
        **{"contextDataParams[objectType]": "KalturaPlaybackContextOptions", "contextDataParams[streamerType]": "http"},
    )
    flavor = context["flavorAssets"][0]
    url = context["sources"][0]["url"].split("/flavorIds/")[0]
    got = requests.get(f"{url}/flavorIds/{flavor['id']}/format/url/protocol/http/ks/{admin}/name/a.mp4", timeout=30)
    assert got.status_code == 200 and got.content.startswith(b"reachsim corrupt media")


def test_a_clock_trigger_fires_inside_the_processing_update(reachsim):
    seed = reachsim.seed()
    admin = api(reachsim, "session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type="2")
    vendor = api(reachsim, "session", "start", secret=seed["vendorSecret"], partnerId=seed["vendorPartnerId"], type="2")
    task = api(
        reachsim,
        "reach_entryvendortask",
        "add",
        ks=admin,
        **{
            "entryVendorTask[entryId]": seed["entryIds"][0],
            "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
            "entryVendorTask[reachProfileId]": seed["reachProfileId"],
        },
    )
    assert "id" in task, task
    jump = kslib.ACCESS_KEY_MIN_LIFETIME + 60
    trigger = {"taskId": int(task["id"]), "status": 3, "advance": jump}
    reachsim.backdoor("POST", "scenario", json={"clockTriggers": [trigger]})
    before = reachsim.backdoor("GET", "clock")["now"]
    api(reachsim, "reach_entryvendortask", "updateJob", ks=vendor, id=task["id"], **{"entryVendorTask[status]": "3"})
    assert reachsim.backdoor("GET", "clock")["now"] >= before + jump
    refused = api(reachsim, "reach_entryvendortask", "get", ks=task["accessKey"], id=task["id"])
    assert refused["code"] == "INVALID_KS"  # the very next access-key call meets the expired key
    fired = reachsim.backdoor("GET", "scenario")["clockTriggers"]
    assert fired["pending"] == [] and fired["fired"][0]["taskId"] == int(task["id"])
    assert before <= fired["fired"][0]["at"] < before + jump


def test_bad_scenario_bodies_are_refused(reachsim):
    bodies = (
        {"profiles": [{"partnerId": "x"}]},
        {"clockTriggers": [{"taskId": 1}]},
        {"corruptEntries": [5]},
        {"tasks": []},
    )
    for body in bodies:
        response = requests.post(f"{reachsim.url}/__sim__/scenario", json=body, timeout=30)
        assert response.status_code == 400 and "error" in response.json()
    response = requests.post(f"{reachsim.url}/__sim__/scenario", json={"profiles": [{"partnerId": 4242}]}, timeout=30)
    assert response.status_code == 404
