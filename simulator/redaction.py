"""Credentials out of what the simulator records: a KS is who called, never the KS itself."""

from __future__ import annotations

import re

_KS_IN_PATH = re.compile(r"(/ks/)[^/?#]+", re.IGNORECASE)
_SECRET_IN_QUERY = re.compile(r"([?&](?:ks|secret|token)=)[^&#]*", re.IGNORECASE)
_USER_INFO = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@")


def redact_url(url: str) -> str:
    """The URL or path with its KS (`/ks/…`, `?ks=`), secrets and tokens in the query, and user:password
    replaced by `*`."""
    if "/" not in url and "=" not in url:
        return url  # every pattern needs one of them; most journalled parameters are plain values
    url = _USER_INFO.sub(r"\1*@", url)
    url = _KS_IN_PATH.sub(r"\1*", url)
    return _SECRET_IN_QUERY.sub(r"\1*", url)
