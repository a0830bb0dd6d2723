"""The `caption_captionAsset` service (CaptionAssetService.php): captions a vendor delivers for an entry.

Content handling is shared with attachments (simulator/content.py); what is specific lives here: only media
clips carry captions, one asset per captionParamsId, `languageCode` follows `language`, and a KS with the
`enablecaptionmoderation` privilege cannot publish captions to the player.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from simulator import content, filters, permissions
from simulator.api import Context, Param, service
from simulator.objects import assets as asset_types
from simulator.objects import errors
from simulator.objects.core import paginate
from simulator.objects.model import KObject, make_list
from simulator.objects.writable import to_insertable, to_updatable
from simulator.store import assets

svc = service("caption_captionAsset")
TYPE = "KalturaCaptionAsset"
MEDIA_CLIP = "1"
CAPTIONED_MEDIA_TYPES = (1, 5)  # video, audio


def _for_write(ctx: Context, asset_id: str) -> dict[str, Any]:
    return content.asset_for(ctx, assets.CAPTION, asset_id, write=True)


def _for_read(ctx: Context, asset_id: str) -> dict[str, Any]:
    return content.asset_for(ctx, assets.CAPTION, asset_id, write=False)


def _derive(ctx: Context, doc: dict[str, Any]) -> None:
    """Server-side values: languageCode from language, and moderation forcing displayOnPlayer off."""
    language = doc.get("language")
    doc["languageCode"] = asset_types.LANGUAGE_CODES.get(language) if isinstance(language, str) else None
    if ctx.ks is not None and ctx.ks.privileges.has("enablecaptionmoderation"):
        doc["displayOnPlayer"] = False


@svc.action(
    "add",
    Param("entryId", "string"),
    Param("captionAsset", "object", TYPE),
    returns=TYPE,
    allow=permissions.any_session,
)
def add(ctx: Context, entryId: str, captionAsset: KObject) -> KObject:
    """Add a QUEUED caption asset to a video or audio entry the caller may edit."""
    entry = permissions.entry_for_write(ctx, entryId)
    if str(entry.get("type", MEDIA_CLIP)) != MEDIA_CLIP or entry.get("mediaType", 1) not in CAPTIONED_MEDIA_TYPES:
        raise errors.ENTRY_ID_NOT_FOUND(entryId)
    params_id = captionAsset.get("captionParamsId")
    if params_id:
        existing = [d for d in assets.for_entry(ctx.conn, entry["id"]) if d.get("captionParamsId") == params_id]
        if existing:
            raise asset_types.CAPTION_ASSET_ALREADY_EXISTS(existing[0]["id"], params_id)
    now = int(ctx.now())
    doc: dict[str, Any] = {
        "kind": assets.CAPTION,
        "entryId": entry["id"],
        "partnerId": ctx.partner_id,
        "version": 0,
        "size": 0,
        "status": assets.QUEUED,
        "createdAt": now,
        "updatedAt": now,
        "displayOnPlayer": True,
    }
    doc.update(asset_types.checked_file_ext(captionAsset.kaltura_type, to_insertable(captionAsset)))
    _derive(ctx, doc)
    assets.add(ctx.conn, doc)
    ctx.note(asset={"id": doc["id"], "kind": assets.CAPTION, "entryId": entry["id"]})
    return assets.to_object(TYPE, doc)


@svc.action(
    "setContent",
    Param("id", "string"),
    Param("contentResource", "object", "KalturaContentResource"),
    returns=TYPE,
    allow=permissions.any_session,
    atomic=False,
)
def set_content(ctx: Context, id: str, contentResource: KObject) -> KObject:
    """Attach the caption file; the asset becomes READY."""
    doc = _for_write(ctx, id)
    return assets.to_object(TYPE, content.set_content(ctx, doc, contentResource))


@svc.action(
    "update",
    Param("id", "string"),
    Param("captionAsset", "object", TYPE),
    returns=TYPE,
    allow=permissions.any_session,
)
def update(ctx: Context, id: str, captionAsset: KObject) -> KObject:
    """Change language, label, accuracy, isDefault, displayOnPlayer, associatedTranscriptIds, tags…"""
    doc = _for_write(ctx, id)
    doc.update(asset_types.checked_file_ext(captionAsset.kaltura_type, to_updatable(captionAsset, doc)))
    _derive(ctx, doc)
    doc["updatedAt"] = int(ctx.now())
    assets.save(ctx.conn, doc)
    return assets.to_object(TYPE, doc)


@svc.action("get", Param("captionAssetId", "string"), returns=TYPE, allow=permissions.any_session)
def get(ctx: Context, captionAssetId: str) -> KObject:
    """One caption asset."""
    return assets.to_object(TYPE, _for_read(ctx, captionAssetId))


@svc.action(
    "list",
    Param("filter", "object", "KalturaAssetFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaCaptionAssetListResponse",
    allow=permissions.any_session,
)
def list_assets(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """Caption assets of the entries named by entryIdEqual/entryIdIn that the caller may see."""
    filters.require_entry_ids(filter, filter.kaltura_type if filter else "KalturaCaptionAssetFilter")
    found = content.visible_assets(ctx, assets.CAPTION, filter or {})
    return make_list(
        "KalturaCaptionAssetListResponse", [assets.to_object(TYPE, d) for d in paginate(found, pager)], len(found)
    )


@svc.action(
    "getUrl",
    Param("id", "string"),
    Param("storageId", "int", optional=True),
    returns="string",
    allow=permissions.any_session,
)
def get_url(ctx: Context, id: str, storageId: int | None) -> str:
    """A URL that downloads the caption file: the serve action with the caller's KS."""
    content.ready_asset_for(ctx, assets.CAPTION, id)
    return content.serve_url(ctx, "caption_captionasset", "captionAssetId", id)


@svc.action("serve", Param("captionAssetId", "string"), returns="file", allow=permissions.any_session)
def serve(ctx: Context, captionAssetId: str) -> Response:
    """The caption file itself."""
    doc = content.ready_asset_for(ctx, assets.CAPTION, captionAssetId)
    return content.send(ctx, doc)


@svc.action("delete", Param("captionAssetId", "string"), allow=permissions.any_session)
def delete(ctx: Context, captionAssetId: str) -> None:
    """Mark the asset DELETED and remove its file."""
    content.delete_asset(ctx, _for_write(ctx, captionAssetId))
