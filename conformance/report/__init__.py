"""Reports from one result model (conformance.results.Report): JSON for machines, JUnit XML for CI, HTML for
people. `write_all` puts the three beside the vendor's output files in the report directory."""

from __future__ import annotations

from pathlib import Path

from conformance.report import json_report, junit, page
from conformance.results import Report

FILES = {"json": "report.json", "junit": "junit.xml", "html": "report.html"}


def write_all(report: Report, report_dir: Path) -> dict[str, Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    paths = {kind: report_dir / name for kind, name in FILES.items()}
    paths["json"].write_text(json_report.render(report))
    paths["junit"].write_text(junit.render(report))
    paths["html"].write_text(page.render(report))
    return paths
