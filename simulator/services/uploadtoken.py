"""The `uploadToken` service: add, upload (whole or in chunks), get, list, delete (UploadTokenService.php).

Bytes go to `<data_dir>/uploads/` in blocks; a chunk is first staged to its own file, then its effect is planned
from sizes, and only an accepted chunk touches the token's file and row (see simulator/store/uploads.py).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from werkzeug.datastructures import FileStorage

from simulator import content, filters, permissions
from simulator.api import Context, Param, service
from simulator.objects import uploads as upload_types
from simulator.objects.core import paginate
from simulator.objects.model import KObject, make_list
from simulator.objects.writable import to_insertable
from simulator.services import media
from simulator.store import uploads

svc = service("uploadToken")


def base_name(file_name: str | None) -> str:
    """The multipart part's file name without any directory: the official client sends the local path."""
    return posixpath.basename(str(file_name or "").replace("\\", "/"))


def _to_object(doc: dict[str, Any]) -> KObject:
    return KObject.from_doc("KalturaUploadToken", doc)


def _caller_token(ctx: Context, token_id: str) -> dict[str, Any]:
    token = content.caller_token(ctx, token_id)
    if token is None:
        raise upload_types.UPLOAD_TOKEN_NOT_FOUND()
    return token


@svc.action(
    "add",
    Param("uploadToken", "object", "KalturaUploadToken", optional=True),
    returns="KalturaUploadToken",
    allow=permissions.any_session,
)
def add(ctx: Context, uploadToken: KObject | None) -> KObject:
    """Create a PENDING token for the session's user."""
    now = int(ctx.now())
    doc: dict[str, Any] = {
        "partnerId": ctx.partner_id,
        "userId": ctx.ks.user_id if ctx.ks else "",
        "status": uploads.PENDING,
        "uploadedFileSize": None,
        "createdAt": now,
        "updatedAt": now,
        "uploadUrl": ctx.service_url,
    }
    if uploadToken is not None:
        doc.update(to_insertable(uploadToken))
    uploads.add(ctx.conn, doc)
    return _to_object(doc)


@svc.action("get", Param("uploadTokenId", "string"), returns="KalturaUploadToken", allow=permissions.any_session)
def get(ctx: Context, uploadTokenId: str) -> KObject:
    """One token of the caller (another user's token is not found for a non-admin KS)."""
    return _to_object(_caller_token(ctx, uploadTokenId))


@svc.action(
    "upload",
    Param("uploadTokenId", "string"),
    Param("fileData", "file"),
    Param("resume", "bool", optional=True, default=False),
    Param("finalChunk", "bool", optional=True, default=True),
    Param("resumeAt", "float", optional=True, default=-1),
    returns="KalturaUploadToken",
    allow=permissions.any_session,
    atomic=False,
)
def upload(
    ctx: Context, uploadTokenId: str, fileData: FileStorage, resume: bool, finalChunk: bool, resumeAt: float
) -> KObject:
    """Upload the file, or one chunk of it, to the token."""
    token = _caller_token(ctx, uploadTokenId)
    if token["status"] not in (uploads.PENDING, uploads.PARTIAL_UPLOAD):
        raise upload_types.UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD()
    name = base_name(fileData.filename)
    if not name:  # kUploadTokenMgr: "The file name is missing for the uploaded file"
        raise upload_types.UPLOAD_ERROR()
    data_dir = ctx.sim.config.data_dir
    target = uploads.data_path(data_dir, token["id"])
    if resume and not target.exists():
        raise upload_types.UPLOAD_TOKEN_CANNOT_RESUME()
    limit = ctx.sim.config.upload_max_bytes
    try:
        staged = uploads.stage(uploads.read_blocks(fileData.stream), uploads.upload_dir(data_dir), limit)
    except uploads.TooLarge as exc:
        raise _too_large(ctx, limit) from exc
    try:
        with uploads.WRITE_LOCK:
            # Read again under the lock: another chunk of this token may have moved it on meanwhile.
            token = _caller_token(ctx, uploadTokenId)
            if token["status"] not in (uploads.PENDING, uploads.PARTIAL_UPLOAD):
                raise upload_types.UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD()
            size = _place_chunk(ctx, token, staged, resume=resume, final=finalChunk, resume_at=int(resumeAt))
            final = finalChunk or bool(
                token.get("autoFinalize") and token.get("fileSize") and size >= token["fileSize"]
            )
            with ctx.sim.db.transaction() as conn:
                token.update(
                    status=uploads.FULL_UPLOAD if final else uploads.PARTIAL_UPLOAD,
                    uploadedFileSize=size,
                    updatedAt=int(ctx.now()),
                )
                if not token.get("fileName"):
                    token["fileName"] = name
                uploads.save(conn, token)
    finally:
        staged.unlink(missing_ok=True)  # applied chunks are gone already; a refused one goes here
    ctx.note(upload={"token": token["id"], "fileName": name, "uploadedFileSize": size, "final": final})
    if final and token.get("attachedObjectId"):
        with ctx.sim.db.transaction():
            started = media.ingest_waiting_entry(ctx, token)
        if not started:
            content.attach_waiting_asset(ctx, token)  # inspects the file, then commits on its own
            token = uploads.get(ctx.conn, token["id"], ctx.partner_id) or token
    return _to_object(token)


def _too_large(ctx: Context, limit: int) -> Exception:
    # The real server answers an over-size upload (PHP's upload limit) with UPLOAD_ERROR; the journal says why.
    ctx.note(upload_error=f"the file exceeds the simulator's upload_max_bytes ({limit} bytes)")
    return upload_types.UPLOAD_ERROR()


def _place_chunk(
    ctx: Context, token: dict[str, Any], staged: Path, *, resume: bool, final: bool, resume_at: int
) -> int:
    """Plan the chunk from sizes, refuse it if it cannot fit, else write it; the token's new file size. A resumed
    file ends at the size its row acknowledged (simulator/store/uploads.py)."""
    data_dir = ctx.sim.config.data_dir
    target = uploads.data_path(data_dir, token["id"])
    chunk_size = staged.stat().st_size
    waiting = uploads.parked_chunks(data_dir, token["id"]) if resume else []
    current = int(token.get("uploadedFileSize") or 0) if resume else 0
    offset = current if resume_at < 0 or not resume else resume_at
    new = uploads.Chunk(offset, chunk_size, staged)
    plan = uploads.plan_merge(current, [*waiting, new])
    if resume and final and resume_at > 0 and plan.size != resume_at + chunk_size:
        ctx.note(upload_error=f"final chunk at {resume_at} leaves {plan.size} bytes, expected {resume_at + chunk_size}")
        raise upload_types.UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE()
    if plan.size > ctx.sim.config.upload_max_bytes:
        raise _too_large(ctx, ctx.sim.config.upload_max_bytes)
    if resume:
        uploads.trim(target, current)
    else:
        uploads.remove_files(data_dir, token["id"])  # a fresh upload starts the file over
    keep = set() if final else {c.path for c in plan.parked}
    dropped = [c.path for c in waiting if c not in plan.applied and c.path not in keep]
    uploads.apply(target, plan, dropped)
    if new in plan.parked and not final:
        uploads.park(staged, data_dir, token["id"], offset)
    return plan.size


@svc.action(
    "list",
    Param("filter", "object", "KalturaUploadTokenFilter", optional=True),
    Param("pager", "object", "KalturaFilterPager", optional=True),
    returns="KalturaUploadTokenListResponse",
    allow=permissions.any_session,
)
def list_tokens(ctx: Context, filter: KObject | None, pager: KObject | None) -> KObject:
    """The partner's tokens (a non-admin KS sees only its user's)."""
    where = "partnerId = ?"
    params: list[Any] = [ctx.partner_id]
    if not permissions.is_admin(ctx):
        where += " AND userId = ?"
        params.append(ctx.ks.user_id if ctx.ks else "")
    found = [doc for doc in uploads.find(ctx.conn, where, params) if filters.matches(doc, filter)]
    return make_list("KalturaUploadTokenListResponse", [_to_object(d) for d in paginate(found, pager)], len(found))


@svc.action("delete", Param("uploadTokenId", "string"), allow=permissions.any_session)
def delete(ctx: Context, uploadTokenId: str) -> None:
    """Mark the token DELETED and drop its bytes."""
    token = _caller_token(ctx, uploadTokenId)
    token.update(status=uploads.DELETED, updatedAt=int(ctx.now()))
    uploads.save(ctx.conn, token)
    data_dir = ctx.sim.config.data_dir
    ctx.after_commit(lambda: uploads.remove_files(data_dir, token["id"]))
