from pathlib import Path

from simulator.coverage import render

DOC = Path(__file__).resolve().parents[1] / "docs" / "api-coverage.md"


def test_api_coverage_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "regenerate: python -m simulator.coverage > docs/api-coverage.md"
    )
