"""simulator.media.urls: Kaltura playManifest / serveFlavor paths, parsed and built."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.media.urls import (
    PLAY_MANIFEST_ALIASES,
    PlayManifestRequest,
    ServeFlavorRequest,
    UrlError,
    build_play_manifest_path,
    build_serve_flavor_path,
    for_protocol,
    parse_play_manifest,
    parse_serve_flavor,
    playback_source_url,
    progressive_url,
    serve_flavor_playlist_url,
)

# --- examples from the reference and the integration guide -------------------------------------------------


def test_parse_playback_context_source_url() -> None:
    # KB sample (reference §5): /sp/{pid}, deliveryProfileId, trailing a.m3u8.
    req = parse_play_manifest(
        "/p/4763302/sp/4763302/playManifest/entryId/1_3ssctdrj/flavorIds/1_a,1_b/deliveryProfileId/16951"
        "/protocol/https/format/applehttp/a.m3u8"
    )
    assert (req.partner_id, req.sp, req.entry_id) == (4763302, "4763302", "1_3ssctdrj")
    assert req.flavor_ids == ("1_a", "1_b")
    assert (req.format, req.protocol, req.delivery_profile_id, req.ks) == ("applehttp", "https", "16951", None)
    assert req.params == {}


def test_parse_guide_url_with_ks_and_name() -> None:
    req = parse_play_manifest(
        "/p/123/sp/12300/playManifest/entryId/0_e/flavorIds/0_f/format/applehttp/protocol/https"
        "/ks/djJ8MTIzfA==/name/a.m3u8"
    )
    assert (req.entry_id, req.flavor_ids, req.ks, req.sp) == ("0_e", ("0_f",), "djJ8MTIzfA==", "12300")
    assert req.params == {}


def test_parse_short_aliases_and_defaults() -> None:
    req = parse_play_manifest("/p/1/sp/100/playManifest/e/0_e/fs/0_a,0_b/f/url/pt/https/t/mbr/ex/60/name/a.mp4")
    assert (req.entry_id, req.flavor_ids, req.format, req.protocol) == ("0_e", ("0_a", "0_b"), "url", "https")
    assert req.params == {"tags": "mbr", "expiry": "60"}
    single = parse_play_manifest("/p/1/sp/1/playManifest/entryId/0_e/fi/0_x")
    assert single.flavor_ids == ("0_x",)
    assert (single.format, single.protocol) == ("http", "http")  # Kaltura's defaults


def test_parse_real_serve_flavor_url() -> None:
    req = parse_serve_flavor(
        "/hls/p/1674401/sp/167440100/serveFlavor/entryId/1_fmyw2q7s/v/1/ev/4/flavorId/1_0dvpd0pe/name/a.mp4/index.m3u8"
    )
    assert (req.prefix, req.partner_id, req.sp) == ("/hls", 1674401, "167440100")
    assert (req.entry_id, req.flavor_id) == ("1_fmyw2q7s", "1_0dvpd0pe")
    assert (req.flavor_version, req.partner_flavor_version, req.entry_flavor_version) == (1, 0, 4)
    assert (req.name, req.resource, req.tracks, req.segment_index) == ("a.mp4", "index.m3u8", None, None)


def test_parse_segment_tracks_and_ks() -> None:
    req = parse_serve_flavor(
        "/hls/p/1/sp/100/serveFlavor/entryId/0_e/v/1/ev/1/flavorId/0_f/tracks/a1-v1/ks/K%2FS/name/a.mp4/seg-12-v1-a1.ts"
    )
    assert (req.tracks, req.ks, req.resource) == ("v1-a1", "K/S", "seg-12-v1-a1.ts")
    assert (req.segment_index, req.segment_tracks) == (12, "v1-a1")


def test_parse_progressive() -> None:
    req = parse_serve_flavor("/pd/p/1/sp/100/serveFlavor/entryId/0_e/v/2/flavorId/0_f/name/a.mp4")
    assert (req.prefix, req.resource, req.flavor_version, req.entry_flavor_version) == ("/pd", "", 2, 0)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "p/1/sp/1/playManifest/entryId/e",  # not absolute
        "/p/x/sp/1/playManifest/entryId/e",  # partner id not a number
        "/p/1/sp/1/playManifest/flavorIds/f",  # no entryId
        "/p/1/sp/1/playManifest/entryId/",  # empty entryId
        "/x/p/1/sp/1/playManifest/entryId/e",  # playManifest has no prefix
        "/p/1/sp/1/serveFlavor/entryId/e/flavorId/f/name/a.mp4",  # wrong service
        "/p/1/sp/1/playManifest/entryId/%ff",  # not UTF-8
    ],
)
def test_bad_play_manifest_paths(path: str) -> None:
    with pytest.raises(UrlError):
        parse_play_manifest(path)


@pytest.mark.parametrize(
    "path",
    [
        "/p/1/sp/100/serveFlavor/entryId/e/flavorId/f",  # no name
        "/p/1/sp/100/serveFlavor/entryId/e/flavorId/f/name",  # name without value
        "/p/1/sp/100/serveFlavor/entryId/e/name/a.mp4",  # no flavorId
        "/p/1/sp/100/serveFlavor/entryId/e/flavorId/f/name/a.mp4/master.m3u8",  # unknown resource
        "/p/1/sp/100/serveFlavor/entryId/e/flavorId/f/name/a.mp4/seg-0-v1.ts",  # segments are 1-based
        "/p/1/sp/100/serveFlavor/entryId/e/flavorId/f/name/a.mp4/../x",
        "/p/1/sp/100/serveFlavor/entryId/e/flavorId/f/tracks/v2/name/a.mp4/index.m3u8",
        "/p/1/sp/100/serveFlavor/entryId/e/v/one/flavorId/f/name/a.mp4",
        "/p/1/sp/100/serveFlavor/entryId/e/flavorId/f/name/a.mp4/index.m3u8/more",
    ],
)
def test_bad_serve_flavor_paths(path: str) -> None:
    with pytest.raises(UrlError):
        parse_serve_flavor(path)


def test_builders_give_kaltura_urls() -> None:
    assert playback_source_url("https://h/", 7, "0_e", ["0_a", "0_b"], delivery_profile_id="16951") == (
        "https://h/p/7/sp/7/playManifest/entryId/0_e/flavorIds/0_a,0_b/deliveryProfileId/16951"
        "/protocol/https/format/applehttp/a.m3u8"
    )
    assert playback_source_url(
        "http://h", 7, "0_e", ["0_a"], delivery_profile_id="1", protocol="http", format="http"
    ) == (
        "http://h/p/7/sp/7/playManifest/entryId/0_e/flavorIds/0_a/deliveryProfileId/1/protocol/http/format/url"
        "/name/a.mp4"
    )
    assert serve_flavor_playlist_url("http://h", 7, "0_e", "0_a") == (
        "http://h/hls/p/7/sp/700/serveFlavor/entryId/0_e/v/1/ev/1/flavorId/0_a/name/a.mp4/index.m3u8"
    )
    assert serve_flavor_playlist_url(
        "http://h", 7, "0_e", "0_a", tracks="a1", ks="k+s", packager_url="https://pkg.example/vod/"
    ) == (
        "https://pkg.example/vod/p/7/sp/700/serveFlavor/entryId/0_e/v/1/ev/1/flavorId/0_a/tracks/a1/ks/k%2Bs"
        "/name/a.mp4/index.m3u8"
    )
    assert progressive_url("http://h", 7, "0_e", "0_a", flavor_version=3, entry_version=0) == (
        "http://h/pd/p/7/sp/700/serveFlavor/entryId/0_e/v/3/flavorId/0_a/name/a.mp4"
    )


def test_builders_refuse_what_would_not_parse_back() -> None:
    with pytest.raises(UrlError):
        build_play_manifest_path(PlayManifestRequest(partner_id=1, entry_id=""))
    with pytest.raises(UrlError):
        build_play_manifest_path(PlayManifestRequest(partner_id=1, entry_id="e", flavor_ids=("a,b",)))
    with pytest.raises(UrlError):
        build_play_manifest_path(PlayManifestRequest(partner_id=1, entry_id="e", params={"fs": "x"}))
    with pytest.raises(UrlError):
        build_serve_flavor_path(ServeFlavorRequest(partner_id=1, entry_id="e", flavor_id="f", resource="../x"))
    with pytest.raises(UrlError):
        build_serve_flavor_path(ServeFlavorRequest(partner_id=1, entry_id="e", flavor_id="\ud800"))


# --- properties -------------------------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
_ids = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=","), min_size=1, max_size=12)
_pids = st.integers(min_value=0, max_value=10**12 - 1)
_pm_params = st.dictionaries(
    _text.filter(
        lambda k: (
            k not in PLAY_MANIFEST_ALIASES
            and k not in PLAY_MANIFEST_ALIASES.values()
            and k not in {"ks", "deliveryProfileId", "name"}
        )
    ),
    _text,
    max_size=3,
)
_sf_params = st.dictionaries(
    _text.filter(lambda k: k not in {"entryId", "flavorId", "v", "pv", "ev", "tracks", "ks", "name"}),
    _text,
    max_size=3,
)
_resources = st.one_of(
    st.just(""),
    st.just("index.m3u8"),
    st.builds(lambda n, t: f"seg-{n}-{t}.ts", st.integers(1, 10**6), st.sampled_from(["v1-a1", "v1", "a1"])),
)


@given(
    st.builds(
        PlayManifestRequest,
        partner_id=_pids,
        entry_id=_text,
        flavor_ids=st.lists(_ids, max_size=4).map(tuple),
        format=_text,
        protocol=_text,
        ks=st.none() | _text,
        delivery_profile_id=st.none() | _text,
        sp=_text,
        params=_pm_params,
    ),
    st.sampled_from(["", "a.m3u8", "name/a.m3u8"]),
)
def test_play_manifest_round_trip(req: PlayManifestRequest, suffix: str) -> None:
    assert parse_play_manifest(build_play_manifest_path(req, suffix=suffix)) == req


@given(
    st.builds(
        ServeFlavorRequest,
        partner_id=_pids,
        entry_id=_text,
        flavor_id=_text,
        flavor_version=st.integers(0, 10**9 - 1),
        partner_flavor_version=st.integers(0, 10**9 - 1),
        entry_flavor_version=st.integers(0, 10**9 - 1),
        tracks=st.sampled_from([None, "v1-a1", "v1", "a1"]),
        ks=st.none() | _text,
        name=_text,
        resource=_resources,
        prefix=st.sampled_from(["", "/hls", "/pd", "/vod/packager"]),
        sp=_text,
        params=_sf_params,
    )
)
def test_serve_flavor_round_trip(req: ServeFlavorRequest) -> None:
    assert parse_serve_flavor(build_serve_flavor_path(req)) == req


_tokens = st.sampled_from(
    [
        "p",
        "sp",
        "1",
        "100",
        "playManifest",
        "serveFlavor",
        "entryId",
        "e",
        "flavorId",
        "flavorIds",
        "fs",
        "v",
        "ev",
        "pv",
        "tracks",
        "v1-a1",
        "a1",
        "v9",
        "ks",
        "name",
        "a.mp4",
        "index.m3u8",
        "seg-1-v1-a1.ts",
        "seg-0-a1.ts",
        "",
        "%",
        "%ff",
        "%2F",
        "..",
        "²",
        "١",
    ]
)


@given(st.one_of(st.text(), st.lists(st.one_of(_tokens, st.text(max_size=5)), max_size=16).map("/".join)))
def test_parsers_raise_only_url_error(path: str) -> None:
    for parse in (parse_play_manifest, parse_serve_flavor):
        for candidate in (path, "/" + path):
            with contextlib.suppress(UrlError):
                parse(candidate)


# --- the base of handed-out URLs: the request's, or another listener's for playManifest `protocol` ------------


def test_for_protocol_switches_only_to_a_listener_it_has() -> None:
    both = {"http": 8080, "https": 8443}
    assert for_protocol("http://localhost:8080/", "https", both) == "https://localhost:8443"
    assert for_protocol("https://[::1]:8443", "http", both) == "http://[::1]:8080"
    assert for_protocol("http://sim.test", "https", {"http": 80, "https": 443}) == "https://sim.test"
    assert for_protocol("http://127.0.0.1:8080", "https", {"http": 8080}) == "http://127.0.0.1:8080"
    assert for_protocol("https://h:1", None, both) == "https://h:1"


_hosts = st.sampled_from(["localhost", "127.0.0.1", "[::1]", "sim.test", "10.0.0.7"])


@given(
    st.sampled_from(["http", "https"]),
    _hosts,
    st.none() | st.integers(1, 65535),
    st.none() | st.sampled_from(["http", "https", "rtmp", ""]),
    st.dictionaries(st.sampled_from(["http", "https"]), st.integers(1, 65535)),
)
def test_for_protocol_keeps_the_host_and_lands_on_a_listener(
    scheme: str, host: str, port: int | None, protocol: str | None, listeners: dict[str, int]
) -> None:
    base = f"{scheme}://{host}" + (f":{port}" if port else "")
    got = for_protocol(base + "/", protocol, listeners)
    if not protocol or protocol == scheme or protocol not in listeners:
        assert got == base
    else:
        default = {"http": 80, "https": 443}[protocol]
        port_part = "" if listeners[protocol] == default else f":{listeners[protocol]}"
        assert got == f"{protocol}://{host}{port_part}"
