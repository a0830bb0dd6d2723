"""Generates docs/api-coverage.md from the service registry: every service and action the simulator answers."""

from __future__ import annotations

import sys

from simulator.api import SERVICES

# Kaltura's actions of each simulated service, lower-cased as the dispatcher matches them: those of kaltura/server's
# deployment/permissions/service.*.ini (Venus-22.19) and those the official Python client 23.10 calls (newer
# releases add a few; tests/test_api_coverage.py checks every simulated service and the client against this).
# Facts only: which names exist, to say which ones are left out.
KALTURA_ACTIONS: dict[str, tuple[str, ...]] = {
    "apptoken": ("add", "delete", "get", "list", "startsession", "update"),
    "attachment_attachmentasset": (
        "add",
        "delete",
        "get",
        "getremotepaths",
        "geturl",
        "list",
        "serve",
        "servebyentryid",
        "setcontent",
        "update",
    ),
    "baseentry": (
        "add",
        "addcontent",
        "addfromuploadedfile",
        "anonymousrank",
        "approve",
        "bulkdelete",
        "clone",
        "count",
        "delete",
        "export",
        "exporttocsv",
        "flag",
        "get",
        "getbyids",
        "getcontextdata",
        "getplaybackcontext",
        "getremotepaths",
        "index",
        "list",
        "listbyreferenceid",
        "listflags",
        "recycle",
        "reject",
        "restorerecycled",
        "serveplaybackkey",
        "update",
        "updatecontent",
        "updatethumbnailfromsourceentry",
        "updatethumbnailfromurl",
        "updatethumbnailjpeg",
        "upload",
    ),
    "caption_captionasset": (
        "add",
        "delete",
        "export",
        "get",
        "getremotepaths",
        "geturl",
        "list",
        "serve",
        "serveasjson",
        "servebyentryid",
        "servewebvtt",
        "setasdefault",
        "setcontent",
        "update",
    ),
    "category": (
        "add",
        "addfrombulkupload",
        "clone",
        "delete",
        "exporttocsv",
        "get",
        "index",
        "list",
        "move",
        "unlockcategories",
        "update",
    ),
    "categoryentry": (
        "activate",
        "add",
        "addfrombulkupload",
        "delete",
        "index",
        "list",
        "reject",
        "syncprivacycontext",
        "updatestatusfrombulk",
    ),
    "cuepoint_cuepoint": (
        "add",
        "addfrombulk",
        "clone",
        "count",
        "delete",
        "get",
        "list",
        "servebulk",
        "update",
        "updatecuepointstimes",
        "updatestatus",
    ),
    "data": ("add", "addcontent", "delete", "get", "list", "serve", "update"),
    "elasticsearch_esearch": ("entryexporttocsv", "searchcategory", "searchentry", "searchgroup", "searchuser"),
    "flavorasset": (
        "add",
        "convert",
        "delete",
        "deletelocalcontent",
        "export",
        "get",
        "getbyentryid",
        "getdownloadurl",
        "getflavorassetswithparams",
        "getremotepaths",
        "geturl",
        "getvolumemap",
        "getwebplayablebyentryid",
        "list",
        "reconvert",
        "serveadstitchcmd",
        "setassource",
        "setcontent",
        "update",
    ),
    "media": (
        "add",
        "addcontent",
        "addfrombulk",
        "addfromentry",
        "addfromflavorasset",
        "addfromrecordedwebcam",
        "addfromsearchresult",
        "addfromuploadedfile",
        "addfromurl",
        "anonymousrank",
        "approve",
        "approvereplace",
        "bulkuploadadd",
        "cancelreplace",
        "convert",
        "count",
        "delete",
        "exporttocsv",
        "flag",
        "get",
        "getmrss",
        "getvolumemap",
        "list",
        "listflags",
        "reject",
        "requestconversion",
        "update",
        "updatecontent",
        "updatethumbnail",
        "updatethumbnailfromsourceentry",
        "updatethumbnailfromurl",
        "updatethumbnailjpeg",
        "upload",
    ),
    "metadata_metadata": (
        "add",
        "addfrombulk",
        "addfromfile",
        "addfromurl",
        "delete",
        "get",
        "index",
        "invalidate",
        "list",
        "serve",
        "update",
        "updatefromfile",
        "updatefromxsl",
    ),
    "partner": (
        "checkuserlogindataexists",
        "count",
        "get",
        "getinfo",
        "getpublicinfo",
        "getsecrets",
        "getstatistics",
        "getusage",
        "list",
        "listfeaturestatus",
        "listpartnersforuser",
        "register",
        "registrationvalidation",
        "update",
    ),
    "reach_entryvendortask": (
        "abort",
        "add",
        "approve",
        "exporttocsv",
        "extendaccesskey",
        "get",
        "getjobs",
        "getserveurl",
        "list",
        "reject",
        "replaceoutput",
        "reset",
        "serve",
        "servecsv",
        "update",
        "updatejob",
    ),
    "reach_reachprofile": ("add", "delete", "get", "list", "synccredit", "update", "updatestatus"),
    "reach_vendorcatalogitem": (
        "add",
        "addfrombulkupload",
        "delete",
        "get",
        "getserveurl",
        "list",
        "serve",
        "update",
        "updatestatus",
    ),
    "schedule_scheduleevent": (
        "add",
        "addfrombulkupload",
        "cancel",
        "delete",
        "get",
        "getconflicts",
        "list",
        "update",
        "updatelivefeature",
    ),
    "session": ("end", "get", "impersonate", "impersonatebyks", "start", "startwidgetsession"),
    "system": ("gethealthcheck", "gettime", "getversion", "ping", "pingdatabase"),
    "uploadtoken": ("add", "delete", "get", "list", "upload"),
}
OUT_OF_SCOPE = (
    "Services the simulator does not have answer `SERVICE_DOES_NOT_EXISTS`. Among them, on purpose: custom "
    "metadata profiles (`metadata_metadataprofile`; of `metadata_metadata` only `list` is answered, always empty, "
    "because the web player asks for it): a REACH vendor does not need custom metadata, so Kaltura's own client "
    "test `test_SampleMetadataOperations` is not run; documents (`document_documents`), thumbnails (`thumbasset`), "
    "users, playlists, live streams and the admin-console services."
)


def render() -> str:
    import simulator.services  # noqa: F401  (registers every service)

    lines = [
        "# API coverage",
        "",
        "Generated by `python -m simulator.coverage > docs/api-coverage.md` from the simulator's service registry;",
        "a test fails when this file is stale. Service ids are the ones on the wire",
        "(`/api_v3/service/ID/action/NAME`).",
        "",
        "| service | action | needs a KS | returns | what it does |",
        "| --- | --- | --- | --- | --- |",
    ]
    for service_id in sorted(SERVICES):
        service = SERVICES[service_id]
        for key in sorted(service.actions):
            action = service.actions[key]
            needs = {"none": "no", "optional": "optional", "required": "yes"}[action.ks]
            lines.append(
                f"| `{service_id}` | `{action.name}` | {needs} | `{action.returns or 'void'}` | {action.summary} |"
            )
    total = sum(len(s.actions) for s in SERVICES.values())
    lines += ["", f"{len(SERVICES)} services, {total} actions.", "", *_per_service()]
    return "\n".join(lines) + "\n"


def _per_service() -> list[str]:
    """Per service: Kaltura's actions the simulator answers, and those that answer ACTION_DOES_NOT_EXISTS."""
    lines = [
        "## Per service: simulated, and left out on purpose",
        "",
        "Kaltura's actions of each service (from its permission declarations). Those not simulated answer "
        "`ACTION_DOES_NOT_EXISTS`, as Kaltura answers an unknown action.",
        "",
        "| service | simulated | answers ACTION_DOES_NOT_EXISTS |",
        "| --- | --- | --- |",
    ]
    for service_id in sorted(SERVICES):
        ours = {name.lower(): a.name for name, a in SERVICES[service_id].actions.items()}
        kaltura = KALTURA_ACTIONS.get(service_id, ())
        simulated = ", ".join(f"`{ours[k]}`" for k in sorted(ours))
        missing = ", ".join(f"`{k}`" for k in kaltura if k not in ours) or "none"
        lines.append(f"| `{service_id}` | {simulated} | {missing} |")
    return [*lines, "", OUT_OF_SCOPE]


if __name__ == "__main__":
    sys.stdout.write(render())
