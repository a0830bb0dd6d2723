"""flavorAsset.add + setContent: how a dubbing or audio-description vendor delivers an audio track, with the
official client and an access key, and what the simulator's ffprobe inspection records of the file."""

from __future__ import annotations

import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import (
    KalturaFlavorAsset,
    KalturaString,
    KalturaStringResource,
    KalturaUploadedFileTokenResource,
    KalturaUrlResource,
)

from simulator.media import flavor_params
from simulator.media.flavor_params import AUDIO_DESCRIPTION_PARAMS_ID, CLEAR_AUDIO_PARAMS_ID, DUBBED_AUDIO_PARAMS_ID
from tests.test_assets import upload

pytestmark = pytest.mark.e2e


def aac(tmp_path: Path, kbps: int = 64) -> bytes:
    out = tmp_path / f"track-{kbps}.mp4"
    subprocess.run(
        [
            *("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "anoisesrc=d=2:a=0.1"),
            *("-c:a", "aac", "-b:a", f"{kbps}k", "-ac", "2", "-ar", "44100", "-f", "mp4", str(out)),
        ],
        check=True,
    )
    return out.read_bytes()


@pytest.fixture
def vendor(reachsim: Any, kaltura_client: Any) -> tuple[Any, dict[str, Any]]:
    seed = reachsim.seed()
    client = kaltura_client()
    client.setKs(reachsim.sessions.access_key(reachsim.order_task(seed["entryIds"][0])))
    return client, seed


def code(call: Any) -> str:
    with pytest.raises(KalturaException) as caught:
        call()
    return str(caught.value.code)


def test_an_audio_description_track_lands_with_its_params_facts_and_probe(reachsim: Any, vendor: Any, tmp_path):
    client, seed = vendor
    entry_id = seed["entryIds"][0]
    added = client.flavorAsset.add(
        entry_id,
        KalturaFlavorAsset(
            flavorParamsId=AUDIO_DESCRIPTION_PARAMS_ID, language="English", label="English - Audio description"
        ),
    )
    assert added.status.getValue() == 0 and added.isOriginal is False and added.isWeb is True
    assert added.tags.split(",")[-3:] == ["audio_only", "alt_audio", "audio_description"]
    assert (added.containerFormat, added.bitrate, added.language.getValue()) == ("mp4", 64, "English")

    data = aac(tmp_path)
    token = upload(client, tmp_path, "described.mp4", data)
    ready = client.flavorAsset.setContent(added.id, KalturaUploadedFileTokenResource(token=token))
    assert ready.status.getValue() == 2 and ready.sizeInBytes == len(data) and ready.version == 1
    assert ready.fileExt == "mp4" and client.uploadToken.get(token).status.getValue() == 3
    assert requests.get(client.flavorAsset.getUrl(added.id), timeout=10).content == data

    flavor = next(f for f in reachsim.backdoor("GET", "state")["entries"][entry_id]["flavors"] if f["id"] == added.id)
    media = flavor["inspection"]["media"]
    assert flavor["inspection"]["valid"] and (media["audioCodec"], media["audioProfile"]) == ("aac", "LC")
    assert abs(media["audioBitrate"] - 64) <= 6 and media["videoCodec"] is None
    assert "file" not in flavor and "media" in flavor["inspection"]


def test_one_flavor_per_params_and_entry(vendor: Any) -> None:
    client, seed = vendor
    first = client.flavorAsset.add(seed["entryIds"][0], KalturaFlavorAsset(flavorParamsId=CLEAR_AUDIO_PARAMS_ID))
    again = code(
        lambda: client.flavorAsset.add(seed["entryIds"][0], KalturaFlavorAsset(flavorParamsId=CLEAR_AUDIO_PARAMS_ID))
    )
    assert again == "FLAVOR_ASSET_ALREADY_EXISTS" and first.id


def test_tags_the_vendor_sends_replace_those_of_the_params(vendor: Any) -> None:
    client, seed = vendor
    flavor = client.flavorAsset.add(
        seed["entryIds"][0], KalturaFlavorAsset(flavorParamsId=AUDIO_DESCRIPTION_PARAMS_ID, tags="audio_only")
    )
    assert flavor.tags == "audio_only" and flavor.isWeb is False and flavor.bitrate == 64


def test_an_access_key_adds_flavors_to_its_own_entry_only(vendor: Any) -> None:
    client, seed = vendor
    assert code(lambda: client.flavorAsset.add(seed["entryIds"][1], KalturaFlavorAsset())) == "INVALID_KS"
    assert code(lambda: client.flavorAsset.add("0_nosuch", KalturaFlavorAsset())) == "ENTRY_ID_NOT_FOUND"


def test_is_original_is_read_only_as_on_the_server(reachsim: Any, vendor: Any) -> None:
    """The guide asks for flavorAsset[isOriginal]; KalturaFlavorAsset declares it @readonly, so a raw call that
    sends it is refused (the official client never sends it)."""
    client, seed = vendor
    answer = requests.post(
        f"{reachsim.url}/api_v3/service/flavorasset/action/add",
        data={
            "format": "1",
            "ks": client.getKs(),
            "entryId": seed["entryIds"][0],
            "flavorAsset[objectType]": "KalturaFlavorAsset",
            "flavorAsset[flavorParamsId]": str(CLEAR_AUDIO_PARAMS_ID),
            "flavorAsset[isOriginal]": "1",
        },
        timeout=10,
    ).json()
    assert answer["code"] == "PROPERTY_VALIDATION_NOT_UPDATABLE"
    assert answer["message"] == 'The property "KalturaFlavorAsset::isOriginal" cannot be updated'


def test_set_content_refusals(vendor: Any, tmp_path: Path) -> None:
    client, seed = vendor
    flavor = client.flavorAsset.add(seed["entryIds"][0], KalturaFlavorAsset(flavorParamsId=CLEAR_AUDIO_PARAMS_ID))
    resource = KalturaUploadedFileTokenResource(token="0_nosuchtoken")
    assert code(lambda: client.flavorAsset.setContent(flavor.id, resource)) == "UPLOADED_FILE_NOT_FOUND_BY_TOKEN"
    string = KalturaStringResource(content="not audio")
    assert code(lambda: client.flavorAsset.setContent(flavor.id, string)) == "RESOURCE_TYPE_NOT_SUPPORTED"
    token = upload(client, tmp_path, "a.mp4", aac(tmp_path))
    missing = KalturaUploadedFileTokenResource(token=token)
    assert code(lambda: client.flavorAsset.setContent("0_nosuch", missing)) == "FLAVOR_ASSET_ID_NOT_FOUND"
    assert client.flavorAsset.get(flavor.id).status.getValue() == 0


def test_a_file_that_is_not_media_lands_but_its_probe_says_so(reachsim: Any, vendor: Any, tmp_path: Path) -> None:
    client, seed = vendor
    flavor = client.flavorAsset.add(seed["entryIds"][0], KalturaFlavorAsset(flavorParamsId=CLEAR_AUDIO_PARAMS_ID))
    token = upload(client, tmp_path, "notes.mp4", b"no audio here\n")
    assert (
        client.flavorAsset.setContent(flavor.id, KalturaUploadedFileTokenResource(token=token)).status.getValue() == 2
    )
    state = reachsim.backdoor("GET", "state")["entries"][seed["entryIds"][0]]["flavors"]
    findings = next(f for f in state if f["id"] == flavor.id)["inspection"]
    assert findings["valid"] is False and "cannot probe" in findings["errors"][0]


def test_the_demo_catalog_items_name_audio_params_the_simulator_knows(reachsim: Any, kaltura_client: Any) -> None:
    """What KalturaVendorDubbingCatalogItem / KalturaVendorAudioDescriptionCatalogItem::validateForInsert demand:
    both params ids set and existing, a human service (audio description), a target language (dubbing)."""
    seed = reachsim.seed()
    client = kaltura_client()
    client.setKs(client.session.start(seed["vendorSecret"], "", 2, seed["vendorPartnerId"], 3600, ""))
    ids = seed["catalogItemIds"]
    dubbing = client.reach.vendorCatalogItem.get(ids["dubbing"])
    described = client.reach.vendorCatalogItem.get(ids["audio_description"])
    assert type(dubbing).__name__ == "KalturaVendorDubbingCatalogItem" and dubbing.serviceFeature.getValue() == 7
    assert type(described).__name__ == "KalturaVendorAudioDescriptionCatalogItem"
    assert described.serviceFeature.getValue() == 4 and described.serviceType.getValue() == 1
    assert dubbing.targetLanguage.getValue() == "Spanish" and dubbing.sourceLanguage.getValue() == "English"
    for item in (dubbing, described):
        assert item.flavorParamsId in flavor_params.FLAVOR_PARAMS
        assert item.clearAudioFlavorParamsId in flavor_params.FLAVOR_PARAMS
    assert "audio_description" in flavor_params.get(described.flavorParamsId).tag_list


def wait_for_status(client: Any, flavor_id: str, *statuses: int) -> Any:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        flavor = client.flavorAsset.get(flavor_id)
        if flavor.status.getValue() in statuses:
            return flavor
        time.sleep(0.1)
    raise AssertionError(f"flavor {flavor_id} never reached {statuses}")


def test_a_url_resource_is_an_import_job_that_lands_the_track(vendor: Any, tmp_path: Path) -> None:
    client, seed = vendor
    data = aac(tmp_path, 128)

    class Track(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            authorised = self.headers.get("Authorization") == "Bearer vendor-secret"
            self.send_response(200 if authorised else 403)
            self.end_headers()
            self.wfile.write(data if authorised else b"")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Track)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/dubbed.mp4"
        flavor = client.flavorAsset.add(seed["entryIds"][0], KalturaFlavorAsset(flavorParamsId=DUBBED_AUDIO_PARAMS_ID))
        header = KalturaString(value="Authorization: Bearer vendor-secret")
        started = client.flavorAsset.setContent(flavor.id, KalturaUrlResource(url=url, urlHeaders=[header]))
        assert started.status.getValue() == 7  # IMPORTING
        ready = wait_for_status(client, flavor.id, 2, -1)
        assert ready.status.getValue() == 2 and ready.sizeInBytes == len(data) and ready.fileExt == "mp4"

        refused = client.flavorAsset.add(seed["entryIds"][0], KalturaFlavorAsset(flavorParamsId=CLEAR_AUDIO_PARAMS_ID))
        client.flavorAsset.setContent(refused.id, KalturaUrlResource(url=url))  # no Authorization header: 403
        failed = wait_for_status(client, refused.id, 2, -1)
        assert failed.status.getValue() == -1 and "HTTP 403" in failed.description
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_url_off_the_allowed_hosts_fails_the_import(vendor: Any) -> None:
    client, seed = vendor
    flavor = client.flavorAsset.add(seed["entryIds"][0], KalturaFlavorAsset(flavorParamsId=CLEAR_AUDIO_PARAMS_ID))
    client.flavorAsset.setContent(flavor.id, KalturaUrlResource(url="http://vendor.example/track.mp4"))
    failed = wait_for_status(client, flavor.id, 2, -1)
    assert failed.status.getValue() == -1 and "vendor.example" in failed.description
