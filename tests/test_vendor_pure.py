"""The vendor's pure parts without HTTP: flavor choice, manifest URLs, fair order, shards, accuracy, tags."""

from __future__ import annotations

import argparse
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendor.cli import shard_spec
from vendor.fairness import FairQueue, fair_order, in_shard
from vendor.media import MediaError, choose_flavor, manifest_url, parse_params_ids, readable_choice, source_for
from vendor.worker import accuracy, tags_from


def flavor(fid: str, params: int, width: int, height: int, bitrate: int = 100, tags: str = "", status: int = 2):
    return {
        "id": fid,
        "flavorParamsId": params,
        "width": width,
        "height": height,
        "bitrate": bitrate,
        "tags": tags,
        "status": status,
    }


SOURCE = flavor("src", 0, 1920, 1080, 4000, "source,web")
SD = flavor("sd", 3, 854, 480, 900, "mobile,web,mbr")
MOBILE = flavor("mob", 487041, 428, 240, 300, "mobile,web")
AUDIO = flavor("aud", 1000001, 0, 0, 64, "audio_only")
ENTRY = [SOURCE, MOBILE, AUDIO, SD]


def test_preferred_flavor_params_ids_are_followed_in_their_order():
    assert choose_flavor(ENTRY, "487041,0").id == "mob"
    assert choose_flavor(ENTRY, "0,487041").id == "src"
    # The guide's examples: 1,3,5 against 2,4,5 takes 5; against 1,3,7 takes 1.
    assets = [flavor(f"f{p}", p, 640, 360) for p in (2, 4, 5)]
    assert choose_flavor(assets, "1,3,5").id == "f5"
    assets = [flavor(f"f{p}", p, 640, 360) for p in (1, 3, 7)]
    assert choose_flavor(assets, "1, 3, 5").id == "f1"


def test_preferred_ids_that_match_nothing_or_audio_are_refused():
    with pytest.raises(MediaError, match="none of the profile's flavorParamsIds"):
        choose_flavor(ENTRY, "42,43")
    with pytest.raises(MediaError, match="audio only"):
        choose_flavor(ENTRY, "1000001,0")
    with pytest.raises(MediaError, match="not a list of ids"):
        choose_flavor(ENTRY, "mobile")


def test_without_preferences_the_smallest_readable_video_flavor():
    assert choose_flavor(ENTRY, "").id == "sd"
    assert choose_flavor([SOURCE, MOBILE, AUDIO], None).id == "src"
    assert choose_flavor([MOBILE, AUDIO, flavor("tiny", 9, 320, 180)], "").id == "mob"  # none readable: tallest
    assert choose_flavor([{**SD, "status": 1}, SOURCE], "").id == "src"  # not ready: not a candidate
    with pytest.raises(MediaError, match="no ready video flavor"):
        choose_flavor([AUDIO], "")


@given(st.lists(st.tuples(st.integers(0, 2160), st.integers(1, 10_000)), min_size=1, max_size=8))
def test_the_default_choice_is_never_audio_and_readable_when_possible(sizes):
    assets = [flavor(f"f{n}", n + 1, h * 16 // 9, h, b) for n, (h, b) in enumerate(sizes)] + [AUDIO]
    videos = [a for a in assets if a["height"] > 0]
    if not videos:
        with pytest.raises(MediaError):
            choose_flavor(assets, "")
        return
    chosen = choose_flavor(assets, "")
    assert chosen.height > 0
    if any(a["height"] >= 480 for a in videos):
        assert chosen.height == min(a["height"] for a in videos if a["height"] >= 480)
    else:
        assert chosen.height == max(a["height"] for a in videos)


def test_a_readable_choice_or_none_so_the_entrys_own_flavors_are_asked():
    chosen = readable_choice([MOBILE, SD, AUDIO])
    assert chosen is not None and chosen.id == "sd"
    assert readable_choice([MOBILE, AUDIO]) is None  # only 240 lines offered: look further
    assert readable_choice([AUDIO]) is None and readable_choice([]) is None


def test_params_ids_parse():
    assert parse_params_ids(" 1, 0 ,,7") == [1, 0, 7]
    assert parse_params_ids(None) == parse_params_ids("") == []


def test_manifest_url_keeps_only_the_chosen_flavor_and_adds_the_key():
    url = "http://h/p/1/sp/1/playManifest/entryId/0_e/flavorIds/a,b/deliveryProfileId/9/protocol/http/format/applehttp/a.m3u8"
    assert manifest_url(url, "b", "K/+=") == (
        "http://h/p/1/sp/1/playManifest/entryId/0_e/flavorIds/b/deliveryProfileId/9/protocol/http"
        "/ks/K%2F%2B%3D/format/applehttp/a.m3u8"
    )
    bare = "http://h/p/1/sp/1/playManifest/entryId/0_e/protocol/http/format/url/name/a.mp4"
    assert "/playManifest/flavorIds/z/entryId/0_e/" in manifest_url(bare, "z", "K")


def test_source_for_prefers_the_format_serving_the_flavor():
    hls = {"format": "applehttp", "url": "u1", "flavorIds": "a,b"}
    mp4 = {"format": "url", "url": "u2", "flavorIds": "a"}
    context = {"sources": [mp4, hls]}
    assert source_for(context, "applehttp", "b") is hls
    assert source_for(context, "http", "a") is mp4
    assert source_for({"sources": [mp4]}, "applehttp", "a") is None


def task(tid: int, partner: int, created: int) -> dict:
    return {"id": str(tid), "partnerId": partner, "createdAt": created}


def test_fair_order_round_robins_partners_oldest_first():
    busy = [task(i, 1, 100 + i) for i in range(1, 6)]
    other = [task(10, 2, 150), task(11, 2, 151)]
    order = [t["id"] for t in fair_order(busy + other)]
    assert order == ["1", "10", "2", "11", "3", "4", "5"]


@given(st.lists(st.tuples(st.integers(1, 4), st.integers(0, 50)), max_size=30))
def test_fair_order_is_a_permutation_and_fair(pairs):
    tasks = [task(n, p, c) for n, (p, c) in enumerate(pairs)]
    order = fair_order(tasks)
    assert sorted(t["id"] for t in order) == sorted(t["id"] for t in tasks)
    # In every prefix, no partner is more than one task ahead of another partner that still has tasks left.
    totals = Counter(t["partnerId"] for t in tasks)
    seen: Counter = Counter()
    for t in order:
        seen[t["partnerId"]] += 1
        for p, n in totals.items():
            if seen[p] < n:
                assert seen[t["partnerId"]] <= seen[p] + 1


def test_fair_queue_takes_in_turn_and_never_twice():
    queue = FairQueue()
    assert queue.put_many([task(1, 1, 1), task(2, 1, 2), task(3, 1, 3)]) == 3
    assert queue.take(0)["id"] == "1"
    # A second customer arriving behind a backlog is served next, not after it.
    assert queue.put_many([task(2, 1, 2), task(9, 2, 9)]) == 1
    assert [queue.take(0)["id"] for _ in range(3)] == ["9", "2", "3"]
    assert queue.take(0) is None
    queue.close()
    assert queue.take() is None


def test_shards_split_by_task_id():
    assert [t for t in range(10) if in_shard(t, (1, 3))] == [1, 4, 7]
    assert all(in_shard(t, None) for t in range(5))
    assert shard_spec("0/2") == (0, 2)
    for bad in ("2/2", "1", "a/b", "1/0"):
        with pytest.raises(argparse.ArgumentTypeError):
            shard_spec(bad)


def item(text: str, confidence: float, seconds: float = 1.0) -> dict:
    return {"text": text, "confidence": confidence, "instances": [{"start": 0.0, "end": seconds}]}


def test_accuracy_weights_confidence_by_characters():
    assert accuracy({"ocr": [item("abcd", 1.0), item("ab", 0.4)]}) == 80
    assert accuracy({"ocr": []}) == 0


def test_tags_are_distinct_lines_longest_on_screen_first():
    doc = {"ocr": [item("Second, line", 0.9, 1), item("Title", 0.9, 3), item("title", 0.9, 2), item("x", 0.9, 9)]}
    assert tags_from(doc) == ["Title", "Second line"]
