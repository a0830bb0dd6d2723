"""Kaltura list filters read by name: `<field><Operator>`, one reading for every list action."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from simulator import filters

DOC = {"id": "0_abc", "status": 2, "tags": "ocr, News", "createdAt": 100, "partnerId": 1001}


def test_operators() -> None:
    assert filters.matches(DOC, {"idEqual": "0_abc", "statusIn": "1,2", "createdAtGreaterThanOrEqual": 100})
    assert not filters.matches(DOC, {"statusNotIn": "2,3"})
    assert filters.matches(DOC, {"statusEqual": "2", "statusNotEqual": 3})
    assert filters.matches(DOC, {"tagsLike": "news", "tagsMultiLikeOr": "x,ocr", "tagsMultiLikeAnd": "ocr,news"})
    assert not filters.matches(DOC, {"tagsMultiLikeAnd": "ocr,sport"})
    assert not filters.matches(DOC, {"createdAtLessThanOrEqual": 99})


def test_unset_and_non_condition_properties_are_ignored() -> None:
    assert filters.matches(DOC, {"idEqual": None, "orderBy": "+createdAt", "noOperatorHere": "x", "idIn": ""})


def test_keys_and_special() -> None:
    assert filters.matches(DOC, {"entryIdEqual": "0_abc"}, keys={"entryId": "id"})
    assert not filters.matches(DOC, {"freeText": "sport"}, special={"freeText": lambda d, v: v in d["tags"]})


@given(st.from_regex(r"[a-z][A-Za-z]{0,12}", fullmatch=True), st.sampled_from(filters._OPERATORS))
def test_names_split_into_field_and_operator(field: str, operator: str) -> None:
    name = field + operator
    # "aNotIn" is ("a", "NotIn"), never ("aNot", "In"): the longer operator wins, as Kaltura names its filters.
    assume(not any(len(o) > len(operator) and name.endswith(o) for o in filters._OPERATORS))
    assert filters.split_name(name) == (field, operator)
