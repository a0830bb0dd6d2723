"""The portal's only way into the simulator: API calls dispatched in-process, answered as JSON as on the wire.

Every call carries the KS minted at sign-in and the clientTag `portal`, so an order or a cancel passes the same
rules as a call over HTTP and lands in the journal with the portal's tag.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, request, session

from simulator.runtime import Simulator
from simulator.wire import dispatch, serialize

CLIENT_TAG = "portal"
SESSION_TYPE_ADMIN = 2


class ApiError(Exception):
    """A KalturaAPIException the API answered: its code and message, shown as they are."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def simulator() -> Simulator:
    return current_app.extensions["reachsim"]


def service_url() -> str:
    sim = simulator()
    return sim.config.service_url or request.host_url.rstrip("/")


def call(service: str, action: str, ks: str | None = None, **params: Any) -> Any:
    """One API call as `service.action(params)`; object parameters are dicts. Raises ApiError for an exception."""
    sent: dict[str, Any] = {"service": service, "action": action, "clientTag": CLIENT_TAG, "format": "1"}
    ks = ks if ks is not None else session.get("ks")
    if ks:
        sent["ks"] = ks
    sent.update({name: _wire(value) for name, value in params.items() if value is not None})
    outcome = dispatch.call(simulator(), sent, service_url())
    if isinstance(outcome.result, Response):  # a serve action: the file's text
        outcome.result.direct_passthrough = False
        return outcome.result.get_data(as_text=True)
    answer = json.loads(serialize.json_document(outcome.result))
    if isinstance(answer, dict) and answer.get("objectType") == "KalturaAPIException":
        raise ApiError(str(answer.get("code")), str(answer.get("message")))
    return answer


def _wire(value: Any) -> Any:
    """Values as a form post would carry them: strings, nested dicts for objects, index-keyed dicts for arrays."""
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return {str(n): _wire(v) for n, v in enumerate(value)}
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def sign_in(partner_id: int, secret: str) -> str:
    """An ADMIN KS of the customer partner (session.start with its admin secret)."""
    return str(call("session", "start", ks="", secret=secret, partnerId=partner_id, type=SESSION_TYPE_ADMIN))
