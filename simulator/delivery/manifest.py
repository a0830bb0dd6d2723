"""playManifest: the master playlist of `format/applehttp`, the 302 of `format/url`.

Which flavors a manifest lists follows Kaltura's tag priority for the format (reference §5): HLS takes the
first tag group any flavor has (`applembr`, then `ipadnew|iphonenew|h265|dash`, then `ipad|iphone`);
progressive takes `mbr`, then `web`. `flavorIds` in the URL overrides the choice, and every id must be a
READY flavor of the entry.
"""

from __future__ import annotations

from typing import Any, cast

from flask import Response, redirect

from simulator.delivery import access
from simulator.delivery.errors import BAD_QUERY, FLAVOR_NOT_FOUND, DeliveryError
from simulator.media.hls import MasterVariant, render_master_playlist
from simulator.media.urls import PlayManifestRequest, progressive_url, serve_flavor_playlist_url

HLS_TAG_PRIORITY = (("applembr",), ("ipadnew", "iphonenew", "h265", "dash"), ("ipad", "iphone"))
HTTP_TAG_PRIORITY = (("mbr",), ("web",))
HLS_FORMATS = ("applehttp",)
PROGRESSIVE_FORMATS = ("url", "http", "download")
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


def _requested(ready: list[dict[str, Any]], ids: tuple[str, ...]) -> list[dict[str, Any]]:
    by_id = {f["id"]: f for f in ready}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise DeliveryError(FLAVOR_NOT_FOUND)
    return [by_id[i] for i in ids]


def answer(caller: access.Caller, req: PlayManifestRequest) -> Response:
    if req.protocol not in PROTOCOLS:
        raise DeliveryError(BAD_QUERY)
    entry = access.readable_entry(caller, req.partner_id, req.entry_id)
    ready = access.ready_flavors(caller, entry)
    caller.notes["format"] = req.format
    if req.format in HLS_FORMATS:
        return _master(caller, req, ready)
    if req.format in PROGRESSIVE_FORMATS:
        return _redirect(caller, req, ready)
    raise DeliveryError(BAD_QUERY)


def _master(caller: access.Caller, req: PlayManifestRequest, ready: list[dict[str, Any]]) -> Response:
    if not access.hls_enabled(caller):
        raise DeliveryError(FLAVOR_NOT_FOUND)  # the account has no HLS delivery profile
    chosen = _requested(ready, req.flavor_ids) if req.flavor_ids else hls_flavors(ready)
    if not chosen or any(not f.get("hls") for f in chosen):
        raise DeliveryError(FLAVOR_NOT_FOUND)
    base = access.service_url(caller.sim)
    packager = access.packager_base(caller)
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


def _redirect(caller: access.Caller, req: PlayManifestRequest, ready: list[dict[str, Any]]) -> Response:
    if req.flavor_ids:
        flavor = _requested(ready, req.flavor_ids[:1])[0]
    else:
        # Kaltura's progressive profile redirects to the best of the chosen flavors: the highest bitrate.
        chosen = http_flavors(ready)
        if not chosen:
            raise DeliveryError(FLAVOR_NOT_FOUND)
        flavor = max(chosen, key=lambda f: int(f.get("bitrate") or 0))
    caller.notes["flavorId"] = flavor["id"]
    url = progressive_url(
        access.service_url(caller.sim),
        req.partner_id,
        req.entry_id,
        flavor["id"],
        flavor_version=int(flavor.get("version") or 1),
        file_ext=str(flavor.get("fileExt") or "mp4"),
        ks=caller.ks_string,
    )
    # Inside a request flask.redirect builds the app's response class; its annotation is werkzeug's base class.
    return cast(Response, redirect(url, code=302))
