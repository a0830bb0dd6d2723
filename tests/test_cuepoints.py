"""Cue points (chapters) end to end with the official client."""

from __future__ import annotations

from typing import Any

import pytest
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Annotation import KalturaAnnotation
from KalturaClient.Plugins.CuePoint import KalturaCuePointFilter
from KalturaClient.Plugins.ThumbCuePoint import KalturaThumbCuePoint


def test_chapters_and_annotations(reachsim: Any, kaltura_client: Any) -> None:
    seed = reachsim.seed()
    client = kaltura_client()
    client.setKs(client.session.start(seed["adminSecret"], "", 2, seed["partnerId"]))
    entry_id = seed["entryIds"][0]
    late = client.cuePoint.cuePoint.add(
        KalturaThumbCuePoint(entryId=entry_id, startTime=5000, title="Second", subType=2)
    )
    early = client.cuePoint.cuePoint.add(
        KalturaThumbCuePoint(entryId=entry_id, startTime=1000, title="First", subType=2)
    )
    note = client.cuePoint.cuePoint.add(KalturaAnnotation(entryId=entry_id, startTime=0, endTime=2000, text="hi"))
    assert isinstance(late, KalturaThumbCuePoint) and late.cuePointType.getValue() == "thumbCuePoint.Thumb"
    assert note.duration == 2000
    chapters = client.cuePoint.cuePoint.list(
        KalturaCuePointFilter(entryIdEqual=entry_id, cuePointTypeEqual="thumbCuePoint.Thumb")
    )
    assert [c.title for c in chapters.objects] == ["First", "Second"] and chapters.totalCount == 2
    assert client.cuePoint.cuePoint.get(early.id).title == "First"
    client.cuePoint.cuePoint.delete(note.id)
    assert client.cuePoint.cuePoint.list(KalturaCuePointFilter(entryIdEqual=entry_id)).totalCount == 2
    state = reachsim.backdoor("GET", f"state?partnerId={seed['partnerId']}")
    assert len(state["entries"][entry_id]["cuePoints"]) == 3


def test_access_key_scope_applies_to_cue_points(reachsim: Any, kaltura_client: Any) -> None:
    seed = reachsim.seed()
    client = kaltura_client()
    entry_a, entry_b = seed["entryIds"][:2]
    client.setKs(client.session.start(seed["adminSecret"], "", 0, seed["partnerId"], 86400, f"edit:{entry_a}"))
    client.cuePoint.cuePoint.add(KalturaThumbCuePoint(entryId=entry_a, startTime=0, title="Intro"))
    with pytest.raises(KalturaException) as failure:
        client.cuePoint.cuePoint.add(KalturaThumbCuePoint(entryId=entry_b, startTime=0, title="Intro"))
    assert failure.value.code == "INVALID_KS"
