"""Kaltura delivery URLs as plain strings: parse playManifest / serveFlavor paths, and build them.

Kaltura carries parameters as `/key/value` pairs in the path. Values are percent-encoded segment by segment
when built and decoded when parsed, so any value (a KS with "/" or "+", say) survives the round trip.
Everything that does not fit raises UrlError, never anything else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

from simulator.media.tracks import normalize_tracks


class UrlError(ValueError):
    """A delivery path that is not a well-formed playManifest or serveFlavor request."""


# playManifest's short aliases (kaltura/server playManifestAction::$shortNames).
PLAY_MANIFEST_ALIASES = {
    "e": "entryId",
    "fi": "flavorId",
    "fs": "flavorIds",
    "fp": "flavorParamId",
    "fps": "flavorParamIds",
    "f": "format",
    "pt": "protocol",
    "t": "tags",
    "ct": "clipTo",
    "sf": "seekFrom",
    "r": "referrer",
    "ex": "expiry",
    "pc": "playbackContext",
    "ui": "uiConfId",
}
# Where Kaltura's packagers sit in front of serveFlavor: HLS packager and progressive download.
HLS_PREFIX = "/hls"
PD_PREFIX = "/pd"
# The file an nginx-vod HLS request names after `name/a.mp4`.
INDEX_PLAYLIST = "index.m3u8"
_SEGMENT = re.compile(r"^seg-([1-9][0-9]{0,8})-(v1-a1|a1-v1|v1|a1)\.ts$")
# Suffix of the playManifest URL getPlaybackContext hands out, by format (myEntryUtils::buildManifestUrl).
_FORMAT_SUFFIX = {"applehttp": "a.m3u8", "mpegdash": "manifest.mpd"}
# Keys a request's fields own; extra params may not reuse them or they would be read back as the field.
_PLAY_MANIFEST_KEYS = {*PLAY_MANIFEST_ALIASES, *PLAY_MANIFEST_ALIASES.values(), "ks", "deliveryProfileId", "name"}
_SERVE_FLAVOR_KEYS = {"entryId", "flavorId", "v", "pv", "ev", "tracks", "ks", "name"}
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class PlayManifestRequest:
    partner_id: int
    entry_id: str
    flavor_ids: tuple[str, ...] = ()
    format: str = "http"  # Kaltura's default when the URL has none
    protocol: str = "http"
    ks: str | None = None
    delivery_profile_id: str | None = None
    sp: str | None = None  # not used by Kaltura; kept so a parsed URL can be rebuilt
    params: dict[str, str] = field(default_factory=dict)  # every other pair, under its long name


@dataclass(frozen=True)
class ServeFlavorRequest:
    partner_id: int
    entry_id: str
    flavor_id: str
    flavor_version: int = 0  # `v`; 0 means absent
    partner_flavor_version: int = 0  # `pv`
    entry_flavor_version: int = 0  # `ev`
    tracks: str | None = None  # canonical "v1-a1" / "v1" / "a1"
    ks: str | None = None
    name: str = "a.mp4"
    resource: str = ""  # "" = the file itself, INDEX_PLAYLIST, or a segment name
    prefix: str = ""  # what came before /p/: HLS_PREFIX, PD_PREFIX, a packager's path, or ""
    sp: str | None = None  # defaults to partner_id * 100 when built
    params: dict[str, str] = field(default_factory=dict)

    @property
    def segment_index(self) -> int | None:
        match = _SEGMENT.match(self.resource)
        return int(match.group(1)) if match else None

    @property
    def segment_tracks(self) -> str | None:
        match = _SEGMENT.match(self.resource)
        return normalize_tracks(match.group(2)) if match else None


def _split(path: str) -> list[str]:
    """Path -> decoded segments; the query string and one trailing slash are not part of it."""
    if not isinstance(path, str):
        raise UrlError("path must be a string")
    path = path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        raise UrlError("path must start with /")
    raw = path[1:].removesuffix("/").split("/")
    try:
        return [unquote(s, errors="strict") for s in raw]
    except UnicodeDecodeError as exc:
        raise UrlError("path is not UTF-8 once decoded") from exc


def _partner_head(parts: list[str], service: str) -> tuple[list[str], int, str, list[str]]:
    """Find `p/{pid}/sp/{sp}/{service}`; return (prefix segments, pid, sp, segments after the service)."""
    for i in range(len(parts) - 4):
        if parts[i] == "p" and parts[i + 2] == "sp" and parts[i + 4] == service:
            pid = parts[i + 1]
            if not (pid.isascii() and pid.isdigit() and len(pid) <= 12):
                raise UrlError(f"partner id {pid!r} is not a number")
            return parts[:i], int(pid), parts[i + 3], parts[i + 5 :]
    raise UrlError(f"not a {service} path: expected /p/<partnerId>/sp/<sp>/{service}/...")


def parse_play_manifest(path: str) -> PlayManifestRequest:
    """Parse `/p/{pid}/sp/{x}/playManifest/<key>/<value>/...` (long or short keys, any order).

    A trailing lone segment (`a.m3u8`) and `name/a.m3u8` are extras Kaltura ignores; later pairs win.
    """
    prefix, pid, sp, rest = _partner_head(_split(path), "playManifest")
    if prefix:
        raise UrlError("playManifest path must start with /p/")
    params: dict[str, str] = {}
    for key, value in zip(rest[0::2], rest[1::2], strict=False):
        if not key:
            raise UrlError("empty parameter name in path")
        params[PLAY_MANIFEST_ALIASES.get(key, key)] = value
    params.pop("name", None)
    entry_id = params.pop("entryId", "")
    if not entry_id:
        raise UrlError("playManifest needs entryId")
    flavor_ids = params.pop("flavorIds", "")
    flavor_id = params.pop("flavorId", "")
    ids = tuple(f for f in flavor_ids.split(",") if f) or ((flavor_id,) if flavor_id else ())
    return PlayManifestRequest(
        partner_id=pid,
        entry_id=entry_id,
        flavor_ids=ids,
        format=params.pop("format", "") or "http",
        protocol=params.pop("protocol", "") or "http",
        ks=params.pop("ks", None) or None,
        delivery_profile_id=params.pop("deliveryProfileId", None) or None,
        sp=sp,
        params=params,
    )


def _version(params: dict[str, str], key: str) -> int:
    value = params.pop(key, "0")
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        raise UrlError(f"{key} must be a number")
    return int(value)


def parse_serve_flavor(path: str) -> ServeFlavorRequest:
    """Parse `[prefix]/p/{pid}/sp/{sp}/serveFlavor/entryId/E[/v/N][/pv/N][/ev/N]/flavorId/F[/tracks/T][/ks/KS]
    /name/a.mp4[/index.m3u8|/seg-N-v1-a1.ts]`."""
    prefix, pid, sp, rest = _partner_head(_split(path), "serveFlavor")
    params: dict[str, str] = {}
    resource_parts: list[str] = []
    i = 0
    while i < len(rest):
        key = rest[i]
        if not key:
            raise UrlError("empty parameter name in path")
        if i + 1 >= len(rest):
            raise UrlError(f"parameter {key!r} has no value")
        params[key] = rest[i + 1]
        i += 2
        if key == "name":  # the file name ends the pairs; what follows names the resource
            resource_parts = rest[i:]
            break
    if "name" not in params:
        raise UrlError("serveFlavor needs name/<file>")
    if len(resource_parts) > 1:
        raise UrlError("unexpected path after the resource name")
    resource = resource_parts[0] if resource_parts else ""
    if resource and resource != INDEX_PLAYLIST and not _SEGMENT.match(resource):
        raise UrlError(f"unknown resource {resource!r}")
    entry_id = params.pop("entryId", "")
    flavor_id = params.pop("flavorId", "")
    if not entry_id or not flavor_id:
        raise UrlError("serveFlavor needs entryId and flavorId")
    tracks = params.pop("tracks", None)
    try:
        tracks = normalize_tracks(tracks) if tracks is not None else None
    except ValueError as exc:
        raise UrlError(str(exc)) from exc
    return ServeFlavorRequest(
        partner_id=pid,
        entry_id=entry_id,
        flavor_id=flavor_id,
        flavor_version=_version(params, "v"),
        partner_flavor_version=_version(params, "pv"),
        entry_flavor_version=_version(params, "ev"),
        tracks=tracks,
        ks=params.pop("ks", None) or None,
        name=params.pop("name"),
        resource=resource,
        prefix="/" + "/".join(prefix) if prefix else "",
        sp=sp,
        params=params,
    )


def _seg(value: str | int) -> str:
    text = str(value)
    if not text:
        raise UrlError("path values cannot be empty")
    try:
        return quote(text, safe=",")  # Kaltura writes flavorIds lists with bare commas
    except UnicodeEncodeError as exc:  # lone surrogates have no UTF-8 form
        raise UrlError("path values must be encodable as UTF-8") from exc


def _pairs(pairs: list[tuple[str, str | int | None]]) -> str:
    return "".join(f"/{_seg(k)}/{_seg(v)}" for k, v in pairs if v is not None)


def build_play_manifest_path(req: PlayManifestRequest, *, suffix: str = "") -> str:
    """Path for a PlayManifestRequest (inverse of parse_play_manifest); `suffix` adds e.g. "name/a.m3u8"."""
    for flavor_id in req.flavor_ids:
        if not flavor_id or "," in flavor_id:
            raise UrlError("flavor ids cannot be empty or contain commas")
    if _PLAY_MANIFEST_KEYS & req.params.keys():
        raise UrlError("extra params cannot reuse playManifest's own keys")
    head = f"/p/{req.partner_id}/sp/{_seg(req.sp if req.sp is not None else req.partner_id)}/playManifest"
    path = head + _pairs(
        [
            ("entryId", req.entry_id),
            ("flavorIds", ",".join(req.flavor_ids) or None),
            ("deliveryProfileId", req.delivery_profile_id),
            ("protocol", req.protocol),
            ("format", req.format),
            ("ks", req.ks),
            *sorted(req.params.items()),
        ]
    )
    return path + ("/" + suffix.strip("/") if suffix else "")


def build_serve_flavor_path(req: ServeFlavorRequest) -> str:
    """Path for a ServeFlavorRequest (inverse of parse_serve_flavor)."""
    if req.prefix and (not req.prefix.startswith("/") or "/p/" in req.prefix + "/"):
        raise UrlError("prefix must start with / and not contain a /p/ part")
    if req.resource and req.resource != INDEX_PLAYLIST and not _SEGMENT.match(req.resource):
        raise UrlError(f"unknown resource {req.resource!r}")
    if _SERVE_FLAVOR_KEYS & req.params.keys():
        raise UrlError("extra params cannot reuse serveFlavor's own keys")
    sp = req.sp if req.sp is not None else str(req.partner_id * 100)
    path = (
        req.prefix.rstrip("/")
        + f"/p/{req.partner_id}/sp/{_seg(sp)}/serveFlavor"
        + _pairs(
            [
                ("entryId", req.entry_id),
                ("v", req.flavor_version or None),
                ("pv", req.partner_flavor_version or None),
                ("ev", req.entry_flavor_version or None),
                ("flavorId", req.flavor_id),
                ("tracks", normalize_tracks(req.tracks) if req.tracks else None),
                ("ks", req.ks),
                *sorted(req.params.items()),
                ("name", req.name),
            ]
        )
    )
    return path + (f"/{req.resource}" if req.resource else "")


def playback_source_url(
    service_url: str,
    partner_id: int,
    entry_id: str,
    flavor_ids: list[str],
    *,
    delivery_profile_id: str,
    protocol: str = "https",
    format: str = "applehttp",
    file_ext: str = "mp4",
) -> str:
    """A getPlaybackContext source URL: `/sp/{pid}` (not pid00), no KS (players append `/ks/<ks>`), and the
    format's suffix: `applehttp/a.m3u8`, `mpegdash/manifest.mpd`, progressive `url/name/a.<ext>`."""
    progressive = format in ("url", "http")
    req = PlayManifestRequest(
        partner_id=partner_id,
        entry_id=entry_id,
        flavor_ids=tuple(flavor_ids),
        format="url" if progressive else format,
        protocol=protocol,
        delivery_profile_id=delivery_profile_id,
        sp=str(partner_id),
    )
    suffix = f"name/a.{_seg(file_ext)}" if progressive else _FORMAT_SUFFIX.get(format, "")
    return service_url.rstrip("/") + build_play_manifest_path(req, suffix=suffix)


def serve_flavor_playlist_url(
    service_url: str,
    partner_id: int,
    entry_id: str,
    flavor_id: str,
    *,
    flavor_version: int = 1,
    entry_version: int = 1,
    tracks: str | None = None,
    ks: str | None = None,
    packager_url: str | None = None,
) -> str:
    """The variant URL a master playlist lists: `{packager}/p/{pid}/sp/{pid}00/serveFlavor/.../name/a.mp4/
    index.m3u8`, where the packager is the simulator's own `/hls` or a partner's remote packager URL."""
    base = packager_url.rstrip("/") if packager_url else service_url.rstrip("/") + HLS_PREFIX
    req = ServeFlavorRequest(
        partner_id=partner_id,
        entry_id=entry_id,
        flavor_id=flavor_id,
        flavor_version=flavor_version,
        entry_flavor_version=entry_version,
        tracks=tracks,
        ks=ks,
        resource=INDEX_PLAYLIST,
    )
    return base + build_serve_flavor_path(req)


def progressive_url(
    service_url: str,
    partner_id: int,
    entry_id: str,
    flavor_id: str,
    *,
    flavor_version: int = 1,
    entry_version: int = 1,
    file_ext: str = "mp4",
    ks: str | None = None,
    params: dict[str, str] | None = None,
) -> str:
    """Where playManifest `format/url` redirects: `/pd/p/{pid}/sp/{pid}00/serveFlavor/.../name/a.<ext>`."""
    req = ServeFlavorRequest(
        partner_id=partner_id,
        entry_id=entry_id,
        flavor_id=flavor_id,
        flavor_version=flavor_version,
        entry_flavor_version=entry_version,
        ks=ks,
        name=f"a.{file_ext}",
        params=dict(params or {}),
    )
    return service_url.rstrip("/") + PD_PREFIX + build_serve_flavor_path(req)


def for_protocol(base_url: str, protocol: str | None, listeners: Mapping[str, int]) -> str:
    """The base URL for links handed out on a request that came in on `base_url` (its scheme and host).

    Kaltura builds delivery URLs in the scheme a playManifest `protocol` asks for. The simulator does so when it
    listens on that scheme too (then on that listener's port, same host name); when it does not, a link it could
    not answer would be useless, so the request's own scheme stays.
    """
    base = base_url.rstrip("/")
    parts = urlsplit(base)
    if not protocol or protocol == parts.scheme or protocol not in listeners:
        return base
    try:
        host = parts.hostname or ""
    except ValueError:
        return base
    if ":" in host:  # an IPv6 literal keeps its brackets in a URL
        host = f"[{host}]"
    port = listeners[protocol]
    netloc = host if port == DEFAULT_PORTS.get(protocol) else f"{host}:{port}"
    return f"{protocol}://{netloc}{parts.path}"
