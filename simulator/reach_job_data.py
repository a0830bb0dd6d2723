"""The job data a customer may send with an order, checked as KalturaAlignmentVendorTaskData::validateForInsert
checks it: an alignment order names the customer's text transcript (a KalturaTranscriptAsset of format TEXT) the
vendor must time, optionally a JSON transcript and a caption asset to update."""

from __future__ import annotations

from typing import Any

from simulator.api import Context
from simulator.objects import assets as asset_types
from simulator.objects import errors, transcripts
from simulator.objects.model import KObject
from simulator.store import assets

ALIGNMENT_DATA = "KalturaAlignmentVendorTaskData"
TRANSCRIPT = "KalturaTranscriptAsset"


def validate(ctx: Context, sent: Any) -> None:
    if not isinstance(sent, KObject) or sent.kaltura_type != ALIGNMENT_DATA:
        return
    if not sent.get("textTranscriptAssetId"):
        raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{ALIGNMENT_DATA}::textTranscriptAssetId")
    _transcript(ctx, str(sent["textTranscriptAssetId"]), asset_types.AttachmentType.TEXT)
    if sent.get("jsonTranscriptAssetId"):
        _transcript(ctx, str(sent["jsonTranscriptAssetId"]), asset_types.AttachmentType.JSON)
    if sent.get("captionAssetId"):
        caption_id = str(sent["captionAssetId"])
        if assets.get(ctx.conn, caption_id, ctx.partner_id, assets.CAPTION) is None:
            raise asset_types.CAPTION_ASSET_ID_NOT_FOUND(caption_id)


def _transcript(ctx: Context, asset_id: str, expected: str) -> dict[str, Any]:
    doc = assets.get(ctx.conn, asset_id, ctx.partner_id, assets.ATTACHMENT)
    if doc is None or doc.get("_type") != TRANSCRIPT:
        raise asset_types.ATTACHMENT_ASSET_ID_NOT_FOUND(asset_id)
    if str(doc.get("format")) != expected:
        raise transcripts.ATTACHMENT_ASSET_FORMAT_MISMATCH(asset_id, expected)
    return doc
