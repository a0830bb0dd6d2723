"""The customer portal under `/portal`: sign in, entries, ordering OCR, results on a timeline, text-in-video search
and automated rules. Server-rendered pages that act only through the API (simulator/portal/api.py)."""

from __future__ import annotations

import secrets

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint(
    "portal",
    __name__,
    url_prefix="/portal",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)


@bp.record_once
def _configure(state: BlueprintSetupState) -> None:
    app = state.app
    # Sessions and CSRF tokens are signed with a key that lives as long as the process: signing in again after a
    # restart is the price of never writing a key to disk.
    if not app.secret_key:
        app.secret_key = secrets.token_hex(32)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config["SESSION_COOKIE_HTTPONLY"] = True


from simulator.portal import views  # noqa: E402,F401  (registers the routes on bp)
