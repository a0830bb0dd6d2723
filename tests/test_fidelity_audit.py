"""The fidelity audit (shared/reference/fidelity-audit.md): one test per row, each the row's reproduction with
Kaltura's answer asserted. Rows 8, 13 and 17 are also covered where their feature is tested."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from simulator import ks as kslib


class Api:
    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, service: str, action: str, **params: Any) -> Any:
        response = requests.post(
            f"{self.url}/api_v3/service/{service}/action/{action}", data={"format": 1, **params}, timeout=30
        )
        response.raise_for_status()
        return response.json()

    def session(self, secret: str, partner_id: int, session_type: int) -> str:
        return self("session", "start", secret=secret, partnerId=partner_id, type=session_type)


def code(answer: Any) -> str | None:
    return (
        answer.get("code") if isinstance(answer, dict) and answer.get("objectType") == "KalturaAPIException" else None
    )


@pytest.fixture
def audit(reachsim: Any) -> dict[str, Any]:
    """The audit's preamble: vendor and customer ADMIN KS, an entry, a fresh OCR task and its access key."""
    seed = reachsim.seed()
    api = Api(reachsim.url)
    vks = api.session(seed["vendorSecret"], seed["vendorPartnerId"], 2)
    cks = api.session(seed["adminSecret"], seed["partnerId"], 2)
    entry = seed["entryIds"][0]
    task = api(
        "reach_entryvendortask",
        "add",
        ks=cks,
        **{
            "entryVendorTask[objectType]": "KalturaEntryVendorTask",
            "entryVendorTask[entryId]": entry,
            "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
            "entryVendorTask[reachProfileId]": seed["reachProfileId"],
        },
    )
    return {"api": api, "seed": seed, "vks": vks, "cks": cks, "entry": entry, "task": task, "ak": task["accessKey"]}


def test_row1_vendor_actions_need_the_vendor_admin_role(audit: dict[str, Any]) -> None:
    api, seed = audit["api"], audit["seed"]
    uks = api.session(seed["vendorSecret"], seed["vendorPartnerId"], 0)
    tid = audit["task"]["id"]
    for action, params in (("getJobs", {}), ("updateJob", {"id": tid}), ("extendAccessKey", {"id": tid})):
        answer = api("reach_entryvendortask", action, ks=uks, **params)
        assert code(answer) == "SERVICE_FORBIDDEN", action
        assert answer["message"] == f"The access to service [reach_entryvendortask->{action}] is forbidden"
    assert api("reach_entryvendortask", "getJobs", ks=audit["vks"])["totalCount"] == 1


def test_row1_app_token_session_without_a_type_is_a_user_session(audit: dict[str, Any], reachsim: Any) -> None:
    api, seed = audit["api"], audit["seed"]
    token = api("apptoken", "add", ks=audit["vks"], **{"appToken[objectType]": "KalturaAppToken"})
    widget = api("session", "startWidgetSession", widgetId=f"_{seed['vendorPartnerId']}")["ks"]
    started = api(
        "apptoken", "startSession", ks=widget, id=token["id"], tokenHash=kslib.app_token_hash(widget, token["token"])
    )
    assert started["sessionType"] == 0
    assert code(api("reach_entryvendortask", "getJobs", ks=started["ks"])) == "SERVICE_FORBIDDEN"


def test_row2_no_invented_task_job_data(audit: dict[str, Any]) -> None:
    api = audit["api"]
    assert "taskJobData" not in audit["task"]
    fetched = api("reach_entryvendortask", "get", ks=audit["ak"], id=audit["task"]["id"])
    assert "taskJobData" not in fetched
    jobs = api(
        "reach_entryvendortask",
        "getJobs",
        ks=audit["vks"],
        **{
            "responseProfile[objectType]": "KalturaResponseProfileHolder",
            "responseProfile[systemName]": "reach_vendor",
        },
    )
    assert "taskJobData" not in jobs["objects"][0]


@pytest.mark.parametrize("use_vendor_ks", [False, True])
def test_row3_partner_id_other_than_the_ks_partner_is_forbidden(audit: dict[str, Any], use_vendor_ks: bool) -> None:
    api, seed = audit["api"], audit["seed"]
    ks, other = (audit["vks"], seed["partnerId"]) if use_vendor_ks else (audit["ak"], seed["vendorPartnerId"])
    answer = api("baseentry", "get", ks=ks, partnerId=other, entryId=audit["entry"])
    assert code(answer) == "SERVICE_FORBIDDEN"
    own = api("baseentry", "get", ks=audit["ak"], partnerId=seed["partnerId"], entryId=audit["entry"])
    assert own["id"] == audit["entry"]


def _flavors(audit: dict[str, Any]) -> list[dict[str, Any]]:
    listed = audit["api"](
        "flavorasset",
        "list",
        ks=audit["cks"],
        **{"filter[objectType]": "KalturaFlavorAssetFilter", "filter[entryIdEqual]": audit["entry"]},
    )
    return listed["objects"]


@pytest.mark.parametrize("form", ["format/download/protocol/http/flavorParamIds/0", "flavorParamId/0/format/url"])
def test_row4_play_manifest_honours_flavor_param_ids(audit: dict[str, Any], reachsim: Any, form: str) -> None:
    pid, entry = audit["seed"]["partnerId"], audit["entry"]
    source = next(f for f in _flavors(audit) if f.get("isOriginal"))
    url = f"{reachsim.url}/p/{pid}/sp/{pid}00/playManifest/entryId/{entry}/{form}/ks/{audit['ak']}"
    answer = requests.get(url, allow_redirects=False, timeout=30)
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert f"/flavorId/{source['id']}/" in location
    if "download" in form:
        name = audit["api"]("baseentry", "get", ks=audit["ak"], entryId=entry)["name"]
        assert f"/fileName/{requests.utils.quote(name)}.{source['fileExt']}/" in location
    assert requests.get(location, timeout=30).status_code == 200


@pytest.mark.parametrize(
    ("service", "action", "params"),
    [
        ("session", "get", {}),
        ("reach_reachprofile", "get", {"id": "{profile}"}),
        ("reach_reachprofile", "list", {}),
        ("attachment_attachmentasset", "delete", {"attachmentAssetId": "{asset}"}),
    ],
)
def test_row5_access_key_has_only_the_vendor_role(
    audit: dict[str, Any], service: str, action: str, params: dict
) -> None:
    api = audit["api"]
    asset = api(
        "attachment_attachmentasset",
        "add",
        ks=audit["ak"],
        entryId=audit["entry"],
        **{"attachmentAsset[objectType]": "KalturaAttachmentAsset"},
    )
    values = {"profile": audit["seed"]["reachProfileId"], "asset": asset["id"]}
    filled = {k: v.format(**values) for k, v in params.items()}
    assert code(api(service, action, ks=audit["ak"], **filled)) == "SERVICE_FORBIDDEN"


def test_row6_get_jobs_status_in_is_kept_beside_the_forced_pending(audit: dict[str, Any]) -> None:
    api = audit["api"]
    for status_in, expected in (("3", 0), ("2,6", 0), ("1,3", 1), ("1", 1)):
        listed = api(
            "reach_entryvendortask",
            "getJobs",
            ks=audit["vks"],
            **{"filter[objectType]": "KalturaEntryVendorTaskFilter", "filter[statusIn]": status_in},
        )
        assert listed["totalCount"] == expected, status_in


def test_row12_task_version_is_the_source_flavor_version(audit: dict[str, Any]) -> None:
    source = next(f for f in _flavors(audit) if f.get("isOriginal"))
    assert audit["task"]["version"] == int(source["version"]) == 1
