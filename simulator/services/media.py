"""The `media` service: add an entry, give it content (uploaded-file token), get and update it.

Content goes through simulator.ingest: the entry shows PENDING ("4") while its upload token is still being
filled, PRECONVERT ("1") while ffmpeg makes its flavors, then READY ("2") or ERROR_CONVERTING ("-1").
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from simulator import content, ingest, permissions
from simulator.api import Context, Param, service
from simulator.objects import assets as asset_types
from simulator.objects.entries import EntryStatus, EntryType
from simulator.objects.flavors import ENTRY_ALREADY_WITH_CONTENT
from simulator.objects.model import KObject
from simulator.objects.writable import to_insertable
from simulator.services.baseentry import apply_entry_update, entry_object
from simulator.store import entries, flavors, uploads

svc = service("media")

ENTRY = "KalturaMediaEntry"
# The upload token's attachedObjectType while an entry waits for it (what KalturaUploadToken shows).
ATTACHED_TYPE = "KalturaMediaEntry"
_ACCEPTS_CONTENT = (EntryStatus.NO_CONTENT, EntryStatus.PENDING)


def new_entry_doc(ctx: Context, values: dict[str, Any], entry_type: str) -> dict[str, Any]:
    """A new entry of the caller's partner from the values a sent entry may write (prepareEntryForInsert);
    `userId` and `adminTags` only from an admin session."""
    now = int(ctx.now())
    user = ctx.ks.user_id if ctx.ks else ""
    doc: dict[str, Any] = {
        "partnerId": ctx.partner_id,
        "type": entry_type,
        "status": EntryStatus.NO_CONTENT,
        "name": "",
        "description": "",
        "tags": "",
        "userId": user,
        "creatorId": user,
        "createdAt": now,
        "updatedAt": now,
        "version": 0,
    }
    for name, value in values.items():
        if name in ("userId", "adminTags") and not permissions.is_admin(ctx):
            continue
        doc[name] = [dict(v) for v in value] if isinstance(value, list) else value
    return doc


@svc.action("add", Param("entry", "object", ENTRY), returns=ENTRY, allow=permissions.any_session)
def add(ctx: Context, entry: KObject) -> KObject:
    """A new media entry of the caller's partner, without content yet (NO_CONTENT)."""
    doc = new_entry_doc(ctx, to_insertable(entry), EntryType.MEDIA_CLIP)
    entries.add(ctx.conn, doc)
    return entry_object(doc, ctx.service_url)


@svc.action(
    "addContent",
    Param("entryId", "string"),
    Param("resource", "object", "KalturaResource", optional=True),
    returns=ENTRY,
    allow=permissions.any_session,
)
def add_content(ctx: Context, entryId: str, resource: KObject | None) -> KObject:
    """Attach an uploaded file (KalturaUploadedFileTokenResource) to an entry without content and ingest it."""
    doc = permissions.entry_for_write(ctx, entryId)
    if doc.get("status") not in _ACCEPTS_CONTENT:
        raise ENTRY_ALREADY_WITH_CONTENT()
    if resource is None or not resource.is_a("KalturaUploadedFileTokenResource"):
        raise asset_types.RESOURCE_TYPE_NOT_SUPPORTED(resource.kaltura_type if resource is not None else "")
    token = content.caller_token(ctx, str(resource.get("token") or ""))
    if token is None or token["status"] not in (uploads.PENDING, uploads.PARTIAL_UPLOAD, uploads.FULL_UPLOAD):
        raise asset_types.UPLOADED_FILE_NOT_FOUND_BY_TOKEN()
    now = ctx.now()
    if token["status"] != uploads.FULL_UPLOAD:
        token.update(attachedObjectType=ATTACHED_TYPE, attachedObjectId=doc["id"], updatedAt=int(now))
        uploads.save(ctx.conn, token)
        doc.update(status=EntryStatus.PENDING, updatedAt=int(now))
        entries.save(ctx.conn, doc)
        return entry_object(doc, ctx.service_url)
    start_ingest(ctx, doc, token)
    return entry_object(entries.get(ctx.conn, doc["id"]) or doc, ctx.service_url)


def ingest_waiting_entry(ctx: Context, token: dict[str, Any]) -> bool:
    """The upload an entry waited for is complete: ingest it now. False when the token is not an entry's."""
    if token.get("attachedObjectType") != ATTACHED_TYPE:
        return False
    doc = entries.get(ctx.conn, str(token.get("attachedObjectId")), ctx.partner_id)
    if doc is None or doc.get("status") != EntryStatus.PENDING:
        return False
    start_ingest(ctx, doc, token)
    return True


def start_ingest(ctx: Context, doc: dict[str, Any], token: dict[str, Any]) -> None:
    """Close the token, keep its bytes for the job (a link, so deleting the token cannot pull them away).
    Writes through ctx.conn: the caller's transaction (the dispatcher's, or uploadToken.upload's own)."""
    data_dir = ctx.sim.config.data_dir
    incoming = data_dir / flavors.MEDIA_DIR / f".incoming-{secrets.token_hex(6)}"
    _link(uploads.data_path(data_dir, token["id"]), incoming)
    token.update(
        status=uploads.CLOSED,
        attachedObjectType=ATTACHED_TYPE,
        attachedObjectId=doc["id"],
        updatedAt=int(ctx.now()),
    )
    uploads.save(ctx.conn, token)
    ingest.mark_converting(ctx.conn, doc, ctx.now())
    ctx.after_commit(lambda: ctx.sim.submit(_ingest_and_clean, ctx.sim, doc["id"], incoming, token.get("fileName")))


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not source.is_file():
        raise asset_types.UPLOADED_FILE_NOT_FOUND_BY_TOKEN()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _ingest_and_clean(sim: Any, entry_id: str, source: Path, file_name: str | None) -> None:
    try:
        ingest.run(sim, entry_id, source, file_name)
    finally:
        source.unlink(missing_ok=True)


@svc.action(
    "get",
    Param("entryId", "string"),
    Param("version", "int", optional=True, default=-1),
    returns=ENTRY,
    allow=permissions.any_session,
)
def get(ctx: Context, entryId: str, version: int) -> KObject:
    """A media entry this caller may read (an access key only its own entry)."""
    return entry_object(permissions.entry_for_read(ctx, entryId), ctx.service_url)


@svc.action(
    "update",
    Param("entryId", "string"),
    Param("mediaEntry", "object", ENTRY),
    returns=ENTRY,
    allow=permissions.any_session,
)
def update(ctx: Context, entryId: str, mediaEntry: KObject) -> KObject:
    """Name, description, tags, multiLingual_tags … of an entry the caller may edit (an access key: its own)."""
    doc = permissions.entry_for_write(ctx, entryId)
    return entry_object(apply_entry_update(ctx, doc, mediaEntry), ctx.service_url)
