"""appToken add/get/list/update/delete/startSession through Kaltura's official Python client."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import (
    KalturaAppToken,
    KalturaAppTokenFilter,
    KalturaAppTokenHashType,
    KalturaAppTokenStatus,
    KalturaSessionType,
)

from simulator import ks as kslib
from simulator.store import apptokens

LOGOUT_MESSAGE = 'Invalid KS "LOGOUT", Error "-1,INVALID_STR"'
EXPIRED_MESSAGE = 'Invalid KS "EXPIRED", Error "-1,INVALID_STR"'


def admin_client(reachsim: Any, kaltura_client: Any, partner: str = "customer") -> Any:
    seed = reachsim.seed()
    pid, secret = (
        (seed["partnerId"], seed["adminSecret"])
        if partner == "customer"
        else (seed["vendorPartnerId"], seed["vendorSecret"])
    )
    ks = kaltura_client().session.start(secret, "", KalturaSessionType.ADMIN, pid)
    return kaltura_client(ks)


def widget_client(reachsim: Any, kaltura_client: Any, partner_id: int) -> tuple[Any, str]:
    widget_ks = kaltura_client().session.startWidgetSession(f"_{partner_id}").ks
    return kaltura_client(widget_ks), widget_ks


@pytest.mark.parametrize("version", [1, 2])
def test_vendor_logs_in_with_the_seeded_app_token(reachsim, kaltura_client, version):
    seed = reachsim.seed()
    vendor_id = seed["vendorPartnerId"]
    reachsim.backdoor("POST", f"partners/{vendor_id}", json={"ksVersion": version})
    client, widget_ks = widget_client(reachsim, kaltura_client, vendor_id)
    token_hash = hashlib.sha1((widget_ks + seed["appToken"]).encode()).hexdigest()  # the guide's recipe, default SHA1
    now = reachsim.backdoor("GET", "clock")["now"]
    info = client.appToken.startSession(seed["appTokenId"], token_hash)

    assert info.partnerId == vendor_id
    assert info.sessionType.getValue() == KalturaSessionType.ADMIN
    assert info.privileges == f"sessionid:{seed['appTokenId']},apptoken:{seed['appTokenId']}"
    assert now + 86400 - 5 <= info.expiry <= now + 86400 + 1
    parsed = kslib.parse(info.ks, [seed["vendorSecret"]])
    assert (parsed.version, parsed.partner_id, parsed.valid_until) == (version, vendor_id, info.expiry)
    assert parsed.privileges.app_token_id == seed["appTokenId"]
    # The new KS works, and the vendor admin can see its token.
    vendor = kaltura_client(info.ks)
    assert vendor.session.get().privileges == info.privileges
    assert vendor.appToken.get(seed["appTokenId"]).token == seed["appToken"]


def test_added_sha256_token_starts_sessions_with_its_settings(reachsim, kaltura_client):
    seed = reachsim.seed()
    admin = admin_client(reachsim, kaltura_client)
    now = int(reachsim.backdoor("GET", "clock")["now"])
    added = admin.appToken.add(
        KalturaAppToken(
            hashType=KalturaAppTokenHashType.SHA256,
            sessionType=KalturaSessionType.USER,
            sessionUserId="ocr-bot",
            sessionDuration=3600,
            sessionPrivileges="sview:0_abc,list:*",
            expiry=now + 7200,
            description="OCR",
        )
    )
    assert added.partnerId == seed["partnerId"] and added.status.getValue() == KalturaAppTokenStatus.ACTIVE
    assert added.hashType.getValue() == "SHA256" and len(added.token) == 32 and added.id.startswith("0_")
    assert (added.sessionUserId, added.sessionDuration, added.expiry) == ("ocr-bot", 3600, now + 7200)

    client, widget_ks = widget_client(reachsim, kaltura_client, seed["partnerId"])
    with pytest.raises(KalturaException) as caught:  # a SHA1 hash does not prove a SHA256 token
        client.appToken.startSession(added.id, kslib.app_token_hash(widget_ks, added.token, "SHA1"))
    assert (caught.value.code, str(caught.value.message)) == (
        "INVALID_APP_TOKEN_HASH",
        "Invalid application token hash",
    )

    token_hash = hashlib.sha256((widget_ks + added.token).encode()).hexdigest()
    # The token's type and user win over the request's; the request may add a privilege the token lacks, not
    # override one it sets or a reserved one; the expiry is the shortest of request, duration and token expiry.
    info = client.appToken.startSession(
        added.id, token_hash, "someone-else", KalturaSessionType.ADMIN, 999999, "sview:0_other,download:0_abc,setrole:X"
    )
    assert (info.userId, info.sessionType.getValue()) == ("ocr-bot", KalturaSessionType.USER)
    assert info.privileges == f"sessionid:{added.id},apptoken:{added.id},sview:0_abc,list:*,download:0_abc"
    assert now + 3600 - 5 <= info.expiry <= now + 3600 + 5
    assert client.appToken.startSession(added.id, token_hash, expiry=60).expiry <= now + 60 + 5

    # Past the token's own expiry the duration shrinks to what is left, then the token is refused.
    reachsim.advance_clock(7000)
    assert client.appToken.startSession(added.id, token_hash).expiry <= now + 7200
    reachsim.advance_clock(300)
    client, widget_ks = widget_client(reachsim, kaltura_client, seed["partnerId"])
    with pytest.raises(KalturaException) as caught:
        client.appToken.startSession(added.id, kslib.app_token_hash(widget_ks, added.token, "SHA256"))
    assert (caught.value.code, str(caught.value.message)) == (
        "APP_TOKEN_EXPIRED",
        f'Application token id "{added.id}" expired',
    )


def test_app_token_session_expires_on_the_virtual_clock(reachsim, kaltura_client):
    seed = reachsim.seed()
    client, widget_ks = widget_client(reachsim, kaltura_client, seed["vendorPartnerId"])
    info = client.appToken.startSession(
        seed["appTokenId"], kslib.app_token_hash(widget_ks, seed["appToken"]), expiry=120
    )
    vendor = kaltura_client(info.ks)
    assert vendor.session.get().expiry == info.expiry
    reachsim.advance_clock(121)
    with pytest.raises(KalturaException) as caught:
        vendor.session.get()
    assert (caught.value.code, str(caught.value.message)) == ("INVALID_KS", EXPIRED_MESSAGE)


def test_unknown_disabled_and_deleted_tokens(reachsim, kaltura_client):
    seed = reachsim.seed()
    admin = admin_client(reachsim, kaltura_client)
    token = admin.appToken.add(KalturaAppToken(description="to delete"))
    assert token.hashType.getValue() == "SHA1"  # the server's default
    client, widget_ks = widget_client(reachsim, kaltura_client, seed["partnerId"])
    token_hash = kslib.app_token_hash(widget_ks, token.token)
    session_ks = client.appToken.startSession(token.id, token_hash).ks
    assert admin.session.get(session_ks).partnerId == seed["partnerId"]

    with pytest.raises(KalturaException) as caught:
        client.appToken.startSession("0_nosuchid", token_hash)
    assert (caught.value.code, str(caught.value.message)) == (
        "APP_TOKEN_ID_NOT_FOUND",
        'Application token id "0_nosuchid" not found',
    )

    # The API has no way to disable a token (status is read-only), so the store does it here.
    with reachsim.sim.db.transaction() as conn:
        doc = apptokens.get(conn, token.id, seed["partnerId"])
        doc["status"] = apptokens.DISABLED
        apptokens.save(conn, doc)
    with pytest.raises(KalturaException) as caught:
        client.appToken.startSession(token.id, token_hash)
    assert (caught.value.code, str(caught.value.message)) == (
        "APP_TOKEN_NOT_ACTIVE",
        f'Application token id "{token.id}" not active',
    )

    # Deleting a token ends every session started from it (its session id is killed) and hides it.
    admin.appToken.delete(token.id)
    with pytest.raises(KalturaException) as caught:
        kaltura_client(session_ks).session.get()
    assert (caught.value.code, str(caught.value.message)) == ("INVALID_KS", LOGOUT_MESSAGE)
    for call in (lambda: admin.appToken.get(token.id), lambda: client.appToken.startSession(token.id, token_hash)):
        with pytest.raises(KalturaException) as caught:
            call()
        assert caught.value.code == "APP_TOKEN_ID_NOT_FOUND"
    assert token.id not in [t.id for t in admin.appToken.list().objects]


def test_list_and_update(reachsim, kaltura_client):
    admin = admin_client(reachsim, kaltura_client)
    first = admin.appToken.add(KalturaAppToken(description="first"))
    reachsim.advance_clock(10)
    second = admin.appToken.add(KalturaAppToken(description="second", sessionUserId="u2"))
    listed = admin.appToken.list()
    assert listed.totalCount == 2 and [t.id for t in listed.objects] == [first.id, second.id]
    newest_first = admin.appToken.list(KalturaAppTokenFilter(orderBy="-createdAt"))
    assert [t.id for t in newest_first.objects] == [second.id, first.id]
    assert [t.id for t in admin.appToken.list(KalturaAppTokenFilter(sessionUserIdEqual="u2")).objects] == [second.id]
    assert [t.id for t in admin.appToken.list(KalturaAppTokenFilter(idIn=f"{first.id},0_x")).objects] == [first.id]
    updated = admin.appToken.update(first.id, KalturaAppToken(description="renamed", sessionDuration=60))
    assert (updated.description, updated.sessionDuration, updated.token) == ("renamed", 60, first.token)


def test_managing_tokens_needs_an_admin_session(reachsim, kaltura_client):
    seed = reachsim.seed()
    user_ks = kaltura_client().session.start(seed["userSecret"], "viewer", KalturaSessionType.USER, seed["partnerId"])
    user = kaltura_client(user_ks)
    calls = {
        "add": lambda: user.appToken.add(KalturaAppToken()),
        "get": lambda: user.appToken.get(seed["appTokenId"]),
        "list": lambda: user.appToken.list(),
        "delete": lambda: user.appToken.delete(seed["appTokenId"]),
    }
    for action, call in calls.items():
        with pytest.raises(KalturaException) as caught:
            call()
        assert (caught.value.code, str(caught.value.message)) == (
            "SERVICE_FORBIDDEN",
            f"The access to service [apptoken->{action}] is forbidden",
        )
    with pytest.raises(KalturaException) as caught:
        kaltura_client().appToken.list()
    assert caught.value.code == "MISSING_KS"


def test_another_partners_token_is_not_found(reachsim, kaltura_client):
    seed = reachsim.seed()
    customer = admin_client(reachsim, kaltura_client)
    assert customer.appToken.list().totalCount == 0  # the vendor's seeded token is not the customer's
    with pytest.raises(KalturaException) as caught:
        customer.appToken.get(seed["appTokenId"])
    assert caught.value.code == "APP_TOKEN_ID_NOT_FOUND"
    # A widget KS of the customer cannot start a session from the vendor's token, even with a correct hash.
    client, widget_ks = widget_client(reachsim, kaltura_client, seed["partnerId"])
    with pytest.raises(KalturaException) as caught:
        client.appToken.startSession(seed["appTokenId"], kslib.app_token_hash(widget_ks, seed["appToken"]))
    assert caught.value.code == "APP_TOKEN_ID_NOT_FOUND"
