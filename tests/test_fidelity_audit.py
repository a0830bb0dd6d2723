"""The fidelity audit (shared/reference/fidelity-audit.md): one test per row, each the row's reproduction with
Kaltura's answer asserted. Rows 8, 13 and 17 are also covered where their feature is tested."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

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
    cases = [({"filter[statusIn]": s}, n) for s, n in (("3", 0), ("2,6", 0), ("1,3", 1), ("1", 1))]
    cases.append(({"filter[statusEqual]": 1, "filter[statusIn]": "2"}, 0))
    for sent, expected in cases:
        listed = api(
            "reach_entryvendortask",
            "getJobs",
            ks=audit["vks"],
            **{"filter[objectType]": "KalturaEntryVendorTaskFilter", **sent},
        )
        assert listed["totalCount"] == expected, sent


def test_row12_task_version_is_the_source_flavor_version(audit: dict[str, Any]) -> None:
    source = next(f for f in _flavors(audit) if f.get("isOriginal"))
    assert audit["task"]["version"] == int(source["version"]) == 1


def test_row7_asset_description_is_read_only(audit: dict[str, Any]) -> None:
    api = audit["api"]
    sent = {"attachmentAsset[objectType]": "KalturaAttachmentAsset", "attachmentAsset[description]": "OCR"}
    answer = api("attachment_attachmentasset", "add", ks=audit["ak"], entryId=audit["entry"], **sent)
    assert code(answer) == "PROPERTY_VALIDATION_NOT_UPDATABLE"
    assert answer["message"] == 'The property "KalturaAttachmentAsset::description" cannot be updated'


@pytest.mark.parametrize(
    ("service", "filter_type"),
    [
        ("flavorasset", "KalturaFlavorAssetFilter"),
        ("attachment_attachmentasset", "KalturaAttachmentAssetFilter"),
        ("caption_captionasset", "KalturaCaptionAssetFilter"),
    ],
)
def test_row8_asset_lists_need_an_entry_filter(audit: dict[str, Any], service: str, filter_type: str) -> None:
    api = audit["api"]
    expected = f'The property "{filter_type}::entryIdEqual/{filter_type}::entryIdIn" cannot be null'
    for params in ({}, {"filter[objectType]": filter_type, "filter[statusEqual]": 2}):
        answer = api(service, "list", ks=audit["cks"], **params)
        assert (code(answer), answer.get("message")) == ("PROPERTY_VALIDATION_CANNOT_BE_NULL", expected)
    listed = api(
        service, "list", ks=audit["cks"], **{"filter[objectType]": filter_type, "filter[entryIdIn]": audit["entry"]}
    )
    assert "totalCount" in listed


def test_row9_playback_flavor_assets_are_those_the_sources_play(audit: dict[str, Any]) -> None:
    context = audit["api"](
        "baseentry",
        "getPlaybackContext",
        ks=audit["ak"],
        entryId=audit["entry"],
        **{"contextDataParams[objectType]": "KalturaPlaybackContextOptions"},
    )
    played = {i for source in context["sources"] for i in source["flavorIds"].split(",")}
    listed = {f["id"] for f in context["flavorAssets"]}
    assert listed == played
    assert not any(f.get("isOriginal") for f in context["flavorAssets"])
    assert context["bumperData"] == []  # row 18


def test_row10_entry_urls_are_computed(audit: dict[str, Any], reachsim: Any) -> None:
    pid, entry = audit["seed"]["partnerId"], audit["entry"]
    got = audit["api"]("media", "get", ks=audit["ak"], entryId=entry)
    manifest = f"{reachsim.url}/p/{pid}/sp/{pid}00/playManifest/entryId/{entry}"
    assert got["downloadUrl"] == f"{manifest}/format/download/protocol/http/flavorParamIds/0"
    assert got["dataUrl"] == f"{manifest}/format/url/protocol/http"
    assert got["thumbnailUrl"].startswith(f"{reachsim.url}/p/{pid}/sp/{pid}00/thumbnail/entry_id/{entry}/version/")
    source = next(f for f in _flavors(audit) if f.get("isOriginal"))
    download = requests.get(f"{got['downloadUrl']}/ks/{audit['ak']}", allow_redirects=False, timeout=30)
    assert f"/flavorId/{source['id']}/" in download.headers["Location"]


def test_row11_xml_under_a_profile_writes_left_out_fields_empty(audit: dict[str, Any], reachsim: Any) -> None:
    answer = requests.post(
        f"{reachsim.url}/api_v3/service/reach_entryvendortask/action/getJobs",
        data={"ks": audit["vks"], "responseProfile[systemName]": "reach_vendor"},
        timeout=30,
    ).text
    task = ElementTree.fromstring(answer).find("result/objects/item")
    assert task is not None
    for left_out in ("updatedAt", "price", "errDescription"):
        element = task.find(left_out)
        assert element is not None and not element.text and len(element) == 0, left_out


def _ready(audit: dict[str, Any], **extra: Any) -> Any:
    fields = {"entryVendorTask[objectType]": "KalturaEntryVendorTask", "entryVendorTask[status]": 2}
    fields.update({f"entryVendorTask[{k}]": v for k, v in extra.items()})
    return audit["api"]("reach_entryvendortask", "updateJob", ks=audit["vks"], id=audit["task"]["id"], **fields)


def test_row15_missing_error_args_read_n_a(audit: dict[str, Any]) -> None:
    assert _ready(audit)["status"] == 2
    answer = _ready(audit, unitsUsed=5)
    assert code(answer) == "CANNOT_UPDATE_UNIT_USED_OF_TASK_WHICH_IS_IN_FINAL_STATE"
    assert "from [N/A] to [5]" in answer["message"]
    seed = audit["seed"]
    ordered = audit["api"](
        "reach_entryvendortask",
        "add",
        ks=audit["cks"],
        **{
            "entryVendorTask[objectType]": "KalturaEntryVendorTask",
            "entryVendorTask[entryId]": seed["entryIds"][1],
            "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
        },
    )
    assert (code(ordered), ordered.get("message")) == (
        "PROPERTY_VALIDATION_CANNOT_BE_NULL",
        'The property "KalturaEntryVendorTask::reachProfileId" cannot be null',
    )


def test_row16_resent_zero_units_after_ready_is_accepted(audit: dict[str, Any]) -> None:
    assert _ready(audit)["status"] == 2
    assert _ready(audit, unitsUsed=0)["status"] == 2


def test_row17_access_key_may_update_its_task(audit: dict[str, Any]) -> None:
    answer = audit["api"](
        "reach_entryvendortask",
        "update",
        ks=audit["ak"],
        id=audit["task"]["id"],
        **{"entryVendorTask[objectType]": "KalturaEntryVendorTask", "entryVendorTask[notes]": "from the vendor"},
    )
    assert answer["notes"] == "from the vendor"


def test_row13_unknown_flavor_ids_fall_back_to_the_default_selection(audit: dict[str, Any], reachsim: Any) -> None:
    pid, entry = audit["seed"]["partnerId"], audit["entry"]
    url = f"{reachsim.url}/p/{pid}/sp/{pid}00/playManifest/entryId/{entry}/flavorId/0_nosuch/format/url"
    answer = requests.get(f"{url}/protocol/http/ks/{audit['ak']}/a.mp4", allow_redirects=False, timeout=30)
    assert answer.status_code == 302


@pytest.mark.parametrize("form", ["", "/format/http"])
def test_row14_default_format_is_an_f4m_manifest(audit: dict[str, Any], reachsim: Any, form: str) -> None:
    pid, entry = audit["seed"]["partnerId"], audit["entry"]
    url = f"{reachsim.url}/p/{pid}/sp/{pid}00/playManifest/entryId/{entry}{form}/ks/{audit['ak']}"
    answer = requests.get(url, allow_redirects=False, timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/xml")
    manifest = ElementTree.fromstring(answer.content)
    assert manifest.tag == "{http://ns.adobe.com/f4m/1.0}manifest"
    media = manifest.findall("{http://ns.adobe.com/f4m/1.0}media")
    assert media and all(requests.head(m.get("url"), timeout=30).status_code == 200 for m in media)


def test_row19_attachment_url_has_kalturas_form(audit: dict[str, Any], reachsim: Any) -> None:
    api = audit["api"]
    asset = api(
        "attachment_attachmentasset",
        "add",
        ks=audit["ak"],
        entryId=audit["entry"],
        **{"attachmentAsset[objectType]": "KalturaAttachmentAsset"},
    )
    api(
        "attachment_attachmentasset",
        "setContent",
        ks=audit["ak"],
        id=asset["id"],
        **{"contentResource[objectType]": "KalturaStringResource", "contentResource[content]": "{}"},
    )
    url = api("attachment_attachmentasset", "getUrl", ks=audit["ak"], id=asset["id"])
    expected = f"{reachsim.url}/api_v3/index.php/service/attachment_attachmentAsset/action/serve/attachmentAssetId/"
    assert url == f"{expected}{asset['id']}/ks/{audit['ak']}"
    assert requests.get(url, timeout=30).text == "{}"
