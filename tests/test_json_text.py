"""simulator.json_text: whatever it writes it reads back, on orjson's path and on the fallback alike."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from simulator.store import json_text

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()  # lone surrogates included: the fallback
)
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20
)


@given(_VALUES)
def test_what_is_written_reads_back(value: object) -> None:
    text = json_text.dumps(value)
    assert json_text.loads(text) == value
    assert json.loads(text) == value  # plain JSON any reader takes
    text.encode("utf-8")  # storable and sendable: no lone surrogate survives unescaped


def test_integers_past_64_bits_are_written_exactly_and_read_as_floats() -> None:
    text = json_text.dumps({"n": 2**70})
    assert json.loads(text) == {"n": 2**70}
    assert json_text.loads(text) == {"n": float(2**70)}


def test_non_string_keys_become_strings_as_the_standard_library_writes_them() -> None:
    assert json_text.loads(json_text.dumps({1: "a", 2.5: "b"})) == json.loads(json.dumps({1: "a", 2.5: "b"}))


def test_non_finite_floats_are_written_as_null() -> None:
    assert json_text.loads(json_text.dumps({"price": math.inf, "x": math.nan})) == {"price": None, "x": None}


def test_files_of_older_releases_with_infinity_still_read() -> None:
    assert json_text.loads('{"price": Infinity}') == {"price": math.inf}
