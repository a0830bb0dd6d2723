"""Who may use the back door, which files it may ingest, and the simulator never fetching its own URLs.

On a loopback bind the back door stays open: only this machine's users reach it, as today. On any other bind
(or when REACHSIM_BACKDOOR_TOKEN is set) every `/__sim__/` request needs `Authorization: Bearer <token>`, and
`/__sim__/ingest` reads only files under the `--media-dir` directories. The API needs no token: it has KSs.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
import socket
from pathlib import Path
from urllib.parse import urlsplit

from flask import Response, current_app, jsonify, request

from simulator.config import Config
from simulator.media.urls import DEFAULT_PORTS

TOKEN_ENV = "REACHSIM_BACKDOOR_TOKEN"
_WILDCARD_BINDS = ("0.0.0.0", "::", "")


class MediaPathRefused(Exception):
    """An ingest path outside the media directories (or one that is not a file there): one message for both,
    so the answer never tells which paths exist elsewhere."""


def is_loopback_bind(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def token_for_bind(host: str) -> tuple[str | None, str]:
    """The back-door token for a server bound to `host`, and where it came from: "env", "generated" or "open"."""
    from_env = os.environ.get(TOKEN_ENV)
    if from_env:
        return from_env, "env"
    if is_loopback_bind(host):
        return None, "open"
    return secrets.token_urlsafe(32), "generated"


def require_token() -> tuple[Response, int] | None:
    """Blueprint hook: 401 unless the request carries the token, when there is one."""
    token = current_app.extensions["reachsim"].config.backdoor_token
    if token is None:
        return None
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return None
    answer = jsonify({"error": "the back door needs Authorization: Bearer <token> (printed by reachsim serve)"})
    answer.headers["WWW-Authenticate"] = 'Bearer realm="reachsim back door"'
    return answer, 401


def media_path(config: Config, raw: str) -> Path:
    """The file `/__sim__/ingest` may read for `raw`. Without --media-dir an open back door reads any path (the
    loopback convenience); a guarded one reads none. A relative path is looked up in each media directory."""
    if not config.media_dirs:
        if config.backdoor_token is None:
            return Path(raw)
        raise MediaPathRefused("ingest reads only files under --media-dir directories, and none were given")
    roots = [d.resolve() for d in config.media_dirs]
    given = Path(raw)
    candidates = [given] if given.is_absolute() else [root / given for root in roots]
    for candidate in candidates:
        real = candidate.resolve()  # symlinks resolved: a link inside may not lead outside
        if any(real.is_relative_to(root) for root in roots) and real.is_file():
            return real
    raise MediaPathRefused(f"{raw!r} is not a file under the media directories")


def _addresses(host: str) -> set[str]:
    try:
        return {str(ipaddress.ip_address(host))}
    except ValueError:
        pass
    try:
        return {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return set()


def _own_addresses(bind_host: str) -> set[str]:
    if bind_host not in _WILDCARD_BINDS:
        return _addresses(bind_host)
    return _addresses(socket.gethostname()) | {bind_host or "0.0.0.0"}


def points_at_self(config: Config, url: str) -> bool:
    """Whether fetching `url` would reach this simulator (any of its listeners), by address and port."""
    parts = urlsplit(url)
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return False
    if port not in config.listeners.values() or not parts.hostname:
        return False
    addresses = _addresses(parts.hostname)
    own = _own_addresses(config.host)
    return any(ipaddress.ip_address(a.split("%")[0]).is_loopback or a in own for a in addresses)
