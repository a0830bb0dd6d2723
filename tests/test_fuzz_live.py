"""Bad input against the live server, driven by hypothesis: random services, actions, parameter names and values,
bracket and JSON nesting, encodings, truncated and oversized bodies, broken multipart, and playManifest / serveFlavor
paths. Every answer is below 500 and free of tracebacks; every API error is a Kaltura error object in the format
asked for; the simulator catches no internal error.

CI runs REACHSIM_FUZZ_EXAMPLES (default 120) requests per test; the full run is
`REACHSIM_FUZZ_EXAMPLES=5000 pytest -m slow tests/test_fuzz_live.py` (two tests: 10,000 requests).
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simulator.services  # noqa: F401  (registers every action)
from simulator.api import SERVICES

EXAMPLES = int(os.environ.get("REACHSIM_FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
pytestmark = pytest.mark.slow

ACTIONS = sorted(
    (svc.id, action.name, tuple(p.name for p in action.params))
    for svc in SERVICES.values()
    for action in svc.actions.values()
)
SERVICE_NAMES = sorted({a[0] for a in ACTIONS})
# Values that reach deeper code: ids of the seed's kinds, Kaltura-looking scalars, nasty strings.
INTERESTING = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "1",
        "5001",
        "301",
        "401",
        "0_abc",
        "1_xxxxxxxx",
        "true",
        "null",
        "__null",
        "9" * 40,
        "1e308",
        "NaN",
        "../../etc/passwd",
        "/../../../tmp/X",
        "%00",
        "\x00",
        "ü€😀",
        "<x>&amp;",
        "KalturaMediaEntry",
        "KalturaEntryVendorTask",
        "KalturaUploadedFileTokenResource",
        "KalturaUrlResource",
        "KalturaStringResource",
        "a" * 5000,
    ]
)
SCALAR = st.one_of(INTERESTING, st.text(max_size=40), st.integers(-(2**70), 2**70).map(str))
NAME_PART = st.one_of(
    st.sampled_from(["objectType", "id", "entryId", "status", "0", "1", "-", "", "__proto__"]), st.text(max_size=12)
)
# JSON bodies nest objects and arrays themselves, with JSON's own scalars among the strings.
JSON_VALUE = st.recursive(
    st.one_of(
        SCALAR, st.none(), st.booleans(), st.floats(allow_nan=False, allow_infinity=False), st.integers(-(2**70), 2**70)
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(NAME_PART, inner, max_size=3)),
    max_leaves=10,
)


@st.composite
def param_name(draw: st.DrawFn, known: tuple[str, ...]) -> str:
    base = draw(st.sampled_from(known) if known and draw(st.booleans()) else NAME_PART)
    nesting = draw(st.lists(NAME_PART, max_size=4))
    style = draw(st.sampled_from(["brackets", "colons", "broken"]))
    if style == "brackets":
        return base + "".join(f"[{part}]" for part in nesting)
    if style == "colons":
        return ":".join([base, *nesting])
    return base + "[" + "][".join(nesting)


@st.composite
def api_request(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.integers(0, 9)) < 8:
        service, action, known = draw(st.sampled_from(ACTIONS))
    else:
        service, action, known = (
            draw(st.sampled_from([*SERVICE_NAMES, "", "multirequest", "x"])),
            draw(st.text(max_size=20)),
            (),
        )
    fields = draw(st.dictionaries(param_name(known), SCALAR, max_size=8))
    fmt = draw(st.sampled_from(["1", "2", "9", "3", "", "x"]))
    fields["format"] = fmt
    return {
        "service": service,
        "action": action,
        "fields": fields,
        "ks": draw(st.sampled_from(["admin", "vendor", "none", "garbage"])),
        "where": draw(
            st.sampled_from(
                ["path", "query", "form", "json", "multipart", "broken-multipart", "truncated-json", "oversized", "raw"]
            )
        ),
        "raw": draw(st.binary(max_size=300)),
        "nested": draw(st.dictionaries(st.sampled_from(known) if known else NAME_PART, JSON_VALUE, max_size=4)),
    }


def _path_segment(value: str) -> str:
    return quote(value, safe="") or "x"


def send_api(reachsim: Any, sessions: dict[str, str], req: dict[str, Any]) -> tuple[str, requests.Response]:
    fields = dict(req["fields"])
    if req["ks"] in sessions:
        fields["ks"] = sessions[req["ks"]]
    elif req["ks"] == "garbage":
        fields["ks"] = "djJ8" + req["raw"].hex()
    service, action = _path_segment(req["service"]), _path_segment(req["action"])
    url = f"{reachsim.url}/api_v3/service/{service}/action/{action}"
    where, raw = req["where"], req["raw"]
    fmt = str(fields.get("format"))
    if "/" in req["service"] + req["action"]:
        fmt = "?"  # the decoded "/" adds path pairs, which may name another format
    timeout = 60
    if where == "path":
        tail = "".join(f"/{_path_segment(k)}/{_path_segment(str(v))}" for k, v in fields.items())
        # The server decodes %2F before splitting the path into pairs, so a "/" or an empty part shifts them.
        shifted = any(not str(x) or "/" in str(x) for pair in fields.items() for x in pair)
        return "?" if shifted else fmt, requests.get(url + tail, timeout=timeout)
    if where == "query":
        return fmt, requests.get(url, params=fields, timeout=timeout)
    if where == "form":
        return fmt, requests.post(url, data=fields, timeout=timeout)
    if where == "json":
        return fmt, requests.post(url, json={**req["nested"], **fields}, timeout=timeout)
    if where == "multipart":
        files = {"fileData": ("x.bin", raw, "application/octet-stream")}
        return fmt, requests.post(url, data=fields, files=files, timeout=timeout)
    if where == "broken-multipart":
        body = b'--b\r\nContent-Disposition: form-data; name="format"\r\n\r\n' + fmt.encode() + b"\r\n--b\r\n" + raw
        headers = {"Content-Type": "multipart/form-data; boundary=b"}
        # A body that does not parse counts as empty (as PHP sees it): the format may be lost with it.
        return "?", requests.post(url, data=body, headers=headers, timeout=timeout)
    if where == "truncated-json":
        body = json.dumps(fields).encode()
        return "2", requests.post(
            url, data=body[: max(1, len(body) // 2)], headers={"Content-Type": "application/json"}, timeout=timeout
        )
    if where == "oversized":
        big = {**fields, "blob": "x" * (3 * 1024 * 1024)}
        return fmt, requests.post(url, data=big, timeout=timeout)
    return "2", requests.post(url, data=raw, headers={"Content-Type": "application/octet-stream"}, timeout=timeout)


ANSWER_TYPES = {"1": "application/json", "9": "application/javascript"}


# session.get of a `session` string that does not parse: ks::fromSecureString throws a plain Exception, which
# Kaltura's front controller answers as INTERNAL_SERVERL_ERROR; the simulator keeps that answer (docs/reliability.md).
KALTURA_OWN_INTERNAL_ERRORS = {("session", "get")}


def check_api_answer(fmt: str, answer: requests.Response, internal_allowed: bool = False) -> None:
    """`fmt` is the format asked for ("?" when the request may have lost it)."""
    assert answer.status_code < 500, answer.text[:500]
    text = answer.text
    assert "Traceback" not in text, text[:500]
    assert internal_allowed or "INTERNAL_SERVER" not in text.upper().replace("SERVERL", "SERVER"), text[:500]
    content_type = answer.headers.get("Content-Type", "")
    if content_type.startswith(("video/", "application/octet-stream", "text/plain", "image/")):
        return  # a serve action answered with the file itself
    if fmt != "?":
        assert content_type.startswith(ANSWER_TYPES.get(fmt, "text/xml")), (fmt, content_type)
    if content_type.startswith("application/json"):
        document = answer.json()
        errors = (
            [document]
            if isinstance(document, dict)
            else [d for d in document if isinstance(d, dict)]
            if isinstance(document, list)
            else []
        )
        for item in errors:
            if item.get("objectType") == "KalturaAPIException":
                assert item.get("code") and isinstance(item.get("message"), str), item
    elif content_type.startswith("text/xml"):
        root = ET.fromstring(answer.content)
        assert root.tag == "xml", text[:300]
        for error in root.iter("error"):
            assert error.findtext("code"), text[:300]
            assert error.find("message") is not None, text[:300]


@pytest.fixture
def sessions(reachsim: Any) -> dict[str, str]:
    return {"admin": reachsim.sessions.admin(), "vendor": reachsim.sessions.vendor()}


@FUZZ
@given(req=api_request())
def test_api_answers_every_bad_request_with_a_kaltura_error(
    reachsim: Any, sessions: dict[str, str], req: dict[str, Any]
) -> None:
    fmt, answer = send_api(reachsim, sessions, req)
    own = (req["service"].lower(), req["action"].lower()) in KALTURA_OWN_INTERNAL_ERRORS
    check_api_answer(fmt, answer, internal_allowed=own)
    caught = reachsim.sim.take_errors()
    assert not caught, caught


MEDIA_WORDS = st.sampled_from(
    [
        "entryId",
        "flavorId",
        "flavorIds",
        "format",
        "protocol",
        "ks",
        "a.mp4",
        "name",
        "v",
        "1",
        "applehttp",
        "url",
        "mpegdash",
        "hls",
        "seg-1-v1-a1.ts",
        "index.m3u8",
        "..",
        "%2e%2e",
        "0_abc",
    ]
)


@st.composite
def media_path(draw: st.DrawFn) -> str:
    pid = draw(st.sampled_from(["1001", "2002", "0", "99999999999999999999", "abc"]))
    kind = draw(st.sampled_from(["playManifest", "serveFlavor", "hls-serveFlavor", "pd-serveFlavor"]))
    parts = draw(st.lists(st.one_of(MEDIA_WORDS, st.text(max_size=15)), max_size=10))
    tail = "/".join(_path_segment(p) for p in parts)
    if kind == "playManifest":
        return f"/p/{pid}/sp/{pid}00/playManifest/{tail}"
    if kind == "serveFlavor":
        return f"/p/{pid}/sp/{pid}00/serveFlavor/{tail}"
    prefix = "/hls" if kind.startswith("hls") else "/pd"
    return f"{prefix}/p/{pid}/sp/{pid}00/serveFlavor/{tail}"


@FUZZ
@given(path=media_path(), entry_index=st.integers(0, 2), head=st.booleans())
def test_media_paths_never_fail_inside(reachsim: Any, path: str, entry_index: int, head: bool) -> None:
    entry = reachsim.seed()["entryIds"][entry_index]
    path = path.replace("0_abc", entry)
    answer = requests.request("HEAD" if head else "GET", reachsim.url + path, timeout=60)
    assert answer.status_code < 500, (path, answer.status_code, answer.text[:300])
    assert "Traceback" not in answer.text
    caught = reachsim.sim.take_errors()
    assert not caught, caught


def test_a_multipart_part_without_a_name_is_dropped(reachsim_app: Any) -> None:
    """Found by the fuzzer: an unnamed part reached the parameter grouping as a None key (an internal error)."""
    client = reachsim_app().test_client()
    body = (
        b'--b\r\nContent-Disposition: form-data; name="format"\r\n\r\n1\r\n'
        b'--b\r\nContent-Disposition: form-data; filename="x.bin"\r\n\r\nabc\r\n--b--\r\n'
    )
    answer = client.post(
        "/api_v3/service/system/action/ping", data=body, headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    assert answer.status_code == 200 and answer.json is True, answer.data
