"""The same parameters, sent through each transport the real api_v3 reads, decode identically."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask, request
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from simulator.api import Param
from simulator.wire.decode import Decoder
from simulator.wire.params import gather, path_pairs, split_bracket_key
from simulator.wire.routes import request_params

KEY = st.from_regex(r"[a-zA-Z][a-zA-Z0-9]{0,7}", fullmatch=True).filter(
    lambda k: k not in {"json", "service", "action"}
)
VALUE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda v: "/" not in v and v.strip() == v and v not in {".", ".."}
)
NESTED = st.recursive(VALUE, lambda children: st.dictionaries(KEY, children, min_size=1, max_size=3), max_leaves=8)
PARAMS = st.dictionaries(KEY, NESTED, min_size=1, max_size=4)


def flatten(params: dict[str, Any], sep: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                walk(f"{prefix}[{key}]" if sep == "[" else f"{prefix}:{key}", child)
        else:
            pairs.append((prefix, value))

    for key, value in params.items():
        walk(key, value)
    return pairs


@pytest.fixture(scope="module")
def app() -> Flask:
    return Flask(__name__)


def collect(app: Flask, path: str = "/api_v3/service/x/action/y", **kwargs: Any) -> dict[str, Any]:
    with app.test_request_context(path, method=kwargs.pop("method", "POST"), **kwargs):
        return request_params(request.path[len("/api_v3/") :])


@settings(max_examples=60, deadline=None)
@given(PARAMS)
def test_every_transport_gives_the_same_parameters(app: Flask, params: dict[str, Any]) -> None:
    expected = {"service": "x", "action": "y", **params}
    brackets = flatten(params, "[")
    colons = flatten(params, ":")
    seen = {
        "query brackets": collect(app, "/api_v3/service/x/action/y?" + urlencode(brackets), method="GET"),
        "query colons": collect(app, "/api_v3/service/x/action/y?" + urlencode(colons), method="GET"),
        "path pairs": collect(
            app, "/api_v3/service/x/action/y/" + "/".join(f"{quote(k, safe='')}/{quote(v, safe='')}" for k, v in colons)
        ),
        "form brackets": collect(app, data=MultiDict(brackets)),
        "form colons": collect(app, data=MultiDict(colons)),
        "json body": collect(app, data=json.dumps(params), content_type="application/json"),
        "multipart json": collect(app, data={"json": json.dumps(params)}, content_type="multipart/form-data"),
    }
    for transport, got in seen.items():
        assert got == expected, transport


def test_url_values_win_over_body_values(app: Flask) -> None:
    got = collect(app, "/api_v3/service/x/action/y/format/1?ks=fromquery", data={"ks": "frombody", "format": "2"})
    assert got["ks"] == "fromquery" and got["format"] == "1"


def test_json_body_only_with_the_exact_content_type(app: Flask) -> None:
    body = json.dumps({"a": "1"})
    assert collect(app, data=body, content_type="application/json")["a"] == "1"
    assert "a" not in collect(app, data=body, content_type="application/json; charset=utf-8")
    assert "a" not in collect(app, data=body, content_type="text/plain")


def test_empty_array_marker_and_json_lists() -> None:
    got = gather(path="", query=[("filter[-]", "")], content_type="", body=None, form=[], files=[])
    assert got == {"filter": {}}
    listed = gather(
        path="", query=[], content_type="application/json", body=b'{"a": [{"x": "1"}, {"x": "2"}]}', form=[], files=[]
    )
    assert listed == {"a": {"0": {"x": "1"}, "1": {"x": "2"}}}


def test_helpers() -> None:
    assert path_pairs("/service/x/action/y/odd") == [("service", "x"), ("action", "y")]
    assert split_bracket_key("a[b][c]") == ["a", "b", "c"]
    assert split_bracket_key("a[b") == ["a[b"]


def test_typed_decoding_is_transport_independent(app: Flask) -> None:
    declared = [
        Param("filter", "object", "KalturaFilterPager"),
        Param("flag", "bool", optional=True, default=False),
        Param("count", "int"),
    ]
    decoder = Decoder(lambda: 0.0)
    via_form = collect(
        app,
        data={"filter[pageSize]": "7", "filter[objectType]": "KalturaFilterPager", "flag": "True", "count": "12abc"},
    )
    via_json = collect(
        app, data=json.dumps({"filter": {"pageSize": 7}, "flag": True, "count": 12}), content_type="application/json"
    )
    assert decoder.action_arguments(declared, via_form) == decoder.action_arguments(declared, via_json)
