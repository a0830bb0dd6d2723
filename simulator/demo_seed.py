"""The demo seed's accounts and entries: a customer partner, a vendor partner and a few READY entries.

Secrets are derived from the partner id so the README's curl examples work on any machine; they are test
credentials of a local simulator, not secrets.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import TYPE_CHECKING, Any

from simulator.objects.entries import EntryStatus, EntryType, MediaType
from simulator.seeding import seed_step
from simulator.store import apptokens, entries, partners

if TYPE_CHECKING:
    from simulator.runtime import Simulator

CUSTOMER_ID = 1001
VENDOR_ID = 2002
VENDOR_NAME = "reachsimocr"

DEMO_ENTRIES = (
    ("Lecture: Signals and Systems", "Slides with a lecturer's name tag", 15),
    ("Evening news", "Lower thirds and a ticker over studio footage", 12),
    ("Product launch", "Title cards and captions", 9),
)


def demo_secret(partner_id: int, kind: str) -> str:
    return hashlib.sha1(f"reachsim-demo-{partner_id}-{kind}".encode()).hexdigest()[:32]


@seed_step("demo", order=10)
def demo_partners(conn: sqlite3.Connection, sim: Simulator, info: dict[str, Any]) -> None:
    customer = partners.add(
        conn,
        {
            "id": CUSTOMER_ID,
            "kind": partners.CUSTOMER,
            "name": "Demo Media Co",
            "adminSecret": demo_secret(CUSTOMER_ID, "admin"),
            "secret": demo_secret(CUSTOMER_ID, "user"),
        },
    )
    vendor = partners.add(
        conn,
        {
            "id": VENDOR_ID,
            "kind": partners.VENDOR,
            "name": "reachsim OCR",
            "vendorName": VENDOR_NAME,
            "adminSecret": demo_secret(VENDOR_ID, "admin"),
            "secret": demo_secret(VENDOR_ID, "user"),
            "settings": {"entitlement": False},
        },
    )
    info.update(
        {
            "partnerId": customer["id"],
            "adminSecret": customer["adminSecret"],
            "userSecret": customer["secret"],
            "vendorPartnerId": vendor["id"],
            "vendorSecret": vendor["adminSecret"],
            "vendorName": VENDOR_NAME,
        }
    )


@seed_step("demo", order=15)
def demo_vendor_app_token(conn: sqlite3.Connection, sim: Simulator, info: dict[str, Any]) -> None:
    """The vendor's app token: how a REACH vendor logs in without its admin secret (widget KS, then
    appToken.startSession). ADMIN sessions so getJobs/updateJob work; SHA1, the server's default hash."""
    now = int(sim.clock.now())
    token = apptokens.add(
        conn,
        {
            "id": "0_" + demo_secret(VENDOR_ID, "apptoken-id")[:8],
            "token": demo_secret(VENDOR_ID, "apptoken"),
            "partnerId": VENDOR_ID,
            "status": apptokens.ACTIVE,
            "createdAt": now,
            "updatedAt": now,
            "sessionType": 2,
            "sessionDuration": 86400,
            "hashType": "SHA1",
            "sessionPrivileges": "",
            "description": f"{VENDOR_NAME} vendor app token (reachsim demo)",
        },
    )
    info.update({"appTokenId": token["id"], "appToken": token["token"], "appTokenHashType": token["hashType"]})


@seed_step("demo", order=20)
def demo_entries(conn: sqlite3.Connection, sim: Simulator, info: dict[str, Any]) -> None:
    now = int(sim.clock.now())
    ids = []
    for name, description, seconds in DEMO_ENTRIES:
        entry = entries.add(
            conn,
            {
                "partnerId": CUSTOMER_ID,
                "name": name,
                "description": description,
                "tags": "",
                "status": EntryStatus.READY,
                "type": EntryType.MEDIA_CLIP,
                "mediaType": MediaType.VIDEO,
                "duration": seconds,
                "msDuration": seconds * 1000,
                "createdAt": now,
                "updatedAt": now,
                "userId": "demo-user",
                "creatorId": "demo-user",
            },
        )
        ids.append(entry["id"])
    info["entryIds"] = ids
