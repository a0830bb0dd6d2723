"""The base of every URL the simulator hands out: the scheme and host the request came in on (or the configured
public URL), switched to another listener's scheme when a playManifest `protocol` asks for it."""

from __future__ import annotations

from flask import request

from simulator.config import Config
from simulator.media.urls import for_protocol


def for_config(config: Config, base_url: str, protocol: str | None = None) -> str:
    if config.service_url:
        return config.service_url.rstrip("/")
    return for_protocol(base_url, protocol, config.listeners)


def request_base(config: Config, protocol: str | None = None) -> str:
    """For the current Flask request."""
    return for_config(config, request.host_url, protocol)
