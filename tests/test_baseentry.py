"""baseEntry get/list/update through the official client: partner filter, entitlement and the access key's scope."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaBaseEntry, KalturaMultiLingualString, KalturaSessionType
from KalturaClient.Plugins.Reach import KalturaEntryVendorTask


def _clients(reachsim: Any, kaltura_client: Any) -> tuple[dict[str, Any], Any, Any]:
    seed = reachsim.seed()
    boot = kaltura_client()
    admin = boot.session.start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"])
    customer = kaltura_client(admin)
    task = KalturaEntryVendorTask()
    task.entryId, task.catalogItemId = seed["entryIds"][0], seed["catalogItemIds"]["ocr"]
    task.reachProfileId = seed["reachProfileId"]
    access_key = customer.reach.entryVendorTask.add(task).accessKey
    return seed, customer, kaltura_client(access_key)


def test_admin_reads_and_lists_the_partner_entries(reachsim, kaltura_client):
    seed, customer, _ = _clients(reachsim, kaltura_client)
    listed = customer.baseEntry.list()
    assert listed.totalCount == 3 and [e.id for e in listed.objects] == seed["entryIds"]
    entry = customer.baseEntry.get(seed["entryIds"][1])
    assert type(entry).__name__ == "KalturaMediaEntry" and entry.status.getValue() == "2"
    assert entry.mediaType.getValue() == 1 and entry.msDuration > 0


def test_access_key_sees_and_edits_only_its_entry(reachsim, kaltura_client):
    seed, _, keyed = _clients(reachsim, kaltura_client)
    assert [e.id for e in keyed.baseEntry.list().objects] == [seed["entryIds"][0]]
    with pytest.raises(KalturaException) as caught:
        keyed.baseEntry.get(seed["entryIds"][1])
    assert caught.value.code == "ENTRY_ID_NOT_FOUND"

    update = KalturaBaseEntry()
    update.tags = "ocr,slide"
    french = KalturaMultiLingualString()
    french.language, french.value = "FR", "francais"
    update.multiLingual_tags = [french]
    updated = keyed.baseEntry.update(seed["entryIds"][0], update)
    assert updated.tags == "ocr,slide"
    assert [(t.language, t.value) for t in updated.multiLingual_tags] == [("FR", "francais")]

    with pytest.raises(KalturaException) as caught:
        keyed.baseEntry.update(seed["entryIds"][1], update)
    assert caught.value.code == "INVALID_KS" and caught.value.message == 'Invalid KS "", Error "-4,INVALID_TYPE"'


def test_readonly_fields_refuse_a_new_value(reachsim, kaltura_client):
    # The official client never sends readonly fields, so this is a plain form call.
    seed, customer, _ = _clients(reachsim, kaltura_client)
    url = f"{reachsim.url}/api_v3/service/baseentry/action/update"
    form = {"format": "1", "ks": customer.getKs(), "entryId": seed["entryIds"][0], "baseEntry[partnerId]": "5"}
    error = requests.post(url, data=form, timeout=30).json()
    assert error["code"] == "PROPERTY_VALIDATION_NOT_UPDATABLE"
    assert error["message"] == 'The property "KalturaBaseEntry::partnerId" cannot be updated'
    form["baseEntry[partnerId]"] = str(seed["partnerId"])  # the same value is no change
    assert requests.post(url, data=form, timeout=30).json()["id"] == seed["entryIds"][0]
