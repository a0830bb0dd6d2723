"""The full profile's OCR-quality scenario: fixtures drawn from a seed, the quality rules on scored runs, box overlap,
the report's timeline; and (slow) the scenario end to end with the reference vendor at reduced size."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conformance import quality, scoring
from conformance.model import Run, VendorProcess, Verdict
from conformance.report.timeline import svg
from conformance.results import evaluate
from conformance.rules import catalog
from conformance.rules.quality import THRESHOLDS
from fixtures import unseen

RULES = catalog()


def test_fixture_names_cover_every_class_and_follow_the_seed() -> None:
    names = quality.fixture_names(7, 8)
    assert sorted(kind for _, kind in names) == sorted(unseen.KINDS)
    assert all(name.startswith(f"unseen-test-{kind}-") for name, kind in names)
    assert quality.fixture_names(7, 8) == names
    assert quality.fixture_names(8, 8) != names
    assert [k for _, k in quality.fixture_names(7, 10)][:8] == [k for _, k in names]
    assert set(THRESHOLDS) == set(unseen.KINDS)


TRUTH = {
    "video": {"duration": 4.0},
    "lines": [
        {"id": "L1", "text": "Quarterly results", "kind": "static",
         "instances": [{"start": 0.0, "end": 2.0, "box": {"left": 10, "top": 10, "width": 200, "height": 30}}]},
        {"id": "L2", "text": "Ana Lucía Pérez", "kind": "static",
         "instances": [{"start": 2.0, "end": 4.0, "box": {"left": 10, "top": 100, "width": 180, "height": 30}}]},
    ],
}  # fmt: skip


def delivered(truth: dict[str, Any], shift: float = 0.0, text: dict[str, str] | None = None) -> dict[str, Any]:
    """An insight that says what the truth says (boxes moved by `shift` of their width, texts replaced)."""
    items = []
    for line in truth["lines"]:
        inst = line["instances"][0]
        box = inst["box"]
        items.append(
            {
                "id": line["id"],
                "text": (text or {}).get(line["id"], line["text"]),
                "left": box["left"] + shift * box["width"],
                "top": box["top"],
                "width": box["width"],
                "height": box["height"],
                "instances": [{"start": inst["start"], "end": inst["end"]}],
            }
        )
    return {"schema": "reachsim/ocr/v1", "ocr": items}


def test_box_overlap_is_one_for_the_same_boxes_and_falls_as_they_move() -> None:
    assert scoring.box_overlap(TRUTH, delivered(TRUTH)) == pytest.approx(1.0)
    assert scoring.box_overlap(TRUTH, delivered(TRUTH, shift=0.5)) == pytest.approx(1 / 3)
    assert scoring.box_overlap(TRUTH, {"ocr": []}) is None


def quality_run(records: list[dict[str, Any]]) -> Run:
    return Run("ocr-quality", 2001, "v", [], [], {"tasks": []}, VendorProcess("v"), quality=records, fixture_seed=7)


def record(kind: str, doc: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"fixture": f"unseen-test-{kind}-1", "kind": kind, "taskId": 1}
    if doc is None:
        out["error"] = "no insight delivered (task status 6)"
    else:
        out["scores"] = scoring.score(TRUTH, doc) | {"box_iou": scoring.box_overlap(TRUTH, doc)}
    out["timeline"] = quality.timeline(TRUTH, doc)
    return out


def verdicts(run: Run) -> dict[str, str]:
    return {r.rule_id: r.verdict for r in evaluate(RULES, run) if r.rule_id.startswith("REACH-QUAL")}


def test_a_faithful_insight_passes_every_quality_rule() -> None:
    assert set(verdicts(quality_run([record("slides", delivered(TRUTH))])).values()) == {Verdict.PASS}


def test_missing_insight_and_poor_text_fail_by_class() -> None:
    poor = delivered(TRUTH, text={"L1": "Quartely resuls", "L2": "Ana Lucia Perez"})
    results = verdicts(quality_run([record("slides", poor), record("pages", None)]))
    assert results["REACH-QUAL-001"] == Verdict.FAIL
    assert results["REACH-QUAL-002"] == Verdict.FAIL  # slides allow WER 0.30; this one misses 4 of 5 words
    lenient = verdicts(quality_run([record("names", delivered(TRUTH, text={"L2": "Ana Lucia Perez"}))]))
    assert lenient["REACH-QUAL-002"] == Verdict.PASS  # names allow more: diacritics are the hard part


def test_misplaced_boxes_fail_the_overlap_rule() -> None:
    assert verdicts(quality_run([record("slides", delivered(TRUTH, shift=0.9))]))["REACH-QUAL-005"] == Verdict.FAIL


def test_no_quality_fixtures_means_not_applicable() -> None:
    assert set(verdicts(quality_run([])).values()) == {Verdict.NOT_APPLICABLE}


def test_timeline_svg_draws_one_bar_per_span_and_escapes_text() -> None:
    doc = delivered(TRUTH, text={"L1": "<b>&</b>"})
    drawing = str(svg(quality.timeline(TRUTH, doc)))
    assert drawing.startswith("<svg") and drawing.count("<rect") == 4
    assert "<b>" not in drawing and "&lt;b&gt;&amp;" in drawing


@pytest.mark.e2e
@pytest.mark.slow
def test_quality_scenario_end_to_end_at_reduced_size(tmp_path: Path) -> None:
    from conformance.runner import Fixtures, certify

    command = f"{sys.executable} -m simulator.cli vendor"
    report = certify(command, ["ocr-quality"], tmp_path, "full", fixtures=Fixtures(seed=7, count=2))
    [scenario] = report.scenarios
    assert scenario.run is not None and scenario.run.fixture_seed == 7
    assert [q["fixture"] for q in scenario.run.quality] == [n for n, _ in quality.fixture_names(7, 2)]
    results = {r.rule_id: r for r in scenario.results}
    assert results["REACH-QUAL-001"].verdict == Verdict.PASS, results["REACH-QUAL-001"].message
    assert json.loads(json.dumps(report.to_dict()))["fixtureSeed"] == 7
    assert copy.deepcopy(scenario.run.quality[0]["timeline"])["truth"]


def test_late_and_missing_lines_fail_timing_and_recall() -> None:
    doc = delivered(TRUTH)
    late = copy.deepcopy(doc)
    for item in late["ocr"]:
        item["instances"][0]["end"] += 2.5  # each line said to stay 2.5 s after it left the screen
    assert verdicts(quality_run([record("slides", late)]))["REACH-QUAL-004"] == Verdict.FAIL
    half = {"schema": doc["schema"], "ocr": doc["ocr"][:1]}
    assert verdicts(quality_run([record("slides", half)]))["REACH-QUAL-003"] == Verdict.FAIL


def test_run_quality_is_judged_on_the_mean_over_fixtures() -> None:
    poor = delivered(TRUTH, text={"L1": "Quartely resuls", "L2": "Ana Lucia Perez"})
    assert verdicts(quality_run([record("names", poor)] * 2))["REACH-QUAL-006"] == Verdict.FAIL
    mixed = [record("names", poor), *[record("slides", delivered(TRUTH))] * 3]
    assert verdicts(quality_run(mixed))["REACH-QUAL-006"] == Verdict.PASS


def test_certify_cli_takes_seed_and_fixture_count_and_refuses_zero(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from conformance import cli

    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["certify", "--vendor-cmd", "v", "--seed", "42", "--fixtures", "2"])
    assert (args.seed, args.fixtures, args.profile) == (42, 2, "full")
    args = parser.parse_args(["certify", "--vendor-cmd", "v", "--fixtures", "0"])
    assert cli.certify_command(args) == 2
    assert "--fixtures must be at least 1" in capsys.readouterr().err


def test_html_report_with_timelines_fetches_nothing_from_outside(tmp_path: Path) -> None:
    import re

    from conformance.report import write_all
    from conformance.results import Report, ScenarioResult

    run = quality_run([record("slides", delivered(TRUTH)), record("names", None)])
    report = Report("v", "full", "now", 1.0, [ScenarioResult("ocr-quality", "", evaluate(RULES, run), run)])
    html = write_all(report, tmp_path)["html"].read_text()
    assert html.count("<svg") == 2 and "seed 7" in html
    assert re.findall(r"https?://", html) == []
    assert not re.search(r"<(link|img|iframe)\b|<script[^>]+src=|url\(", html)
