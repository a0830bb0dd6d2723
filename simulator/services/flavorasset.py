"""The `flavorAsset` service: list, get and getUrl of the flavors ingest made, and add + setContent of the audio
tracks a dubbing or audio-description vendor delivers (FlavorAssetService.php).

Flavors are visible exactly when their entry is (simulator.permissions): an access key sees its entry's only.
"""

from __future__ import annotations

from typing import Any

from simulator import filters, flavor_content, permissions
from simulator.api import Context, Param, service
from simulator.media import flavor_params
from simulator.media.urls import progressive_url
from simulator.objects import errors
from simulator.objects.core import paginate
from simulator.objects.entries import EntryStatus, EntryType, MediaType
from simulator.objects.flavors import (
    FLAVOR_ASSET_ALREADY_EXISTS,
    FLAVOR_ASSET_ID_NOT_FOUND,
    FLAVOR_ASSET_IS_NOT_READY,
    FlavorAssetStatus,
)
from simulator.objects.model import KObject, make_list
from simulator.objects.writable import to_insertable
from simulator.store import entries, flavors

svc = service("flavorAsset")

ASSET = "KalturaFlavorAsset"


def flavor_object(doc: dict[str, Any]) -> KObject:
    return KObject.from_doc(ASSET, doc)


def _visible(ctx: Context, doc: dict[str, Any], seen: dict[str, bool]) -> bool:
    entry_id = doc["entryId"]
    if entry_id not in seen:
        entry = entries.get(ctx.conn, entry_id, ctx.partner_id)
        seen[entry_id] = (
            entry is not None and entry.get("status") != EntryStatus.DELETED and permissions.may_read_entry(ctx, entry)
        )
    return seen[entry_id]


def _caller_flavor(ctx: Context, flavor_id: str) -> dict[str, Any]:
    doc = flavors.get(ctx.conn, flavor_id, ctx.partner_id)
    if doc is None or not _visible(ctx, doc, {}):
        raise FLAVOR_ASSET_ID_NOT_FOUND(flavor_id)
    return doc


@svc.action(
    "list",
    Param("filter", "object", "KalturaAssetFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaFlavorAssetListResponse",
    allow=permissions.any_session,
)
def list_flavors(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """Flavors of the entries named by entryIdEqual/entryIdIn that the caller may see, further filtered."""
    filters.require_entry_ids(filter, filter.kaltura_type if filter else "KalturaFlavorAssetFilter")
    flt = dict(filter or {})
    seen: dict[str, bool] = {}
    found = [
        d
        for d in flavors.find(ctx.conn, "partnerId = ?", [ctx.partner_id])
        if filters.matches(d, flt) and _visible(ctx, d, seen)
    ]
    return make_list("KalturaFlavorAssetListResponse", map(flavor_object, paginate(found, pager)), len(found))


@svc.action(
    "add",
    Param("entryId", "string"),
    Param("flavorAsset", "object", ASSET),
    returns=ASSET,
    allow=permissions.any_session,
)
def add(ctx: Context, entryId: str, flavorAsset: KObject) -> KObject:
    """A QUEUED flavor on a video or audio entry the caller may edit, with its flavorParams' facts (format, tags,
    bitrate); FLAVOR_ASSET_ALREADY_EXISTS when the entry already has a flavor of those params. Unknown params are
    no error: the real server then copies nothing from them."""
    entry = permissions.entry_for_write(ctx, entryId)
    if entry.get("type") != EntryType.MEDIA_CLIP or entry.get("mediaType") not in (MediaType.VIDEO, MediaType.AUDIO):
        raise errors.ENTRY_ID_NOT_FOUND(entryId)
    params_id = flavorAsset.get("flavorParamsId")
    if params_id is not None:
        for other in flavors.for_entry(ctx.conn, entry["id"]):
            same = other.get("flavorParamsId") == params_id and (params_id != 0 or other.get("isOriginal"))
            if same and other.get("status") != FlavorAssetStatus.DELETED:
                raise FLAVOR_ASSET_ALREADY_EXISTS(other["id"], params_id)
    now = int(ctx.now())
    doc: dict[str, Any] = {
        "entryId": entry["id"],
        "partnerId": entry["partnerId"],
        "version": 0,
        "size": 0,
        "sizeInBytes": 0.0,
        "tags": "",
        "createdAt": now,
        "updatedAt": now,
        "width": 0,
        "height": 0,
        "bitrate": 0,
        "frameRate": 0.0,
        "isOriginal": False,
        "isWeb": False,
        "containerFormat": "",
        "videoCodecId": "",
        "status": FlavorAssetStatus.QUEUED,
    }
    params = flavor_params.get(params_id)
    if params is not None:  # toInsertableObject: setFromAssetParams first, so tags the caller sends replace these
        doc.update(
            containerFormat=params.format,
            height=params.height,
            tags=params.tags,
            bitrate=params.video_bitrate + params.audio_bitrate,
            videoCodecId=params.video_codec,
            isOriginal="source" in params.tag_list,
        )
    doc.update(to_insertable(flavorAsset))
    doc["isWeb"] = "web" in str(doc.get("tags") or "").split(",")
    flavors.add(ctx.conn, doc)
    ctx.note(flavorAsset={"id": doc["id"], "entryId": entry["id"], "flavorParamsId": params_id})
    return flavor_object(doc)


@svc.action(
    "setContent",
    Param("id", "string"),
    Param("contentResource", "object", "KalturaContentResource"),
    returns=ASSET,
    allow=permissions.any_session,
    atomic=False,
)
def set_content(ctx: Context, id: str, contentResource: KObject) -> KObject:
    """Attach an uploaded file (token resource: READY at once) or a URL (an import job: IMPORTING, then READY or
    ERROR) to the flavor; other resource types are RESOURCE_TYPE_NOT_SUPPORTED."""
    doc = flavors.get(ctx.conn, id, ctx.partner_id)
    if doc is None or doc.get("status") == FlavorAssetStatus.DELETED:
        raise FLAVOR_ASSET_ID_NOT_FOUND(id)
    permissions.entry_for_write(ctx, doc["entryId"])
    return flavor_object(flavor_content.set_content(ctx, doc, contentResource))


@svc.action("get", Param("id", "string"), returns=ASSET, allow=permissions.any_session)
def get(ctx: Context, id: str) -> KObject:
    """One flavor asset; FLAVOR_ASSET_ID_NOT_FOUND when it or its entry is not the caller's to see."""
    return flavor_object(_caller_flavor(ctx, id))


@svc.action(
    "getUrl",
    Param("id", "string"),
    Param("storageId", "int", optional=True, default=None),
    Param("forceProxy", "bool", optional=True, default=False),
    Param("options", "object", "KalturaFlavorAssetUrlOptions", optional=True),
    returns="string",
    allow=permissions.any_session,
)
def get_url(ctx: Context, id: str, storageId: int | None, forceProxy: bool, options: KObject | None) -> str:
    """The flavor's progressive download URL; it carries a non-admin caller's KS, which the download needs."""
    doc = _caller_flavor(ctx, id)
    if doc.get("status") != FlavorAssetStatus.READY:
        raise FLAVOR_ASSET_IS_NOT_READY()
    return progressive_url(
        ctx.service_url,
        doc["partnerId"],
        doc["entryId"],
        doc["id"],
        flavor_version=int(doc.get("version") or 1),
        file_ext=str(doc.get("fileExt") or "mp4"),
        ks=ctx.ks.raw if ctx.ks is not None and not ctx.ks.is_admin else None,
    )
