"""session.start/get/end/startWidgetSession through Kaltura's official Python client against the live simulator."""

from __future__ import annotations

from typing import Any

import pytest
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaSessionType

from simulator import ks as kslib

EXPIRED_MESSAGE = 'Invalid KS "EXPIRED", Error "-1,INVALID_STR"'
LOGOUT_MESSAGE = 'Invalid KS "LOGOUT", Error "-1,INVALID_STR"'


def set_ks_version(reachsim: Any, partner_id: int, version: int) -> None:
    reachsim.backdoor("POST", f"partners/{partner_id}", json={"ksVersion": version})


def ks_version(ks: str) -> int:
    return 2 if ks.startswith("djJ8") else 1  # base64 of "v2|"


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize(
    ("session_type", "secret_key", "user_id", "privileges"),
    [
        (KalturaSessionType.ADMIN, "adminSecret", "admin@demo", "disableentitlement"),
        (KalturaSessionType.USER, "userSecret", "viewer", "sview:0_abc,edit:0_abc"),
        (KalturaSessionType.USER, "adminSecret", "", None),
    ],
)
def test_start_then_get(reachsim, kaltura_client, version, session_type, secret_key, user_id, privileges):
    seed = reachsim.seed()
    set_ks_version(reachsim, seed["partnerId"], version)
    client = kaltura_client()
    ks = client.session.start(seed[secret_key], user_id, session_type, seed["partnerId"], 3600, privileges)
    assert ks_version(ks) == version
    now = reachsim.backdoor("GET", "clock")["now"]

    client.setKs(ks)
    if session_type == KalturaSessionType.USER:
        # session.get needs SESSION_READ_PERMISSION/KMC_ACCESS, which only the partner admin role carries.
        with pytest.raises(KalturaException) as caught:
            client.session.get()
        assert caught.value.code == "SERVICE_FORBIDDEN"
        admin_ks = client.session.start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"])
        client.setKs(admin_ks)
    info = client.session.get(ks)
    assert info.partnerId == seed["partnerId"]
    assert info.userId == user_id
    assert info.sessionType.getValue() == session_type
    assert info.privileges == (privileges or "")
    assert now + 3600 - 5 <= info.expiry <= now + 3600 + 1
    # The given-session form answers the same, and the KS verifies against the partner's admin secret.
    assert client.session.get(ks).expiry == info.expiry
    assert kslib.parse(ks, [seed["adminSecret"]]).valid_until == info.expiry


def test_v2_partner_issues_privileges_as_the_v2_map_carries_them(reachsim, kaltura_client):
    seed = reachsim.seed()
    client = kaltura_client()
    # generateKsV2 keeps one value per privilege name and drops empty items: the last edit wins.
    ks = client.session.start(
        seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"], 600, "edit:a,,edit:b"
    )
    assert str(kslib.parse(ks, [seed["adminSecret"]]).privileges) == "edit:b"


def test_start_refuses_wrong_secrets(reachsim, kaltura_client):
    seed = reachsim.seed()
    client = kaltura_client()
    cases = [
        (seed["userSecret"], KalturaSessionType.ADMIN, seed["partnerId"]),  # ADMIN needs the admin secret
        ("not-the-secret", KalturaSessionType.USER, seed["partnerId"]),
        (seed["vendorSecret"], KalturaSessionType.ADMIN, seed["partnerId"]),  # another partner's secret
        (seed["adminSecret"], KalturaSessionType.ADMIN, 987654),  # unknown partner
    ]
    for secret, session_type, partner_id in cases:
        with pytest.raises(KalturaException) as caught:
            client.session.start(secret, "", session_type, partner_id)
        assert caught.value.code == "START_SESSION_ERROR"
        assert str(caught.value.message) == f"Error while starting session for partner [{partner_id}]"


def test_start_caps_expiry_at_partner_maximum(reachsim, kaltura_client):
    seed = reachsim.seed()
    reachsim.backdoor("POST", f"partners/{seed['partnerId']}", json={"ksMaxExpiry": 600})
    client = kaltura_client()
    now = reachsim.backdoor("GET", "clock")["now"]
    ks = client.session.start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"], 7 * 86400)
    assert kslib.parse(ks, [seed["adminSecret"]]).valid_until <= now + 600 + 1


@pytest.mark.parametrize("version", [1, 2])
def test_expired_ks_is_refused_with_expired(reachsim, kaltura_client, version):
    seed = reachsim.seed()
    set_ks_version(reachsim, seed["partnerId"], version)
    ks = kaltura_client().session.start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"], 60)
    client = kaltura_client(ks)
    assert client.session.get().partnerId == seed["partnerId"]
    reachsim.advance_clock(61)
    with pytest.raises(KalturaException) as caught:
        client.session.get()
    assert (caught.value.code, str(caught.value.message)) == ("INVALID_KS", EXPIRED_MESSAGE)


@pytest.mark.parametrize("version", [1, 2])
def test_end_kills_only_the_current_session(reachsim, kaltura_client, version):
    seed = reachsim.seed()
    set_ks_version(reachsim, seed["partnerId"], version)
    start = kaltura_client().session.start
    ended = start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"])
    other = start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"])
    client = kaltura_client(ended)
    client.session.end()
    with pytest.raises(KalturaException) as caught:
        client.session.get()
    assert (caught.value.code, str(caught.value.message)) == ("INVALID_KS", LOGOUT_MESSAGE)
    # Re-encoding the killed KS in the other base64 alphabet does not revive it.
    with pytest.raises(KalturaException) as caught:
        kaltura_client(ended.replace("+", "-").replace("/", "_")).session.get()
    assert caught.value.code == "INVALID_KS"
    assert kaltura_client(other).session.get().partnerId == seed["partnerId"]


def test_invalid_ks_sub_reasons(reachsim, kaltura_client):
    seed = reachsim.seed()
    ks = kaltura_client().session.start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"])
    for bad in ("not-a-ks", ks[:-8] + "AAAAAAA="):
        with pytest.raises(KalturaException) as caught:
            kaltura_client(bad).session.get()
        assert (caught.value.code, str(caught.value.message)) == (
            "INVALID_KS",
            f'Invalid KS "{bad}", Error "-1,INVALID_STR"',
        )


def test_get_of_another_partners_session_is_forbidden(reachsim, kaltura_client):
    seed = reachsim.seed()
    start = kaltura_client().session.start
    customer = start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"])
    vendor = start(seed["vendorSecret"], "", KalturaSessionType.ADMIN, seed["vendorPartnerId"])
    with pytest.raises(KalturaException) as caught:
        kaltura_client(vendor).session.get(customer)
    assert caught.value.code == "PARTNER_ACCESS_FORBIDDEN"
    assert (
        str(caught.value.message) == f"Partner [{seed['vendorPartnerId']}] cannot access partner [{seed['partnerId']}]"
    )


@pytest.mark.parametrize("version", [1, 2])
def test_widget_session(reachsim, kaltura_client, version):
    seed = reachsim.seed()
    set_ks_version(reachsim, seed["vendorPartnerId"], version)
    response = kaltura_client().session.startWidgetSession(f"_{seed['vendorPartnerId']}")
    assert (response.partnerId, response.userId) == (seed["vendorPartnerId"], "0")
    assert ks_version(response.ks) == version
    info = kslib.parse(response.ks, [seed["vendorSecret"]])
    assert info.is_widget and str(info.privileges) == kslib.WIDGET_PRIVILEGES and info.type == kslib.KsType.USER
    with pytest.raises(KalturaException) as caught:
        kaltura_client(response.ks).session.get()  # the widget role has no session.get
    assert caught.value.code == "SERVICE_FORBIDDEN"
    admin_ks = kaltura_client().session.start(
        seed["vendorSecret"], "", KalturaSessionType.ADMIN, seed["vendorPartnerId"]
    )
    session = kaltura_client(admin_ks).session.get(response.ks)
    assert (session.sessionType.getValue(), session.privileges) == (0, kslib.WIDGET_PRIVILEGES)


@pytest.mark.parametrize("widget_id", ["_987654", "1001", "_01001", "0_abcdef", ""])
def test_unknown_widget(reachsim, kaltura_client, widget_id):
    with pytest.raises(KalturaException) as caught:
        kaltura_client().session.startWidgetSession(widget_id)
    assert (caught.value.code, str(caught.value.message)) == ("INVALID_WIDGET_ID", f"Unknown widget [{widget_id}]")
