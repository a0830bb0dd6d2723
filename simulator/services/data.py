"""The `data` service: data entries (KalturaDataEntry), whose content is a string kept with the entry
(DataService.php: add, get, serve). They are READY at once and have no media."""

from __future__ import annotations

from typing import Any

from flask import Response

from simulator import permissions
from simulator.api import Context, Param, service
from simulator.objects import errors
from simulator.objects.entries import EntryStatus, EntryType
from simulator.objects.model import KObject
from simulator.objects.writable import to_object
from simulator.services.baseentry import entry_object
from simulator.services.media import new_entry_doc
from simulator.store import entries

svc = service("data")

TYPE = "KalturaDataEntry"
AUTOMATIC_MEDIA_TYPE = -1  # entry::ENTRY_MEDIA_TYPE_AUTOMATIC


def _data_entry(ctx: Context, entry_id: str) -> dict[str, Any]:
    doc = permissions.entry_for_read(ctx, entry_id)
    if str(doc.get("type")) != EntryType.DATA:
        raise errors.ENTRY_ID_NOT_FOUND(entry_id)
    return doc


@svc.action("add", Param("dataEntry", "object", TYPE), returns=TYPE)
def add(ctx: Context, dataEntry: KObject) -> KObject:
    """A READY data entry of the caller's partner holding `dataContent`.

    DataService::addAction calls toObject, not toInsertableObject: read-only fields sent are not refused (nor
    written)."""
    return entry_object(add_data_entry(ctx, to_object(dataEntry)), ctx.service_url)


def add_data_entry(ctx: Context, fields: dict[str, Any]) -> dict[str, Any]:
    """A new data entry of the caller's partner with these fields (its content in `dataContent`): READY at once."""
    doc = new_entry_doc(ctx, fields, EntryType.DATA)
    doc.update(status=EntryStatus.READY, mediaType=AUTOMATIC_MEDIA_TYPE)
    entries.add(ctx.conn, doc)
    return doc


@svc.action("get", Param("entryId", "string"), Param("version", "int", optional=True, default=-1), returns=TYPE)
def get(ctx: Context, entryId: str, version: int) -> KObject:
    """A data entry the caller may read; ENTRY_ID_NOT_FOUND for any other entry type."""
    return entry_object(_data_entry(ctx, entryId), ctx.service_url)


@svc.action(
    "serve",
    Param("entryId", "string"),
    Param("version", "int", optional=True, default=-1),
    Param("forceProxy", "bool", optional=True, default=False),
    returns="file",
)
def serve(ctx: Context, entryId: str, version: int, forceProxy: bool) -> Response:
    """The entry's content as a download named after the entry."""
    doc = _data_entry(ctx, entryId)
    body = str(doc.get("dataContent") or "")
    ctx.note(served={"entryId": entryId, "bytes": len(body.encode())})
    name = str(doc.get("name") or entryId).replace('"', "")
    return Response(body, mimetype="text/plain", headers={"Content-Disposition": f'attachment; filename="{name}"'})
