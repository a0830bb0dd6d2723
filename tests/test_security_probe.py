"""The four holes a probe of 130 attacks found in the seeded simulator (issue 17), each closed and pinned.

Widget sessions and access keys are refused by the permission table (simulator/permission_table.py), not by
handlers; a path in an asset's fileExt is bad input with a Kaltura error; the journal never holds a KS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests


def call(reachsim: Any, service: str, action: str, **fields: Any) -> Any:
    answer = requests.post(
        f"{reachsim.url}/api_v3/service/{service}/action/{action}", data={"format": 1, **fields}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def widget_ks(reachsim: Any, partner_id: int) -> str:
    return str(call(reachsim, "session", "startWidgetSession", widgetId=f"_{partner_id}")["ks"])


# Everything the probe's anonymous widget session could do; WIDGET_SESSION_ROLE holds only
# WIDGET_SESSION_PERMISSION, which opens none of these actions.
WIDGET_FORBIDDEN = [
    ("reach_entryvendortask", "list", {}),
    ("reach_entryvendortask", "get", {"id": "TASK"}),
    ("reach_reachprofile", "get", {"id": "PROFILE"}),
    ("reach_reachprofile", "list", {}),
    ("media", "add", {"entry[objectType]": "KalturaMediaEntry", "entry[mediaType]": 1}),
    ("uploadtoken", "add", {}),
]


@pytest.mark.parametrize(("service", "action", "fields"), WIDGET_FORBIDDEN, ids=lambda v: str(v))
def test_widget_session_is_limited_to_the_widget_permission(
    reachsim: Any, service: str, action: str, fields: dict[str, Any]
) -> None:
    seed = reachsim.seed()
    task_id = reachsim.order_task()
    values = {k: {"TASK": task_id, "PROFILE": seed["reachProfileId"]}.get(str(v), v) for k, v in fields.items()}
    answer = call(reachsim, service, action, ks=widget_ks(reachsim, seed["partnerId"]), **values)
    assert answer["code"] == "SERVICE_FORBIDDEN", answer
    assert answer["message"] == f"The access to service [{service}->{action}] is forbidden"


def test_widget_session_still_reads_what_the_widget_permission_opens(reachsim: Any) -> None:
    seed = reachsim.seed()
    answer = call(reachsim, "media", "list", ks=widget_ks(reachsim, seed["partnerId"]))
    assert answer.get("objectType") == "KalturaMediaListResponse", answer


@pytest.mark.parametrize("action", ["get", "list"])
def test_access_key_cannot_read_the_reach_profile(reachsim: Any, action: str) -> None:
    seed = reachsim.seed()
    key = reachsim.sessions.access_key(reachsim.order_task())
    fields = {"id": seed["reachProfileId"]} if action == "get" else {}
    answer = call(reachsim, "reach_reachprofile", action, ks=key, **fields)
    assert answer["code"] == "SERVICE_FORBIDDEN", answer


@pytest.mark.parametrize("service", ["attachment_attachmentasset", "caption_captionasset"])
@pytest.mark.parametrize("file_ext", ["/../../../tmp/reachsim-probe", "..", "a/b", "x\\y", "", "a" * 17])
def test_a_path_in_file_ext_is_a_clear_kaltura_error(reachsim: Any, service: str, file_ext: str) -> None:
    seed = reachsim.seed()
    kind, field = ("KalturaAttachmentAsset", "attachmentAsset")
    if service == "caption_captionasset":
        kind, field = ("KalturaCaptionAsset", "captionAsset")
    answer = call(
        reachsim,
        service,
        "add",
        ks=reachsim.sessions.admin(),
        entryId=seed["entryIds"][0],
        **{f"{field}[objectType]": kind, f"{field}[fileExt]": file_ext},
    )
    if file_ext == "":
        # No extension at all is allowed: the file's name then ends with its version.
        assert answer.get("objectType") == kind, answer
        return
    assert answer["code"] == "PROPERTY_VALIDATION_WRONG_FORMAT", answer
    assert answer["message"] == f'The property "{kind}::fileExt" must match format [A-Za-z0-9]{{0,16}}'
    assert not Path("/tmp/reachsim-probe").exists()


def test_a_plain_file_ext_names_the_stored_file(reachsim: Any) -> None:
    seed = reachsim.seed()
    ks = reachsim.sessions.admin()
    asset = call(
        reachsim,
        "attachment_attachmentasset",
        "add",
        ks=ks,
        entryId=seed["entryIds"][0],
        **{"attachmentAsset[objectType]": "KalturaAttachmentAsset", "attachmentAsset[fileExt]": "json"},
    )
    done = call(
        reachsim,
        "attachment_attachmentasset",
        "setContent",
        ks=ks,
        id=asset["id"],
        **{"contentResource[objectType]": "KalturaStringResource", "contentResource[content]": "{}"},
    )
    assert done["status"] == 2 and done["fileExt"] == "json"


def test_the_journal_never_holds_a_ks_from_a_failed_url_resource(reachsim_app: Any) -> None:
    app = reachsim_app(url_allow_list=["127.0.0.1"])
    client = app.test_client()
    seed = client.get("/__sim__/seed").json
    api = "/api_v3/service"
    ks = client.post(
        f"{api}/session/action/start",
        data={"format": 1, "secret": seed["adminSecret"], "partnerId": seed["partnerId"], "type": 2},
    ).json
    asset = client.post(
        f"{api}/attachment_attachmentasset/action/add",
        data={
            "format": 1,
            "ks": ks,
            "entryId": seed["entryIds"][0],
            "attachmentAsset[objectType]": "KalturaAttachmentAsset",
        },
    ).json
    # Port 1 refuses the connection: the download fails with the KS in the URL.
    url = f"http://127.0.0.1:1/api_v3/service/x/action/y/ks/{ks}?ks={ks}"
    failed = client.post(
        f"{api}/attachment_attachmentasset/action/setContent",
        data={
            "format": 1,
            "ks": ks,
            "id": asset["id"],
            "contentResource[objectType]": "KalturaUrlResource",
            "contentResource[url]": url,
        },
    ).json
    assert failed["code"] == "ATTACHMENT_ASSET_DOWNLOAD_FAILED", failed
    journal = client.get("/__sim__/journal?since=0").get_data(as_text=True)
    assert "setContent" in journal
    assert ks not in journal
