"""Who may fetch what: the KS of a delivery request, the entry it may see, and the flavors it names.

The same entry-scope rules as the API (simulator.permissions), so an access key for entry A gets the 404 of
an unknown entry for entry B, exactly as its API calls get ENTRY_ID_NOT_FOUND.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask import request

from simulator import ks as kslib
from simulator import permissions
from simulator.api import Context
from simulator.delivery.errors import (
    BAD_QUERY,
    ENTRY_NOT_FOUND,
    FLAVOR_NOT_FOUND,
    INVALID_KS,
    DeliveryError,
)
from simulator.media.urls import UrlError
from simulator.objects import errors
from simulator.objects.entries import EntryStatus
from simulator.objects.flavors import FlavorAssetStatus
from simulator.runtime import Simulator
from simulator.store import flavors, partners

KS_HEADER = "X-Kaltura-Ks"
_ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*")


def raw_path() -> str:
    """The request path as the client sent it (still percent-encoded): werkzeug decodes %2F in `request.path`,
    which would split a KS value that contains an encoded slash."""
    environ = request.environ
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.full_path
    return _ABSOLUTE.sub("", raw).split("?", 1)[0] or "/"


@dataclass
class Caller:
    """The facts of one delivery request that the checks and the journal share."""

    sim: Simulator
    ks: kslib.KsInfo | None = None
    ks_string: str | None = None
    partner: dict[str, Any] | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    def context(self, partner_id: int) -> Context:
        return Context(
            sim=self.sim,
            conn=self.sim.db.connection(),
            ks=self.ks,
            partner_id=partner_id,
            client_tag=None,
            service_url=service_url(self.sim),
        )


def service_url(sim: Simulator) -> str:
    return sim.config.service_url or request.host_url.rstrip("/")


def parse_or_404(parse: Any, path: str) -> Any:
    try:
        return parse(path)
    except UrlError as exc:
        raise DeliveryError(BAD_QUERY) from exc


def authenticate(caller: Caller, partner_id: int, path_ks: str | None) -> None:
    """Take the KS from the path, the query or the X-Kaltura-Ks header and verify it (error 7 when not valid)."""
    ks_string = path_ks or request.args.get("ks") or request.headers.get(KS_HEADER) or None
    conn = caller.sim.db.connection()
    caller.partner = partners.get(conn, partner_id)
    if caller.partner is None:
        raise DeliveryError(ENTRY_NOT_FOUND)
    if ks_string is None:
        return  # anonymous playback, as the default access-control profile allows
    try:
        info = caller.sim.resolve_ks(conn, ks_string)
    except errors.INVALID_KS as exc:
        raise DeliveryError(INVALID_KS) from exc
    if info.partner_id != partner_id:
        raise DeliveryError(INVALID_KS)
    caller.ks, caller.ks_string = info, ks_string


def readable_entry(caller: Caller, partner_id: int, entry_id: str) -> dict[str, Any]:
    """The entry when this caller may see it and it has content to deliver; else error 1."""
    try:
        entry = permissions.entry_for_read(caller.context(partner_id), entry_id)
    except errors.ENTRY_ID_NOT_FOUND as exc:
        raise DeliveryError(ENTRY_NOT_FOUND) from exc
    caller.notes["entryId"] = entry_id
    return entry


def ready_flavors(caller: Caller, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The entry's READY flavors; an entry still converting (or failed) has none to deliver."""
    if entry.get("status") != EntryStatus.READY:
        return []
    conn = caller.sim.db.connection()
    return [f for f in flavors.for_entry(conn, entry["id"]) if f.get("status") == FlavorAssetStatus.READY]


def flavor_of(caller: Caller, entry: dict[str, Any], flavor_id: str) -> dict[str, Any]:
    for flavor in ready_flavors(caller, entry):
        if flavor["id"] == flavor_id:
            caller.notes["flavorId"] = flavor_id
            return flavor
    raise DeliveryError(FLAVOR_NOT_FOUND)


def hls_enabled(caller: Caller) -> bool:
    return caller.partner is not None and bool(partners.setting(caller.partner, "hlsEnabled"))


def packager_base(caller: Caller) -> str | None:
    """The partner's remote packager, if any: an absolute URL, or a path on this server (the demo's)."""
    url = partners.setting(caller.partner, "packagerUrl") if caller.partner else None
    if not url:
        return None
    return service_url(caller.sim) + url if url.startswith("/") else url
