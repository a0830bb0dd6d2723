"""The rule catalog: every rule registers itself with its ID, severity, statement and citation.

Citations name the vendor guide (`003` = /seeds/003_*, the Kaltura REACH vendor guide) and its section, the
reference facts (`ref` = reference/kaltura-api.md) or DESIGN.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from conformance.model import Check, Rule, Severity

GUIDE = "seeds/003 (Kaltura REACH vendor guide)"
FAMILIES = (
    "process",
    "sessions",
    "client_tag",
    "lifecycle",
    "media",
    "deliverables",
    "polling",
    "timing",
    "resilience",
    "fairness",
    "quality",
)
# Per service feature: conformance/rules/services/<name>.py, <name> being the demo seed's catalog item key.
SERVICES = (
    "captions",
    "translation",
    "chaptering",
    "metadata",
    "extended_ad",
    "alignment",
    "live_caption",
    "language_check",
    "dubbing",
    "audio_description",
)
_CATALOG: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, statement: str, citation: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if rule_id in _CATALOG:
            raise ValueError(f"rule {rule_id} registered twice")
        family = check.__module__.rsplit(".", 1)[-1]
        _CATALOG[rule_id] = Rule(rule_id, Severity(severity), statement, citation, check, family)
        return check

    return register


def catalog() -> list[Rule]:
    for family in FAMILIES:
        importlib.import_module(f"conformance.rules.{family}")
    for service in SERVICES:
        importlib.import_module(f"conformance.rules.services.{service}")
    return sorted(_CATALOG.values(), key=lambda r: r.id)
