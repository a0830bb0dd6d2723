"""Content resources to files on disk, and files into assets: the one place attachment and caption assets share.

`set_content` takes a `KalturaContentResource` (uploaded-file token, URL, string, another asset), writes its
bytes to a staged file next to the asset files, inspects it, and then in one transaction points the asset at the
new file, marks it READY and closes the token. Any refusal happens before that transaction, and the staged file
is removed, so a failed call leaves the asset, the token and the disk as they were.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from flask import Response, send_file

from simulator import backdoor_guard, filters, inspection
from simulator.api import Context
from simulator.objects import assets as asset_types
from simulator.objects import errors
from simulator.objects.entries import EntryStatus
from simulator.objects.errors import KalturaAPIError
from simulator.objects.model import KObject
from simulator.permissions import entry_for_read, entry_for_write, is_admin, may_read_entry
from simulator.redaction import redact_url
from simulator.store import assets, entries, search, uploads

URL_TIMEOUT = (10, 60)  # connect, read: seconds


@dataclass(frozen=True)
class AssetKind:
    """What differs between attachment and caption assets when content lands."""

    name: str
    type_name: str
    attached_object_type: str  # the upload token's attachedObjectType while the asset waits for it
    not_found: type[KalturaAPIError]
    download_failed: type[KalturaAPIError]
    url_not_allowed: type[KalturaAPIError]
    url_is_self: type[KalturaAPIError]
    not_ready: type[KalturaAPIError]


KINDS = {
    assets.ATTACHMENT: AssetKind(
        assets.ATTACHMENT,
        "KalturaAttachmentAsset",
        "AttachmentAsset",
        asset_types.ATTACHMENT_ASSET_ID_NOT_FOUND,
        asset_types.ATTACHMENT_ASSET_DOWNLOAD_FAILED,
        asset_types.ATTACHMENT_URL_NOT_ALLOWED,
        asset_types.ATTACHMENT_URL_IS_SELF,
        asset_types.ATTACHMENT_ASSET_IS_NOT_READY,
    ),
    assets.CAPTION: AssetKind(
        assets.CAPTION,
        "KalturaCaptionAsset",
        "CaptionAsset",
        asset_types.CAPTION_ASSET_ID_NOT_FOUND,
        asset_types.CAPTION_ASSET_DOWNLOAD_FAILED,
        asset_types.CAPTION_URL_NOT_ALLOWED,
        asset_types.CAPTION_URL_IS_SELF,
        asset_types.CAPTION_ASSET_IS_NOT_READY,
    ),
}
_KIND_OF_ATTACHED_TYPE = {kind.attached_object_type: kind for kind in KINDS.values()}


@dataclass(frozen=True)
class Staged:
    path: Path  # a file in the asset directory, removed unless committed
    name: str | None  # the original file name, when the resource has one
    token_id: str | None = None  # the upload token to close on commit


def caller_token(ctx: Context, token_id: str) -> dict[str, Any] | None:
    """The token if this caller may use it: the partner's, and for a non-admin KS only the session user's own
    (UploadTokenService::restrictPeerToCurrentUser)."""
    token = uploads.get(ctx.conn, token_id, ctx.partner_id)
    if token is None:
        return None
    if not is_admin(ctx) and token.get("userId", "") != (ctx.ks.user_id if ctx.ks else ""):
        return None
    return token


def set_content(ctx: Context, doc: dict[str, Any], resource: KObject) -> dict[str, Any]:
    """Attach the resource's content to the asset; the updated document (unchanged while it waits for a token)."""
    kind = KINDS[doc["kind"]]
    if resource.is_a("KalturaUploadedFileTokenResource"):
        token = caller_token(ctx, str(resource.get("token") or ""))
        if token is None or token["status"] not in (uploads.PENDING, uploads.PARTIAL_UPLOAD, uploads.FULL_UPLOAD):
            raise asset_types.UPLOADED_FILE_NOT_FOUND_BY_TOKEN()
        if token["status"] != uploads.FULL_UPLOAD:
            _wait_for_token(ctx, kind, doc, token)
            return doc
        staged = stage_token(ctx, token)
    elif resource.is_a("KalturaUrlResource"):
        staged = _stage_url(ctx, kind, doc, resource)
    elif resource.is_a("KalturaStringResource"):
        content = str(resource.get("content") or "").encode("utf-8")
        staged = Staged(_stage_blocks(ctx, [content], kind, "string"), None)
    elif resource.is_a("KalturaAssetResource"):
        staged = _stage_asset(ctx, str(resource.get("assetId") or ""))
    else:
        raise asset_types.RESOURCE_TYPE_NOT_SUPPORTED(resource.kaltura_type)
    return commit(ctx, kind, doc["id"], staged)


def attach_waiting_asset(ctx: Context, token: dict[str, Any]) -> None:
    """A token an asset was waiting for is now complete: attach its file (kFlowHelper::handleUploadFinished)."""
    kind = _KIND_OF_ATTACHED_TYPE.get(str(token.get("attachedObjectType")))
    doc = assets.get(ctx.conn, str(token.get("attachedObjectId")), ctx.partner_id) if kind else None
    if kind is None or doc is None:
        return
    commit(ctx, kind, doc["id"], stage_token(ctx, token))


def commit(ctx: Context, kind: AssetKind, asset_id: str, staged: Staged) -> dict[str, Any]:
    """Inspect the staged file, move it into place and point the asset at it, all or nothing."""
    try:
        # Hashing and parsing happen before the write transaction, which then stays short.
        before = assets.get(ctx.conn, asset_id, ctx.partner_id, kind.name) or {}
        findings = inspection.inspect_file(
            staged.path,
            kind=kind.name,
            fmt=before.get("format"),
            file_name=staged.name or before.get("filename"),
            file_ext=before.get("fileExt"),
        )
        with ctx.sim.db.transaction() as conn:
            doc = assets.get(conn, asset_id, ctx.partner_id, kind.name)
            if doc is None:
                raise kind.not_found(asset_id)
            if staged.token_id is not None:
                close_token(ctx, staged.token_id)
            version = int(doc.get("version") or 0) + 1
            ext = doc.get("fileExt") or extension_of(staged.name)
            final = staged.path.with_name(f"{asset_id}-{version}{'.' + ext if ext else ''}")
            previous = assets.file_path(ctx.sim.config.data_dir, doc)
            doc.update(
                file=final.name,
                version=version,
                size=findings["size"],
                sizeInBytes=findings["size"],
                status=assets.READY,
                updatedAt=int(ctx.now()),
                inspection=findings,
                contentType=findings["contentType"],
            )
            if ext and not doc.get("fileExt"):
                doc["fileExt"] = ext
            assets.save(conn, doc)
            search.index_delivery(conn, doc, findings, staged.path)
            os.replace(staged.path, final)  # last step inside the transaction: a failure before it rolls back
    except BaseException:
        staged.path.unlink(missing_ok=True)
        raise
    if previous is not None and previous != final:
        previous.unlink(missing_ok=True)
    if staged.token_id is not None:
        uploads.remove_files(ctx.sim.config.data_dir, staged.token_id)
    ctx.note(inspection={"assetId": asset_id, **_summary(findings)})
    return doc


def _summary(findings: dict[str, Any]) -> dict[str, Any]:
    keys = ("kind", "contentType", "size", "sha256", "valid", "errors", "schema", "captions")
    return {k: findings[k] for k in keys if k in findings}


def extension_of(name: str | None) -> str | None:
    suffix = Path(name).suffix.lstrip(".").lower() if name else ""
    return suffix if suffix and asset_types.FILE_EXT.fullmatch(suffix) else None


def close_token(ctx: Context, token_id: str) -> None:
    token = uploads.get(ctx.conn, token_id, ctx.partner_id)
    if token is None or token["status"] != uploads.FULL_UPLOAD:  # another call consumed it meanwhile
        raise asset_types.UPLOADED_FILE_NOT_FOUND_BY_TOKEN()
    token.update(status=uploads.CLOSED, updatedAt=int(ctx.now()))
    uploads.save(ctx.conn, token)


def _wait_for_token(ctx: Context, kind: AssetKind, doc: dict[str, Any], token: dict[str, Any]) -> None:
    """A token still being uploaded: the asset stays QUEUED and takes the file when the last chunk lands."""
    with ctx.sim.db.transaction() as conn:
        token.update(attachedObjectType=kind.attached_object_type, attachedObjectId=doc["id"], updatedAt=int(ctx.now()))
        uploads.save(conn, token)
    ctx.note(waiting_for_upload_token=token["id"])


def _staging_name(ctx: Context) -> Path:
    return assets.asset_dir(ctx.sim.config.data_dir) / f".staged-{secrets.token_hex(8)}"


def stage_token(ctx: Context, token: dict[str, Any]) -> Staged:
    source = uploads.data_path(ctx.sim.config.data_dir, token["id"])
    if not source.is_file():
        raise asset_types.UPLOADED_FILE_NOT_FOUND_BY_TOKEN()
    target = _staging_name(ctx)
    try:
        os.link(source, target)  # same file system: no copy, and the token's file stays intact until commit
    except OSError:
        shutil.copyfile(source, target)
    return Staged(target, token.get("fileName"), token["id"])


def _stage_blocks(ctx: Context, blocks: Iterable[bytes], kind: AssetKind, what: str) -> Path:
    try:
        return uploads.stage(blocks, assets.asset_dir(ctx.sim.config.data_dir), ctx.sim.config.upload_max_bytes)
    except uploads.TooLarge as exc:
        ctx.note(content_error=f"{what} content exceeds upload_max_bytes ({ctx.sim.config.upload_max_bytes})")
        raise errors.UPLOAD_ERROR() from exc


def _stage_asset(ctx: Context, asset_id: str) -> Staged:
    source = assets.get(ctx.conn, asset_id, ctx.partner_id)
    path = assets.file_path(ctx.sim.config.data_dir, source) if source else None
    if source is None or path is None or not path.is_file():
        raise asset_types.ASSET_ID_NOT_FOUND(asset_id)
    entry_for_read(ctx, source["entryId"])
    target = _staging_name(ctx)
    shutil.copyfile(path, target)
    return Staged(target, source.get("filename") or path.name)


def url_allowed(url: str, allow_list: Iterable[str]) -> tuple[bool, str]:
    """Whether the simulator may fetch this URL (http(s) on a loopback host or an allow-listed one), and its host."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return False, host
    if host == "localhost" or host in {h.lower() for h in allow_list}:
        return True, host
    try:
        return ipaddress.ip_address(host).is_loopback, host
    except ValueError:
        return False, host


def url_headers(resource: KObject) -> dict[str, str]:
    """A URL resource's urlHeaders ("Name: value" strings) as request headers."""
    headers = {}
    for item in resource.get("urlHeaders") or []:
        name, _, value = str(item.get("value") or "").partition(":")
        if name.strip() and value:
            headers[name.strip()] = value.strip()
    return headers


def _stage_url(ctx: Context, kind: AssetKind, doc: dict[str, Any], resource: KObject) -> Staged:
    url = str(resource.get("url") or "")
    allowed, host = url_allowed(url, ctx.sim.config.url_allow_list)
    if not allowed:
        raise kind.url_not_allowed(url, host)
    if backdoor_guard.points_at_self(ctx.sim.config, url):
        ctx.note(content_error="refused a URL that points at the simulator itself")
        raise kind.url_is_self(url)
    try:
        # No redirects: a redirect could lead off the allowed hosts.
        headers = url_headers(resource)
        with requests.get(url, headers=headers, stream=True, timeout=URL_TIMEOUT, allow_redirects=False) as answer:
            if answer.status_code != 200:
                raise OSError(f"HTTP {answer.status_code}")
            blocks = answer.iter_content(uploads.BLOCK)
            path = uploads.stage(blocks, assets.asset_dir(ctx.sim.config.data_dir), ctx.sim.config.upload_max_bytes)
    except (OSError, requests.RequestException, uploads.TooLarge) as exc:
        ctx.note(content_error=f"download of {redact_url(url)} failed: {redact_url(repr(exc))}")
        _mark_download_error(ctx, kind, doc["id"], url)
        raise kind.download_failed(url) from exc
    return Staged(path, Path(urlsplit(url).path).name or None)


def _mark_download_error(ctx: Context, kind: AssetKind, asset_id: str, url: str) -> None:
    """As the real attachUrl does: a QUEUED asset whose download failed becomes ERROR."""
    with ctx.sim.db.transaction() as conn:
        doc = assets.get(conn, asset_id, ctx.partner_id, kind.name)
        if doc is not None and doc.get("status") == assets.QUEUED:
            doc.update(status=assets.ERROR, description=f"Failed downloading file[{url}]")
            assets.save(conn, doc)


# --- reading and removing assets (shared by the attachment and caption services) ------------------------------


def visible_assets(ctx: Context, kind: str, flt: dict[str, Any]) -> list[dict[str, Any]]:
    """The partner's live assets of a kind that match the filter and whose entry the caller may see."""
    found = []
    where = "partnerId = ? AND kind = ? AND status != ?"
    for doc in assets.find(ctx.conn, where, [ctx.partner_id, kind, assets.DELETED]):
        if not filters.matches(doc, flt):
            continue
        entry = entries.get(ctx.conn, doc["entryId"], ctx.partner_id)
        if entry is not None and entry.get("status") != EntryStatus.DELETED and may_read_entry(ctx, entry):
            found.append(doc)
    return found


def serve_url(ctx: Context, service_id: str, id_param: str, asset_id: str) -> str:
    """The serve action's URL with the caller's KS: a GET on it downloads the file, as a real getUrl link does."""
    ks = quote(ctx.ks.raw, safe="") if ctx.ks else ""
    return f"{ctx.service_url}/api_v3/service/{service_id}/action/serve/{id_param}/{asset_id}/ks/{ks}"


def send(ctx: Context, doc: dict[str, Any], *, download: bool = False) -> Response:
    """Stream the asset's file from disk."""
    path = assets.file_path(ctx.sim.config.data_dir, doc)
    if path is None or not path.is_file():
        raise KINDS[doc["kind"]].not_found(doc["id"])
    name = doc.get("filename") or path.name
    ctx.note(served={"assetId": doc["id"], "bytes": path.stat().st_size})
    return send_file(
        path,
        mimetype=doc.get("contentType") or "application/octet-stream",
        as_attachment=download,
        download_name=name,
        conditional=False,
        etag=False,
    )


def delete_asset(ctx: Context, doc: dict[str, Any]) -> None:
    """Mark the asset DELETED (the real server keeps the row) and remove its file."""
    path = assets.file_path(ctx.sim.config.data_dir, doc)
    doc.update(status=assets.DELETED, deletedAt=int(ctx.now()), updatedAt=int(ctx.now()))
    assets.save(ctx.conn, doc)
    search.drop_asset(ctx.conn, doc["id"])
    if path is not None:
        ctx.after_commit(lambda: path.unlink(missing_ok=True))


def asset_for(ctx: Context, kind: str, asset_id: str, *, write: bool) -> dict[str, Any]:
    """The asset if the caller may read it (its entry is visible) or, with write, edit it (`@validateUser
    asset::entry id edit`: INVALID_KS -4 for a KS scoped to another entry)."""
    doc = assets.get(ctx.conn, asset_id, ctx.partner_id, kind)
    if doc is None:
        raise KINDS[kind].not_found(asset_id)
    if write:
        entry_for_write(ctx, doc["entryId"])
        return doc
    try:
        entry_for_read(ctx, doc["entryId"])
    except errors.ENTRY_ID_NOT_FOUND as exc:
        raise KINDS[kind].not_found(asset_id) from exc
    return doc


def ready_asset_for(ctx: Context, kind: str, asset_id: str) -> dict[str, Any]:
    """A readable asset whose content has landed (getUrl, serve); …_IS_NOT_READY before that."""
    doc = asset_for(ctx, kind, asset_id, write=False)
    if doc.get("status") != assets.READY:
        raise KINDS[kind].not_ready(asset_id)
    return doc
