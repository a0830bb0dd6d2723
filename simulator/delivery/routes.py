"""The delivery blueprint: URL forms of Kaltura's CDN, each journalled.

- `/p/{pid}/sp/{sp}/playManifest/...`                   master playlist or 302 (simulator.delivery.manifest)
- `/hls/p/.../serveFlavor/.../name/a.mp4/index.m3u8|seg-N-v1-a1.ts`   the simulator's own packager
- `/packager/p/.../serveFlavor/...`                     the same, for accounts set to a "remote" packager
- `/pd/p/.../serveFlavor/.../name/a.mp4`, `/p/{pid}/sp/{sp}/serveFlavor/...`   progressive download
- `/p/{pid}/sp/{sp}/thumbnail/entry_id/...`             an entry's thumbnail (simulator.delivery.thumbnail)

Routes only pick the handler: every parameter is parsed from the raw request URI (see access.raw_path).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, current_app

from simulator import faults
from simulator.delivery import access, manifest, serve, thumbnail
from simulator.delivery.errors import DeliveryError, error_response
from simulator.delivery.journaling import record
from simulator.media.urls import HLS_PREFIX, PD_PREFIX, parse_play_manifest, parse_serve_flavor
from simulator.redaction import redact_url

bp = Blueprint("delivery", __name__)

# Where the demo's "remote packager" account points its packagerUrl: a path on this same server.
PACKAGER_PREFIX = "/packager"


def _caller() -> access.Caller:
    return access.Caller(sim=current_app.extensions["reachsim"])


def _guarded(service: str, handle: Callable[[access.Caller, str], tuple[str, Response]]) -> Response:
    caller = _caller()
    path = access.raw_path()
    fault = faults.meet(caller.sim, "media", service, path=redact_url(path))
    if fault is not None:
        caller.notes["fault"] = fault.stamp()
        fault.pause()
    if fault is not None and fault.effect == "status" and fault.status is not None:
        action, response = "fault", faults.refusal(fault.status)
    else:
        try:
            action, response = handle(caller, path)
        except DeliveryError as exc:
            action, response = "error", error_response(exc)
    return faults.shape(fault, record(caller, service, action, path, response))


def _play_manifest(caller: access.Caller, path: str) -> tuple[str, Response]:
    req = access.parse_or_404(parse_play_manifest, path)
    access.authenticate(caller, req.partner_id, req.ks)
    response = manifest.answer(caller, req)
    return ("redirect" if response.status_code == 302 else "master"), response


def _serve_flavor(caller: access.Caller, path: str) -> tuple[str, Response]:
    req = access.parse_or_404(parse_serve_flavor, path)
    access.authenticate(caller, req.partner_id, req.ks)
    return serve.answer(caller, req)


@bp.route("/p/<int:pid>/sp/<sp>/playManifest/<path:rest>", methods=["GET", "HEAD"])
def play_manifest(pid: int, sp: str, rest: str) -> Response:
    return _guarded("playManifest", _play_manifest)


@bp.route(f"{HLS_PREFIX}/p/<path:rest>", methods=["GET", "HEAD"])
@bp.route(f"{PACKAGER_PREFIX}/p/<path:rest>", methods=["GET", "HEAD"])
@bp.route(f"{PD_PREFIX}/p/<path:rest>", methods=["GET", "HEAD"])
@bp.route("/p/<int:pid>/sp/<sp>/serveFlavor/<path:rest>", methods=["GET", "HEAD"])
def serve_flavor(rest: str, pid: int | None = None, sp: str | None = None) -> Response:
    return _guarded("serveFlavor", _serve_flavor)


@bp.route("/p/<int:pid>/sp/<sp>/thumbnail/<path:rest>", methods=["GET", "HEAD"])
@bp.route("/p/<int:pid>/thumbnail/<path:rest>", methods=["GET", "HEAD"])
def entry_thumbnail(pid: int, rest: str, sp: str | None = None) -> Response:
    return _guarded("thumbnail", lambda caller, path: thumbnail.answer(caller, pid, path))
