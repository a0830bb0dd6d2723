"""Kaltura's official Python client against the live simulator: errors, XML parsing and multirequest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests
from KalturaClient.Base import KalturaParams
from KalturaClient.exceptions import KalturaException

pytestmark = pytest.mark.e2e


def test_unknown_action_raises_kaltura_exception(kaltura_client: Callable[..., Any]) -> None:
    client = kaltura_client()
    with pytest.raises(KalturaException) as caught:
        client.queueServiceActionCall("session", "noSuchAction", "KalturaSessionInfo", KalturaParams())
        client.doQueue()
    assert caught.value.code == "ACTION_DOES_NOT_EXISTS"
    assert caught.value.message == 'Action "noSuchAction" does not exists for service "session"'


def test_unknown_service_raises_kaltura_exception(kaltura_client: Callable[..., Any]) -> None:
    client = kaltura_client()
    with pytest.raises(KalturaException) as caught:
        client.queueServiceActionCall("nosuchservice", "get", None, KalturaParams())
        client.doQueue()
    assert caught.value.code == "SERVICE_DOES_NOT_EXISTS"


def test_multirequest_returns_results_and_errors_in_order(reachsim: Any, kaltura_client: Callable[..., Any]) -> None:
    seed = reachsim.seed()
    client = kaltura_client()
    client.startMultiRequest()
    client.session.start(seed["adminSecret"], "", 2, seed["partnerId"])
    client.system.ping()
    client.session.start("wrong-secret", "", 2, seed["partnerId"])
    results = client.doMultiRequest()
    assert isinstance(results[0], str) and results[0].startswith("djJ8")
    assert results[1] == "1", "the client cannot type a multirequest scalar: it hands back the XML text"
    assert isinstance(results[2], KalturaException) and results[2].code == "START_SESSION_ERROR"


def test_multirequest_result_references(reachsim: Any) -> None:
    seed = reachsim.seed()
    body = {
        "format": "1",
        "1": {
            "service": "session",
            "action": "start",
            "secret": seed["adminSecret"],
            "type": "2",
            "partnerId": str(seed["partnerId"]),
        },
        "2": {"service": "system", "action": "ping", "ks": "{1:result}"},
        "3": {"service": "session", "action": "start", "secret": "bad", "partnerId": str(seed["partnerId"])},
        "4": {"service": "system", "action": "ping", "ks": "{3:result}"},
    }
    answer = requests.post(f"{reachsim.url}/api_v3/service/multirequest", json=body, timeout=30).json()
    assert answer[1] is True
    assert answer[2]["code"] == "START_SESSION_ERROR"
    assert answer[3]["code"] == "START_SESSION_ERROR", "a failed reference fails the dependent request"


def test_get_and_path_pairs_and_json_format(reachsim: Any) -> None:
    answer = requests.get(f"{reachsim.url}/api_v3/service/system/action/ping/format/1", timeout=30)
    assert answer.status_code == 200 and answer.json() is True
    xml = requests.get(f"{reachsim.url}/api_v3/service/SYSTEM/action/PING", timeout=30)
    assert xml.headers["Content-Type"].startswith("text/xml") and b"<result>1</result>" in xml.content


def test_requests_are_journalled(reachsim: Any) -> None:
    requests.post(
        f"{reachsim.url}/api_v3/service/system/action/ping", data={"clientTag": "app:1.0_acme-2002"}, timeout=30
    )
    entries = reachsim.journal()
    assert entries[-1]["service"] == "system" and entries[-1]["action"] == "ping"
    assert entries[-1]["client_tag"] == "app:1.0_acme-2002" and entries[-1]["result"] == "OK"
