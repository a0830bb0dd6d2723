"""Delivery errors the way playManifest answers them (KExternalErrors): HTTP 404, empty body, two headers."""

from __future__ import annotations

from flask import Response

ENTRY_NOT_FOUND = 1
FLAVOR_NOT_FOUND = 6
INVALID_KS = 7
BAD_QUERY = 25

DESCRIPTIONS = {
    ENTRY_NOT_FOUND: "requested entry not found",
    FLAVOR_NOT_FOUND: "requested flavor was not found",
    INVALID_KS: "ks is not valid",
    BAD_QUERY: "wrong query attributes",
}


class DeliveryError(Exception):
    """Raised anywhere in a delivery request; the blueprint turns it into the 404 response."""

    def __init__(self, code: int) -> None:
        super().__init__(f"error {code} - {DESCRIPTIONS[code]}")
        self.code = code


def error_response(error: DeliveryError) -> Response:
    response = Response(b"", status=404)
    response.headers["X-Kaltura"] = f"error-{error.code}"
    response.headers["X-Kaltura-App"] = f"exiting on error {error.code} - {DESCRIPTIONS[error.code]}"
    return response
