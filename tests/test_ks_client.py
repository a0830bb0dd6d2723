"""simulator.ks against the KS makers of Kaltura's official Python client (KalturaApiClient).

The client has no KS decoder of its own, so compatibility is checked one way: what it makes, we parse; and with
its clock and randomness pinned, its v2 bytes equal ours.
"""

from __future__ import annotations

import base64
import importlib.util

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import ks

client_module = pytest.importorskip("KalturaClient.Client")
KalturaClient = client_module.KalturaClient

SECRET, PARTNER = "0123456789abcdef0123456789abcdef", 2002
NOW = 1_700_000_000


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module.time, "time", lambda: NOW + 0.25)


def to_str(generated: bytes | str) -> str:
    return generated.decode("ascii") if isinstance(generated, bytes) else generated


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize(
    ("user_id", "ks_type", "privileges"),
    [("", 2, "disableentitlement"), ("vendor@acme", 0, "edit:0_a/0_b,sview:*"), ("ünï", 2, "*"), ("", 0, "")],
)
def test_client_v1_session_parses(user_id, ks_type, privileges):
    generated = to_str(KalturaClient.generateSession(SECRET, user_id, ks_type, PARTNER, 3600, privileges))
    info = ks.parse(generated, [SECRET])
    assert (info.version, info.partner_id, info.valid_until, info.type) == (1, PARTNER, NOW + 3600, ks_type)
    assert (info.user_id, str(info.privileges)) == (user_id, privileges)
    assert (info.master_partner_id, info.additional_data) == (None, None)  # the client writes only 7 fields
    # The server-side alphabet swap is accepted for client KSs too.
    assert ks.parse(generated.replace("+", "-").replace("/", "_"), [SECRET]).fingerprint == info.fingerprint


# generateSessionV2 imports Crypto.Cipher.AES (pycryptodome, in the test extras); without it only v1 is checked.
needs_pycryptodome = pytest.mark.skipif(importlib.util.find_spec("Crypto") is None, reason="pycryptodome missing")


@needs_pycryptodome
@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize(
    ("user_id", "ks_type", "privileges"),
    [
        ("", 0, ks.access_key_privileges("0_abcd1234", moderated=True)),
        ("vendor@acme", 2, "disableentitlement,setrole:X"),
        ("ünï ~x", 2, "*"),
        ("", 0, ""),
    ],
)
def test_client_v2_session_parses(user_id, ks_type, privileges):
    generated = to_str(KalturaClient.generateSessionV2(SECRET, user_id, ks_type, PARTNER, 3600, privileges))
    info = ks.parse(generated, ["other", SECRET])
    assert (info.version, info.partner_id, info.valid_until, info.type) == (2, PARTNER, NOW + 3600, ks_type)
    assert (info.user_id, str(info.privileges)) == (user_id, privileges)


@needs_pycryptodome
@settings(max_examples=50, deadline=None)
@given(
    rand=st.binary(min_size=16, max_size=16),
    user_id=st.text(st.characters(exclude_characters="~", exclude_categories=("Cs",)), max_size=20),
    ks_type=st.sampled_from([0, 2]),
    privileges=st.sampled_from(["", "*", "disableentitlement", "edit:0_a/0_b,sview:0_a,list", "setrole:R,download:x"]),
)
def test_client_v2_bytes_equal_ours(rand, user_id, ks_type, privileges):
    # With its clock and randomness pinned, the client's v2 KS is byte for byte ours. ("~" is left out: PHP's
    # urlencode, which we follow, writes %7E where Python's leaves "~"; both read back the same.)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(client_module.time, "time", lambda: float(NOW))
        patch.setattr(client_module.Random, "get_random_bytes", lambda _size: rand)
        generated = to_str(KalturaClient.generateSessionV2(SECRET, user_id, ks_type, PARTNER, 60, privileges))
    ours = ks.issue_v2(
        PARTNER, SECRET, ks_type=ks_type, user_id=user_id, privileges=privileges, expires_at=NOW + 60, rand=rand
    )
    assert generated == ours
    assert base64.urlsafe_b64decode(ours).startswith(b"v2|2002|")
