"""Entry thumbnails at the `thumbnailUrl` the API hands out (the player's poster, the portal's entry list): a JPEG
frame of the entry, sized as asked, behind the same delivery checks as the media, and journalled."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.seeds.demo import demo_secret


def image(answer: requests.Response) -> Any:
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "image/jpeg", answer.headers
    decoded = cv2.imdecode(np.frombuffer(answer.content, np.uint8), cv2.IMREAD_COLOR)
    assert decoded is not None
    return decoded


@pytest.fixture
def thumbnail_url(reachsim: Any) -> str:
    seed = reachsim.seed()
    entry = reachsim.api("baseEntry", "get", ks=reachsim.sessions.admin(), entryId=seed["entryIds"][0])
    return str(entry["thumbnailUrl"])


@pytest.mark.e2e
def test_the_handed_out_url_answers_a_frame_sized_as_asked(reachsim: Any, thumbnail_url: str) -> None:
    full = image(requests.get(thumbnail_url, timeout=60))
    assert full.shape[:2] == (480, 854)
    assert image(requests.get(f"{thumbnail_url}/width/320/height/320", timeout=60)).shape[:2] == (180, 320)
    assert image(requests.get(f"{thumbnail_url}/width/100", timeout=60)).shape[:2] == (56, 100)
    assert image(requests.get(f"{thumbnail_url}?height=90", timeout=60)).shape[:2] == (90, 160)
    # The demo's first entry shows its title, then two more lines: frames at two times differ.
    early = image(requests.get(f"{thumbnail_url}/vid_sec/0.1", timeout=60))
    late = image(requests.get(f"{thumbnail_url}/vid_sec/1.5", timeout=60))
    assert float(np.mean(cv2.absdiff(early, late))) > 1.0
    again = requests.get(f"{thumbnail_url}/vid_sec/1.5", timeout=60)
    assert again.content == requests.get(f"{thumbnail_url}/vid_sec/1.5", timeout=60).content
    assert requests.head(thumbnail_url, timeout=60).status_code == 200
    rows = [e for e in reachsim.journal() if e.get("kind") == "media" and e.get("service") == "thumbnail"]
    assert rows and all(e["http_status"] == 200 for e in rows)


@pytest.mark.e2e
def test_thumbnails_keep_to_the_delivery_checks(reachsim: Any, thumbnail_url: str) -> None:
    seed = reachsim.seed()
    other = seed["accounts"]["noHls"]
    other_ks = reachsim.api(
        "session",
        "start",
        secret=demo_secret(other["partnerId"], "admin"),
        partnerId=other["partnerId"],
        type=2,
    )
    pid = seed["partnerId"]
    for url, error in (
        (f"{thumbnail_url}/ks/{other_ks}", "error-7"),  # another partner's session
        (
            thumbnail_url.replace(f"/p/{pid}/sp/{pid}00/", f"/p/{other['partnerId']}/sp/{other['partnerId']}00/"),
            "error-1",
        ),
        (thumbnail_url.replace(seed["entryIds"][0], "0_nosuch"), "error-1"),
        (f"{thumbnail_url}/width/wide", "error-25"),
        (f"{thumbnail_url}/width/99999", "error-25"),
        (f"{thumbnail_url}/height", "error-25"),
    ):
        answer = requests.get(url, timeout=60)
        assert (answer.status_code, answer.headers.get("X-Kaltura")) == (404, error), url
    assert image(requests.get(f"{thumbnail_url}/ks/{reachsim.sessions.admin()}", timeout=60)) is not None
    journal = str(reachsim.journal())
    assert other_ks not in journal


@pytest.fixture(scope="module")
def offline(reachsim_app: Any) -> Any:
    """An in-process app (no port): for the parser's property test."""
    return reachsim_app(seed="none")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tail=st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#"), max_size=12)))
def test_any_thumbnail_path_gets_a_delivery_error_never_a_crash(offline: Any, tail: list[str]) -> None:
    answer = offline.test_client().get("/p/1001/sp/100100/thumbnail/entry_id/0_nosuch/" + "/".join(tail))
    assert answer.status_code == 404 and answer.headers["X-Kaltura"] in ("error-1", "error-25")
