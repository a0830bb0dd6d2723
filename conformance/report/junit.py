"""JUnit XML for CI: one test suite per scenario, one test case per rule; evidence in the failure text.

fail → <failure type="MUST|SHOULD">, not applicable → <skipped>, harness fault → <error type="harness"> (never a
failure), a fault the vendor never met → <error type="fault_not_reached"> (nothing proven: no pass either).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conformance.report.evidence import lines
from conformance.results import Report

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd]")


def _text(value: str) -> str:
    """XML 1.0 cannot carry most control characters: a vendor's log may hold them."""
    return _NOT_XML.sub("\ufffd", value)


def render(report: Report) -> str:
    root = ET.Element("testsuites", name=f"reachsim certify ({report.profile})", time=f"{report.seconds:.2f}")
    for scenario in report.scenarios:
        counts = scenario.counts()
        suite = ET.SubElement(
            root,
            "testsuite",
            name=scenario.scenario,
            tests=str(len(scenario.results)),
            failures=str(counts["fail"]),
            errors=str(counts["harness_error"] + counts["fault_not_reached"]),
            skipped=str(counts["not_applicable"]),
            time=f"{scenario.seconds:.2f}",
        )
        journal = scenario.run.journal if scenario.run else []
        for result in scenario.results:
            case = ET.SubElement(
                suite, "testcase", classname=f"certify.{scenario.scenario}", name=f"{result.rule_id} {result.statement}"
            )
            body = "\n".join([result.message, f"citation: {result.citation}", *lines(journal, result.evidence)])
            if result.verdict == "fail":
                failure = ET.SubElement(case, "failure", type=result.severity, message=_text(result.message))
                failure.text = _text(body)
            elif result.verdict in ("harness_error", "fault_not_reached"):
                kind = "harness" if result.verdict == "harness_error" else result.verdict
                error = ET.SubElement(case, "error", type=kind, message=_text(result.message))
                error.text = _text(body)
            elif result.verdict == "not_applicable":
                ET.SubElement(case, "skipped", message=_text(result.message))
        if scenario.run is not None:
            out = ET.SubElement(suite, "system-out")
            out.text = _text(scenario.run.process.stdout_tail)
            err = ET.SubElement(suite, "system-err")
            err.text = _text(scenario.run.process.stderr_tail)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
