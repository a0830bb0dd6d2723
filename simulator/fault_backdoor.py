"""`/__sim__/faults`: register count-limited faults, read back how many each met, clear them (simulator/faults.py).

- `POST` `{"faults": [FAULT, ...]}` or one FAULT object: registers them (all or none) and answers
  `{"faults": [...]}` with their ids. A FAULT is described in simulator/faults.py and docs/faults.md.
- `GET`: every fault with `seen` (matching requests), `met` (requests it acted on), `remaining`, and `metAt` (the
  journal seqs of those requests).
- `DELETE`: removes every fault (so does `POST /__sim__/reset`).
"""

from __future__ import annotations

from flask import Response, jsonify, request

from simulator import faults
from simulator.backdoor import BadRequest, body, bp, sim


@bp.route("/faults", methods=["GET", "POST", "DELETE"])
def fault_list() -> Response:
    simulator = sim()
    if request.method == "DELETE":
        faults.clear(simulator)
        return jsonify({"faults": []})
    if request.method == "POST":
        payload = body()
        docs = payload.get("faults", [payload])
        if not isinstance(docs, list) or not docs:
            raise BadRequest('POST /__sim__/faults takes {"faults": [FAULT, ...]} or one FAULT object')
        try:
            return jsonify({"faults": faults.register(simulator, docs)})
        except faults.FaultError as exc:
            raise BadRequest(str(exc)) from exc
    return jsonify({"faults": faults.listing(simulator)})
