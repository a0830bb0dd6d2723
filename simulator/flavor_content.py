"""A vendor's file into a flavor asset (flavorAsset.setContent): how dubbed and described audio tracks land.

Two resources, the two the guide recommends: an uploaded-file token attaches at once; a URL is, as on Kaltura
(FlavorAssetService::attachUrl), always an import job: the flavor is IMPORTING until the background fetch lands
(READY) or fails (ERROR, the reason in `description`). Either way the file is staged, probed
(simulator/inspection.py) before the write transaction, then moved under `<data_dir>/media/delivered/` and the
flavor pointed at it and marked READY, all or nothing. The flavor keeps the facts its flavorParams gave it at `add`;
what the file really holds is in its `inspection` (not on the wire), which the certification rules read from
/__sim__/state.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from simulator import backdoor_guard, content, inspection
from simulator.api import Context
from simulator.objects import assets as asset_types
from simulator.objects.errors import KalturaAPIError
from simulator.objects.flavors import FLAVOR_ASSET_ID_NOT_FOUND, FlavorAssetStatus
from simulator.objects.model import KObject
from simulator.redaction import redact_url
from simulator.store import assets, flavors, uploads

DELIVERED = "delivered"  # the media directory of flavors vendors deliver (ingest's are content-addressed)


def set_content(ctx: Context, doc: dict[str, Any], resource: KObject) -> dict[str, Any]:
    """Attach a resource's file to the flavor; the updated document (IMPORTING while a URL is fetched)."""
    if resource.is_a("KalturaUploadedFileTokenResource"):
        return _from_token(ctx, doc, str(resource.get("token") or ""))
    if resource.is_a("KalturaUrlResource"):
        return _from_url(ctx, doc, str(resource.get("url") or ""), content.url_headers(resource))
    raise asset_types.RESOURCE_TYPE_NOT_SUPPORTED(resource.kaltura_type)


def _from_token(ctx: Context, doc: dict[str, Any], token_id: str) -> dict[str, Any]:
    token = content.caller_token(ctx, token_id)
    if token is None or token["status"] != uploads.FULL_UPLOAD:
        raise asset_types.UPLOADED_FILE_NOT_FOUND_BY_TOKEN()
    staged = content.stage_token(ctx, token)
    attached, findings = _attach(
        ctx.sim, doc["id"], staged.path, staged.name, lambda: content.close_token(ctx, token_id)
    )
    uploads.remove_files(ctx.sim.config.data_dir, token_id)
    keys = ("kind", "contentType", "size", "sha256", "valid", "errors", "media")
    ctx.note(inspection={"flavorAssetId": doc["id"], **{k: findings[k] for k in keys if k in findings}})
    return attached


def _from_url(ctx: Context, doc: dict[str, Any], url: str, headers: dict[str, str]) -> dict[str, Any]:
    with ctx.sim.db.transaction() as conn:
        doc.update(status=FlavorAssetStatus.IMPORTING, updatedAt=int(ctx.now()))
        flavors.save(conn, doc)
    flavor_id = doc["id"]
    ctx.note(importing={"flavorAssetId": flavor_id, "url": redact_url(url)})
    ctx.after_commit(lambda: ctx.sim.submit(import_url, ctx.sim, flavor_id, url, headers))
    return doc


def import_url(sim: Any, flavor_id: str, url: str, headers: dict[str, str]) -> None:
    """The import job: fetch (loopback and allow-listed hosts only, never the simulator itself, no redirects), then
    attach; a failed fetch leaves the flavor ERROR."""
    allowed, host = content.url_allowed(url, sim.config.url_allow_list)
    try:
        if not allowed:
            raise OSError(f"reachsim fetches only from loopback hosts and config.url_allow_list, not {host!r}")
        if backdoor_guard.points_at_self(sim.config, url):
            raise OSError("reachsim never fetches its own URLs")
        with requests.get(url, headers=headers, stream=True, timeout=content.URL_TIMEOUT, allow_redirects=False) as got:
            if got.status_code != 200:
                raise OSError(f"HTTP {got.status_code}")
            staged = uploads.stage(
                got.iter_content(uploads.BLOCK), assets.asset_dir(sim.config.data_dir), sim.config.upload_max_bytes
            )
    except (OSError, requests.RequestException, uploads.TooLarge) as exc:
        _import_failed(sim, flavor_id, f"Failed downloading file[{redact_url(url)}]: {redact_url(str(exc))}")
        return
    try:
        _attach(sim, flavor_id, staged, Path(url.split("?", 1)[0]).name or None)
    except KalturaAPIError:
        return  # the flavor went away while its file was fetched: nothing to attach it to


def _import_failed(sim: Any, flavor_id: str, reason: str) -> None:
    with sim.db.transaction() as conn:
        doc = flavors.get(conn, flavor_id)
        if doc is not None and doc.get("status") == FlavorAssetStatus.IMPORTING:
            doc.update(status=FlavorAssetStatus.ERROR, description=reason, updatedAt=int(sim.clock.now()))
            flavors.save(conn, doc)


def _attach(
    sim: Any, flavor_id: str, staged: Path, name: str | None, inside: Callable[[], None] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Probe the staged file, move it into place and point the flavor at it (running `inside` in the same
    transaction); the flavor and the findings."""
    previous: Path | None = None
    try:
        findings = inspection.inspect_media(staged)  # ffprobe runs before the write transaction
        with sim.db.transaction() as conn:
            doc = flavors.get(conn, flavor_id)
            if doc is None or doc.get("status") == FlavorAssetStatus.DELETED:
                raise FLAVOR_ASSET_ID_NOT_FOUND(flavor_id)
            if inside is not None:
                inside()
            version = int(doc.get("version") or 0) + 1
            ext = doc.get("fileExt") or content.extension_of(name) or "mp4"
            directory = sim.config.data_dir / flavors.MEDIA_DIR / DELIVERED
            directory.mkdir(parents=True, exist_ok=True)
            final = directory / f"{flavor_id}-{version}.{ext}"
            previous = flavors.file_path(sim.config.data_dir, doc) if doc.get("file") else None
            media = findings.get("media") or {}
            doc.update(
                fileExt=ext,
                version=version,
                size=-(-int(findings["size"]) // 1024),  # KB, rounded up as Kaltura reports it
                sizeInBytes=float(findings["size"]),
                status=FlavorAssetStatus.READY,
                updatedAt=int(sim.clock.now()),
                media=DELIVERED,
                file=final.name,
                hls=None,  # a delivered track is served progressively; the packager has no rendition of it
                codecs=media.get("codecs") or "",
                hasVideo=bool(media.get("videoCodec")),
                hasAudio=bool(media.get("audioCodec")),
                inspection=findings,
            )
            flavors.save(conn, doc)
            os.replace(staged, final)  # last step inside the transaction: a failure before it rolls back
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    if previous is not None and previous != final:
        previous.unlink(missing_ok=True)
    return doc, findings
