"""Stored document → API object, once, on the object model (KObject.from_doc): `_type` picks a declared subtype,
undeclared keys stay out, nested documents become objects of their field's class."""

from __future__ import annotations

import simulator.objects  # noqa: F401  (declares every type)
from simulator.objects.model import KObject


def test_type_from_the_document_when_it_is_a_subtype() -> None:
    doc = {"_type": "KalturaVendorCaptionsCatalogItem", "id": 1, "pricing": {"pricePerUnit": 0.5}, "_x": 1}
    obj = KObject.from_doc("KalturaVendorCatalogItem", doc)
    assert obj.kaltura_type == "KalturaVendorCaptionsCatalogItem"
    assert isinstance(obj["pricing"], KObject) and obj["pricing"].kaltura_type == "KalturaVendorCatalogItemPricing"
    assert "_x" not in obj and "_type" not in obj


def test_a_type_that_is_not_a_subtype_is_ignored() -> None:
    obj = KObject.from_doc("KalturaUploadToken", {"_type": "KalturaMediaEntry", "id": "t"})
    assert obj.kaltura_type == "KalturaUploadToken"


def test_bookkeeping_keys_of_an_asset_never_reach_the_object() -> None:
    doc = {"id": "1_a", "kind": "caption", "file": "1_a-1.srt", "inspection": {}, "contentType": "text/srt"}
    obj = KObject.from_doc("KalturaCaptionAsset", doc)
    assert dict(obj) == {"id": "1_a"}


def test_nested_arrays_and_objects_become_objects() -> None:
    task = KObject.from_doc(
        "KalturaEntryVendorTask",
        {
            "id": 5001,
            "taskJobData": {"_type": "KalturaVendorTaskData", "entryDuration": 1000},
            "unitsUsedArray": [{"units": 2}],
            "_accessKeyFingerprint": "f",
        },
    )
    assert task["taskJobData"].kaltura_type == "KalturaVendorTaskData"
    assert [u.kaltura_type for u in task["unitsUsedArray"]] == ["KalturaEntryVendorTaskUnit"]
    assert "_accessKeyFingerprint" not in task
    entry = KObject.from_doc("KalturaMediaEntry", {"id": "0_a", "multiLingual_name": [{"language": "en"}]})
    assert entry["multiLingual_name"][0].kaltura_type == "KalturaMultiLingualString"
