"""The calls Kaltura's web player makes on a page of another origin, answered as Kaltura answers them: CORS on the
API and the delivery URLs, a widget session, baseEntry.list with redirectFromEntryId, metadata_metadata.list."""

from __future__ import annotations

from typing import Any

import requests

ORIGIN = "http://customer.example"


def player_multirequest(url: str, partner_id: int, entry_id: str) -> list[Any]:
    """The player's first multirequest: a widget session, then the entry, its playback context and metadata."""
    body = {
        "format": 1,
        "clientTag": "html5:v3.17.95",
        "partnerId": partner_id,
        "1": {"service": "session", "action": "startWidgetSession", "widgetId": f"_{partner_id}"},
        "2": {
            "service": "baseEntry",
            "action": "list",
            "ks": "{1:result:ks}",
            "filter": {"objectType": "KalturaBaseEntryFilter", "redirectFromEntryId": entry_id},
            "responseProfile": {"type": 1, "fields": "id,name,duration,partnerId"},
        },
        "3": {
            "service": "baseEntry",
            "action": "getPlaybackContext",
            "ks": "{1:result:ks}",
            "entryId": "{2:result:objects:0:id}",
            "contextDataParams": {"objectType": "KalturaContextDataParams", "flavorTags": "all"},
        },
        "4": {
            "service": "metadata_metadata",
            "action": "list",
            "ks": "{1:result:ks}",
            "filter": {
                "objectType": "KalturaMetadataFilter",
                "objectIdEqual": entry_id,
                "metadataObjectTypeEqual": "1",
            },
        },
    }
    answer = requests.post(f"{url}/api_v3/service/multirequest", json=body, headers={"Origin": ORIGIN}, timeout=30)
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    return answer.json()


def test_preflight_is_answered_for_the_api_and_delivery_only(reachsim):
    for path in ("/api_v3/service/multirequest", "/p/1001/sp/100100/playManifest/entryId/0_x/a.m3u8"):
        answer = requests.options(
            reachsim.url + path,
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
            timeout=30,
        )
        assert answer.status_code == 200, path
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in answer.headers["Access-Control-Allow-Methods"]
        assert answer.headers["Access-Control-Allow-Headers"] == "content-type"
    for path in ("/portal/signin", "/__sim__/health"):
        answer = requests.get(reachsim.url + path, headers={"Origin": ORIGIN}, timeout=30)
        assert "Access-Control-Allow-Origin" not in answer.headers, path
    assert not [e for e in reachsim.journal() if e.get("kind") == "api"]  # preflights never reach the dispatcher


def test_the_players_calls_find_the_entry_under_a_widget_session(reachsim):
    seed = reachsim.seed()
    entry_id = seed["entryIds"][1]
    session, listed, context, metadata = player_multirequest(reachsim.url, seed["partnerId"], entry_id)
    assert session["objectType"] == "KalturaStartWidgetSessionResponse" and session["userId"] == "0"
    assert listed["totalCount"] == 1 and [e["id"] for e in listed["objects"]] == [entry_id]
    assert {s["format"] for s in context["sources"]} >= {"applehttp", "url"}
    assert metadata == {"objects": [], "totalCount": 0, "objectType": "KalturaMetadataListResponse"}


def test_a_widget_session_never_lists_another_partners_entry(reachsim):
    seed = reachsim.seed()
    other = seed["accounts"]["noHls"]
    _, listed, context, _ = player_multirequest(reachsim.url, other["partnerId"], seed["entryIds"][0])
    assert listed["totalCount"] == 0 and listed["objects"] == []
    assert context["objectType"] == "KalturaAPIException"
