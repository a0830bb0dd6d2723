"""The verified-KS cache (simulator/runtime.py) saves a repeated KS its decoding and signature check, never a
check: a KS served from it is refused as soon as its partner's secret changes, its session is ended, it expires,
or its partner is gone, exactly as a KS seen for the first time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from simulator import ks as kslib
from simulator import runtime
from simulator.store import partners


class Api:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.client = app.test_client()
        self.sim = app.extensions["reachsim"]
        self.seed = self.client.get("/__sim__/seed").json

    def call(self, service: str, action: str, **fields: Any) -> Any:
        return self.client.post(f"/api_v3/service/{service}/action/{action}", data={"format": 1, **fields}).json

    def admin_ks(self) -> str:
        return self.call("session", "start", secret=self.seed["adminSecret"], partnerId=self.seed["partnerId"], type=2)

    def list_entries(self, ks: str) -> Any:
        return self.call("baseentry", "list", ks=ks)

    def change_partner(self, change: Callable[[dict[str, Any]], None]) -> None:
        with self.sim.db.transaction() as conn:
            partner = partners.get(conn, self.seed["partnerId"])
            assert partner is not None
            change(partner)
            partners.save(conn, partner)


@pytest.fixture(scope="module")
def shared_api(reachsim_app: Callable[..., Any]) -> Api:
    return Api(reachsim_app())


@pytest.fixture
def api(shared_api: Api) -> Iterator[Api]:
    """One app for the module (building one takes seconds); each test leaves its partner and clock as found."""
    with shared_api.sim.db.transaction() as conn:
        partner = partners.get(conn, shared_api.seed["partnerId"])
    assert partner is not None
    yield shared_api
    with shared_api.sim.db.transaction() as conn:
        partners.TABLE.delete(conn, partner["id"])
        partners.TABLE.insert(conn, partner)
    shared_api.sim.clock.reset()


def _refused(answer: Any, reason: kslib.KsReason | None = None) -> bool:
    if not (isinstance(answer, dict) and answer.get("code") == "INVALID_KS"):
        return False
    return reason is None or reason.name in answer["message"]


def test_a_repeated_ks_is_served_from_the_cache(api: Api) -> None:
    ks = api.admin_ks()
    assert api.list_entries(ks)["totalCount"] > 0
    assert ks in runtime._VERIFIED
    assert api.list_entries(ks)["totalCount"] > 0


def test_a_changed_partner_secret_refuses_a_cached_ks(api: Api) -> None:
    ks = api.admin_ks()
    assert api.list_entries(ks)["totalCount"] > 0
    api.change_partner(lambda p: p.update(adminSecret="a-new-secret"))
    assert _refused(api.list_entries(ks))
    api.change_partner(lambda p: p.update(adminSecret=api.seed["adminSecret"]))
    assert api.list_entries(ks)["totalCount"] > 0
    api.change_partner(lambda p: p.update(adminSecret=f"a-new-secret,{api.seed['adminSecret']}"))
    assert api.list_entries(ks)["totalCount"] > 0, "a KS signed with any of the partner's secrets stays valid"


def test_an_ended_session_is_refused_though_cached(api: Api) -> None:
    ks = api.admin_ks()
    assert api.list_entries(ks)["totalCount"] > 0
    assert api.call("session", "end", ks=ks) is None
    assert _refused(api.list_entries(ks), kslib.KsReason.LOGOUT)


def test_an_expired_ks_is_refused_though_cached(api: Api) -> None:
    ks = api.call(
        "session", "start", secret=api.seed["adminSecret"], partnerId=api.seed["partnerId"], type=2, expiry=60
    )
    assert api.list_entries(ks)["totalCount"] > 0
    api.sim.clock.advance(61)
    assert _refused(api.list_entries(ks), kslib.KsReason.EXPIRED)


def test_a_removed_partner_refuses_a_cached_ks(api: Api) -> None:
    ks = api.admin_ks()
    assert api.list_entries(ks)["totalCount"] > 0
    with api.sim.db.transaction() as conn:
        partners.TABLE.delete(conn, api.seed["partnerId"])
    assert _refused(api.list_entries(ks))


def test_the_cache_is_bounded_and_holds_only_verified_strings(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "_VERIFIED", {})
    monkeypatch.setattr(runtime, "_VERIFIED_MAX", 3)
    expires_at = int(api.sim.clock.now()) + 60
    forged = kslib.issue_v2(api.seed["partnerId"], "not-the-secret", ks_type=2, expires_at=expires_at)
    assert _refused(api.list_entries(forged))
    assert runtime._VERIFIED == {}
    keys = [api.admin_ks() for _ in range(5)]
    for ks in keys:
        assert api.list_entries(ks)["totalCount"] > 0
    assert list(runtime._VERIFIED) == keys[-3:]
