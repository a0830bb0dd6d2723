"""The portal over HTTP without a browser: sign-in, CSRF refusals, partner isolation of pages, media and downloads,
and every order and cancel landing in the journal with the portal's clientTag."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
from ocr_delivery import api, take

from simulator.portal.requests import CANCEL_REFUSED, ORDER_CONFIRMATION
from simulator.seeds.demo import demo_secret

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


class Portal:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.token = ""

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        answer = self.http.get(self.url + path, timeout=30, **kwargs)
        found = CSRF.search(answer.text)
        if found:
            self.token = found.group(1)
        return answer

    def post(self, path: str, data: dict[str, Any] | None = None, token: bool = True) -> requests.Response:
        headers = {"X-CSRFToken": self.token} if token else {}
        return self.http.post(self.url + path, data=data or {}, headers=headers, timeout=30, allow_redirects=False)

    def sign_in(self, partner_id: int, secret: str) -> requests.Response:
        self.get("/portal/signin")
        return self.post("/portal/signin", {"partnerId": partner_id, "secret": secret})


@pytest.fixture
def portal(reachsim: Any) -> Portal:
    seed = reachsim.seed()
    signed = Portal(reachsim.url)
    assert signed.sign_in(seed["partnerId"], seed["adminSecret"]).status_code == 302
    signed.get("/portal/entries")
    return signed


def test_sign_in_refuses_a_wrong_secret_and_forms_without_a_token(reachsim):
    seed = reachsim.seed()
    visitor = Portal(reachsim.url)
    refused = visitor.sign_in(seed["partnerId"], "wrong")
    assert (
        refused.status_code == 400 and f"Error while starting session for partner [{seed['partnerId']}]" in refused.text
    )
    visitor.get("/portal/signin")
    forged = visitor.post("/portal/signin", {"demo": "1"}, token=False)
    assert forged.status_code == 400 and "did not come from this portal" in forged.text
    assert visitor.get("/portal/entries", allow_redirects=False).headers["Location"].startswith("/portal/signin")


def test_order_and_cancel_need_the_token_and_go_through_the_api(reachsim, portal):
    seed = reachsim.seed()
    entry_id, ocr = seed["entryIds"][0], seed["catalogItemIds"]["ocr"]
    assert portal.post(f"/portal/entries/{entry_id}/order", {"catalogItemId": ocr}, token=False).status_code == 400
    ordered = portal.post(f"/portal/entries/{entry_id}/order", {"catalogItemId": ocr})
    assert ordered.status_code == 200 and ordered.json()["message"] == ORDER_CONFIRMATION
    task_id = ordered.json()["taskId"]
    again = portal.post(f"/portal/entries/{entry_id}/order", {"catalogItemId": ocr})
    assert again.status_code == 400 and again.json()["code"] == "ENTRY_VENDOR_TASK_DUPLICATION"
    assert portal.post(f"/portal/requests/{task_id}/cancel", token=False).status_code == 400
    assert portal.post(f"/portal/requests/{task_id}/cancel").status_code == 200
    rows = portal.get(f"/portal/entries/{entry_id}/requests.json").json()["requests"]
    assert [(str(r["id"]), r["status"]) for r in rows] == [(str(task_id), "Aborted")]
    calls = [(e["service"], e["action"], e["result"]) for e in reachsim.journal() if e.get("client_tag") == "portal"]
    assert ("reach_entryvendortask", "add", "OK") in calls
    assert ("reach_entryvendortask", "add", "ENTRY_VENDOR_TASK_DUPLICATION") in calls
    assert ("reach_entryvendortask", "abort", "OK") in calls
    # The sign-in's secret and the KS the portal keeps are in no journal row.
    journal = json.dumps(reachsim.journal())
    assert seed["adminSecret"] not in journal
    assert not re.search(r"djJ8[A-Za-z0-9_\-]{40,}", journal)


def test_a_request_in_progress_cannot_be_canceled(reachsim, portal):
    seed = reachsim.seed()
    entry_id = seed["entryIds"][1]
    task_id = portal.post(f"/portal/entries/{entry_id}/order", {"catalogItemId": seed["catalogItemIds"]["ocr"]}).json()[
        "taskId"
    ]
    take(reachsim.url, seed, task_id)
    refused = portal.post(f"/portal/requests/{task_id}/cancel")
    assert refused.status_code == 409 and refused.json()["error"] == CANCEL_REFUSED
    rows = portal.get(f"/portal/entries/{entry_id}/requests.json").json()["requests"]
    assert [r["status"] for r in rows] == ["Processing"]


def test_a_failed_request_shows_error_with_the_vendors_description(reachsim, portal):
    seed = reachsim.seed()
    entry_id = seed["entryIds"][2]
    task_id = portal.post(f"/portal/entries/{entry_id}/order", {"catalogItemId": seed["catalogItemIds"]["ocr"]}).json()[
        "taskId"
    ]
    ks, _ = take(reachsim.url, seed, task_id)
    fields = {"entryVendorTask[status]": "6", "entryVendorTask[errDescription]": "media unreadable"}
    api(reachsim.url, "reach_entryVendorTask", "updateJob", ks=ks, id=task_id, **fields)
    [row] = portal.get(f"/portal/entries/{entry_id}/requests.json").json()["requests"]
    assert (row["status"], row["errDescription"], row["cancelable"]) == ("Error", "media unreadable", False)
    assert row["vendorPartnerId"] == seed["vendorPartnerId"] and row["finishTime"]


def test_another_partner_sees_none_of_the_first_ones_entries(reachsim, portal):
    seed = reachsim.seed()
    other = seed["accounts"]["noHls"]
    intruder = Portal(reachsim.url)
    assert intruder.sign_in(other["partnerId"], demo_secret(other["partnerId"], "admin")).status_code == 302
    listing = intruder.get("/portal/entries").text
    assert other["entryId"] in listing
    assert not any(entry_id in listing for entry_id in seed["entryIds"])
    for path in ("", "/requests.json", "/insight.json", "/download/vtt"):
        assert intruder.get(f"/portal/entries/{seed['entryIds'][0]}{path}").status_code == 404, path
    assert seed["entryIds"][0] not in intruder.get("/portal/search", params={"q": "Tiny Slide"}).text
    # The media URLs the first partner's pages carry do not show with the second partner's session either.
    thumbnail = re.compile(r'src="([^"]+/thumbnail/[^"]+/ks/)([^"/]+)"')
    own_media, own_ks = thumbnail.search(portal.get("/portal/entries").text).groups()
    assert requests.get(own_media + own_ks, timeout=30).headers["Content-Type"] == "image/jpeg"
    other_ks = thumbnail.search(listing).group(2)
    assert requests.get(own_media + other_ks, timeout=30).status_code == 404
