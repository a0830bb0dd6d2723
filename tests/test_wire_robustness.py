"""No request, however malformed, gets anything but a Kaltura result or a Kaltura error (never a 5xx or HTML)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.api import SERVICES

NAMES = st.sampled_from([*sorted(SERVICES), "multirequest", "", "nope", "SESSION", "Reach_EntryVendorTask"])
ANY_TEXT = st.text(max_size=40)
PARAM_NAME = st.one_of(
    ANY_TEXT,
    st.sampled_from(
        [
            "ks",
            "format",
            "id",
            "filter[statusEqual]",
            "filter:objectType",
            "pager[pageSize]",
            "entryVendorTask[status]",
            "1[service]",
            "responseProfile[systemName]",
            "x__null",
        ]
    ),
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "text/plain",
        "",
        "multipart/form-data; boundary=zz",
        "application/json; charset=utf-8",
    ]
)


@pytest.fixture(scope="module")
def client(reachsim_app: Any) -> FlaskClient:
    return reachsim_app().test_client()


def assert_kaltura_answer(response: Any, fmt: str) -> None:
    assert response.status_code == 200, response.data[:300]
    if fmt == "1":
        json.loads(response.data)
    else:
        root = ET.fromstring(response.data)
        assert root.find("result") is not None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    service=NAMES,
    action=st.one_of(ANY_TEXT, st.sampled_from(["get", "list", "start", "getJobs", "updateJob", "add", "upload"])),
    params=st.dictionaries(PARAM_NAME, st.one_of(ANY_TEXT, st.integers().map(str)), max_size=6),
    content_type=CONTENT_TYPES,
    raw_body=st.binary(max_size=200),
    use_raw=st.booleans(),
    fmt=st.sampled_from(["1", "2", "", "3", "9"]),
)
def test_arbitrary_requests_get_a_kaltura_answer(
    client: FlaskClient,
    service: str,
    action: str,
    params: dict[str, str],
    content_type: str,
    raw_body: bytes,
    use_raw: bool,
    fmt: str,
) -> None:
    path = f"/api_v3/service/{quote(service or 'x', safe='')}/action/{quote(action or 'x', safe='')}"
    query = {"format": fmt} if fmt else {}
    if use_raw:
        response = client.post(path, query_string=query, data=raw_body, content_type=content_type or None)
    elif content_type == "application/json":
        response = client.post(path, query_string=query, data=json.dumps(params), content_type=content_type)
    else:
        response = client.post(path, query_string=query, data=params)
    if fmt == "9":
        assert response.status_code == 200 and response.data.endswith(b");")
        return
    assert_kaltura_answer(response, "1" if fmt == "1" else "2")
    assert client.application.extensions["reachsim"].errors == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.recursive(
        st.one_of(ANY_TEXT, st.integers(), st.booleans(), st.none()),
        lambda c: st.one_of(st.lists(c, max_size=3), st.dictionaries(ANY_TEXT, c, max_size=3)),
        max_leaves=12,
    )
)
def test_arbitrary_json_bodies_for_every_action(client: FlaskClient, body: Any) -> None:
    for service_id, service in SERVICES.items():
        for action in service.actions.values():
            payload = body if isinstance(body, dict) else {"value": body}
            payload = {**payload, "format": "1"}
            response = client.post(f"/api_v3/service/{service_id}/action/{action.name}", json=payload)
            assert_kaltura_answer(response, "1")
    assert client.application.extensions["reachsim"].errors == []


SEGMENT = st.one_of(
    st.sampled_from(
        [
            "p",
            "sp",
            "1001",
            "100100",
            "playManifest",
            "serveFlavor",
            "entryId",
            "flavorId",
            "flavorIds",
            "format",
            "applehttp",
            "url",
            "ks",
            "name",
            "a.mp4",
            "index.m3u8",
            "seg-1-v1-a1.ts",
            "tracks",
            "v1",
            "a1",
            "v",
            "1",
            "protocol",
            "http",
            "..",
            "%2F",
            "0_abc",
        ]
    ),
    st.text(st.characters(codec="ascii", exclude_characters="/?#"), min_size=1, max_size=8),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(["/p", "/hls/p", "/pd/p", "/packager/p"]), segments=st.lists(SEGMENT, max_size=14))
def test_arbitrary_media_paths_never_fail_the_server(client: FlaskClient, prefix: str, segments: list[str]) -> None:
    response = client.get(prefix + "/" + "/".join(quote(s, safe="%") for s in segments))
    assert response.status_code < 500, response.data[:200]
    assert client.application.extensions["reachsim"].errors == []
