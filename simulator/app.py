"""create_app: the only place a simulator app is built (no global app, no work at import time)."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from simulator import seeds
from simulator.config import Config
from simulator.runtime import Simulator


def create_app(config: Config) -> Flask:
    """The app over config's database (created and seeded if new). Whoever owns the files owns their removal:
    `simulator.live.LiveServer` for a temporary directory, the caller otherwise."""
    import simulator.services  # noqa: F401  (registers every service and action)
    from simulator import backdoor
    from simulator.delivery import routes as delivery
    from simulator.wire import routes

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = None
    sim = Simulator(config)
    app.extensions["reachsim"] = sim
    app.register_blueprint(routes.bp)
    app.register_blueprint(backdoor.bp)
    app.register_blueprint(delivery.bp)
    if config.seed != "none":
        seeds.apply(sim, config.seed)

    @app.errorhandler(404)
    def not_found(_exc: Exception) -> Response | tuple[Response, int]:
        if request.path.startswith("/api_v3/"):
            # A path the router cannot match (e.g. a control character in it) is still an API call.
            return routes.api(request.path[len("/api_v3/") :])
        return jsonify({"error": f"no such path: {request.path}"}), 404

    @app.errorhandler(405)
    def not_allowed(_exc: Exception) -> tuple[Response, int]:
        return jsonify({"error": f"method {request.method} not allowed on {request.path}"}), 405

    @app.errorhandler(Exception)
    def internal(exc: Exception) -> tuple[Response, int]:
        if isinstance(exc, HTTPException):
            return jsonify({"error": exc.description or exc.name}), exc.code or 500
        logging.getLogger("reachsim").exception("unhandled error on %s", request.path)
        sim.record_error(exc)
        return jsonify({"error": "internal error", "type": type(exc).__name__}), 500

    return app
