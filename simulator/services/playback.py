"""baseEntry.getPlaybackContext: where and how an entry can be played (kPlaybackContextDataHelper).

One source per delivery profile the account has: HLS (`applehttp`, when the account has HLS) and progressive
(`url`), each listing the flavors its tag priority picks (simulator.delivery.manifest) and a playManifest URL
without a KS (players append `/ks/<ks>`). `streamerType` keeps only the named formats.
"""

from __future__ import annotations

from typing import Any

from simulator import permissions
from simulator.api import Context, Param, service
from simulator.delivery.manifest import hls_flavors, http_flavors
from simulator.media.urls import playback_source_url
from simulator.objects.entries import EntryStatus
from simulator.objects.flavors import FLAVOR_ASSET_ID_NOT_FOUND, FlavorAssetStatus
from simulator.objects.model import KObject
from simulator.services.flavorasset import flavor_object
from simulator.store import flavors, partners

svc = service("baseentry", "baseEntry")

# The simulator's delivery profiles: the VOD packager's HLS and plain progressive download.
HLS_DELIVERY_PROFILE_ID = "1033"
HTTP_DELIVERY_PROFILE_ID = "1032"
PROTOCOLS = "http,https"
# Progressive delivery profiles have streamer type "http"; players and Kaltura's KB call the format "url".
_STREAMER_ALIASES = {"http": "url", "url": "url", "applehttp": "applehttp"}


@svc.action(
    "getPlaybackContext",
    Param("entryId", "string"),
    Param("contextDataParams", "object", "KalturaPlaybackContextOptions"),
    returns="KalturaPlaybackContext",
    ks="optional",
)
def get_playback_context(ctx: Context, entryId: str, contextDataParams: KObject) -> KObject:
    """Sources (playManifest URLs per delivery format) and the entry's flavors; an access key: its entry only."""
    entry = permissions.entry_for_read(ctx, entryId)
    ready = _ready_flavors(ctx, entry)
    asset_id = contextDataParams.get("flavorAssetId")
    if asset_id:
        ready = [f for f in ready if f["id"] == asset_id]
        if not ready:
            raise FLAVOR_ASSET_ID_NOT_FOUND(asset_id)
    wanted = _streamer_types(contextDataParams.get("streamerType"))
    protocol = _protocol(ctx, contextDataParams.get("mediaProtocol"))
    partner = ctx.partner or {}
    sources = []
    if "applehttp" in wanted and partners.setting(partner, "hlsEnabled"):
        sources += _source(ctx, entry, hls_flavors(ready), "applehttp", HLS_DELIVERY_PROFILE_ID, protocol)
    if "url" in wanted:
        sources += _source(ctx, entry, http_flavors(ready), "url", HTTP_DELIVERY_PROFILE_ID, protocol)
    ctx.note(sources=[s["format"] for s in sources])
    return KObject(
        "KalturaPlaybackContext",
        sources=sources,
        playbackCaptions=[],
        flavorAssets=[flavor_object(f) for f in ready],
        actions=[],
        messages=[],
    )


def _ready_flavors(ctx: Context, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """A non-ready entry still answers, with no flavors and so no sources (reference §5)."""
    if entry.get("status") != EntryStatus.READY:
        return []
    return [f for f in flavors.for_entry(ctx.conn, entry["id"]) if f.get("status") == FlavorAssetStatus.READY]


def _streamer_types(value: Any) -> set[str]:
    named = {_STREAMER_ALIASES.get(v.strip().lower(), v.strip().lower()) for v in str(value or "").split(",")}
    named.discard("")
    return named or {"applehttp", "url"}


def _protocol(ctx: Context, asked: Any) -> str:
    if asked in ("http", "https"):
        return str(asked)
    return "https" if ctx.service_url.startswith("https:") else "http"


def _source(
    ctx: Context, entry: dict[str, Any], chosen: list[dict[str, Any]], fmt: str, profile: str, protocol: str
) -> list[KObject]:
    if not chosen:
        return []
    url = playback_source_url(
        ctx.service_url,
        entry["partnerId"],
        entry["id"],
        [f["id"] for f in chosen],
        delivery_profile_id=profile,
        protocol=protocol,
        format=fmt,
        file_ext=str(chosen[0].get("fileExt") or "mp4"),
    )
    return [
        KObject(
            "KalturaPlaybackSource",
            deliveryProfileId=profile,
            format=fmt,
            protocols=PROTOCOLS,
            flavorIds=",".join(f["id"] for f in chosen),
            url=url,
            drm=[],
        )
    ]
