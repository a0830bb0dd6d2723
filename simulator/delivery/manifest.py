"""playManifest: the master playlist of `format/applehttp`, the 302 of `format/url`/`download`, the F4M manifest of
`format/http` (the default).

Which flavors a manifest lists follows Kaltura's tag priority for the format (reference §5): HLS takes the
first tag group any flavor has (`applembr`, then `ipadnew|iphonenew|h265|dash`, then `ipad|iphone`);
progressive takes `mbr`, then `web`. `flavorId(s)` or `flavorParamId(s)` in the URL override the choice when
they match READY flavors of the entry; when they match none the default choice is served.
"""

from __future__ import annotations

from typing import Any, cast
from xml.sax.saxutils import escape

from flask import Response, redirect

from simulator.delivery import access
from simulator.delivery.errors import BAD_QUERY, FLAVOR_NOT_FOUND, DeliveryError
from simulator.media.hls import MasterVariant, render_master_playlist
from simulator.media.urls import PlayManifestRequest, progressive_url, serve_flavor_playlist_url

HLS_TAG_PRIORITY = (("applembr",), ("ipadnew", "iphonenew", "h265", "dash"), ("ipad", "iphone"))
HTTP_TAG_PRIORITY = (("mbr",), ("web",))
HLS_FORMATS = ("applehttp",)
PROGRESSIVE_FORMATS = ("url", "download")
# The default format: the HTTP delivery profile's default renderer, kF4MManifestRenderer.
F4M_FORMATS = ("http",)
F4M_TYPE = "text/xml"
PROTOCOLS = ("http", "https")
MASTER_TYPE = "application/x-mpegurl"


def by_tags(candidates: list[dict[str, Any]], priority: tuple[tuple[str, ...], ...]) -> list[dict[str, Any]]:
    """The flavors of the first tag group that any candidate carries, in ingest order."""
    for group in priority:
        chosen = [f for f in candidates if set(str(f.get("tags", "")).split(",")) & set(group)]
        if chosen:
            return chosen
    return []


def hls_flavors(ready: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return by_tags([f for f in ready if f.get("hls")], HLS_TAG_PRIORITY)


def http_flavors(ready: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return by_tags(ready, HTTP_TAG_PRIORITY)


def _requested(req: PlayManifestRequest, ready: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """initFlavorIds / filterFlavorsByAssetIdOrParamsIds: the READY flavors named by flavorId(s) or by
    flavorParamId(s) (`flavorParamIds/0` is the source). Ids that match nothing are no error: the caller then
    falls back to the default tag selection, as Kaltura does."""
    if req.flavor_ids:
        by_id = {f["id"]: f for f in ready}
        return [by_id[i] for i in req.flavor_ids if i in by_id]
    raw = req.params.get("flavorParamIds") or req.params.get("flavorParamId") or ""
    wanted = [p for p in raw.split(",") if p]
    return [f for p in wanted for f in ready if str(f.get("flavorParamsId")) == p]


def answer(caller: access.Caller, req: PlayManifestRequest) -> Response:
    if req.protocol not in PROTOCOLS:
        raise DeliveryError(BAD_QUERY)
    entry = access.readable_entry(caller, req.partner_id, req.entry_id)
    ready = access.ready_flavors(caller, entry)
    caller.notes["format"] = req.format
    if req.format in HLS_FORMATS:
        return _master(caller, req, ready)
    if req.format in PROGRESSIVE_FORMATS:
        return _redirect(caller, req, entry, ready)
    if req.format in F4M_FORMATS:
        return _f4m(caller, req, entry, ready)
    raise DeliveryError(BAD_QUERY)


def _master(caller: access.Caller, req: PlayManifestRequest, ready: list[dict[str, Any]]) -> Response:
    if not access.hls_enabled(caller):
        raise DeliveryError(FLAVOR_NOT_FOUND)  # the account has no HLS delivery profile
    chosen = _requested(req, ready) or hls_flavors(ready)
    if not chosen or any(not f.get("hls") for f in chosen):
        raise DeliveryError(FLAVOR_NOT_FOUND)
    base = access.service_url(caller.sim, req.protocol)
    packager = access.packager_base(caller, req.protocol)
    variants = [
        MasterVariant(
            bitrate=int(f["bitrate"]),
            width=int(f["width"]),
            height=int(f["height"]),
            frame_rate=float(f["frameRate"]),
            codecs=str(f.get("codecs") or ""),
            url=serve_flavor_playlist_url(
                base,
                req.partner_id,
                req.entry_id,
                f["id"],
                flavor_version=int(f.get("version") or 1),
                ks=caller.ks_string,
                packager_url=packager,
            ),
        )
        for f in chosen
    ]
    caller.notes["flavorIds"] = [f["id"] for f in chosen]
    return Response(render_master_playlist(variants), mimetype=MASTER_TYPE)


def _redirect(
    caller: access.Caller, req: PlayManifestRequest, entry: dict[str, Any], ready: list[dict[str, Any]]
) -> Response:
    requested = _requested(req, ready)
    if requested:
        flavor = requested[0]
    else:
        # Kaltura's progressive profile redirects to the best of the chosen flavors: the highest bitrate.
        chosen = http_flavors(ready)
        if not chosen:
            raise DeliveryError(FLAVOR_NOT_FOUND)
        flavor = max(chosen, key=lambda f: int(f.get("bitrate") or 0))
    caller.notes["flavorId"] = flavor["id"]
    file_ext = str(flavor.get("fileExt") or "mp4")
    extra = {}
    if req.format == "download":
        # serveVodEntry, case DOWNLOAD: the file is named after the entry.
        extra["fileName"] = f"{entry.get('name') or req.entry_id}.{file_ext}"
    url = progressive_url(
        access.service_url(caller.sim, req.protocol),
        req.partner_id,
        req.entry_id,
        flavor["id"],
        flavor_version=int(flavor.get("version") or 1),
        file_ext=file_ext,
        ks=caller.ks_string,
        params=extra,
    )
    # Inside a request flask.redirect builds the app's response class; its annotation is werkzeug's base class.
    return cast(Response, redirect(url, code=302))


def _f4m(
    caller: access.Caller, req: PlayManifestRequest, entry: dict[str, Any], ready: list[dict[str, Any]]
) -> Response:
    """No format (or `format/http`): a 200 F4M manifest listing the progressive flavors, not a redirect."""
    chosen = _requested(req, ready) or http_flavors(ready)
    if not chosen:
        raise DeliveryError(FLAVOR_NOT_FOUND)
    base = access.service_url(caller.sim)
    media = "".join(
        f'<media url="{escape(_progressive(caller, req, base, f))}" bitrate="{int(f.get("bitrate") or 0)}" '
        f'width="{int(f.get("width") or 0)}" height="{int(f.get("height") or 0)}"/>'
        for f in chosen
    )
    duration = float(entry.get("msDuration") or 0) / 1000
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest xmlns="http://ns.adobe.com/f4m/1.0">'
        f"<id>{escape(req.entry_id)}</id><mimeType>video/mp4</mimeType><streamType>recorded</streamType>"
        f"<duration>{duration:g}</duration>{media}</manifest>"
    )
    caller.notes["flavorIds"] = [f["id"] for f in chosen]
    return Response(body, mimetype=F4M_TYPE)


def _progressive(caller: access.Caller, req: PlayManifestRequest, base: str, flavor: dict[str, Any]) -> str:
    return progressive_url(
        base,
        req.partner_id,
        req.entry_id,
        flavor["id"],
        flavor_version=int(flavor.get("version") or 1),
        file_ext=str(flavor.get("fileExt") or "mp4"),
        ks=caller.ks_string,
    )
