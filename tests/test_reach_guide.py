"""The vendor guide's curl calls (form-encoded, `format=1`) answer in the guide's JSON shapes."""

from __future__ import annotations

from typing import Any

import requests

# The guide's getJobs sample (reach_vendor profile applied), reduced to key → JSON type. `defaultSourceLanguage`
# is an older profile field the current KalturaReachProfile no longer has.
GUIDE_TASK = {
    "id": str,
    "partnerId": int,
    "vendorPartnerId": int,
    "createdAt": int,
    "entryId": str,
    "status": int,
    "reachProfileId": int,
    "catalogItemId": int,
    "accessKey": str,
    "dictionary": str,
    "relatedObjects": dict,
    "objectType": str,
}
GUIDE_CAPTIONS_ITEM = {
    "sourceLanguage": str,
    "outputFormat": str,
    "enableSpeakerId": bool,
    "serviceType": int,
    "serviceFeature": int,
    "turnAroundTime": int,
    "objectType": str,
}
GUIDE_PROFILE = {
    "defaultOutputFormat": int,
    "enableMetadataExtraction": bool,
    "enableSpeakerChangeIndication": bool,
    "enableAudioTags": bool,
    "enableProfanityRemoval": bool,
    "contentDeletionPolicy": int,
    "objectType": str,
}


def curl(url: str, service: str, action: str, **fields: Any) -> Any:
    response = requests.post(
        f"{url}/api_v3/service/{service}/action/{action}", data={"format": "1", **fields}, timeout=30
    )
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    return response.json()


def assert_shape(obj: dict[str, Any], shape: dict[str, type]) -> None:
    for key, kind in shape.items():
        assert isinstance(obj.get(key), kind), (key, obj.get(key))
    assert list(obj)[-1] == "objectType"  # KalturaJsonSerializer appends it last


def test_guide_calls_give_the_guide_shapes(reachsim):
    seed = reachsim.seed()
    url = reachsim.url
    admin = curl(url, "session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type="2")
    vendor = curl(
        url,
        "session",
        "start",
        secret=seed["vendorSecret"],
        partnerId=seed["vendorPartnerId"],
        type="2",
        privileges="disableentitlement",
    )
    added = curl(
        url,
        "reach_entryvendortask",
        "add",
        ks=admin,
        **{
            "entryVendorTask[entryId]": seed["entryIds"][0],
            "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["captions"],
            "entryVendorTask[reachProfileId]": seed["reachProfileId"],
            "entryVendorTask[objectType]": "KalturaEntryVendorTask",
        },
    )

    jobs = curl(url, "reach_entryvendortask", "getJobs", ks=vendor, **{"responseProfile[systemName]": "reach_vendor"})
    assert jobs["objectType"] == "KalturaEntryVendorTaskListResponse" and jobs["totalCount"] == 1
    assert_shape(jobs["objects"][0], GUIDE_TASK)

    task = curl(
        url,
        "reach_entryvendortask",
        "get",
        ks=jobs["objects"][0]["accessKey"],
        id=added["id"],
        **{"responseProfile[systemName]": "reach_vendor"},
    )
    assert_shape(task, GUIDE_TASK)
    assert set(task) - set(GUIDE_TASK) <= {"version", "notes", "taskJobData"}  # the profile's other fields
    related = task["relatedObjects"]
    items, profiles = related["reach_vendor_catalog_item"], related["reach_vendor_profile"]
    assert items["objectType"] == "KalturaVendorCatalogItemListResponse" and items["totalCount"] == 1
    assert profiles["objectType"] == "KalturaReachProfileListResponse" and profiles["totalCount"] == 1
    assert_shape(items["objects"][0], GUIDE_CAPTIONS_ITEM)
    assert items["objects"][0]["objectType"] == "KalturaVendorCaptionsCatalogItem"
    assert_shape(profiles["objects"][0], GUIDE_PROFILE)
    assert not {"id", "pricing", "name"} & set(items["objects"][0])
    assert not {"credit", "dictionaries", "usedCredit"} & set(profiles["objects"][0])

    processing = curl(
        url, "reach_entryvendortask", "updateJob", ks=vendor, id=added["id"], **{"entryVendorTask[status]": "3"}
    )
    assert processing["status"] == 3 and processing["id"] == added["id"]
    extended = curl(url, "reach_entryvendortask", "extendAccessKey", ks=vendor, id=added["id"])
    assert extended["objectType"] == "KalturaEntryVendorTask" and extended["accessKey"] != task["accessKey"]
    ready = curl(
        url,
        "reach_entryvendortask",
        "updateJob",
        ks=vendor,
        id=added["id"],
        **{
            "entryVendorTask[status]": "2",
            "entryVendorTask[outputObjectId]": "0_caption1",
            "entryVendorTask[accuracy]": "95",
        },
    )
    assert (ready["status"], ready["outputObjectId"], ready["accuracy"]) == (2, "0_caption1", 95)

    bad = curl(url, "reach_entryvendortask", "get", ks=vendor, id=added["id"])
    assert bad == {
        "code": "ENTRY_VENDOR_TASK_NOT_FOUND",
        "message": f"Entry vendor task item with id provided not found [{added['id']}]",
        "objectType": "KalturaAPIException",
        "args": {"ID": added["id"]},
    }
