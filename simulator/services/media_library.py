"""`media.list` and `media.delete`: the partner's media entries as a library (MediaService.php)."""

from __future__ import annotations

from typing import Any

from simulator import entry_listing, permissions
from simulator.api import Context, Param, service
from simulator.objects import errors
from simulator.objects.core import page_window
from simulator.objects.entries import EntryStatus, EntryType
from simulator.objects.model import KObject, make_list
from simulator.services.baseentry import entry_matches, entry_object
from simulator.store import entries

svc = service("media")


@svc.action(
    "list",
    Param("filter", "object", "KalturaMediaEntryFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaMediaListResponse",
)
def list_media(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """The caller partner's media entries it is entitled to, matching the filter, oldest first."""
    if ctx.partner_id is None:
        return make_list("KalturaMediaListResponse", [], 0)
    flt: dict[str, Any] = filter or {}
    docs, total = entry_listing.page(
        ctx.conn,
        ctx.partner_id,
        flt,
        page_window(pager),
        lambda d: (
            str(d.get("type")) == EntryType.MEDIA_CLIP and entry_matches(d, flt) and permissions.may_read_entry(ctx, d)
        ),
        every_entry_kept=False,  # the entry type is not an indexed column
    )
    return make_list("KalturaMediaListResponse", [entry_object(d, ctx.service_url) for d in docs], total)


@svc.action("delete", Param("entryId", "string"))
def delete(ctx: Context, entryId: str) -> None:
    """Mark a media entry the caller may edit DELETED; it vanishes from every read (ENTRY_ID_NOT_FOUND)."""
    doc: dict[str, Any] = permissions.entry_for_write(ctx, entryId)
    if str(doc.get("type")) != EntryType.MEDIA_CLIP:
        raise errors.ENTRY_ID_NOT_FOUND(entryId)
    doc.update(status=EntryStatus.DELETED, updatedAt=int(ctx.now()))
    entries.save(ctx.conn, doc)
