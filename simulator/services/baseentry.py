"""`baseentry`: get, list and update of entries, partner-filtered and entitlement-aware (simulator/permissions.py).

Another module adds getPlaybackContext to the same service through `service("baseentry")`.
"""

from __future__ import annotations

from typing import Any

from simulator import entry_listing, filters, permissions
from simulator.api import Context, Param, service
from simulator.objects.core import page_window
from simulator.objects.entries import EntryStatus, entry_type_name
from simulator.objects.model import KObject, make_list
from simulator.objects.writable import to_updatable
from simulator.store import entries

svc = service("baseentry", "baseEntry")

# Fields only an admin session may set (requiresPermission on KalturaBaseEntry); others have them dropped silently.
ADMIN_ONLY_FIELDS = frozenset({"adminTags", "userId", "entitledUsersEdit", "entitledUsersPublish"})


VIDEO, AUDIO = 1, 5  # KalturaMediaType values that have a playManifest


def entry_object(doc: dict[str, Any], service_url: str) -> KObject:
    """A stored entry as its API class (media clips are KalturaMediaEntry), with the URLs the server computes on
    every read (entry::getDownloadUrl, getDataUrl, getThumbnailUrl)."""
    obj = KObject.from_doc(entry_type_name(doc), doc)
    for name, url in computed_urls(doc, service_url).items():
        obj[name] = url
    return obj


def computed_urls(doc: dict[str, Any], service_url: str) -> dict[str, str]:
    pid = doc["partnerId"]
    protocol = "https" if service_url.startswith("https:") else "http"
    partner_path = f"{service_url.rstrip('/')}/p/{pid}/sp/{pid}00"
    urls = {"thumbnailUrl": f"{partner_path}/thumbnail/entry_id/{doc['id']}/version/{doc.get('thumbnailVersion', 0)}"}
    if doc.get("mediaType") in (VIDEO, AUDIO):
        manifest = f"{partner_path}/playManifest/entryId/{doc['id']}/format/%s/protocol/{protocol}"
        urls["dataUrl"] = manifest % "url"
        urls["downloadUrl"] = manifest % "download" + "/flavorParamIds/0"
    return urls


@svc.action(
    "get",
    Param("entryId", "string"),
    Param("version", "int", optional=True, default=-1),
    returns="KalturaBaseEntry",
    allow=permissions.any_session,
)
def get(ctx: Context, entryId: str, version: int) -> KObject:
    """An entry this caller may read (an access key only its own entry); ENTRY_ID_NOT_FOUND otherwise."""
    return entry_object(permissions.entry_for_read(ctx, entryId), ctx.service_url)


def _free_text(doc: dict[str, Any], words: Any) -> bool:
    return filters.condition(entries.FREE_TEXT_OPERATOR, entries.free_text(doc), words)


def entry_matches(doc: dict[str, Any], flt: dict[str, Any]) -> bool:
    """The filter as named; statuses default to everything but DELETED, `freeText` searches name, description, tags."""
    status_filtered = any(flt.get(k) is not None for k in ("statusEqual", "statusIn"))
    if not status_filtered and doc.get("status") == EntryStatus.DELETED:
        return False
    return filters.matches(doc, flt, special={"freeText": _free_text})


def _redirected(ctx: Context, flt: dict[str, Any]) -> dict[str, Any]:
    """`redirectFromEntryId` (what the web player sends): the entry it redirects to (`redirectEntryId`), else
    that entry itself."""
    source_id = flt.get("redirectFromEntryId")
    if not source_id:
        return flt
    source = entries.get(ctx.conn, str(source_id), ctx.partner_id)
    target = (source or {}).get("redirectEntryId") or source_id
    return {**{k: v for k, v in flt.items() if k != "redirectFromEntryId"}, "idEqual": target}


@svc.action(
    "list",
    Param("filter", "object", "KalturaBaseEntryFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaBaseEntryListResponse",
    allow=permissions.any_session,
)
def list_entries(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """The caller partner's entries it is entitled to, matching the filter, oldest first."""
    if ctx.partner_id is None:
        return make_list("KalturaBaseEntryListResponse", [], 0)
    flt = _redirected(ctx, filter or {})
    docs, total = entry_listing.page(
        ctx.conn,
        ctx.partner_id,
        flt,
        page_window(pager),
        lambda d: entry_matches(d, flt) and permissions.may_read_entry(ctx, d),
        every_entry_kept=permissions.reads_every_entry(ctx),
    )
    return make_list("KalturaBaseEntryListResponse", [entry_object(d, ctx.service_url) for d in docs], total)


def apply_entry_update(ctx: Context, doc: dict[str, Any], sent: KObject) -> dict[str, Any]:
    """toUpdatableObject (simulator/objects/writable.py); admin-only fields from other sessions are dropped; the
    rest is written as sent."""
    for name, value in to_updatable(sent, doc).items():
        if name in ADMIN_ONLY_FIELDS and not permissions.is_admin(ctx):
            continue
        doc[name] = [dict(v) for v in value] if isinstance(value, list) else value
    doc["updatedAt"] = int(ctx.now())
    entries.save(ctx.conn, doc)
    return doc


@svc.action(
    "update",
    Param("entryId", "string"),
    Param("baseEntry", "object", "KalturaBaseEntry"),
    returns="KalturaBaseEntry",
    allow=permissions.any_session,
)
def update(ctx: Context, entryId: str, baseEntry: KObject) -> KObject:
    """Name, description, tags, multiLingual_* … of an entry the caller may edit (an access key: its own entry)."""
    doc = permissions.entry_for_write(ctx, entryId)
    return entry_object(apply_entry_update(ctx, doc, baseEntry), ctx.service_url)
