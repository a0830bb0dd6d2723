"""docs/rules.md from the rule catalog: `python -m conformance.catalog_doc > docs/rules.md` (a test fails when the
file is stale)."""

from __future__ import annotations

import sys

from conformance import scenarios
from conformance.rules import FAMILIES, SERVICES, catalog

FAMILY_TITLES = {
    "process": "The vendor process",
    "sessions": "Which KS each call uses",
    "client_tag": "clientTag",
    "lifecycle": "Task lifecycle",
    "media": "Fetching media",
    "deliverables": "Deliverables",
    "polling": "Polling and pickup",
    "timing": "Time: turnaround and expiry",
    "resilience": "Resilience under counted faults",
    "fairness": "Fairness between customers",
    "quality": "OCR quality on unseen fixtures",
}
SERVICE_TITLES = {
    "captions": "Captions (serviceFeature 1)",
    "translation": "Translation (serviceFeature 2)",
    "chaptering": "Chaptering (serviceFeature 5)",
    "metadata": "Metadata extraction on captions and translations (multiLingual_tags)",
    "extended_ad": "Extended audio description (serviceFeature 9)",
    "alignment": "Alignment (serviceFeature 3)",
    "live_caption": "Live caption (serviceFeature 8)",
    "language_check": "The media's language against the ordered sourceLanguage (captions)",
    "dubbing": "Dubbing (serviceFeature 7)",
    "audio_description": "Audio description (serviceFeature 4)",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    rules = catalog()
    out = [
        "# Certification rules",
        "",
        "Generated from `conformance/rules/` by `python -m conformance.catalog_doc > docs/rules.md`; do not edit.",
        "",
        f"{len(rules)} rules ({sum(r.severity == 'MUST' for r in rules)} MUST, "
        f"{sum(r.severity == 'SHOULD' for r in rules)} SHOULD). `reachsim certify` exits 0 only when every MUST rule "
        "passes (or does not apply) in every scenario of the profile. Citations: `seeds/003` is Kaltura's REACH vendor "
        "guide, `ref` is reference/kaltura-api.md, DESIGN.md is the project's design.",
        "",
    ]
    for family in FAMILIES:
        out += [f"## {FAMILY_TITLES[family]}", "", "| ID | Severity | Rule | Citation |", "| --- | --- | --- | --- |"]
        for rule in (r for r in rules if r.family == family):
            out.append(f"| {rule.id} | {rule.severity} | {_cell(rule.statement)} | {_cell(rule.citation)} |")
        out.append("")
    out += ["# Rules by REACH service", ""]
    for service in SERVICES:
        out += [
            f"## {SERVICE_TITLES[service]}",
            "",
            f"`reachsim certify --service {service}` runs: {', '.join(scenarios.SERVICES[service])}.",
            "",
            "| ID | Severity | Rule | Citation |",
            "| --- | --- | --- | --- |",
        ]
        for rule in (r for r in rules if r.family == service):
            out.append(f"| {rule.id} | {rule.severity} | {_cell(rule.statement)} | {_cell(rule.citation)} |")
        out.append("")
    out += ["## Scenarios", "", "| Scenario | Profiles | What it sets up |", "| --- | --- | --- |"]
    for name in scenarios.names():
        profiles = ", ".join(p for p, names in scenarios.PROFILES.items() if name in names)
        out.append(f"| {name} | {profiles} | {_cell(scenarios.load(name).summary)} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
