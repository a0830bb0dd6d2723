"""Counted fault injection: faults registered through `/__sim__/faults`, matched and counted at the two front
doors every request passes — `wire/dispatch.call` (before the handler) and `delivery/routes._guarded` (media) —
never inside a service. Each request a fault acts on carries `extra.fault` in its journal entry, so a harness can
prove the vendor met the fault (the storage-testbench model: instructions consumed and read back).

A fault matches on `service` and/or `action` (API calls; media requests have service `playManifest` or
`serveFlavor`; `*` is every API service) and/or `path` (a substring of a media request's path, KS redacted). It
lets `after` matching requests through, then acts on every `every`-th one (default 1: each) until it has acted
`times` times (default 1) and is spent. When several match, the oldest fault that acts takes the request and
younger ones do not see it (so `after` and `every` count what reached the fault). Effects:

- `error`: answer with this Kaltura error code (HTTP 200, as Kaltura does), `args` filling its message; the
  handler does not run. API calls only.
- `status`: answer with this HTTP status (400-599) and a short plain body, as a load balancer in front of Kaltura
  would; the handler does not run. The journal's `result` is then `HTTP_<status>`.
- `drop`: the handler runs (its work is done) but the answer is lost: status line and headers go out, then the
  connection closes before any body byte. (Waitress cannot close a connection without a status line; see
  docs/certification.md.)
- `truncate`: the handler runs, the answer declares its full length but only the first fraction (`truncate`,
  0 <= f < 1, `true` = 0.5) of the body is sent before the connection closes.
- `delay`: seconds (up to 60) of real time slept before the request is handled; alone, or with one effect above.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import Response

from simulator.objects import errors
from simulator.runtime import Simulator
from simulator.store import faults as table

MEDIA_SERVICES = frozenset({"playmanifest", "serveflavor"})
EFFECTS = ("error", "status", "drop", "truncate")
TRANSPORT_EFFECTS = frozenset({"status", "drop", "truncate"})
MAX_DELAY = 60.0
MAX_TIMES = 1_000_000
ANY_API = "*"
_KEYS = frozenset({"service", "action", "path", "after", "times", "every", "delay", "args", "note", *EFFECTS})


class FaultError(ValueError):
    """A fault description the simulator cannot act on; the message says what is wrong."""


class Refused(Exception):
    """The answer of a `status` fault: the request never reached its handler."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status

    @property
    def code(self) -> str:
        return f"HTTP_{self.status}"


@dataclass(frozen=True)
class Fault:
    id: int
    effect: str  # one of EFFECTS, or "delay" for a delay alone
    delay: float = 0.0
    error: str | None = None
    args: tuple[str, ...] = ()
    status: int | None = None
    keep: float = 0.0  # truncate: fraction of the body sent

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Fault:
        effect = next((e for e in EFFECTS if doc.get(e) not in (None, False)), "delay")
        keep = doc.get("truncate")
        return cls(
            id=int(doc["id"]),
            effect=effect,
            delay=float(doc.get("delay") or 0.0),
            error=doc.get("error"),
            args=tuple(doc.get("args") or ()),
            status=doc.get("status"),
            keep=0.5 if keep is True else float(keep or 0.0),
        )

    def stamp(self) -> dict[str, Any]:
        """What the journal entry of a request this fault acted on carries in `extra.fault`."""
        return {"id": self.id, "effect": self.effect} | ({"delay": self.delay} if self.delay else {})

    def pause(self) -> None:
        if self.delay:
            time.sleep(self.delay)

    def api_error(self) -> errors.KalturaAPIError | None:
        if self.error is None:
            return None
        return errors.all_errors()[self.error](*self.args)


# -- registration ----------------------------------------------------------------------------------------------


def _number(doc: dict[str, Any], key: str, low: float, high: float, default: float) -> float:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise FaultError(f"{key} must be a number from {low:g} to {high:g}")
    return float(value)


def validate(doc: Any) -> dict[str, Any]:
    """The fault as stored, or FaultError naming the first problem."""
    if not isinstance(doc, dict):
        raise FaultError("a fault is a JSON object")
    unknown = sorted(set(doc) - _KEYS)
    if unknown:
        raise FaultError(f"unknown fault field {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    for key in ("service", "action", "path", "note", "error"):
        if doc.get(key) is not None and (not isinstance(doc[key], str) or not doc[key]):
            raise FaultError(f"{key} must be a non-empty string")
    if not any(doc.get(k) for k in ("service", "action", "path")):
        raise FaultError("a fault needs service, action or path to match requests")
    effects = [e for e in EFFECTS if doc.get(e) not in (None, False)]
    if len(effects) > 1:
        raise FaultError(f"one effect per fault, not {' and '.join(effects)}")
    if not effects and not doc.get("delay"):
        raise FaultError(f"a fault needs an effect: one of {', '.join(EFFECTS)}, or a delay")
    service = str(doc.get("service") or "").lower()
    media = bool(doc.get("path")) or service in MEDIA_SERVICES
    out: dict[str, Any] = {
        "service": service or None,
        "action": str(doc["action"]).lower() if doc.get("action") else None,
        "path": doc.get("path"),
        "note": doc.get("note"),
        "after": int(_number(doc, "after", 0, 1_000_000, 0)),
        "times": int(_number(doc, "times", 1, MAX_TIMES, 1)),
        "every": int(_number(doc, "every", 1, 1_000_000, 1)),
        "delay": _number(doc, "delay", 0, MAX_DELAY, 0),
    }
    if doc.get("path") and doc.get("action"):
        raise FaultError("path matches media requests, action matches API calls: give one of them")
    if service == ANY_API and doc.get("path"):
        raise FaultError(f"service {ANY_API!r} matches API calls, path matches media requests: give one of them")
    if "error" in effects:
        if media:
            raise FaultError("error (a Kaltura error code) applies to API calls; use status for media requests")
        if doc["error"] not in errors.all_errors():
            raise FaultError(f"unknown Kaltura error code {doc['error']!r}")
        args = doc.get("args", [])
        if not isinstance(args, list) or not all(isinstance(a, str | int) for a in args):
            raise FaultError("args must be a list of strings (the error message's arguments)")
        out |= {"error": doc["error"], "args": [str(a) for a in args]}
    if "status" in effects:
        status = doc["status"]
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise FaultError("status must be an HTTP error status from 400 to 599")
        out["status"] = status
    if "drop" in effects:
        if doc["drop"] is not True:
            raise FaultError("drop must be true")
        out["drop"] = True
    if "truncate" in effects:
        out["truncate"] = 0.5 if doc["truncate"] is True else _number(doc, "truncate", 0, 0.999, 0.5)
    return out


def register(sim: Simulator, docs: list[Any]) -> list[dict[str, Any]]:
    """Validate every fault first, then store them all: a bad one registers none."""
    valid = [validate(doc) for doc in docs]
    with sim.db.transaction() as conn:
        for doc in valid:
            doc["id"] = table.add(conn, doc)
    return listing(sim, [d["id"] for d in valid])


def listing(sim: Simulator, ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Faults with their counters and the journal seqs of the requests each acted on (`metAt`)."""
    conn = sim.db.connection()
    out = []
    for doc in table.all_faults(conn):
        if ids is not None and doc["id"] not in ids:
            continue
        view = {k: v for k, v in doc.items() if v is not None and k != "spent"}
        view["remaining"] = doc["times"] - doc["met"]
        view["metAt"] = table.met_at(conn, doc["id"])
        out.append(view)
    return out


def clear(sim: Simulator) -> None:
    with sim.db.transaction() as conn:
        table.clear(conn)


# -- matching, at the front doors -------------------------------------------------------------------------------


def _matches(doc: dict[str, Any], kind: str, service: str, action: str, path: str) -> bool:
    if doc.get("path"):
        return kind == "media" and doc["path"] in path and doc.get("service") in (None, service)
    if kind == "media" and doc.get("service") not in MEDIA_SERVICES:
        return False
    if kind == "api" and doc.get("service") in MEDIA_SERVICES:
        return False
    return doc.get("service") in (None, ANY_API, service) and doc.get("action") in (None, action)


def meet(
    sim: Simulator, kind: str, service: str, action: str = "", path: str = "", *, transport: bool = True
) -> Fault | None:
    """The fault that acts on this request, counted, or None. `transport=False` (calls inside a multirequest,
    which share one HTTP answer) skips faults that act on the HTTP answer."""
    conn = sim.db.connection()
    if not table.any_live(conn):
        return None
    service, action = service.lower(), action.lower()
    chosen: Fault | None = None
    with sim.db.transaction() as conn:
        for doc in table.live(conn):
            if not _matches(doc, kind, service, action, path):
                continue
            fault = Fault.from_doc(doc)
            if not transport and fault.effect in TRANSPORT_EFFECTS:
                continue
            doc["seen"] += 1
            past = doc["seen"] - doc["after"]
            if past > 0 and past % doc.get("every", 1) == 0:
                doc["met"] += 1
                chosen = fault
            table.save(conn, doc)
            if chosen is not None:
                break  # the older fault acts; younger ones never see this request
    return chosen


# -- what the front doors do with a fault ----------------------------------------------------------------------


def refusal(status: int) -> Response:
    return Response(f"reachsim fault: HTTP {status}\n", status=status, mimetype="text/plain")


def _body(data: bytes) -> Iterator[bytes]:
    yield data


def cut(response: Response, keep: float) -> Response:
    """The response with its full Content-Length but only `keep` of its body: the WSGI server sends what there is
    and, short of the declared length, closes the connection."""
    response.direct_passthrough = False
    body = response.get_data()
    if not body:
        return response
    short = Response(_body(body[: int(len(body) * keep)]), status=response.status_code, headers=response.headers)
    short.headers["Content-Length"] = str(len(body))
    return short


def shape(fault: Fault | None, response: Response) -> Response:
    """The HTTP answer as the fault leaves it (unchanged for error and delay faults)."""
    if fault is None:
        return response
    if fault.effect == "status" and fault.status is not None:
        return refusal(fault.status)
    if fault.effect == "drop":
        return cut(response, 0.0)
    if fault.effect == "truncate":
        return cut(response, fault.keep)
    return response
