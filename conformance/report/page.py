"""The HTML report for people: one self-contained page (no external assets) with verdicts, evidence, each
scenario's journal and the vendor's output, filterable by verdict."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from conformance.report import timeline
from conformance.report.evidence import describe
from conformance.results import Report
from conformance.rules.resilience import reactions


def render(report: Report) -> str:
    env = Environment(loader=PackageLoader("conformance.report", "templates"), autoescape=select_autoescape())
    env.filters["describe"] = describe
    env.filters["timeline"] = timeline.svg
    env.globals["reactions"] = reactions
    template = env.get_template("report.html")
    return template.render(report=report, data=report.to_dict(), must_failures=report.must_failures())
