"""The base of every URL the simulator hands out: the scheme and host the request came in on (or the configured
public URL), switched to another listener's scheme when a playManifest `protocol` asks for it."""

from __future__ import annotations

import functools

from flask import request
from werkzeug.sansio.utils import get_current_url

from simulator.config import Config
from simulator.media.urls import for_protocol

_WILDCARD_BINDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def for_config(config: Config, base_url: str, protocol: str | None = None) -> str:
    if config.service_url:
        return config.service_url.rstrip("/")
    return for_protocol(base_url, protocol, config.listeners)


def bound_base(config: Config, scheme: str) -> str:
    """The listener's own address, for a request whose Host header is missing or malformed (werkzeug gives an
    empty host then): links on it still reach this server."""
    host = _WILDCARD_BINDS.get(config.host, config.host)
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}:{config.listeners.get(scheme, config.port)}"


def request_base(config: Config, protocol: str | None = None) -> str:
    """For the current Flask request."""
    base = _host_url(request.scheme, request.host) if request.host else bound_base(config, request.scheme)
    return for_config(config, base, protocol)


@functools.lru_cache(maxsize=256)
def _host_url(scheme: str, host: str) -> str:
    # What werkzeug's request.host_url computes (an IRI conversion each time), for the few hosts a server sees.
    return get_current_url(scheme, host)
