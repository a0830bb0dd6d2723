"""The scenario keys of the alignment, live caption and language-check scenarios: what they load into, what they
refuse, and that any JSON value either loads as given or is refused with ScenarioError (never another error)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import scenarios

TASK = {"key": "t1", "account": "customer", "item": "captions", "expect": "ready"}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def test_the_service_scenarios_load_their_keys():
    live = scenarios.load("live-caption")
    assert live.tasks[0].live == {"startsIn": 7200, "lasts": 1800}
    assert [(s.when, s.seconds) for s in live.script] == [("scheduled", 7201.0), ("processing", 9001.0)]
    alignment = scenarios.load("alignment")
    assert [(t.language, t.accuracy) for t in alignment.transcripts] == [("English", 100)]
    mismatch = scenarios.load("captions-language-mismatch")
    assert [(m.account, m.entry, m.language) for m in mismatch.media_languages] == [("customer", 0, "German")]


@pytest.mark.parametrize(
    ("extra", "complaint"),
    [
        ({"tasks": [{**TASK, "live": {"startsIn": "soon", "lasts": 60}}]}, "live takes"),
        ({"tasks": [{**TASK, "live": {"startsIn": True, "lasts": 60}}]}, "live takes"),
        ({"transcripts": [{"account": "customer", "language": "English"}]}, "transcripts needs"),
        ({"transcripts": "English"}, "must be a list"),
        ({"mediaLanguages": [{"account": "customer", "entry": -1, "language": "German"}]}, "media language needs"),
        ({"mediaLanguages": [["German"]]}, "must be a list of objects"),
    ],
)
def test_bad_service_keys_are_refused_with_a_reason(extra: dict[str, Any], complaint: str):
    with pytest.raises(scenarios.ScenarioError, match=complaint):
        scenarios.parse({"name": "x", "tasks": [TASK], **extra})


@given(live=JSON, transcripts=JSON, languages=JSON)
def test_any_json_in_the_service_keys_loads_or_is_refused(live: Any, transcripts: Any, languages: Any):
    doc = {"name": "x", "tasks": [{**TASK, "live": live}], "transcripts": transcripts, "mediaLanguages": languages}
    try:
        loaded = scenarios.parse(doc)
    except scenarios.ScenarioError:
        return
    assert loaded.tasks[0].live == (None if live is None else {k: live[k] for k in ("startsIn", "lasts")})
    assert len(loaded.transcripts) == len(transcripts) and len(loaded.media_languages) == len(languages)
