"""The back door: reset, clock, journal paging, partner settings, and its refusal of bad input."""

from __future__ import annotations

from typing import Any

import pytest
import requests

pytestmark = pytest.mark.e2e


def test_reset_clears_objects_files_journal_and_clock(reachsim: Any) -> None:
    seed = reachsim.seed()
    ks = requests.post(
        f"{reachsim.url}/api_v3/service/session/action/start",
        data={"format": "1", "secret": seed["adminSecret"], "partnerId": seed["partnerId"], "type": "2"},
        timeout=30,
    ).json()
    token = requests.post(
        f"{reachsim.url}/api_v3/service/uploadtoken/action/add", data={"format": "1", "ks": ks}, timeout=30
    ).json()
    requests.post(
        f"{reachsim.url}/api_v3/service/uploadtoken/action/upload",
        data={"format": "1", "ks": ks, "uploadTokenId": token["id"]},
        files={"fileData": ("a.txt", b"hello")},
        timeout=30,
    ).raise_for_status()
    uploads_dir = reachsim.config.data_dir / "uploads"
    assert any(uploads_dir.iterdir())
    reachsim.advance_clock(100)
    reachsim.reset()
    assert not uploads_dir.exists() or not any(uploads_dir.iterdir())
    assert reachsim.backdoor("GET", "clock")["offset"] == 0
    assert reachsim.journal() == []
    assert reachsim.seed()["partnerId"] == seed["partnerId"]


def test_journal_paging(reachsim: Any) -> None:
    for _ in range(3):
        requests.get(f"{reachsim.url}/api_v3/service/system/action/ping", timeout=30)
    first = reachsim.backdoor("GET", "journal?since=0&limit=2")
    assert len(first["entries"]) == 2
    rest = reachsim.backdoor("GET", f"journal?since={first['last']}")
    assert [e["seq"] for e in rest["entries"]] == [first["last"] + 1]


@pytest.mark.parametrize(
    ("method", "path", "payload", "status"),
    [
        ("POST", "clock", {"advance": "soon"}, 400),
        ("POST", "clock", [1, 2], 400),
        ("GET", "journal?since=abc", None, 400),
        ("POST", "partners/1001", {"noSuchSetting": True}, 400),
        ("POST", "partners/1001", {"ksVersion": 3}, 400),
        ("POST", "partners/1001", {"hlsEnabled": "yes"}, 400),
        ("GET", "partners/999999", None, 404),
        ("GET", "no-such-endpoint", None, 404),
    ],
)
def test_bad_input_gets_a_json_error_not_a_500(
    reachsim: Any, method: str, path: str, payload: Any, status: int
) -> None:
    response = requests.request(method, f"{reachsim.url}/__sim__/{path}", json=payload, timeout=30)
    assert response.status_code == status
    assert "error" in response.json()
