"""Cross-origin answers as Kaltura gives them: the API and the delivery URLs are open to pages of any origin.

A player embedded on a customer's site calls `/api_v3` and fetches playlists and segments from another origin,
so those answers carry `Access-Control-Allow-Origin: *` and a preflight (OPTIONS) is answered at once, without
reaching the dispatcher or the journal. The portal and the back door stay same-origin only.

The same open paths are authenticated by what the request carries (a KS, an access key, a token), never by a
cookie, so they open no cookie session: only the portal uses one, and opening it (a signing serializer and the
cookie header parsed) was ~5 % of an API call's CPU.
"""

from __future__ import annotations

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from simulator.delivery.routes import PACKAGER_PREFIX
from simulator.media.urls import HLS_PREFIX, PD_PREFIX

OPEN_PREFIXES = ("/api_v3", "/p/", HLS_PREFIX + "/", PD_PREFIX + "/", PACKAGER_PREFIX + "/")
ALLOW_METHODS = "POST, GET, HEAD, OPTIONS"
ALLOW_HEADERS = "Origin, X-Requested-With, Content-Type, Accept, Range, Cache-Control, Authorization"
EXPOSE_HEADERS = "Server, Content-Length, Content-Range, Date, X-Kaltura, X-Kaltura-Session, X-Me"
PREFLIGHT_MAX_AGE = "86400"


def is_open(path: str) -> bool:
    return path.startswith(OPEN_PREFIXES)


def _preflight() -> Response | None:
    if request.method != "OPTIONS" or not is_open(request.path):
        return None
    response = Response(status=200)
    response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
    response.headers["Access-Control-Allow-Headers"] = (
        request.headers.get("Access-Control-Request-Headers") or ALLOW_HEADERS
    )
    response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


def _open(response: Response) -> Response:
    if is_open(request.path):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    return response


class _CookieSessions(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        # None: Flask's null session, which nothing on these paths reads or writes, and which sets no cookie.
        return None if is_open(request.path) else super().open_session(app, request)


def install(app: Flask) -> None:
    app.before_request(_preflight)
    app.after_request(_open)
    app.session_interface = _CookieSessions()
