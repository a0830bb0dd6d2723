"""Shared fixtures. `reachsim` and `reachsim_server` come from the shipped pytest plugin (simulator.testing,
registered through the `pytest11` entry point); this adds the official client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def kaltura_client(reachsim: Any) -> Callable[..., Any]:
    """A factory of Kaltura's official Python client objects pointed at the live simulator."""
    from KalturaClient import KalturaClient, KalturaConfiguration

    def make(ks: str | None = None, client_tag: str | None = None) -> Any:
        config = KalturaConfiguration()
        config.serviceUrl = reachsim.url
        client = KalturaClient(config)
        if ks:
            client.setKs(ks)
        if client_tag:
            client.setClientTag(client_tag)
        return client

    return make
