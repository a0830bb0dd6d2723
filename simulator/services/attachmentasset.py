"""The `attachment_attachmentAsset` service (AttachmentAssetService.php): where a vendor's OCR insight lands.

add creates a QUEUED asset on an entry the caller may edit; setContent attaches a content resource and makes it
READY (simulator/content.py); getUrl answers the serve action's URL, and serve streams the file.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Response

from simulator import content, filters, permissions
from simulator.api import Context, Param, service
from simulator.objects import assets as asset_types
from simulator.objects.core import paginate
from simulator.objects.model import KObject, make_list
from simulator.objects.writable import to_insertable, to_updatable
from simulator.store import assets

svc = service("attachment_attachmentAsset")
TYPE = "KalturaAttachmentAsset"


def _for_write(ctx: Context, asset_id: str) -> dict[str, Any]:
    return content.asset_for(ctx, assets.ATTACHMENT, asset_id, write=True)


def _for_read(ctx: Context, asset_id: str) -> dict[str, Any]:
    return content.asset_for(ctx, assets.ATTACHMENT, asset_id, write=False)


@svc.action(
    "add",
    Param("entryId", "string"),
    Param("attachmentAsset", "object", TYPE),
    returns=TYPE,
    allow=permissions.any_session,
)
def add(ctx: Context, entryId: str, attachmentAsset: KObject) -> KObject:
    """Add a QUEUED attachment asset to an entry the caller may edit."""
    entry = permissions.entry_for_write(ctx, entryId)
    now = int(ctx.now())
    doc: dict[str, Any] = {
        "kind": assets.ATTACHMENT,
        "entryId": entry["id"],
        "partnerId": ctx.partner_id,
        "version": 0,
        "size": 0,
        "status": assets.QUEUED,
        "createdAt": now,
        "updatedAt": now,
    }
    doc.update(asset_types.checked_file_ext(attachmentAsset.kaltura_type, to_insertable(attachmentAsset)))
    if attachmentAsset.kaltura_type != TYPE:  # a subclass (a transcript) answers as itself from now on
        doc["_type"] = attachmentAsset.kaltura_type
    assets.add(ctx.conn, doc)
    ctx.note(asset={"id": doc["id"], "kind": assets.ATTACHMENT, "entryId": entry["id"]})
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
    """Attach content (uploaded-file token, URL, string or another asset); the asset becomes READY."""
    doc = _for_write(ctx, id)
    return assets.to_object(TYPE, content.set_content(ctx, doc, contentResource))


@svc.action(
    "update",
    Param("id", "string"),
    Param("attachmentAsset", "object", TYPE),
    returns=TYPE,
    allow=permissions.any_session,
)
def update(ctx: Context, id: str, attachmentAsset: KObject) -> KObject:
    """Change the writable fields (filename, title, format, tags, partnerDescription, partnerData)."""
    doc = _for_write(ctx, id)
    doc.update(asset_types.checked_file_ext(attachmentAsset.kaltura_type, to_updatable(attachmentAsset, doc)))
    doc["updatedAt"] = int(ctx.now())
    assets.save(ctx.conn, doc)
    return assets.to_object(TYPE, doc)


@svc.action("get", Param("attachmentAssetId", "string"), returns=TYPE, allow=permissions.any_session)
def get(ctx: Context, attachmentAssetId: str) -> KObject:
    """One attachment asset."""
    return assets.to_object(TYPE, _for_read(ctx, attachmentAssetId))


@svc.action(
    "list",
    Param("filter", "object", "KalturaAssetFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaAttachmentAssetListResponse",
    allow=permissions.any_session,
)
def list_assets(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """Attachment assets of the entries named by entryIdEqual/entryIdIn that the caller may see."""
    filters.require_entry_ids(filter, filter.kaltura_type if filter else "KalturaAttachmentAssetFilter")
    found = content.visible_assets(ctx, assets.ATTACHMENT, filter or {})
    return make_list(
        "KalturaAttachmentAssetListResponse", [assets.to_object(TYPE, d) for d in paginate(found, pager)], len(found)
    )


@svc.action(
    "getUrl",
    Param("id", "string"),
    Param("storageId", "int", optional=True),
    returns="string",
    allow=permissions.any_session,
)
def get_url(ctx: Context, id: str, storageId: int | None) -> str:
    """A URL that downloads the file: the serve action in AttachmentAsset::getFinalDownloadUrlPathWithoutKs's form,
    with the caller's KS appended."""
    doc = content.ready_asset_for(ctx, assets.ATTACHMENT, id)
    path = f"/api_v3/index.php/service/attachment_attachmentAsset/action/serve/attachmentAssetId/{id}"
    version = int(doc.get("version") or 0)
    if version > 1:
        path += f"/v/{version}"
    # A v2 KS (url-safe base64) goes in as it is, as Kaltura writes it; a v1 KS's '/' and '+' must be escaped.
    ks = f"/ks/{quote(ctx.ks.raw, safe='=')}" if ctx.ks else ""
    return f"{ctx.service_url.rstrip('/')}{path}{ks}"


@svc.action(
    "serve",
    Param("attachmentAssetId", "string"),
    Param("serveOptions", "object", "KalturaAttachmentServeOptions", optional=True),
    returns="file",
    allow=permissions.any_session,
)
def serve(ctx: Context, attachmentAssetId: str, serveOptions: KObject | None) -> Response:
    """The file itself."""
    doc = content.ready_asset_for(ctx, assets.ATTACHMENT, attachmentAssetId)
    download = bool(serveOptions.get("download")) if serveOptions is not None else False
    return content.send(ctx, doc, download=download)


@svc.action("delete", Param("attachmentAssetId", "string"), allow=permissions.any_session)
def delete(ctx: Context, attachmentAssetId: str) -> None:
    """Mark the asset DELETED and remove its file."""
    content.delete_asset(ctx, _for_write(ctx, attachmentAssetId))
