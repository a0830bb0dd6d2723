"""Counted faults through `/__sim__/faults`: matched at the API dispatcher and the media routes, counted, stamped on
the journal, read back; each effect as a client meets it over a real socket."""

from __future__ import annotations

from typing import Any

import pytest
import requests

pytestmark = pytest.mark.e2e


def ping(server: Any) -> requests.Response:
    return requests.get(f"{server.url}/api_v3/service/system/action/ping", params={"format": "1"}, timeout=30)


def faults(server: Any, *docs: dict[str, Any]) -> list[dict[str, Any]]:
    return server.backdoor("POST", "faults", json={"faults": list(docs)})["faults"]


def test_error_fault_lets_after_through_then_acts_times_and_is_read_back(reachsim: Any) -> None:
    [fault] = faults(
        reachsim, {"service": "system", "action": "ping", "error": "INTERNAL_SERVERL_ERROR", "after": 1, "times": 2}
    )
    answers = [ping(reachsim).json() for _ in range(4)]
    assert answers[0] is True and answers[3] is True
    assert [a["code"] for a in answers[1:3]] == ["INTERNAL_SERVERL_ERROR"] * 2
    [read] = reachsim.backdoor("GET", "faults")["faults"]
    assert (read["id"], read["seen"], read["met"], read["remaining"]) == (fault["id"], 3, 2, 0)
    stamped = [e for e in reachsim.journal() if (e.get("extra") or {}).get("fault")]
    assert [e["seq"] for e in stamped] == read["metAt"]
    assert all(e["result"] == "INTERNAL_SERVERL_ERROR" and e["extra"]["fault"]["effect"] == "error" for e in stamped)


def test_error_fault_fills_the_message_from_args(reachsim: Any) -> None:
    faults(reachsim, {"service": "system", "action": "ping", "error": "INVALID_KS", "args": ["x", "-5", "EXPIRED"]})
    answer = ping(reachsim).json()
    assert answer["code"] == "INVALID_KS" and answer["message"] == 'Invalid KS "x", Error "-5,EXPIRED"'


def test_status_fault_answers_like_a_load_balancer_and_skips_the_handler(reachsim: Any) -> None:
    faults(reachsim, {"service": "system", "action": "ping", "status": 503})
    response = ping(reachsim)
    assert response.status_code == 503
    assert ping(reachsim).json() is True
    first = reachsim.journal()[0]
    assert (first["result"], first["http_status"], first["extra"]["fault"]["effect"]) == ("HTTP_503", 503, "status")


def test_drop_fault_runs_the_handler_and_loses_the_answer(reachsim: Any) -> None:
    faults(reachsim, {"service": "system", "action": "ping", "drop": True})
    with pytest.raises(requests.exceptions.ChunkedEncodingError):  # headers came, then the connection closed
        ping(reachsim)
    assert ping(reachsim).json() is True
    first = reachsim.journal()[0]
    assert first["result"] == "OK" and first["extra"]["fault"]["effect"] == "drop"


def test_delay_fault_slows_the_answer(reachsim: Any) -> None:
    faults(reachsim, {"service": "system", "action": "ping", "delay": 0.4})
    assert ping(reachsim).elapsed.total_seconds() >= 0.4
    assert ping(reachsim).json() is True
    assert reachsim.backdoor("GET", "faults")["faults"][0]["met"] == 1


def test_faults_inside_a_multirequest_act_only_as_errors(reachsim: Any) -> None:
    faults(
        reachsim,
        {"service": "system", "action": "ping", "status": 503},
        {"service": "system", "action": "ping", "error": "SERVICE_FORBIDDEN", "args": ["system->ping"]},
    )
    answer = requests.post(
        f"{reachsim.url}/api_v3/service/multirequest",
        json={"format": 1, "1": {"service": "system", "action": "ping"}, "2": {"service": "system", "action": "ping"}},
        timeout=30,
    ).json()
    assert answer[0]["code"] == "SERVICE_FORBIDDEN" and answer[1] is True
    status_fault, error_fault = reachsim.backdoor("GET", "faults")["faults"]
    assert (status_fault["met"], error_fault["met"]) == (0, 1)


def _mp4_url(reachsim: Any) -> str:
    seed = reachsim.seed()
    ks = reachsim.sessions.admin()
    context = reachsim.api(
        "baseentry",
        "getPlaybackContext",
        ks=ks,
        entryId=seed["entryIds"][0],
        contextDataParams={"objectType": "KalturaPlaybackContextOptions", "streamerType": "http"},
    )
    return next(s["url"] for s in context["sources"] if s["format"] == "url")


def test_media_truncate_declares_the_full_length_and_closes_short(reachsim: Any) -> None:
    url = _mp4_url(reachsim)
    whole = requests.get(url, timeout=30)
    assert whole.status_code == 200
    faults(reachsim, {"path": "/serveFlavor/", "truncate": 0.25})
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(url, timeout=30)
    [read] = reachsim.backdoor("GET", "faults")["faults"]
    assert read["met"] == 1
    entry = next(e for e in reachsim.journal() if e["seq"] == read["metAt"][0])
    assert entry["kind"] == "media" and entry["extra"]["fault"]["effect"] == "truncate"
    assert requests.get(url, timeout=30).content == whole.content


def test_media_status_fault(reachsim: Any) -> None:
    url = _mp4_url(reachsim)
    faults(reachsim, {"service": "serveFlavor", "status": 502})
    assert requests.get(url, timeout=30).status_code == 502  # playManifest redirects to serveFlavor
    entry = next(e for e in reachsim.journal() if (e.get("extra") or {}).get("fault"))
    assert (entry["result"], entry["http_status"]) == ("HTTP_502", 502)


def test_reset_clears_faults(reachsim: Any) -> None:
    faults(reachsim, {"service": "system", "status": 500, "times": 5})
    reachsim.reset()
    assert reachsim.backdoor("GET", "faults")["faults"] == []
    assert ping(reachsim).json() is True


def test_delete_clears_faults(reachsim: Any) -> None:
    faults(reachsim, {"service": "system", "status": 500})
    assert reachsim.backdoor("DELETE", "faults") == {"faults": []}
    assert ping(reachsim).json() is True


@pytest.mark.parametrize(
    "doc",
    [
        {"status": 503},
        {"service": "system"},
        {"service": "system", "status": 200},
        {"service": "system", "status": 503, "drop": True},
        {"service": "system", "error": "NO_SUCH_CODE"},
        {"path": "/seg-", "error": "INTERNAL_SERVERL_ERROR"},
        {"path": "/seg-", "action": "ping", "drop": True},
        {"service": "system", "delay": 600},
        {"service": "system", "status": 503, "times": 0},
        {"service": "system", "truncate": 1.5},
        {"service": "system", "status": 503, "sometimes": True},
        {"service": "system", "error": "INVALID_KS", "args": [{"a": 1}]},
        {"service": "system", "status": 503, "every": 0},
        {"service": "*", "path": "/serveFlavor/", "drop": True},
    ],
)
def test_bad_fault_gets_400_and_registers_nothing(reachsim: Any, doc: dict[str, Any]) -> None:
    response = requests.post(
        f"{reachsim.url}/__sim__/faults", json={"faults": [{"service": "system", "status": 503}, doc]}, timeout=30
    )
    assert response.status_code == 400 and response.json()["error"]
    assert reachsim.backdoor("GET", "faults")["faults"] == []


def test_every_acts_on_each_nth_call_of_any_service_and_lets_the_rest_through(reachsim: Any) -> None:
    [fault] = faults(reachsim, {"service": "*", "status": 503, "every": 3, "times": 2})
    statuses = [ping(reachsim).status_code for _ in range(8)]
    assert statuses == [200, 200, 503, 200, 200, 503, 200, 200]
    [read] = reachsim.backdoor("GET", "faults")["faults"]
    assert (read["id"], read["seen"], read["met"], read["every"]) == (fault["id"], 6, 2, 3)


def test_the_calls_an_every_fault_lets_through_reach_younger_faults(reachsim: Any) -> None:
    faults(
        reachsim,
        {"service": "*", "status": 503, "every": 2, "times": 100},
        {"service": "system", "action": "ping", "error": "SERVICE_FORBIDDEN", "args": ["system->ping"], "times": 100},
    )
    answers = [ping(reachsim) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 503, 200, 503]
    assert [answers[0].json()["code"], answers[2].json()["code"]] == ["SERVICE_FORBIDDEN"] * 2
