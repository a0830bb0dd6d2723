from pathlib import Path

from conformance.catalog_doc import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rules_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "regenerate: python -m conformance.catalog_doc > docs/rules.md"
