"""Which sessions may call which action: Kaltura's permission declarations as one table.

Facts from kaltura/server (Venus-22.19): `deployment/permissions/service.*.ini` (the permissions that open each
action; any one suffices), `deployment/base/scripts/init_data/03.UserRole.ini` (the roles) and
`kPermissionManager::getRoleIds` (which role a KS gets). Permissions that only Kaltura's internal partners hold
(`-2>…`, `PARTNER_-1_GROUP_*` …) are left out: no simulated partner is one of them.

A KS gets exactly one role: the role named by its `setrole` privilege; else a widget session the widget role; an
ADMIN KS the partner administrator role (`*`: every permission the partner has); any other KS the basic user
session role. `ALWAYS_ALLOWED_ACTIONS` is held by everyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.ks import REACH_VENDOR_ROLE

if TYPE_CHECKING:
    from simulator.ks import KsInfo

ALWAYS = "ALWAYS_ALLOWED_ACTIONS"
BASE_USER = "BASE_USER_SESSION_PERMISSION"
WIDGET = "WIDGET_SESSION_PERMISSION"
PLAYBACK = "PLAYBACK_BASE_PERMISSION"
CONTENT_MANAGE = "CONTENT_MANAGE_BASE"
CONTENT_INGEST = "CONTENT_INGEST_UPLOAD"
CAPTION_MODIFY = "CAPTION_MODIFY"
ATTACHMENT_MODIFY = "ATTACHMENT_MODIFY"
ADMIN_BASE = "ADMIN_BASE"
KMC_ACCESS = "KMC_ACCESS"
KMC_READ_ONLY = "KMC_READ_ONLY"
REACH_VENDOR_PARTNER = "REACH_VENDOR_PARTNER"
EDIT_CATEGORIES = "CONTENT_MANAGE_EDIT_CATEGORIES"
ASSIGN_CATEGORIES = "CONTENT_MANAGE_ASSIGN_CATEGORIES"
SCHEDULE_EVENT_BASE = "SCHEDULE_EVENT_BASE"
SCHEDULE_EVENT_FEATURE_MANAGE = "SCHEDULE_EVENT_FEATURE_MANAGE"

# Partner-level permissions a partner holds only when it is enabled for it (here: being a REACH vendor).
PARTNER_SPECIAL = frozenset({REACH_VENDOR_PARTNER})

ROLES: dict[str, frozenset[str]] = {
    "BASE_USER_SESSION_ROLE": frozenset({BASE_USER}),
    "WIDGET_SESSION_ROLE": frozenset({WIDGET}),
    REACH_VENDOR_ROLE: frozenset(
        {BASE_USER, CONTENT_MANAGE, CAPTION_MODIFY, SCHEDULE_EVENT_BASE, SCHEDULE_EVENT_FEATURE_MANAGE}
    ),
}


def _any(*names: str) -> frozenset[str]:
    return frozenset(names)


_CONTENT_READ = _any(CONTENT_MANAGE, BASE_USER, WIDGET, PLAYBACK, KMC_READ_ONLY, "CAPTURE_DEVICE_PERMISSION")
_CONTENT_LIST = _any(
    "PLAYLIST_ADD", "PLAYLIST_BASE", "CONTENT_MODERATE_BASE", CONTENT_MANAGE, KMC_READ_ONLY, BASE_USER, WIDGET
)
_UPLOAD = _any(CONTENT_INGEST, BASE_USER, "BASE_UPLOAD_PERMISSION", "CAPTURE_DEVICE_PERMISSION")

# service id (as on the wire, lower case) . action (lower case) -> the permissions that open it
ACTIONS: dict[str, frozenset[str]] = {
    "apptoken.add": _any("APP_TOKEN_ADD"),
    "apptoken.delete": _any("APP_TOKEN_DELETE"),
    "apptoken.get": _any("APP_TOKEN_BASE", KMC_READ_ONLY),
    "apptoken.list": _any("APP_TOKEN_BASE", KMC_READ_ONLY),
    "apptoken.update": _any("APP_TOKEN_UPDATE"),
    "apptoken.startsession": _any(BASE_USER, WIDGET),
    "attachment_attachmentasset.add": _any(ATTACHMENT_MODIFY, BASE_USER),
    "attachment_attachmentasset.delete": _any(ATTACHMENT_MODIFY),
    "attachment_attachmentasset.get": _any(CONTENT_INGEST, CONTENT_MANAGE, BASE_USER, WIDGET),
    "attachment_attachmentasset.geturl": _any(CONTENT_INGEST, CONTENT_MANAGE, BASE_USER, WIDGET, PLAYBACK),
    "attachment_attachmentasset.list": _any(CONTENT_INGEST, CONTENT_MANAGE, BASE_USER, WIDGET, PLAYBACK),
    "attachment_attachmentasset.serve": _any(CONTENT_INGEST, CONTENT_MANAGE, ALWAYS, BASE_USER, WIDGET),
    "attachment_attachmentasset.setcontent": _any(ATTACHMENT_MODIFY, BASE_USER),
    "attachment_attachmentasset.update": _any(ATTACHMENT_MODIFY, BASE_USER),
    "baseentry.addfromuploadedfile": _UPLOAD,
    "baseentry.get": _CONTENT_READ,
    "baseentry.getplaybackcontext": _CONTENT_READ,
    "baseentry.list": _CONTENT_LIST | {PLAYBACK},
    "baseentry.update": _any(CONTENT_INGEST, "CONTENT_MANAGE_METADATA", BASE_USER, "CAPTURE_DEVICE_PERMISSION"),
    "caption_captionasset.add": _any(CAPTION_MODIFY),
    "caption_captionasset.delete": _any(CAPTION_MODIFY),
    "caption_captionasset.get": _any(CONTENT_MANAGE, BASE_USER),
    "caption_captionasset.geturl": _any(CONTENT_MANAGE, BASE_USER, WIDGET, PLAYBACK),
    "caption_captionasset.list": _any("CONTENT_MODERATE_BASE", CONTENT_MANAGE, BASE_USER, WIDGET, PLAYBACK),
    "caption_captionasset.serve": _any(CONTENT_MANAGE, ALWAYS, BASE_USER, WIDGET),
    "caption_captionasset.setcontent": _any(CAPTION_MODIFY),
    "caption_captionasset.update": _any(CAPTION_MODIFY),
    "category.add": _any(EDIT_CATEGORIES),
    "category.delete": _any(EDIT_CATEGORIES),
    "category.get": _any(EDIT_CATEGORIES, ASSIGN_CATEGORIES, CONTENT_MANAGE, BASE_USER, WIDGET),
    "category.list": _any(
        ASSIGN_CATEGORIES, "CONTENT_MODERATE_BASE", CONTENT_MANAGE, "ANALYTICS_BASE", KMC_READ_ONLY, BASE_USER, WIDGET
    ),
    "categoryentry.add": _any(ASSIGN_CATEGORIES, BASE_USER),
    "categoryentry.delete": _any(ASSIGN_CATEGORIES, BASE_USER),
    "categoryentry.list": _any(
        ASSIGN_CATEGORIES, "PLAYLIST_BASE", "CONTENT_MODERATE_BASE", CONTENT_MANAGE, KMC_READ_ONLY, BASE_USER
    ),
    "cuepoint_cuepoint.add": _any("cuePoint.MANAGE", BASE_USER, PLAYBACK, WIDGET),
    "cuepoint_cuepoint.delete": _any("cuePoint.MANAGE", BASE_USER),
    "cuepoint_cuepoint.get": _any(CONTENT_MANAGE, BASE_USER, WIDGET),
    "cuepoint_cuepoint.list": _any("CONTENT_MODERATE_BASE", CONTENT_MANAGE, BASE_USER, WIDGET, PLAYBACK),
    "data.add": _any(CONTENT_INGEST, BASE_USER),
    "data.get": _any(CONTENT_MANAGE, BASE_USER, WIDGET),
    "data.serve": _any(CONTENT_MANAGE, BASE_USER, WIDGET),
    "elasticsearch_esearch.searchentry": _any(BASE_USER, "ESEARCH_READ_PERMISSION"),
    "flavorasset.add": _any(CONTENT_INGEST, BASE_USER),
    "flavorasset.get": _any(CONTENT_MANAGE),
    "flavorasset.geturl": _any(CONTENT_INGEST, CONTENT_MANAGE, BASE_USER, WIDGET, PLAYBACK),
    "flavorasset.list": _any(CONTENT_MANAGE, BASE_USER, WIDGET, PLAYBACK),
    "flavorasset.setcontent": _any(CONTENT_INGEST, BASE_USER),
    "media.add": _any(CONTENT_INGEST, CONTENT_MANAGE, BASE_USER, "CAPTURE_DEVICE_PERMISSION"),
    "media.addcontent": _any(CONTENT_INGEST, BASE_USER, "CAPTURE_DEVICE_PERMISSION"),
    "media.addfromuploadedfile": _UPLOAD,
    "media.addfromurl": _any(CONTENT_INGEST, BASE_USER),
    "media.delete": _any("CONTENT_MANAGE_DELETE", BASE_USER),
    "media.get": _any(CONTENT_MANAGE, BASE_USER, WIDGET),
    "media.list": _CONTENT_LIST,
    "media.update": _any(CONTENT_INGEST, "CONTENT_MANAGE_METADATA", BASE_USER, "CAPTURE_DEVICE_PERMISSION"),
    "media.upload": _any(CONTENT_INGEST, BASE_USER),
    "metadata_metadata.list": _any(
        "CONTENT_MANAGE_CUSTOM_DATA", CONTENT_MANAGE, KMC_READ_ONLY, BASE_USER, WIDGET, PLAYBACK
    ),
    "partner.get": _any("ADMIN_PUBLISHER_MANAGE"),
    "partner.getinfo": _any("INTEGRATION_BASE", ADMIN_BASE, "ACCOUNT_BASE", KMC_READ_ONLY),
    "reach_entryvendortask.abort": _any(BASE_USER),
    "reach_entryvendortask.add": _any(BASE_USER),
    "reach_entryvendortask.approve": _any(ADMIN_BASE),
    "reach_entryvendortask.extendaccesskey": _any(REACH_VENDOR_PARTNER),
    "reach_entryvendortask.get": _any(BASE_USER),
    "reach_entryvendortask.getjobs": _any(REACH_VENDOR_PARTNER),
    "reach_entryvendortask.list": _any(BASE_USER),
    "reach_entryvendortask.reject": _any(ADMIN_BASE),
    "reach_entryvendortask.update": _any(BASE_USER),
    "reach_entryvendortask.updatejob": _any(REACH_VENDOR_PARTNER),
    "reach_reachprofile.get": _any(ADMIN_BASE, KMC_ACCESS),
    "reach_reachprofile.list": _any(ADMIN_BASE, KMC_ACCESS),
    "reach_reachprofile.update": _any(ADMIN_BASE),
    "reach_vendorcatalogitem.get": _any(BASE_USER),
    "reach_vendorcatalogitem.list": _any(BASE_USER),
    "schedule_scheduleevent.add": _any("SCHEDULE_EVENT_MANAGE"),
    "schedule_scheduleevent.get": _any(SCHEDULE_EVENT_BASE),
    "schedule_scheduleevent.list": _any(SCHEDULE_EVENT_BASE),
    "schedule_scheduleevent.updatelivefeature": _any(SCHEDULE_EVENT_FEATURE_MANAGE),
    "session.end": _any(ALWAYS, BASE_USER, WIDGET),
    "session.get": _any("SESSION_READ_PERMISSION", KMC_ACCESS, KMC_READ_ONLY),
    "session.start": _any(ALWAYS),
    "session.startwidgetsession": _any(ALWAYS),
    "system.gettime": _any(ALWAYS),
    "system.ping": _any(ALWAYS),
    "uploadtoken.add": _any(ATTACHMENT_MODIFY, CAPTION_MODIFY, CONTENT_INGEST, BASE_USER, "BASE_UPLOAD_PERMISSION"),
    "uploadtoken.delete": _any(CONTENT_INGEST, BASE_USER, "BASE_UPLOAD_PERMISSION"),
    "uploadtoken.get": _any(CONTENT_INGEST, BASE_USER, WIDGET, "BASE_UPLOAD_PERMISSION"),
    "uploadtoken.list": _any(CONTENT_INGEST, BASE_USER, WIDGET, "BASE_UPLOAD_PERMISSION"),
    "uploadtoken.upload": _any(ATTACHMENT_MODIFY, CAPTION_MODIFY, CONTENT_INGEST, BASE_USER, "BASE_UPLOAD_PERMISSION"),
}


def role_of(ks: KsInfo) -> str:
    """The one role this KS gets (kPermissionManager::getRoleIds without users' own roles)."""
    if ks.privileges.role:
        return ks.privileges.role
    if ks.is_widget:
        return "WIDGET_SESSION_ROLE"
    if ks.is_admin:
        return "PARTNER_ADMIN_ROLE"
    return "BASE_USER_SESSION_ROLE"


def holds(ks: KsInfo, permission: str, vendor_partner: bool) -> bool:
    """Whether this KS (of a vendor partner or not) holds the permission."""
    if permission == ALWAYS:
        return True
    role = role_of(ks)
    if role == "PARTNER_ADMIN_ROLE":
        return permission not in PARTNER_SPECIAL or vendor_partner
    return permission in ROLES.get(role, frozenset())


def permitted(action_key: str, ks: KsInfo | None, vendor_partner: bool) -> bool:
    """kPermissionManager::isActionPermitted for `service.action` (an action missing from the table is closed)."""
    needed = ACTIONS.get(action_key.lower(), frozenset())
    if ks is None:
        return ALWAYS in needed
    return any(holds(ks, permission, vendor_partner) for permission in needed)
