"""End to end, as a REACH vendor fetches media: getPlaybackContext → playManifest → playlist → segments,
the guide's own ffmpeg command, progressive download with Range, and the error answers of the real CDN."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaFlavorAssetFilter, KalturaPlaybackContextOptions
from test_ingest import CLIP_FPS, CLIP_SECONDS, admin_client, clip, upload_entry  # noqa: F401  (clip: fixture)

from simulator.media.probe import probe
from simulator.media.transcode import AUDIO_ONLY_PARAMS_ID, MOBILE_PARAMS_ID, SOURCE_PARAMS_ID

pytestmark = pytest.mark.e2e


def access_key(reachsim: Any, entry_id: str, partner_id: int | None = None) -> str:
    """The access key of an OCR task ordered on the entry, as the vendor reads it from getJobs. Another seeded
    account first gets the customer's REACH profile and catalog items (it has none of its own)."""
    profile_id = None
    if partner_id is not None:
        scenario = reachsim.backdoor("POST", "scenario", json={"profiles": [{"partnerId": partner_id}]})
        profile_id = scenario["reachProfileIds"][str(partner_id)]
    task_id = reachsim.order_task(entry_id, reach_profile_id=profile_id, partner_id=partner_id)
    return str(reachsim.sessions.access_key(task_id))


def playback(kaltura_client: Any, ks: str, entry_id: str, streamer: str | None) -> Any:
    options = KalturaPlaybackContextOptions()
    if streamer:
        options.streamerType = streamer
    return kaltura_client(ks).baseEntry.getPlaybackContext(entry_id, options)


def manifest_url(base: str, pid: int, entry_id: str, flavor_id: str, fmt: str, ks: str | None) -> str:
    """The URL the vendor guide tells a vendor to build (sp = pid00, ks in the path)."""
    url = f"{base}/p/{pid}/sp/{pid}00/playManifest/entryId/{entry_id}/flavorIds/{flavor_id}/format/{fmt}/protocol/http"
    url += f"/ks/{ks}" if ks else ""
    return url + ("/name/a.m3u8" if fmt == "applehttp" else "/name/a.mp4")


def variant_urls(master: str) -> list[str]:
    return [line for line in master.splitlines() if line and not line.startswith("#")]


def assert_kaltura_404(response: requests.Response, code: int) -> None:
    assert response.status_code == 404 and response.content == b""
    assert response.headers["X-Kaltura"] == f"error-{code}"
    assert response.headers["X-Kaltura-App"].startswith(f"exiting on error {code} - ")


def test_vendor_fetches_uploaded_entry_over_hls_and_http(
    reachsim: Any,
    kaltura_client: Any,
    clip: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    seed = reachsim.seed()
    pid = seed["partnerId"]
    admin = admin_client(reachsim, kaltura_client)
    entry = upload_entry(reachsim, admin, clip)
    ks = access_key(reachsim, entry.id)

    context = playback(kaltura_client, ks, entry.id, "applehttp")
    assert [s.format for s in context.sources] == ["applehttp"]
    source = context.sources[0]
    assert source.url.startswith(f"{reachsim.url}/p/{pid}/sp/{pid}/playManifest/entryId/{entry.id}/flavorIds/")
    scheme = reachsim.url.split(":", 1)[0]  # the request's scheme (pytest --reachsim-tls runs this over HTTPS)
    assert source.url.endswith(f"/protocol/{scheme}/format/applehttp/a.m3u8") and source.protocols == "http,https"
    assert context.actions == [] and context.messages == []
    # flavorAssets holds only the flavors some source plays: the original is in none (filterFlavorsBySources).
    assert {f.flavorParamsId for f in context.flavorAssets} == {MOBILE_PARAMS_ID, AUDIO_ONLY_PARAMS_ID}
    flavors = flavor_map(admin, entry.id)
    assert set(flavors) == {SOURCE_PARAMS_ID, MOBILE_PARAMS_ID, AUDIO_ONLY_PARAMS_ID}
    mobile = flavors[MOBILE_PARAMS_ID]
    assert source.flavorIds.split(",") == [mobile.id, flavors[AUDIO_ONLY_PARAMS_ID].id]

    # The player form of the source URL (KS appended) and the guide's own form both answer a master.
    player = requests.get(f"{source.url.removesuffix('/a.m3u8')}/ks/{ks}/a.m3u8", timeout=30)
    assert player.status_code == 200 and len(variant_urls(player.text)) == 2
    master = requests.get(manifest_url(reachsim.url, pid, entry.id, mobile.id, "applehttp", ks), timeout=30)
    assert master.status_code == 200 and master.headers["Content-Type"].startswith("application/x-mpegurl")
    [variant] = variant_urls(master.text)
    assert f"/hls/p/{pid}/sp/{pid}00/serveFlavor/entryId/{entry.id}/v/1/" in variant
    assert f"/flavorId/{mobile.id}/" in variant and variant.endswith("/name/a.mp4/index.m3u8")
    playlist = requests.get(variant, timeout=30)
    assert playlist.status_code == 200 and "#EXT-X-ENDLIST" in playlist.text
    segments = variant_urls(playlist.text)
    assert segments == ["seg-1-v1-a1.ts"]
    for name in segments:
        segment = requests.get(urljoin(variant, name), timeout=30)
        assert segment.status_code == 200 and segment.content[:1] == b"G"  # MPEG-TS sync byte

    out = tmp_path / "videoToProcess.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-i", variant, "-c", "copy", "-bsf:a", "aac_adtstoasc", str(out)],
        check=True,
        timeout=120,
    )
    got = probe(out)
    assert got.duration == pytest.approx(CLIP_SECONDS, abs=0.1)
    assert got.frame_count == int(CLIP_SECONDS * CLIP_FPS) and got.has_audio

    # Progressive: the http source, and format/url → 302 → the flavor's bytes.
    http = playback(kaltura_client, ks, entry.id, "http")
    assert [s.format for s in http.sources] == ["url"]
    assert http.sources[0].url.endswith(f"/protocol/{scheme}/format/url/name/a.mp4")
    redirect = requests.get(
        manifest_url(reachsim.url, pid, entry.id, mobile.id, "url", ks), timeout=30, allow_redirects=False
    )
    assert redirect.status_code == 302
    assert f"/pd/p/{pid}/sp/{pid}00/serveFlavor/entryId/{entry.id}/" in redirect.headers["Location"]
    mp4 = requests.get(redirect.headers["Location"], timeout=30)
    assert mp4.status_code == 200 and len(mp4.content) == mobile.sizeInBytes

    media = [e for e in reachsim.journal() if e["kind"] == "media"]
    assert {e["extra"].get("flavorId") for e in media if e["action"] in ("playlist", "segment")} == {mobile.id}
    assert all(e["partner_id"] == pid and "REACH_VENDOR_ROLE" in e["ks_privileges"] for e in media)
    assert all(f"/ks/{ks}" not in e["path"] for e in media)  # the journal never keeps the key itself
    segment_rows = [e for e in media if e["action"] == "segment"]
    assert len(segment_rows) == 2  # the test's own fetch and ffmpeg's
    assert all(e["extra"]["bytes"] > 0 and e["http_status"] in (200, 206) for e in segment_rows), segment_rows


def flavor_map(client: Any, entry_id: str) -> dict[int, Any]:
    listed = client.flavorAsset.list(KalturaFlavorAssetFilter(entryIdEqual=entry_id))
    return {f.flavorParamsId: f for f in listed.objects}


@pytest.fixture
def seeded(reachsim: Any, kaltura_client: Any) -> dict[str, Any]:
    """The demo's first entry, its flavors and an access key for it."""
    seed = reachsim.seed()
    admin = admin_client(reachsim, kaltura_client)
    entry_id = seed["entryIds"][0]
    flavors = flavor_map(admin, entry_id)
    ks = access_key(reachsim, entry_id)
    return {"seed": seed, "entry": entry_id, "flavors": flavors, "ks": ks, "admin": admin}


def test_access_key_is_scoped_to_its_entry(reachsim: Any, kaltura_client: Any, seeded: dict[str, Any]) -> None:
    seed, ks = seeded["seed"], seeded["ks"]
    other = seed["entryIds"][1]
    with pytest.raises(KalturaException) as raised:
        playback(kaltura_client, ks, other, "applehttp")
    assert raised.value.code == "ENTRY_ID_NOT_FOUND"
    other_flavor = {
        f.flavorParamsId: f for f in playback(kaltura_client, seeded["admin"].getKs(), other, None).flavorAssets
    }[MOBILE_PARAMS_ID]
    pid = seed["partnerId"]
    assert_kaltura_404(
        requests.get(manifest_url(reachsim.url, pid, other, other_flavor.id, "applehttp", ks), timeout=30), 1
    )
    segment = (
        f"{reachsim.url}/hls/p/{pid}/sp/{pid}00/serveFlavor/entryId/{other}/v/1/flavorId/"
        f"{other_flavor.id}/ks/{ks}/name/a.mp4/seg-1-v1-a1.ts"
    )
    assert_kaltura_404(requests.get(segment, timeout=30), 1)
    own = seeded["flavors"][MOBILE_PARAMS_ID]
    assert (
        requests.get(manifest_url(reachsim.url, pid, seeded["entry"], own.id, "applehttp", ks), timeout=30).status_code
        == 200
    )


def test_error_answers(reachsim: Any, seeded: dict[str, Any]) -> None:
    pid, entry, ks = seeded["seed"]["partnerId"], seeded["entry"], seeded["ks"]
    mobile = seeded["flavors"][MOBILE_PARAMS_ID].id
    assert_kaltura_404(
        requests.get(manifest_url(reachsim.url, pid, entry, mobile, "applehttp", "not-a-ks"), timeout=30), 7
    )
    # Audit row 13: an unknown flavorId is no error; the default tag selection is served.
    stale = requests.get(manifest_url(reachsim.url, pid, entry, "0_nosuchfl", "applehttp", ks), timeout=30)
    assert stale.status_code == 200 and stale.text.startswith("#EXTM3U")
    assert_kaltura_404(
        requests.get(manifest_url(reachsim.url, pid, "0_nosuchen", mobile, "applehttp", ks), timeout=30), 1
    )
    assert_kaltura_404(requests.get(f"{reachsim.url}/p/{pid}/sp/{pid}00/playManifest/format/applehttp", timeout=30), 25)
    # The KS may also come in the X-Kaltura-Ks header or the query.
    bare = manifest_url(reachsim.url, pid, entry, mobile, "applehttp", None)
    assert_kaltura_404(requests.get(bare, headers={"X-Kaltura-Ks": "bad"}, timeout=30), 7)
    assert requests.get(bare, params={"ks": ks}, timeout=30).status_code == 200


def test_range_request_returns_exactly_the_bytes(reachsim: Any, seeded: dict[str, Any]) -> None:
    pid, entry, ks = seeded["seed"]["partnerId"], seeded["entry"], seeded["ks"]
    source = seeded["flavors"][SOURCE_PARAMS_ID]
    url = (
        f"{reachsim.url}/p/{pid}/sp/{pid}00/serveFlavor/entryId/{entry}/v/1/flavorId/{source.id}/ks/{ks}"
        f"/name/a.{source.fileExt}"
    )
    whole = requests.get(url, timeout=30)
    assert whole.status_code == 200 and len(whole.content) == source.sizeInBytes
    part = requests.get(url, headers={"Range": "bytes=100-1123"}, timeout=30)
    assert part.status_code == 206 and part.content == whole.content[100:1124]
    assert part.headers["Content-Range"] == f"bytes 100-1123/{len(whole.content)}"
    [row] = [e for e in reachsim.journal() if e["kind"] == "media" and e["http_status"] == 206]
    assert row["extra"]["bytes"] == 1024 and row["extra"]["flavorId"] == source.id


def test_tracks_select_audio_only_segments(reachsim: Any, seeded: dict[str, Any]) -> None:
    pid, entry, ks = seeded["seed"]["partnerId"], seeded["entry"], seeded["ks"]
    mobile = seeded["flavors"][MOBILE_PARAMS_ID].id
    variant = (
        f"{reachsim.url}/hls/p/{pid}/sp/{pid}00/serveFlavor/entryId/{entry}/v/1/flavorId/{mobile}"
        f"/tracks/a1/ks/{ks}/name/a.mp4/index.m3u8"
    )
    playlist = requests.get(variant, timeout=30)
    assert playlist.status_code == 200
    segments = variant_urls(playlist.text)
    assert segments and all(s.endswith("-a1.ts") and "-v1" not in s for s in segments)
    assert requests.get(urljoin(variant, segments[0]), timeout=30).status_code == 200


def test_account_without_hls(reachsim: Any, kaltura_client: Any) -> None:
    account = reachsim.seed()["accounts"]["noHls"]
    pid, entry = account["partnerId"], account["entryId"]
    ks = access_key(reachsim, entry, pid)
    assert playback(kaltura_client, ks, entry, "applehttp").sources == []
    http = playback(kaltura_client, ks, entry, "http")
    assert [s.format for s in http.sources] == ["url"]
    flavor_id = http.sources[0].flavorIds.split(",")[0]
    assert_kaltura_404(requests.get(manifest_url(reachsim.url, pid, entry, flavor_id, "applehttp", ks), timeout=30), 6)
    mp4 = requests.get(manifest_url(reachsim.url, pid, entry, flavor_id, "url", ks), timeout=30)
    assert mp4.status_code == 200 and mp4.content[4:8] == b"ftyp"


def test_remote_packager_account(reachsim: Any, kaltura_client: Any) -> None:
    account = reachsim.seed()["accounts"]["remotePackager"]
    pid, entry = account["partnerId"], account["entryId"]
    ks = access_key(reachsim, entry, pid)
    source = playback(kaltura_client, ks, entry, "applehttp").sources[0]
    master = requests.get(f"{source.url.removesuffix('/a.m3u8')}/ks/{ks}/a.m3u8", timeout=30)
    variants = variant_urls(master.text)
    assert variants and all(v.startswith(f"{reachsim.url}/packager/p/{pid}/sp/{pid}00/serveFlavor/") for v in variants)
    playlist = requests.get(variants[0], timeout=30)
    assert playlist.status_code == 200
    assert requests.get(urljoin(variants[0], variant_urls(playlist.text)[0]), timeout=30).status_code == 200
