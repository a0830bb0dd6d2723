"""The API's declarations: services, their actions and parameters, and the per-call context handlers receive.

This is the seam between the protocol and the behaviour: `simulator/wire/` reads these declarations to decode,
dispatch and serialize; service modules, the rules and the delivery routes use them without knowing the wire.

A service module takes `svc = service("reach_entryvendortask")` (several modules may add actions to one service)
and decorates its handlers:

    @svc.action("get", Param("id", "int"), returns="KalturaEntryVendorTask")
    def get(ctx: Context, id: int) -> KObject: ...

Names are matched case-insensitively, as the real dispatcher lower-cases both.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from simulator.objects.model import KObject
from simulator.store import partners

if TYPE_CHECKING:
    from simulator.ks import KsInfo
    from simulator.runtime import Simulator

Handler = Callable[..., Any]


@dataclass(frozen=True)
class Param:
    """One declared action parameter. kind: a scalar kind, "enum" (ref), "object" (ref), "array" (ref), "file"."""

    name: str
    kind: str
    ref: str | None = None
    optional: bool = False
    default: Any = None


Guard = Callable[["Context"], bool]
# A service-wide precondition (e.g. REACH enabled for the partner): raises the service's error; checked after the
# parameters are decoded and before the handler runs.
Requirement = Callable[["Context"], None]


@dataclass
class Action:
    service: Service
    name: str
    params: list[Param]
    handler: Handler
    returns: str | None
    ks: str  # "none": never needs a KS; "optional"; "required": MISSING_KS without one
    allow: Guard | None
    summary: str
    atomic: bool  # run inside one transaction; False only for handlers that move files and commit themselves

    @property
    def label(self) -> str:
        return f"{self.service.id}->{self.name}"


class Service:
    def __init__(self, service_id: str, client_name: str | None = None, requires: Requirement | None = None) -> None:
        self.id = service_id.lower()
        self.client_name = client_name or service_id
        self.requires = requires
        self.actions: dict[str, Action] = {}

    def action(
        self,
        name: str,
        *params: Param,
        returns: str | None = None,
        ks: str = "required",
        allow: Guard | None = None,
        atomic: bool = True,
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            summary = (handler.__doc__ or "").strip().splitlines()[0] if handler.__doc__ else ""
            if name.lower() in self.actions:
                raise ValueError(f"{self.id}.{name} is declared twice")
            self.actions[name.lower()] = Action(self, name, list(params), handler, returns, ks, allow, summary, atomic)
            return handler

        return register


SERVICES: dict[str, Service] = {}


def service(service_id: str, client_name: str | None = None, requires: Requirement | None = None) -> Service:
    """The service with this id, created on first use; `requires` is checked before every action of it."""
    key = service_id.lower()
    if key not in SERVICES:
        SERVICES[key] = Service(service_id, client_name, requires)
    elif requires is not None:
        SERVICES[key].requires = requires
    return SERVICES[key]


def find_action(service: str, action: str) -> tuple[Service | None, Action | None]:
    svc = SERVICES.get(service.lower())
    if svc is None:
        return None, None
    return svc, svc.actions.get(action.lower())


@dataclass
class Context:
    """What a handler may use: the simulator, this thread's connection, the caller's session and request facts."""

    sim: Simulator
    conn: sqlite3.Connection
    ks: KsInfo | None
    partner_id: int | None
    client_tag: str | None
    service_url: str
    response_profile: dict[str, Any] | None = None
    ks_partner: dict[str, Any] | None = None  # the KS partner's document, as the KS check read it
    notes: dict[str, Any] = field(default_factory=dict)
    _after_commit: list[Callable[[], Any]] = field(default_factory=list)

    def now(self) -> float:
        return self.sim.clock.now()

    @functools.cached_property
    def partner(self) -> dict[str, Any] | None:
        """The caller's partner document (the KS partner, else the partnerId sent), read once per call."""
        if self.partner_id is None:
            return None
        if self.ks_partner is not None and self.ks_partner.get("id") == self.partner_id:
            return self.ks_partner
        return partners.get(self.conn, self.partner_id)

    def after_commit(self, func: Callable[[], Any]) -> None:
        """Run func once this call's writes are committed (e.g. start a background job that reads them)."""
        self._after_commit.append(func)

    def run_after_commit(self) -> None:
        callbacks, self._after_commit = self._after_commit, []
        for func in callbacks:
            func()

    def note(self, **facts: Any) -> None:
        """Facts the journal records with this request (e.g. task_id for task-specific calls)."""
        self.notes.update(facts)


# Response profiles by systemName: a function that reshapes one result object (and returns it).
ResponseProfile = Callable[[Context, KObject], KObject]
RESPONSE_PROFILES: dict[str, ResponseProfile] = {}


def response_profile(system_name: str) -> Callable[[ResponseProfile], ResponseProfile]:
    def register(func: ResponseProfile) -> ResponseProfile:
        RESPONSE_PROFILES[system_name] = func
        return func

    return register
