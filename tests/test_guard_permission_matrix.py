"""Guard: the permission matrix. Every action is called with every kind of session a REACH integration meets,
and the answer is SERVICE_FORBIDDEN exactly where simulator/permission_table.py (Kaltura's permission
declarations) says the session's role lacks the action's permissions. The rows a vendor depends on are also
pinned here by hand, so a wrong table cannot pass unnoticed."""

from __future__ import annotations

from typing import Any

import pytest
import requests

import simulator.services  # noqa: F401  (registers every action)
from simulator import ks as kslib
from simulator import permission_table
from simulator.api import SERVICES, Action
from simulator.seeds.demo import demo_secret
from simulator.store import partners

OTHER_PARTNER_ID = 4004
KINDS = (
    "vendor_admin",
    "vendor_user",
    "app_token_admin",
    "app_token_untyped",
    "access_key",
    "customer_admin",
    "customer_user",
    "other_partner_admin",
)
# (service.action, kind) -> allowed: Kaltura's answers for the vendor's own path, from the audit.
PINNED = {
    ("reach_entryvendortask.getjobs", "vendor_admin"): True,
    ("reach_entryvendortask.getjobs", "vendor_user"): False,
    ("reach_entryvendortask.getjobs", "app_token_untyped"): False,
    ("reach_entryvendortask.getjobs", "app_token_admin"): True,
    ("reach_entryvendortask.getjobs", "customer_admin"): False,
    ("reach_entryvendortask.updatejob", "access_key"): False,
    ("reach_entryvendortask.extendaccesskey", "vendor_user"): False,
    ("session.get", "access_key"): False,
    ("reach_reachprofile.get", "access_key"): False,
    ("attachment_attachmentasset.delete", "access_key"): False,
    ("attachment_attachmentasset.add", "access_key"): True,
    ("caption_captionasset.list", "access_key"): True,
    ("caption_captionasset.delete", "access_key"): True,
    ("reach_entryvendortask.update", "access_key"): True,
    ("flavorasset.get", "customer_user"): False,
    ("flavorasset.get", "access_key"): True,
    ("reach_entryvendortask.approve", "customer_user"): False,
}


def all_actions() -> list[Action]:
    # session.end last: it ends the session it is called with.
    found = [a for s in SERVICES.values() for a in s.actions.values()]
    return sorted(found, key=lambda a: (a.label == "session->end", a.label))


def key(action: Action) -> str:
    return f"{action.service.id}.{action.name}".lower()


def test_every_action_is_in_the_table() -> None:
    assert sorted(key(a) for a in all_actions() if key(a) not in permission_table.ACTIONS) == []
    assert sorted(set(permission_table.ACTIONS) - {key(a) for a in all_actions()}) == []


def _start(url: str, secret: str, partner_id: int, session_type: int) -> str:
    answer = requests.post(
        f"{url}/api_v3/service/session/action/start",
        data={"format": 1, "secret": secret, "partnerId": partner_id, "type": session_type},
        timeout=30,
    ).json()
    assert isinstance(answer, str), answer
    return answer


def _app_token_session(url: str, admin_ks: str, partner_id: int, session_type: int | None) -> str:
    fields = {"appToken[objectType]": "KalturaAppToken"}
    if session_type is not None:
        fields["appToken[sessionType]"] = str(session_type)
    api = f"{url}/api_v3/service"
    token = requests.post(f"{api}/apptoken/action/add", data={"format": 1, "ks": admin_ks, **fields}, timeout=30)
    token_doc = token.json()
    widget = requests.post(
        f"{api}/session/action/startWidgetSession", data={"format": 1, "widgetId": f"_{partner_id}"}, timeout=30
    ).json()["ks"]
    started = requests.post(
        f"{api}/apptoken/action/startSession",
        data={
            "format": 1,
            "ks": widget,
            "id": token_doc["id"],
            "tokenHash": kslib.app_token_hash(widget, token_doc["token"]),
        },
        timeout=30,
    ).json()
    return started["ks"]


@pytest.fixture
def sessions(reachsim: Any) -> dict[str, tuple[Any, bool]]:
    """Each kind's KS, with whether its partner is a REACH vendor."""
    seed = reachsim.seed()
    url = reachsim.url
    with reachsim.sim.db.transaction() as conn:
        partners.add(
            conn,
            {
                "id": OTHER_PARTNER_ID,
                "kind": partners.CUSTOMER,
                "name": "another customer",
                "adminSecret": demo_secret(OTHER_PARTNER_ID, "admin"),
                "secret": demo_secret(OTHER_PARTNER_ID, "user"),
            },
        )
    vendor_admin = _start(url, seed["vendorSecret"], seed["vendorPartnerId"], 2)
    return {
        "vendor_admin": (vendor_admin, True),
        "vendor_user": (_start(url, seed["vendorSecret"], seed["vendorPartnerId"], 0), True),
        "app_token_admin": (_app_token_session(url, vendor_admin, seed["vendorPartnerId"], 2), True),
        "app_token_untyped": (_app_token_session(url, vendor_admin, seed["vendorPartnerId"], None), True),
        "access_key": (reachsim.sessions.access_key(reachsim.order_task()), False),
        "customer_admin": (_start(url, seed["adminSecret"], seed["partnerId"], 2), False),
        "customer_user": (_start(url, seed["adminSecret"], seed["partnerId"], 0), False),
        "other_partner_admin": (_start(url, demo_secret(OTHER_PARTNER_ID, "admin"), OTHER_PARTNER_ID, 2), False),
    }


def test_every_action_with_every_session_kind(reachsim: Any, sessions: dict[str, tuple[Any, bool]]) -> None:
    mismatches = []
    for kind in KINDS:
        ks, vendor_partner = sessions[kind]
        info = kslib.parse(ks, _secrets(reachsim))
        for action in all_actions():
            if action.ks == "none":
                continue  # the KS is ignored (session.start, system.*): nothing to permit
            expected = permission_table.permitted(key(action), info, vendor_partner)
            pinned = PINNED.get((key(action), kind))
            assert pinned is None or pinned == expected, f"table disagrees with Kaltura on {key(action)} for {kind}"
            answer = requests.post(
                f"{reachsim.url}/api_v3/service/{action.service.id}/action/{action.name}",
                data={"format": 1, "ks": ks},
                timeout=30,
            ).json()
            forbidden = isinstance(answer, dict) and answer.get("code") == "SERVICE_FORBIDDEN"
            if forbidden == expected:
                mismatches.append((key(action), kind, answer))
    assert mismatches == []
    assert {k for (_a, k) in PINNED} <= set(KINDS)


def _secrets(reachsim: Any) -> list[str]:
    with reachsim.sim.db.transaction() as conn:
        return [s for p in partners.all_partners(conn) for s in partners.admin_secrets(p)]
