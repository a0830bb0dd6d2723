"""A vendor's file into a flavor asset (flavorAsset.setContent): how dubbed and described audio tracks land.

The uploaded file is staged (simulator/content.py), probed (simulator/inspection.py) before the write
transaction, then moved under `<data_dir>/media/delivered/` and the flavor pointed at it, marked READY and the
upload token closed, all or nothing. The flavor keeps the facts its flavorParams gave it at `add`; what the file
really holds is in its `inspection` (not on the wire), which the certification rules read from /__sim__/state.
"""

from __future__ import annotations

import os
from typing import Any

from simulator import content, inspection
from simulator.api import Context
from simulator.objects import assets as asset_types
from simulator.objects.flavors import FLAVOR_ASSET_ID_NOT_FOUND, FlavorAssetStatus
from simulator.objects.model import KObject
from simulator.store import flavors, uploads

DELIVERED = "delivered"  # the media directory of flavors vendors deliver (ingest's are content-addressed)


def set_content(ctx: Context, doc: dict[str, Any], resource: KObject) -> dict[str, Any]:
    """Attach a fully uploaded token's file to the flavor; the updated document."""
    if not resource.is_a("KalturaUploadedFileTokenResource"):
        raise asset_types.RESOURCE_TYPE_NOT_SUPPORTED(resource.kaltura_type)
    token = content.caller_token(ctx, str(resource.get("token") or ""))
    if token is None or token["status"] != uploads.FULL_UPLOAD:
        raise asset_types.UPLOADED_FILE_NOT_FOUND_BY_TOKEN()
    flavor_id = doc["id"]
    staged = content.stage_token(ctx, token)
    try:
        findings = inspection.inspect_media(staged.path)  # ffprobe runs before the write transaction
        with ctx.sim.db.transaction() as conn:
            current = flavors.get(conn, flavor_id, ctx.partner_id)
            if current is None or current.get("status") == FlavorAssetStatus.DELETED:
                raise FLAVOR_ASSET_ID_NOT_FOUND(flavor_id)
            doc = current
            content.close_token(ctx, token["id"])
            version = int(doc.get("version") or 0) + 1
            ext = doc.get("fileExt") or content.extension_of(staged.name) or "mp4"
            directory = ctx.sim.config.data_dir / flavors.MEDIA_DIR / DELIVERED
            directory.mkdir(parents=True, exist_ok=True)
            final = directory / f"{flavor_id}-{version}.{ext}"
            previous = flavors.file_path(ctx.sim.config.data_dir, doc) if doc.get("file") else None
            media = findings.get("media") or {}
            doc.update(
                fileExt=ext,
                version=version,
                size=-(-int(findings["size"]) // 1024),  # KB, rounded up as Kaltura reports it
                sizeInBytes=float(findings["size"]),
                status=FlavorAssetStatus.READY,
                updatedAt=int(ctx.now()),
                media=DELIVERED,
                file=final.name,
                hls=None,  # a delivered track is served progressively; the packager has no rendition of it
                codecs=media.get("codecs") or "",
                hasVideo=bool(media.get("videoCodec")),
                hasAudio=bool(media.get("audioCodec")),
                inspection=findings,
            )
            flavors.save(conn, doc)
            os.replace(staged.path, final)  # last step inside the transaction: a failure before it rolls back
    except BaseException:
        staged.path.unlink(missing_ok=True)
        raise
    if previous is not None and previous != final:
        previous.unlink(missing_ok=True)
    uploads.remove_files(ctx.sim.config.data_dir, token["id"])
    keys = ("kind", "contentType", "size", "sha256", "valid", "errors", "media")
    ctx.note(inspection={"flavorAssetId": flavor_id, **{k: findings[k] for k in keys if k in findings}})
    return doc
