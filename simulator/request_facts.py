"""What a call asked for, in its journal entry: the parameters the certification rules read (which status an
updateJob set, which entry getPlaybackContext named, what an asset was created with), never a credential.

Kept beside the journal rather than in the services so every action records its request the same way.
"""

from __future__ import annotations

from typing import Any

from simulator.redaction import redact_url

# Credentials and transport switches: never journalled.
_SKIPPED = frozenset({"ks", "secret", "clientTag", "format", "service", "action", "partnerId", "accessKey", "token"})
_MAX_TEXT = 300


def _scalar(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, str):
        # A URL parameter (a KalturaUrlResource's) may carry a KS, a secret or a token: redacted before it is cut.
        return redact_url(value)[:_MAX_TEXT]
    return None


def _skipped(name: str) -> bool:
    lowered = name.lower()
    return name in _SKIPPED or lowered == "ks" or "secret" in lowered or "hash" in lowered


def request_facts(params: dict[str, Any]) -> dict[str, Any]:
    """Scalar parameters and the scalar fields of object parameters (one level deep), credentials left out."""
    facts: dict[str, Any] = {}
    for name, value in params.items():
        if _skipped(name) or name.isdigit():
            continue
        if isinstance(value, dict):
            scalars = {k: _scalar(v) for k, v in value.items() if not _skipped(k)}
            fields = {k: v for k, v in scalars.items() if v is not None}
            if fields:
                facts[name] = fields
        elif (scalar := _scalar(value)) is not None:
            facts[name] = scalar
    return facts


def request_notes(params: dict[str, Any]) -> dict[str, Any]:
    """The journal's `extra.request`, absent when the call carried nothing but credentials."""
    facts = request_facts(params)
    return {"request": facts} if facts else {}
