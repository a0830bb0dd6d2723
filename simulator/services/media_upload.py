"""Entries made from a file in one call: `media.upload` + `media.addFromUploadedFile`,
`baseEntry.addFromUploadedFile`, and `media.addFromUrl` (deprecated on Kaltura, still served and in every
official client). Media clips ingest exactly like `media.addContent` (simulator.ingest); a data entry holds the
file as its content (simulator/services/data.py)."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import FileStorage

from simulator import content, url_import
from simulator.api import Context, Param, service
from simulator.objects import assets as asset_types
from simulator.objects import errors
from simulator.objects.entries import EntryStatus, EntryType
from simulator.objects.model import KObject
from simulator.objects.writable import to_insertable
from simulator.services import data, uploadtoken
from simulator.services.baseentry import entry_object
from simulator.services.media import new_entry_doc, start_ingest
from simulator.store import entries, uploads

media = service("media")
base_entry = service("baseEntry")

ENTRY = "KalturaMediaEntry"


@media.action("upload", Param("fileData", "file"), returns="string", atomic=False)
def upload(ctx: Context, fileData: FileStorage) -> str:
    """Upload a whole file; the answer is the token id addFromUploadedFile takes."""
    with ctx.sim.db.transaction():
        token = uploadtoken.add(ctx, None)
    return str(uploadtoken.upload(ctx, token["id"], fileData, False, True, -1)["id"])


UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY = errors.define(
    "UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY;;Upload token is in an invalid status for adding entry, maybe the a "
    "file was not uploaded or the token was used"
)
ENTRY_TYPE_NOT_SUPPORTED = errors.define('ENTRY_TYPE_NOT_SUPPORTED;ENTRY_TYPE;Entry type "@ENTRY_TYPE@" not supported')


def _full_token(ctx: Context, token_id: str) -> dict[str, Any]:
    """kUploadTokenMgr::getFullPathByUploadTokenId: a token of the caller's with its whole file."""
    token = content.caller_token(ctx, token_id)
    if token is None:
        raise asset_types.UPLOADED_FILE_NOT_FOUND_BY_TOKEN()
    if token["status"] != uploads.FULL_UPLOAD:
        raise UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY()
    return token


def _require_media_type(entry: KObject) -> None:
    # KalturaMediaEntry::validateForInsert
    if entry.get("mediaType") is None:
        raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL(f"{entry.kaltura_type}::mediaType")


def _from_token(ctx: Context, entry: KObject, token_id: str) -> KObject:
    token = _full_token(ctx, token_id)
    doc = new_entry_doc(ctx, to_insertable(entry), EntryType.MEDIA_CLIP)
    entries.add(ctx.conn, doc)
    start_ingest(ctx, doc, token)
    return entry_object(entries.get(ctx.conn, doc["id"]) or doc, ctx.service_url)


@media.action(
    "addFromUploadedFile", Param("mediaEntry", "object", ENTRY), Param("uploadTokenId", "string"), returns=ENTRY
)
def add_from_uploaded_file(ctx: Context, mediaEntry: KObject, uploadTokenId: str) -> KObject:
    """A new media entry ingesting a fully uploaded token's file (the token is then CLOSED)."""
    _require_media_type(mediaEntry)
    return _from_token(ctx, mediaEntry, uploadTokenId)


@base_entry.action(
    "addFromUploadedFile",
    Param("entry", "object", "KalturaBaseEntry"),
    Param("uploadTokenId", "string"),
    Param("type", "enum", "KalturaEntryType", optional=True, default="-1"),
    returns="KalturaBaseEntry",
)
def base_add_from_uploaded_file(ctx: Context, entry: KObject, uploadTokenId: str, type: str) -> KObject:
    """A new entry from a fully uploaded file: a media clip (AUTOMATIC resolves to one) or a data entry holding
    the file (READY at once); other entry types are not simulated."""
    if str(type) not in (EntryType.AUTOMATIC, EntryType.MEDIA_CLIP, EntryType.DATA):
        raise ENTRY_TYPE_NOT_SUPPORTED(type)
    if not entry.get("name"):
        entry["name"] = f"{ctx.partner_id}_{int(ctx.now())}"
    if str(type) == EntryType.DATA:
        return _data_from_token(ctx, entry, uploadTokenId)
    return _from_token(ctx, entry, uploadTokenId)


def _data_from_token(ctx: Context, entry: KObject, token_id: str) -> KObject:
    """myInsertEntryHelper for a data entry: the file becomes the entry's content and the token is closed. The
    simulator keeps data content as text, so bytes that are not UTF-8 are replaced."""
    token = _full_token(ctx, token_id)
    body = uploads.data_path(ctx.sim.config.data_dir, token["id"]).read_bytes()
    doc = data.add_data_entry(ctx, {**to_insertable(entry), "dataContent": body.decode("utf-8", "replace")})
    content.close_token(ctx, token["id"])
    return entry_object(doc, ctx.service_url)


@media.action("addFromUrl", Param("mediaEntry", "object", ENTRY), Param("url", "string"), returns=ENTRY)
def add_from_url(ctx: Context, mediaEntry: KObject, url: str) -> KObject:
    """A new media entry in IMPORT status; a background import fetches the URL and ingests it (ERROR_IMPORTING
    when the fetch fails or the host is not one the simulator may reach)."""
    _require_media_type(mediaEntry)
    doc = new_entry_doc(ctx, to_insertable(mediaEntry), EntryType.MEDIA_CLIP)
    doc["status"] = EntryStatus.IMPORT
    entries.add(ctx.conn, doc)
    ctx.after_commit(lambda: ctx.sim.submit(url_import.run, ctx.sim, doc["id"], url))
    return entry_object(doc, ctx.service_url)
