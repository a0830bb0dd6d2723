"""The portal's pages and the JSON its scripts poll. Every read and write is an API call (simulator/portal/api.py)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Response, abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from markupsafe import Markup, escape
from wtforms import ValidationError

from simulator.objects.reach import CatalogItemStatus, TaskStatus
from simulator.portal import bp
from simulator.portal.api import ApiError, call, service_url, sign_in
from simulator.portal.requests import (
    CANCEL_REFUSED,
    ORDER_CONFIRMATION,
    STATUS_LABELS,
    feature_label,
    request_rows,
)
from simulator.services import esearch
from vendor import exporters
from vendor import insight as insight_formats

PLAYER_BUNDLE = Path(__file__).parent / "static" / "player" / "kaltura-ovp-player.js"
ENTRY_PAGE_SIZE = 500
DOWNLOADS = {
    "reachsim": ("json", "application/json"),
    "azure": ("json", "application/json"),
    "vtt": ("vtt", "text/vtt"),
}


# ------------------------------------------------------------------------------------------------ guards


@bp.before_request
def _csrf() -> None:
    """Every state-changing request carries the session's CSRF token (form field or X-CSRFToken header)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    token = request.form.get("csrf_token") or request.headers.get("X-CSRFToken")
    try:
        validate_csrf(token)
    except ValidationError as exc:
        raise CSRFError(str(exc)) from exc


@bp.errorhandler(CSRFError)
def _csrf_refused(exc: CSRFError) -> tuple[Response, int]:
    return jsonify({"error": "The form has expired or did not come from this portal; reload the page."}), 400


@bp.app_context_processor
def _template_globals() -> dict[str, Any]:
    return {"csrf_token": generate_csrf, "signed_in": "ks" in session, "partner_id": session.get("partner_id")}


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if "ks" not in session:
            if request.path.endswith(".json") or request.method != "GET":
                return jsonify({"error": "signed out"}), 401
            return redirect(url_for("portal.signin", next=request.path))
        try:
            return view(*args, **kwargs)
        except ApiError as exc:
            if exc.code == "INVALID_KS":
                session.clear()
                return redirect(url_for("portal.signin"))
            if exc.code == "ENTRY_ID_NOT_FOUND":
                abort(404)
            # Any other refusal is shown as the API worded it, never as a server error.
            if request.path.endswith(".json") or request.method != "GET":
                return jsonify({"error": exc.message, "code": exc.code}), 400
            return render_template("portal/error.html", error=exc), 400

    return wrapped


# ------------------------------------------------------------------------------------------------ sign in


@bp.get("/")
def home() -> ResponseReturnValue:
    return redirect(url_for("portal.entries" if "ks" in session else "portal.signin"))


def _demo_credentials() -> tuple[int, str] | None:
    """The demo partner's id and admin secret, when this simulator was seeded with the demo."""
    if current_app.extensions["reachsim"].config.seed != "demo":
        return None
    from simulator.seeds.demo import CUSTOMER_ID, demo_secret

    return CUSTOMER_ID, demo_secret(CUSTOMER_ID, "admin")


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Any:
    error = None
    if request.method == "POST":
        demo = _demo_credentials() if request.form.get("demo") else None
        partner_text = str(demo[0]) if demo else request.form.get("partnerId", "").strip()
        secret = demo[1] if demo else request.form.get("secret", "").strip()
        if not partner_text.isdigit():
            error = "The partner id is a number."
        else:
            try:
                ks = sign_in(int(partner_text), secret)
            except ApiError as exc:
                error = exc.message
            else:
                session.clear()
                session.update(ks=ks, partner_id=int(partner_text))
                target = request.args.get("next", "")
                return redirect(target if target.startswith("/portal/") else url_for("portal.entries"))
    return render_template("portal/signin.html", error=error, demo=_demo_credentials() is not None), (
        400 if error else 200
    )


@bp.post("/signout")
def signout() -> ResponseReturnValue:
    session.clear()
    return redirect(url_for("portal.signin"))


# ------------------------------------------------------------------------------------------------ entries


def _catalog_items() -> list[dict[str, Any]]:
    """The catalog items enabled for the signed-in partner."""
    answer = call(
        "reach_vendorCatalogItem",
        "list",
        filter={"objectType": "KalturaVendorCatalogItemFilter", "partnerIdEqual": session["partner_id"]},
        pager={"pageSize": 500},
    )
    return answer.get("objects", [])


def _tasks(entry_id: str | None = None) -> list[dict[str, Any]]:
    flt: dict[str, Any] = {"objectType": "KalturaEntryVendorTaskFilter", "orderBy": "-createdAt"}
    if entry_id:
        flt["entryIdEqual"] = entry_id
    return call("reach_entryVendorTask", "list", filter=flt, pager={"pageSize": 500}).get("objects", [])


def _thumbnail_url(entry: dict[str, Any]) -> str:
    """The entry's thumbnail URL with the portal's KS: media reaches the browser only through the delivery
    checks, with the signed-in partner's session."""
    return f"{entry['thumbnailUrl']}/width/480/height/270/ks/{quote(session['ks'], safe='')}"


@bp.get("/entries")
@login_required
def entries() -> str:
    listed = call("baseEntry", "list", filter={"objectType": "KalturaBaseEntryFilter"}, pager={"pageSize": 500})
    items = {item["id"]: item for item in _catalog_items()}
    ocr_state: dict[str, str] = {}
    for row in request_rows(_tasks(), items, []):
        if row["feature"] == "OCR":
            ocr_state.setdefault(row["entryId"], row["status"])  # newest first
    rows = [
        {**entry, "ocrState": ocr_state.get(entry["id"], "Not ordered"), "thumbUrl": _thumbnail_url(entry)}
        for entry in listed.get("objects", [])
    ]
    return render_template("portal/entries.html", entries=rows)


def _aborted(entry_id: str) -> list[dict[str, Any]]:
    """Tasks this portal cancelled: the API hides aborted tasks from every query, as Kaltura's does."""
    store = current_app.extensions.setdefault("reachsim_portal_aborted", {})
    return store.setdefault((session["partner_id"], entry_id), [])


@bp.get("/entries/<entry_id>")
@login_required
def entry(entry_id: str) -> str:
    entry = call("baseEntry", "get", entryId=entry_id)
    items = [item for item in _catalog_items() if item.get("status") in (CatalogItemStatus.ACTIVE, None)]
    return render_template(
        "portal/entry.html",
        entry=entry,
        features=[(item["id"], feature_label(item), item.get("name", "")) for item in items],
        player_available=PLAYER_BUNDLE.is_file(),
        service_url=service_url(),
        start=request.args.get("t", type=float),
        end=request.args.get("end", type=float),
        has_insight=_ready_ocr(entry_id) is not None,
    )


@bp.get("/entries/<entry_id>/requests.json")
@login_required
def entry_requests(entry_id: str) -> Response:
    call("baseEntry", "get", entryId=entry_id)
    items = {item["id"]: item for item in _catalog_items()}
    return jsonify({"requests": request_rows(_tasks(entry_id), items, _aborted(entry_id))})


@bp.post("/entries/<entry_id>/order")
@login_required
def order(entry_id: str) -> tuple[Response, int]:
    item_id = request.form.get("catalogItemId", "")
    if not item_id.isdigit():
        return jsonify({"error": "Choose a feature to order."}), 400
    profiles = call(
        "reach_reachProfile",
        "list",
        filter={"objectType": "KalturaReachProfileFilter", "statusEqual": 2},
        pager={"pageSize": 1},
    )
    task: dict[str, Any] = {"objectType": "KalturaEntryVendorTask", "entryId": entry_id, "catalogItemId": item_id}
    if profiles.get("objects"):
        task["reachProfileId"] = profiles["objects"][0]["id"]
    try:
        added = call("reach_entryVendorTask", "add", entryVendorTask=task)
    except ApiError as exc:
        return jsonify({"error": exc.message, "code": exc.code}), 400
    return jsonify({"message": ORDER_CONFIRMATION, "taskId": added["id"]}), 200


@bp.post("/requests/<int:task_id>/cancel")
@login_required
def cancel(task_id: int) -> tuple[Response, int]:
    try:
        aborted = call("reach_entryVendorTask", "abort", id=task_id, abortReason="Canceled in the portal")
    except ApiError as exc:
        if exc.code == "CANNOT_ABORT_NOT_MODERATED_TASK":
            return jsonify({"error": CANCEL_REFUSED, "code": exc.code}), 409
        return jsonify({"error": exc.message, "code": exc.code}), 400
    _aborted(str(aborted["entryId"])).append(aborted)
    return jsonify({"message": "The request was canceled.", "taskId": task_id}), 200


# ------------------------------------------------------------------------------------------------ results


def _ready_ocr(entry_id: str) -> dict[str, Any] | None:
    """The newest READY OCR request of the entry that names its output."""
    items = {item["id"]: item for item in _catalog_items()}
    for row in request_rows(_tasks(entry_id), items, []):
        if row["feature"] == "OCR" and row["status"] == STATUS_LABELS[TaskStatus.READY] and row.get("outputObjectId"):
            return row
    return None


def _insight(entry_id: str) -> dict[str, Any] | None:
    """The newest OCR insight delivered on the entry: the READY OCR task's output attachment, read through the API."""
    call("baseEntry", "get", entryId=entry_id)
    row = _ready_ocr(entry_id)
    if row is None:
        return None
    served = call("attachment_attachmentAsset", "serve", attachmentAssetId=row["outputObjectId"])
    try:
        doc = json.loads(served)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) and doc.get("schema") == insight_formats.SCHEMA_ID else None


@bp.get("/entries/<entry_id>/insight.json")
@login_required
def insight_json(entry_id: str) -> Response:
    doc = _insight(entry_id)
    return jsonify({"insight": doc})


@bp.get("/entries/<entry_id>/download/<fmt>")
@login_required
def insight_download(entry_id: str, fmt: str) -> Response:
    """The delivered insight as reachsim JSON, Azure Video Indexer's `ocr` JSON, or the WebVTT track."""
    if fmt not in DOWNLOADS:
        abort(404)
    doc = _insight(entry_id)
    if doc is None:
        abort(404)
    ext, mimetype = DOWNLOADS[fmt]
    response = Response(exporters.export(doc, fmt), mimetype=mimetype)
    if not request.args.get("inline"):
        response.headers["Content-Disposition"] = f'attachment; filename="{entry_id}-ocr-{fmt}.{ext}"'
    return response


# ------------------------------------------------------------------------------------------------ search


def _highlight_html(hit: dict[str, Any]) -> Markup:
    """The line with eSearch's <em> highlights as <mark>, everything else escaped."""
    highlights = hit.get("highlight") or []
    text = highlights[0]["hits"][0]["value"] if highlights and highlights[0].get("hits") else hit.get("line", "")
    escaped = str(escape(text))
    return Markup(escaped.replace("&lt;em&gt;", "<mark>").replace("&lt;/em&gt;", "</mark>"))


@bp.get("/search")
@login_required
def search() -> str:
    query = request.args.get("q", "").strip()
    mode = request.args.get("mode", "partial")
    results: list[dict[str, Any]] = []
    total = 0
    if query:
        item_type = 1 if mode == "exact" else 2
        answer = call(
            "elasticsearch_esearch",
            "searchEntry",
            searchParams={
                "objectType": "KalturaESearchEntryParams",
                "searchOperator": {
                    "objectType": "KalturaESearchEntryOperator",
                    "operator": 1,
                    "searchItems": {
                        "0": {
                            "objectType": "KalturaESearchUnifiedItem",
                            "searchTerm": query,
                            "itemType": item_type,
                            "addHighlight": True,
                        }
                    },
                },
            },
            pager={"objectType": "KalturaPager", "pageSize": 50},
        )
        total = answer.get("totalCount", 0)
        for result in answer.get("objects", []):
            hits = [hit for data in result.get("itemsData", []) for hit in data.get("items", [])]
            for hit in hits:
                hit["html"] = _highlight_html(hit)
                # eSearch answers carry no relevance score: the portal shows the one the search ranked by.
                hit["score"] = esearch.partial_score(query, hit["line"])[0] if mode != "exact" else 100.0
                hit["confidence"] = esearch.confidence(hit["score"])
            results.append({"entry": result["object"], "hits": hits})
    return render_template("portal/search.html", query=query, mode=mode, results=results, total=total)


# ------------------------------------------------------------------------------------------------ automated rules


def _active_profile() -> dict[str, Any] | None:
    answer = call(
        "reach_reachProfile",
        "list",
        filter={"objectType": "KalturaReachProfileFilter", "statusEqual": 2},
        pager={"pageSize": 1},
    )
    return (answer.get("objects") or [None])[0]


def _category_rules(profile: dict[str, Any] | None) -> list[dict[str, Any]]:
    """(category ids, catalog item ids) of each profile rule that orders on a category add."""
    found = []
    for rule in (profile or {}).get("rules") or []:
        conditions = [c for c in rule.get("conditions") or [] if c.get("objectType") == "KalturaCategoryEntryCondition"]
        actions = [a for a in rule.get("actions") or [] if a.get("objectType") == "KalturaAddEntryVendorTaskAction"]
        if conditions and actions:
            found.append(
                {
                    "categoryId": int(conditions[0].get("categoryId") or 0),
                    "itemIds": [int(i) for a in actions for i in str(a.get("catalogItemIds", "")).split(",") if i],
                    "description": rule.get("description") or "",
                }
            )
    return found


@bp.get("/rules")
@login_required
def rules() -> str:
    cats = call("category", "list", pager={"pageSize": 500}).get("objects", [])
    items = {item["id"]: feature_label(item) for item in _catalog_items()}
    listed = call("baseEntry", "list", filter={"objectType": "KalturaBaseEntryFilter"}, pager={"pageSize": 500})
    names = {c["id"]: c["fullName"] for c in cats}
    rows = [
        {
            **r,
            "category": names.get(r["categoryId"], f"#{r['categoryId']}"),
            "features": [items.get(i, i) for i in r["itemIds"]],
        }
        for r in _category_rules(_active_profile())
    ]
    return render_template(
        "portal/rules.html",
        categories=cats,
        rules=rows,
        features=sorted(items.items()),
        entries=listed.get("objects", []),
        message=request.args.get("message"),
        error=request.args.get("error"),
    )


def _back(message: str | None = None, error: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("portal.rules", message=message, error=error))


@bp.post("/rules/categories")
@login_required
def add_category() -> ResponseReturnValue:
    try:
        added = call(
            "category", "add", category={"objectType": "KalturaCategory", "name": request.form.get("name", "")}
        )
    except ApiError as exc:
        return _back(error=exc.message)
    return _back(message=f"Category “{added['fullName']}” added.")


@bp.post("/rules")
@login_required
def add_rule() -> ResponseReturnValue:
    category_id, item_id = request.form.get("categoryId", ""), request.form.get("catalogItemId", "")
    profile = _active_profile()
    if profile is None:
        return _back(error="This partner has no active REACH profile.")
    if not (category_id.isdigit() and item_id.isdigit()):
        return _back(error="Choose a category and a feature.")
    rule = {
        "objectType": "KalturaRule",
        "description": "Order on category add (portal)",
        "conditions": [{"objectType": "KalturaCategoryEntryCondition", "categoryId": category_id}],
        "actions": [{"objectType": "KalturaAddEntryVendorTaskAction", "catalogItemIds": item_id}],
    }
    rules_param = [*(profile.get("rules") or []), rule]
    try:
        call(
            "reach_reachProfile",
            "update",
            id=profile["id"],
            reachProfile={"objectType": "KalturaReachProfile", "rules": rules_param},
        )
    except ApiError as exc:
        return _back(error=exc.message)
    return _back(message="Rule saved: every entry added to the category will be ordered automatically.")


@bp.post("/rules/assign")
@login_required
def assign() -> ResponseReturnValue:
    try:
        call(
            "categoryEntry",
            "add",
            categoryEntry={
                "objectType": "KalturaCategoryEntry",
                "categoryId": request.form.get("categoryId", ""),
                "entryId": request.form.get("entryId", ""),
            },
        )
    except ApiError as exc:
        return _back(error=exc.message)
    return _back(message="Entry added to the category.")
