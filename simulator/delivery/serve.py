"""serveFlavor: HLS media playlists and segments (the packager), and the flavor file itself (progressive).

Segments and files are sent with `flask.send_file(..., conditional=True)`: streamed from disk in blocks, with
HTTP Range, so memory stays flat whatever the file size.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from flask import Response, send_file

from simulator.delivery import access
from simulator.delivery.errors import BAD_QUERY, FLAVOR_NOT_FOUND, DeliveryError
from simulator.media import MediaError
from simulator.media.hls import load_rendition, render_media_playlist
from simulator.media.urls import INDEX_PLAYLIST, ServeFlavorRequest
from simulator.store import flavors

PLAYLIST_TYPE = "application/vnd.apple.mpegurl"  # nginx-vod-module's m3u8 content type
SEGMENT_TYPE = "video/MP2T"


def answer(caller: access.Caller, req: ServeFlavorRequest) -> tuple[str, Response]:
    """(what was served, the response) for a parsed serveFlavor request."""
    entry = access.readable_entry(caller, req.partner_id, req.entry_id)
    flavor = access.flavor_of(caller, entry, req.flavor_id)
    if not req.resource:
        return "file", _file(caller, flavor)
    if not access.hls_enabled(caller):
        raise DeliveryError(FLAVOR_NOT_FOUND)  # no packager in front of this account's storage
    rendition = _rendition(caller, flavor)
    if req.resource == INDEX_PLAYLIST:
        tracks = req.tracks or rendition.default_tracks
        caller.notes["tracks"] = tracks
        try:
            playlist = render_media_playlist(rendition, tracks)
        except ValueError as exc:  # the flavor lacks the track set asked for (audio of a silent clip, say)
            raise DeliveryError(BAD_QUERY) from exc
        return "playlist", Response(playlist, mimetype=PLAYLIST_TYPE)
    caller.notes.update(segment=req.segment_index, tracks=req.segment_tracks)
    path = rendition.segment_path(req.resource)
    if path is None:
        raise DeliveryError(FLAVOR_NOT_FOUND)
    return "segment", send_file(path, mimetype=SEGMENT_TYPE, conditional=True, etag=True, max_age=86400)


def _rendition(caller: access.Caller, flavor: dict[str, Any]) -> Any:
    directory = flavors.hls_dir(caller.sim.config.data_dir, flavor)
    if directory is None:
        raise DeliveryError(FLAVOR_NOT_FOUND)
    try:
        return load_rendition(directory)
    except MediaError as exc:
        raise DeliveryError(FLAVOR_NOT_FOUND) from exc


def _file(caller: access.Caller, flavor: dict[str, Any]) -> Response:
    path = flavors.file_path(caller.sim.config.data_dir, flavor)
    if not path.is_file():
        raise DeliveryError(FLAVOR_NOT_FOUND)
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return send_file(path, mimetype=mimetype, conditional=True, etag=True, max_age=86400)
