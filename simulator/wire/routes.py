"""The `/api_v3/` endpoint: gathers parameters, dispatches, and answers in the requested format."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import parse_qsl

from flask import Blueprint, Response, current_app, request

from simulator import faults, public_url
from simulator.objects import errors
from simulator.runtime import Simulator
from simulator.wire import dispatch, serialize
from simulator.wire.params import gather

bp = Blueprint("api_v3", __name__)

_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]*$")


def simulator() -> Simulator:
    return current_app.extensions["reachsim"]


@bp.route("/api_v3", methods=["GET", "POST"], strict_slashes=False)
@bp.route("/api_v3/<path:rest>", methods=["GET", "POST"])
def api(rest: str = "") -> Response:
    started = time.perf_counter()
    sim = simulator()
    params = request_params(rest)
    service_url = public_url.request_base(sim.config)
    if str(params.get("service", "")).lower() == "multirequest":
        result: Any = dispatch.multirequest(sim, params, service_url)
        return _respond(params, result, time.perf_counter() - started, multi=True)
    outcome = dispatch.call(sim, params, service_url)
    if isinstance(outcome.result, faults.Refused):
        return faults.refusal(outcome.result.status)
    if isinstance(outcome.result, Response):  # serve actions answer with the file itself
        return faults.shape(outcome.fault, outcome.result)
    headers = outcome.result.http_headers if isinstance(outcome.result, errors.KalturaAPIError) else {}
    return faults.shape(outcome.fault, _respond(params, outcome.result, time.perf_counter() - started, headers=headers))


def request_params(rest: str) -> dict[str, Any]:
    """Every parameter of the current request, merged as api_v3 merges them."""
    path = rest[len("index.php") :] if rest.startswith("index.php") else rest
    form, files, body = _body_parts()
    return gather(
        path=path,
        query=request.args.items(multi=True),
        content_type=request.headers.get("Content-Type", ""),
        body=body,
        form=form,
        files=files,
    )


def _body_parts() -> tuple[list[tuple[str, str]], list[tuple[str, Any]], bytes | None]:
    """Form fields, files and the raw body; a body werkzeug cannot parse counts as empty, like PHP would see it."""
    if request.mimetype == "application/x-www-form-urlencoded":
        # Every client's usual body: parsed straight into pairs, as werkzeug's form parser would parse it,
        # without building its MultiDict first (the pairs are grouped by simulator.wire.params anyway).
        try:
            text = request.get_data(cache=False).decode()
        except UnicodeDecodeError:
            return [], [], None
        return parse_qsl(text, keep_blank_values=True, errors="werkzeug.url_quote"), [], None
    try:
        form = list(request.form.items(multi=True))
        files = list(request.files.items(multi=True))
    except Exception:
        return [], [], None
    body = None if form or files else request.get_data(cache=True)
    return form, files, body


def _respond(
    params: dict[str, Any],
    result: Any,
    elapsed: float,
    *,
    multi: bool = False,
    headers: dict[str, str] | None = None,
) -> Response:
    fmt = str(params.get("format", "2")).strip()
    if fmt == "1":
        response = Response(serialize.json_document(result), mimetype="application/json")
    elif fmt == "9":
        callback = str(params.get("callback", "callback"))
        if not _CALLBACK.match(callback):
            callback = "callback"
        body = f"{callback}({serialize.json_document(result)});"
        response = Response(body, mimetype="application/javascript")
    else:
        document = serialize.xml_multi_document(result, elapsed) if multi else serialize.xml_document(result, elapsed)
        response = Response(document, content_type="text/xml; charset=utf-8")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
