"""baseEntry.getPlaybackContext: mandatory options, streamer filters, non-ready entries and the task journal."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaMediaEntry, KalturaMediaType, KalturaPlaybackContextOptions
from test_ingest import admin_client

pytestmark = pytest.mark.e2e


def test_context_data_params_is_mandatory(reachsim: Any) -> None:
    seed = reachsim.seed()
    answer = requests.post(
        f"{reachsim.url}/api_v3/service/baseentry/action/getPlaybackContext",
        data={"entryId": seed["entryIds"][0], "format": 1},
        timeout=30,
    ).json()
    assert answer["code"] == "MISSING_MANDATORY_PARAMETER"


def test_both_sources_without_streamer_type(reachsim: Any, kaltura_client: Any) -> None:
    client = admin_client(reachsim, kaltura_client)
    entry_id = reachsim.seed()["entryIds"][0]
    context = client.baseEntry.getPlaybackContext(entry_id, KalturaPlaybackContextOptions())
    assert [s.format for s in context.sources] == ["applehttp", "url"]
    assert all(s.deliveryProfileId and s.drm == [] for s in context.sources)
    options = KalturaPlaybackContextOptions()
    options.flavorAssetId = "0_missing0"
    with pytest.raises(KalturaException) as raised:
        client.baseEntry.getPlaybackContext(entry_id, options)
    assert raised.value.code == "FLAVOR_ASSET_ID_NOT_FOUND"


def test_entry_without_content_has_no_sources(reachsim: Any, kaltura_client: Any) -> None:
    client = admin_client(reachsim, kaltura_client)
    entry = client.media.add(KalturaMediaEntry(name="empty", mediaType=KalturaMediaType.VIDEO))
    context = client.baseEntry.getPlaybackContext(entry.id, KalturaPlaybackContextOptions())
    assert context.sources == [] and context.flavorAssets == []


def test_journal_records_the_call(reachsim: Any, kaltura_client: Any) -> None:
    client = admin_client(reachsim, kaltura_client)
    entry_id = reachsim.seed()["entryIds"][0]
    client.baseEntry.getPlaybackContext(entry_id, KalturaPlaybackContextOptions())
    [row] = [e for e in reachsim.journal() if e.get("action") == "getPlaybackContext"]
    assert row["result"] == "OK" and row["extra"]["sources"] == ["applehttp", "url"]
