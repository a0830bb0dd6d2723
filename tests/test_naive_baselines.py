"""The 1-fps Tesseract baselines the OCR benchmarks compare against read a plain slide clip."""

from __future__ import annotations

import json

import pytest

from bench.ocr import naive
from conformance import scoring
from fixtures import unseen

SHORT = 4.0


@pytest.mark.e2e
@pytest.mark.parametrize("baseline", sorted(naive.BASELINES))
def test_baseline_reads_a_slide_clip_once_a_second(baseline, tmp_path, monkeypatch):
    monkeypatch.setenv("REACHSIM_CACHE_DIR", str(tmp_path))
    video, truth_path = unseen.ensure("unseen-dev-slides-0", SHORT)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    doc, wall = naive.BASELINES[baseline](video)
    assert wall > 0
    starts = {inst["start"] for item in doc["ocr"] for inst in item["instances"]}
    assert starts and starts <= {float(s) for s in range(int(SHORT))}
    doc["video"] = truth["video"]
    assert scoring.score(truth, doc)["line_recall"] >= 0.8
