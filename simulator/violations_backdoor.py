"""`/__sim__/violations`: what the `--lint` follower found, with rule ID and citation.

- `GET`: `{"lint": bool, "violations": [{"id", "ruleId", "severity", "statement", "citation", "message",
  "evidence": [seq, ...], "time"}, ...]}` in the order found; `lint` is false when the server was started without
  `--lint` (then the list stays empty).
- `POST` `{"violations": [...]}`: how the follower (conformance/lint.py) reports; each needs `ruleId` and `message`.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from simulator.backdoor import BadRequest, body, bp, sim
from simulator.store import violations

_FIELDS = ("ruleId", "severity", "statement", "citation", "message", "evidence", "time")


def _clean(doc: Any) -> dict[str, Any]:
    if not isinstance(doc, dict) or not isinstance(doc.get("ruleId"), str) or not isinstance(doc.get("message"), str):
        raise BadRequest("each violation needs ruleId and message (strings)")
    evidence = doc.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(s, int) and not isinstance(s, bool) for s in evidence):
        raise BadRequest("evidence must be a list of journal seqs")
    return {k: doc[k] for k in _FIELDS if k in doc} | {"rule_id": doc["ruleId"]}


@bp.route("/violations", methods=["GET", "POST"])
def violation_list() -> Response:
    simulator = sim()
    if request.method == "POST":
        docs = body().get("violations")
        if not isinstance(docs, list):
            raise BadRequest('POST /__sim__/violations takes {"violations": [...]}')
        clean = [_clean(d) for d in docs]
        with simulator.db.transaction() as conn:
            for doc in clean:
                violations.add(conn, doc)
    found = [{k: v for k, v in d.items() if k != "rule_id"} for d in violations.all_violations(sim().db.connection())]
    return jsonify({"lint": simulator.config.lint, "violations": found})
