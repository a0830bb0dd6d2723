"""KS forgery matrix: every way of making or replaying a KS the server did not issue for this use, in one table,
each refused with INVALID_KS and the server's own KSID slot (the KS itself when it cannot be verified, the
sub-reason's name when a genuine KS is expired or killed)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from simulator import ks as kslib

V1_PRIVILEGES = 6  # payload fields: partner;partner;expiry;type;rand;user;privileges;master;additional


@dataclass
class Keys:
    reachsim: Any
    seed: dict[str, Any]
    now: int

    def v1(self, **kw: Any) -> str:
        kw.setdefault("expires_at", self.now + 3600)
        return kslib.issue_v1(self.seed["partnerId"], kw.pop("secret", self.seed["adminSecret"]), ks_type=2, **kw)

    def v2(self, **kw: Any) -> str:
        kw.setdefault("expires_at", self.now + 3600)
        return kslib.issue_v2(self.seed["partnerId"], kw.pop("secret", self.seed["adminSecret"]), ks_type=2, **kw)


def _v1_parts(ks: str) -> tuple[bytes, list[bytes]]:
    signature, payload = base64.b64decode(ks).split(b"|", 1)
    return signature, payload.split(b";")


def _v1_join(signature: bytes, fields: list[bytes]) -> str:
    return base64.b64encode(signature + b"|" + b";".join(fields)).decode()


def v1_wrong_signature(k: Keys) -> str:
    signature, fields = _v1_parts(k.v1())
    return _v1_join(signature[:-1] + (b"0" if signature[-1:] != b"0" else b"1"), fields)


def v2_wrong_signature(k: Keys) -> str:
    raw = bytearray(base64.urlsafe_b64decode(k.v2()))
    raw[-1] ^= 0x01
    return base64.urlsafe_b64encode(bytes(raw)).decode()


def v1_tampered_privileges(k: Keys) -> str:
    signature, fields = _v1_parts(k.v1())
    fields[V1_PRIVILEGES] = b"*,disableentitlement"
    return _v1_join(signature, fields)


def v2_tampered_privileges(k: Keys) -> str:
    # The privileges sit inside the encrypted part: a flipped byte there is what tampering can do.
    raw = bytearray(base64.urlsafe_b64decode(k.v2(privileges="sview:0_x")))
    raw[len(raw) // 2] ^= 0x20
    return base64.urlsafe_b64encode(bytes(raw)).decode()


def v1_tampered_partner(k: Keys) -> str:
    signature, fields = _v1_parts(k.v1())
    fields[0] = fields[1] = str(k.seed["vendorPartnerId"]).encode()
    return _v1_join(signature, fields)


def v2_tampered_partner(k: Keys) -> str:
    pid, other = k.seed["partnerId"], k.seed["vendorPartnerId"]
    raw = base64.urlsafe_b64decode(k.v2())
    return base64.urlsafe_b64encode(raw.replace(f"v2|{pid}|".encode(), f"v2|{other}|".encode(), 1)).decode()


def v1_truncated(k: Keys) -> str:
    ks = k.v1()
    return ks[: len(ks) // 2]


def v2_truncated(k: Keys) -> str:
    ks = k.v2()
    return ks[: len(ks) // 2]


def v2_labelled_v1(k: Keys) -> str:
    raw = base64.urlsafe_b64decode(k.v2())
    return base64.urlsafe_b64encode(b"v1" + raw[2:]).decode()


def v1_wrapped_as_v2(k: Keys) -> str:
    raw = base64.b64decode(k.v1())
    return base64.urlsafe_b64encode(f"v2|{k.seed['partnerId']}|".encode() + raw).decode()


def v1_expired(k: Keys) -> str:
    return k.v1(expires_at=k.now - 1)


def v2_expired(k: Keys) -> str:
    return k.v2(expires_at=k.now - 1)


def v1_other_partners_secret(k: Keys) -> str:
    return k.v1(secret=k.seed["vendorSecret"])


def v2_other_partners_secret(k: Keys) -> str:
    return k.v2(secret=k.seed["vendorSecret"])


def killed(k: Keys) -> str:
    ks = k.reachsim.sessions.admin()
    ended = k.reachsim.api("session", "end", ks=ks)
    assert ended is None or "code" not in ended, ended
    return ks


def access_key_after_ready(k: Keys) -> str:
    reachsim, seed = k.reachsim, k.seed
    task = reachsim.api(
        "reach_entryvendortask",
        "add",
        ks=reachsim.sessions.admin(),
        entryVendorTask={
            "objectType": "KalturaEntryVendorTask",
            "entryId": seed["entryIds"][0],
            "catalogItemId": seed["catalogItemIds"]["ocr"],
            "reachProfileId": seed["reachProfileId"],
        },
    )
    key = reachsim.sessions.access_key(task["id"])
    vendor = reachsim.sessions.vendor()
    for status in (3, 2):
        done = reachsim.api(
            "reach_entryvendortask",
            "updateJob",
            ks=vendor,
            id=task["id"],
            entryVendorTask={"objectType": "KalturaEntryVendorTask", "status": status},
        )
        assert done.get("status") == status, done
    return key


UNVERIFIABLE = None  # the KSID slot holds the KS itself
FORGERIES: list[tuple[Callable[[Keys], str], str | None]] = [
    (v1_wrong_signature, UNVERIFIABLE),
    (v2_wrong_signature, UNVERIFIABLE),
    (v1_tampered_privileges, UNVERIFIABLE),
    (v2_tampered_privileges, UNVERIFIABLE),
    (v1_tampered_partner, UNVERIFIABLE),
    (v2_tampered_partner, UNVERIFIABLE),
    (v1_truncated, UNVERIFIABLE),
    (v2_truncated, UNVERIFIABLE),
    (v2_labelled_v1, UNVERIFIABLE),
    (v1_wrapped_as_v2, UNVERIFIABLE),
    (v1_other_partners_secret, UNVERIFIABLE),
    (v2_other_partners_secret, UNVERIFIABLE),
    (v1_expired, "EXPIRED"),
    (v2_expired, "EXPIRED"),
    (killed, "LOGOUT"),
    (access_key_after_ready, "LOGOUT"),
]


@pytest.mark.parametrize(("forge", "ksid"), FORGERIES, ids=[f.__name__ for f, _ in FORGERIES])
def test_every_forged_or_replayed_ks_is_refused(reachsim: Any, forge: Callable[[Keys], str], ksid: str | None) -> None:
    seed = reachsim.seed()
    keys = Keys(reachsim, seed, int(reachsim.backdoor("GET", "clock")["now"]))
    ks = forge(keys)
    # The same call succeeds with a genuine KS: the refusal is the KS's doing.
    genuine = reachsim.api("baseentry", "get", ks=keys.v2(), entryId=seed["entryIds"][0])
    assert genuine.get("id") == seed["entryIds"][0], genuine
    answer = requests.post(
        f"{reachsim.url}/api_v3/service/baseentry/action/get",
        data={"format": 1, "ks": ks, "entryId": seed["entryIds"][0]},
        timeout=30,
    ).json()
    assert answer["code"] == "INVALID_KS", answer
    assert answer["message"] == f'Invalid KS "{ks if ksid is None else ksid}", Error "-1,INVALID_STR"', answer
