"""`elasticsearch_esearch.searchEntry` through Kaltura's official client: insights delivered the way a vendor
delivers them are found exactly, partially, misspelt and reordered; nothing else, and never another partner's."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaSessionType
from KalturaClient.Plugins.ElasticSearch import (
    KalturaESearchEntryOperator,
    KalturaESearchEntryParams,
    KalturaESearchItemType,
    KalturaESearchOperatorType,
    KalturaESearchUnifiedItem,
)
from ocr_delivery import api, deliver_insight

from simulator.seeds.demo import demo_secret
from simulator.services import esearch
from simulator.store import search as index

HORSE = "THE HORSE IN MOTION."
CREDITS = "Eadweard Muybridge"
OTHER_PARTNER_TEXT = "Confidential quarterly forecast"


def insight(entry_id: str, lines: list[tuple[str, float, float]]) -> dict[str, Any]:
    return {
        "schema": "reachsim/ocr/v1",
        "entryId": entry_id,
        "taskId": "0",
        "video": {"duration": 10.0, "width": 320, "height": 240, "fps": 25.0},
        "engine": {"name": "test", "version": "1", "languages": ["eng"]},
        "ocr": [
            {
                "id": n + 1,
                "text": text,
                "confidence": 0.9,
                "language": "en-US",
                "left": 10,
                "top": 20,
                "width": 200,
                "height": 30,
                "angle": 0,
                "instances": [{"start": start, "end": end}],
            }
            for n, (text, start, end) in enumerate(lines)
        ],
    }


@pytest.fixture
def indexed(reachsim: Any, kaltura_client: Any) -> dict[str, Any]:
    """Two of the demo partner's entries with delivered insights, and a text of another partner in the index."""
    seed = reachsim.seed()
    url = reachsim.url
    admin = api(url, "session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type="2")
    texts = {
        seed["entryIds"][0]: [(HORSE, 63.0, 64.0), (CREDITS, 67.0, 69.5)],
        seed["entryIds"][1]: [("Signals and Systems", 1.0, 4.0)],
    }
    for entry_id, lines in texts.items():
        task = api(
            url,
            "reach_entryVendorTask",
            "add",
            ks=admin,
            **{
                "entryVendorTask[objectType]": "KalturaEntryVendorTask",
                "entryVendorTask[entryId]": entry_id,
                "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
                "entryVendorTask[reachProfileId]": seed["reachProfileId"],
            },
        )
        deliver_insight(url, seed, task["id"], insight(entry_id, lines))
    other = seed["accounts"]["noHls"]
    with reachsim.sim.db.transaction() as conn:
        index.replace_asset(
            conn,
            other["partnerId"],
            other["entryId"],
            "0_other",
            insight(other["entryId"], [(OTHER_PARTNER_TEXT, 0, 2)]),
        )
    client = kaltura_client()
    client.setKs(client.session.start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"]))
    return {"seed": seed, "client": client, "make": kaltura_client, "other": other}


def search(client: Any, term: str, item_type: int = KalturaESearchItemType.PARTIAL, highlight: bool = True) -> Any:
    item = KalturaESearchUnifiedItem()
    item.searchTerm = term
    item.itemType = item_type
    item.addHighlight = highlight
    operator = KalturaESearchEntryOperator()
    operator.operator = KalturaESearchOperatorType.AND_OP
    operator.searchItems = [item]
    params = KalturaESearchEntryParams()
    params.searchOperator = operator
    return client.elasticSearch.eSearch.searchEntry(params)


def hits(response: Any) -> list[tuple[str, str, int, int]]:
    return [
        (result.object.id, item.line, item.startsAt, item.endsAt)
        for result in response.objects
        for data in result.itemsData
        for item in data.items
    ]


def test_exact_match_finds_the_line_with_its_times_and_highlight(indexed):
    seed = indexed["seed"]
    response = search(indexed["client"], "horse in motion", KalturaESearchItemType.EXACT_MATCH)
    assert response.totalCount == 1
    result = response.objects[0]
    assert result.object.id == seed["entryIds"][0] and result.object.name
    item = result.itemsData[0].items[0]
    assert (item.line, item.startsAt, item.endsAt, item.label) == (HORSE, 63000, 64000, "OCR")
    assert item.highlight[0].hits[0].value == "THE <em>HORSE</em> <em>IN</em> <em>MOTION</em>."
    assert result.highlight[0].fieldName == "ocr.lines.content"


def test_exact_match_does_not_forgive_a_misspelling(indexed):
    assert search(indexed["client"], "horse in motoin", KalturaESearchItemType.EXACT_MATCH).totalCount == 0


def test_partial_finds_a_fragment_misspellings_and_another_word_order(indexed):
    first = indexed["seed"]["entryIds"][0]
    for term in ("horse", "Muybrige", "motion horse in", "Eadward Muybridge"):
        found = hits(search(indexed["client"], term))
        assert [h[0] for h in found] == [first], term
    assert hits(search(indexed["client"], "horse in motion"))[0][1:] == (HORSE, 63000, 64000)


def found_items(url: str, ks: str, term: str) -> list[dict[str, Any]]:
    """The JSON answer's caption item data."""
    fields = {
        "searchParams[objectType]": "KalturaESearchEntryParams",
        "searchParams[searchOperator][objectType]": "KalturaESearchEntryOperator",
        "searchParams[searchOperator][operator]": "1",
        "searchParams[searchOperator][searchItems][0][objectType]": "KalturaESearchUnifiedItem",
        "searchParams[searchOperator][searchItems][0][searchTerm]": term,
        "searchParams[searchOperator][searchItems][0][itemType]": "2",
    }
    answer = api(url, "elasticsearch_esearch", "searchEntry", ks=ks, **fields)
    return [item for result in answer["objects"] for data in result["itemsData"] for item in data["items"]]


def test_a_looser_query_scores_lower(reachsim, indexed):
    """Twelve Labs' example: "horse moving" finds "horse in motion" with a lower confidence than the words shown.
    The answer carries only the client's properties (the OCR confidence as `accuracy`); the score is the ranking's."""
    ks = indexed["client"].getKs()
    loose = found_items(reachsim.url, ks, "horse moving")[0]
    close = found_items(reachsim.url, ks, "horse in motion")[0]
    assert loose["line"] == close["line"] == HORSE and loose["accuracy"] == 90
    assert not {"score", "confidence"} & (set(loose) | set(close))
    loose_score, close_score = (
        esearch.partial_score("horse moving", HORSE)[0],
        esearch.partial_score("horse in motion", HORSE)[0],
    )
    assert loose_score < close_score == 100
    assert (esearch.confidence(close_score), esearch.confidence(loose_score)) == ("high", "medium")


def test_nothing_found(indexed):
    for term in ("zebra quantum", "xq"):
        response = search(indexed["client"], term)
        assert response.totalCount == 0 and response.objects == []


def test_another_partners_text_is_never_found(indexed):
    assert search(indexed["client"], OTHER_PARTNER_TEXT, KalturaESearchItemType.EXACT_MATCH).totalCount == 0
    assert search(indexed["client"], "quarterly forecast").totalCount == 0
    other = indexed["other"]
    client = indexed["make"]()
    client.setKs(
        client.session.start(demo_secret(other["partnerId"], "admin"), "", KalturaSessionType.ADMIN, other["partnerId"])
    )
    assert [h[0] for h in hits(search(client, "quarterly forecast"))] == [other["entryId"]]
    assert search(client, "horse in motion").totalCount == 0


def test_or_operator_and_an_empty_term(indexed):
    seed = indexed["seed"]
    first, second = KalturaESearchUnifiedItem(), KalturaESearchUnifiedItem()
    first.searchTerm, first.itemType = "horse", KalturaESearchItemType.PARTIAL
    second.searchTerm, second.itemType = "signals", KalturaESearchItemType.PARTIAL
    operator = KalturaESearchEntryOperator()
    operator.operator = KalturaESearchOperatorType.OR_OP
    operator.searchItems = [first, second]
    params = KalturaESearchEntryParams()
    params.searchOperator = operator
    response = indexed["client"].elasticSearch.eSearch.searchEntry(params)
    assert {r.object.id for r in response.objects} == set(seed["entryIds"][:2])
    with pytest.raises(KalturaException) as refused:
        search(indexed["client"], "  ")
    assert refused.value.code == "EMPTY_SEARCH_TERM_NOT_ALLOWED"


def test_a_new_delivery_replaces_the_indexed_text(reachsim, indexed):
    seed = indexed["seed"]
    url = reachsim.url
    admin = api(url, "session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type="2")
    task = api(
        url,
        "reach_entryVendorTask",
        "add",
        ks=admin,
        **{
            "entryVendorTask[objectType]": "KalturaEntryVendorTask",
            "entryVendorTask[entryId]": seed["entryIds"][2],
            "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
            "entryVendorTask[reachProfileId]": seed["reachProfileId"],
        },
    )
    assert search(indexed["client"], "Product launch day").totalCount == 0
    deliver_insight(url, seed, task["id"], insight(seed["entryIds"][2], [("Product launch day", 0.5, 2.0)]))
    assert [h[0] for h in hits(search(indexed["client"], "product lanch"))] == [seed["entryIds"][2]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(term=st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40))
def test_any_term_is_answered_and_exact_hits_contain_it(reachsim, indexed, term):
    """Arbitrary text (FTS5 syntax, quotes, symbols, any script; control characters are refused by the decoder)
    never breaks the query; an exact hit shows it."""
    ks = indexed["client"].getKs()
    for item_type in ("1", "2", "3"):
        fields = {
            "searchParams[objectType]": "KalturaESearchEntryParams",
            "searchParams[searchOperator][objectType]": "KalturaESearchEntryOperator",
            "searchParams[searchOperator][searchItems][0][objectType]": "KalturaESearchUnifiedItem",
            "searchParams[searchOperator][searchItems][0][searchTerm]": term,
            "searchParams[searchOperator][searchItems][0][itemType]": item_type,
        }
        answer = requests.post(
            f"{reachsim.url}/api_v3/service/elasticsearch_esearch/action/searchEntry",
            data={"format": "1", "ks": ks, **fields},
            timeout=30,
        ).json()
        if answer.get("objectType") == "KalturaAPIException":
            assert answer["code"] == "EMPTY_SEARCH_TERM_NOT_ALLOWED" and not term.strip(), answer
            continue
        lines = [i["line"] for r in answer["objects"] for d in r["itemsData"] for i in d["items"]]
        if item_type == "1":
            assert all(term.strip().lower() in line.lower() for line in lines)
    reachsim.check()
