"""HTTPS as the vendor guide requires it: the official client, the guide's curl calls and ffmpeg's HLS join over
TLS with reachsim's CA trusted, each refused with an untrusted CA; and every URL the simulator hands out
following the scheme and host the request came in on (or playManifest's `protocol`)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from cryptography import x509
from KalturaClient import KalturaClient, KalturaConfiguration
from KalturaClient.exceptions import KalturaClientException, KalturaException
from KalturaClient.Plugins.Attachment import KalturaAttachmentAsset
from KalturaClient.Plugins.Core import (
    KalturaFilterPager,
    KalturaPlaybackContextOptions,
    KalturaSessionType,
    KalturaStringResource,
    KalturaUploadedFileTokenResource,
    KalturaUploadToken,
    KalturaUrlResource,
)
from KalturaClient.Plugins.Reach import (
    KalturaEntryVendorTask,
    KalturaEntryVendorTaskFilter,
    KalturaEntryVendorTaskStatus,
)

from simulator import tls
from simulator.live import LiveServer
from simulator.media.probe import probe

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def both() -> Iterator[LiveServer]:
    """One simulator with plain HTTP and HTTPS side by side."""
    server = LiveServer(listen="http+https").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sim(both: LiveServer) -> Iterator[LiveServer]:
    both.reset()
    yield both
    both.check()


@pytest.fixture(scope="module")
def other_ca(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CA that did not sign the simulator's certificate."""
    ca = tls.local_certificate("127.0.0.1", tmp_path_factory.mktemp("other-ca")).ca
    assert ca is not None
    return ca


def client(url: str, ks: str | None = None) -> KalturaClient:
    config = KalturaConfiguration()
    config.serviceUrl = url
    made = KalturaClient(config)
    if ks:
        made.setKs(ks)
    return made


def curl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["curl", "-sS", "--max-time", "30", *args], capture_output=True, text=True, timeout=60)


def guide_call(url: str, ca: Path, service: str, action: str, **fields: Any) -> Any:
    """The vendor guide's `curl -X POST https://…/api_v3/service/S/action/A -d format=1 -d k=v`."""
    data = [arg for key, value in {"format": "1", **fields}.items() for arg in ("-d", f"{key}={value}")]
    done = curl("--cacert", str(ca), "-X", "POST", f"{url}/api_v3/service/{service}/action/{action}", *data)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def vendor_sessions(url: str, seed: dict[str, Any]) -> tuple[KalturaClient, KalturaClient]:
    bootstrap = client(url)
    admin = bootstrap.session.start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"], 86400, "")
    vendor = bootstrap.session.start(
        seed["vendorSecret"], "", KalturaSessionType.ADMIN, seed["vendorPartnerId"], 86400, "disableentitlement"
    )
    return client(url, admin), client(url, vendor)


def order(customer: KalturaClient, seed: dict[str, Any]) -> Any:
    task = KalturaEntryVendorTask()
    task.entryId = seed["entryIds"][0]
    task.catalogItemId = seed["catalogItemIds"]["ocr"]
    task.reachProfileId = seed["reachProfileId"]
    return customer.reach.entryVendorTask.add(task)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_local_ca_is_kept_and_signs_for_the_bound_host(tmp_path: Path) -> None:
    first = tls.local_certificate("127.0.0.1", tmp_path)
    again = tls.local_certificate("127.0.0.1", tmp_path)
    assert first.ca is not None and first.ca.read_bytes() == again.ca.read_bytes()  # type: ignore[union-attr]
    assert first.cert.read_bytes() == again.cert.read_bytes()
    other_host = tls.local_certificate("192.0.2.7", tmp_path)
    assert other_host.ca == first.ca and other_host.cert != first.cert
    ca = x509.load_pem_x509_certificate(first.ca.read_bytes())
    leaf = x509.load_pem_x509_certificate(other_host.cert.read_bytes())
    leaf.verify_directly_issued_by(ca)
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {str(ip) for ip in names.get_values_for_type(x509.IPAddress)} >= {"127.0.0.1", "::1", "192.0.2.7"}
    assert "localhost" in names.get_values_for_type(x509.DNSName)
    assert (tmp_path / tls.CA_KEY).stat().st_mode & 0o077 == 0


def test_a_certificate_the_user_brings_is_checked(tmp_path: Path) -> None:
    made = tls.local_certificate("127.0.0.1", tmp_path / "a")
    foreign = tls.local_certificate("127.0.0.1", tmp_path / "b")
    assert tls.user_certificate(made.cert, made.key).ca is None
    with pytest.raises(tls.TlsError, match="not a usable certificate and key"):
        tls.user_certificate(made.cert, foreign.key)
    with pytest.raises(tls.TlsError, match="no such file"):
        tls.user_certificate(tmp_path / "missing.pem", made.key)


def test_vendor_flow_with_the_official_client_over_https(
    sim: LiveServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert sim.https_url and sim.ca_path
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(sim.ca_path))  # how the printed instructions trust the CA
    seed = sim.seed()
    customer, vendor = vendor_sessions(sim.https_url, seed)
    added = order(customer, seed)
    pager = KalturaFilterPager()
    pager.pageSize = 10
    jobs = vendor.reach.entryVendorTask.getJobs(KalturaEntryVendorTaskFilter(), pager)
    assert [job.id for job in jobs.objects] == [added.id]
    keyed = client(sim.https_url, jobs.objects[0].accessKey)
    task = keyed.reach.entryVendorTask.get(added.id)
    processing = KalturaEntryVendorTask()
    processing.status = KalturaEntryVendorTaskStatus(KalturaEntryVendorTaskStatus.PROCESSING)
    vendor.reach.entryVendorTask.updateJob(added.id, processing)

    options = KalturaPlaybackContextOptions()
    options.streamerType = "applehttp"
    context = keyed.baseEntry.getPlaybackContext(task.entryId, options)
    source = context.sources[0]
    assert source.url.startswith(sim.https_url + "/") and "/protocol/https/" in source.url
    master = requests.get(f"{source.url}".replace("/a.m3u8", f"/ks/{task.accessKey}/a.m3u8"), timeout=30)
    variants = [line for line in master.text.splitlines() if line and not line.startswith("#")]
    assert variants and all(v.startswith(sim.https_url + "/hls/") for v in variants)
    playlist = requests.get(variants[0], timeout=30)
    segment = next(line for line in playlist.text.splitlines() if line.startswith("seg-"))
    assert requests.get(variants[0].rsplit("/", 1)[0] + "/" + segment, timeout=30).content[:1] == b"G"  # TS sync

    insight = tmp_path / "ocr.json"
    insight.write_text('{"schema": "reachsim/ocr/v1"}')
    token = keyed.uploadToken.add(KalturaUploadToken())
    with insight.open("rb") as handle:
        keyed.uploadToken.upload(token.id, handle)
    asset = keyed.attachment.attachmentAsset.add(task.entryId, KalturaAttachmentAsset(format="4", fileExt="json"))
    keyed.attachment.attachmentAsset.setContent(asset.id, KalturaUploadedFileTokenResource(token=token.id))
    url = keyed.attachment.attachmentAsset.getUrl(asset.id)
    assert url.startswith(sim.https_url + "/") and requests.get(url, timeout=30).content == insight.read_bytes()
    done = KalturaEntryVendorTask()
    done.status = KalturaEntryVendorTaskStatus(KalturaEntryVendorTaskStatus.READY)
    done.outputObjectId = asset.id
    assert vendor.reach.entryVendorTask.updateJob(added.id, done).status.getValue() == 2


def test_official_client_refuses_an_untrusted_certificate(
    sim: LiveServer, other_ca: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(other_ca))
    with pytest.raises(KalturaClientException) as failure:
        client(str(sim.https_url)).system.ping()
    assert "CERTIFICATE_VERIFY_FAILED" in str(failure.value)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(sim.ca_path))
    assert client(str(sim.https_url)).system.ping() is True


def test_guide_curl_calls_and_ffmpeg_hls_join_over_https(sim: LiveServer, tmp_path: Path) -> None:
    assert sim.https_url and sim.ca_path
    url, ca, seed = sim.https_url, sim.ca_path, sim.seed()
    admin = guide_call(url, ca, "session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type=2)
    vendor = guide_call(
        url, ca, "session", "start", secret=seed["vendorSecret"], partnerId=seed["vendorPartnerId"], type=2
    )
    added = guide_call(
        url,
        ca,
        "reach_entryvendortask",
        "add",
        ks=admin,
        **{
            "entryVendorTask[entryId]": seed["entryIds"][0],
            "entryVendorTask[catalogItemId]": seed["catalogItemIds"]["ocr"],
            "entryVendorTask[reachProfileId]": seed["reachProfileId"],
            "entryVendorTask[objectType]": "KalturaEntryVendorTask",
        },
    )
    jobs = guide_call(url, ca, "reach_entryvendortask", "getJobs", ks=vendor)
    access_key = jobs["objects"][0]["accessKey"]
    task = guide_call(url, ca, "reach_entryvendortask", "get", ks=access_key, id=added["id"])
    context = guide_call(
        url,
        ca,
        "baseentry",
        "getPlaybackContext",
        ks=access_key,
        entryId=task["entryId"],
        **{"contextDataParams[objectType]": "KalturaPlaybackContextOptions"},
    )
    hls = next(s for s in context["sources"] if s["format"] == "applehttp")
    flavor_id = hls["flavorIds"].split(",")[0]
    pid = seed["partnerId"]
    # The guide's playManifest URL, character for character but the host.
    manifest = (
        f"{url}/p/{pid}/sp/{pid}00/playManifest/entryId/{task['entryId']}/flavorIds/{flavor_id}"
        f"/format/applehttp/protocol/https/ks/{access_key}/name/a.m3u8"
    )
    master = curl("--cacert", str(ca), manifest)
    assert master.returncode == 0 and "#EXTM3U" in master.stdout
    variant = next(line for line in master.stdout.splitlines() if line.startswith("https://"))
    assert origin(variant) == url
    joined = tmp_path / "videoToProcess.mp4"
    ffmpeg = ["ffmpeg", "-nostdin", "-v", "error", "-tls_verify", "1", "-ca_file", str(ca), "-i", variant]
    done = subprocess.run(
        [*ffmpeg, "-c", "copy", "-bsf:a", "aac_adtstoasc", str(joined)], capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert probe(joined).duration > 0


def test_curl_and_ffmpeg_refuse_an_untrusted_certificate(sim: LiveServer, other_ca: Path, tmp_path: Path) -> None:
    ping = f"{sim.https_url}/api_v3/service/system/action/ping"
    assert curl(ping).returncode == 60  # curl: peer certificate cannot be authenticated with known CA certificates
    assert curl("--cacert", str(other_ca), ping).returncode == 60
    done = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-tls_verify",
            "1",
            "-ca_file",
            str(other_ca),
            "-i",
            ping,
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode != 0


def test_every_handed_out_url_follows_the_request(sim: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same calls over HTTP, over HTTPS and through `localhost`: each URL answers with that scheme and host."""
    assert sim.https_url and sim.ca_path
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(sim.ca_path))
    seed = sim.seed()
    https_port = urlsplit(sim.https_url).port
    for base in (sim.url, sim.https_url, f"https://localhost:{https_port}", f"http://localhost:{sim.port}"):
        assert requests.get(f"{base}/__sim__/seed", timeout=30).json()["serviceUrl"] == base
        customer, _vendor = vendor_sessions(base, seed)
        entry_id = seed["entryIds"][0]
        context = customer.baseEntry.getPlaybackContext(entry_id, KalturaPlaybackContextOptions())
        scheme = urlsplit(base).scheme
        for source in context.sources:
            assert origin(source.url) == base and f"/protocol/{scheme}/" in source.url
        flavor_url = customer.flavorAsset.getUrl(context.flavorAssets[0].id)
        assert origin(flavor_url) == base
        entry = customer.baseEntry.get(entry_id)
        for computed in (entry.downloadUrl, entry.dataUrl, entry.thumbnailUrl):
            assert origin(computed) == base
        assert f"/protocol/{scheme}" in entry.dataUrl and f"/protocol/{scheme}/" in entry.downloadUrl
        attachment = customer.attachment.attachmentAsset.add(entry_id, KalturaAttachmentAsset(fileExt="txt"))
        customer.attachment.attachmentAsset.setContent(attachment.id, KalturaStringResource(content="notes"))
        attachment_url = customer.attachment.attachmentAsset.getUrl(attachment.id)
        assert origin(attachment_url) == base
        assert requests.get(attachment_url, timeout=30).text == "notes"
        token = customer.uploadToken.add(KalturaUploadToken())
        assert origin(token.uploadUrl) == base
        for source in context.sources:
            answer = requests.get(source.url, timeout=30, allow_redirects=False)
            if source.format == "url":
                assert answer.status_code == 302 and origin(answer.headers["Location"]) == base
            else:
                variants = [line for line in answer.text.splitlines() if line and not line.startswith("#")]
                assert variants and all(origin(v) == base for v in variants)


def test_play_manifest_protocol_picks_the_listener(sim: LiveServer) -> None:
    """`protocol/https` on a request that came over HTTP lists HTTPS URLs (the HTTPS listener's port), and back."""
    assert sim.https_url and sim.ca_path
    seed = sim.seed()
    pid, entry_id = seed["partnerId"], seed["entryIds"][0]
    for base, protocol, expected in (
        (sim.url, "https", sim.https_url),
        (sim.https_url, "http", sim.url),
        (sim.url, "http", sim.url),
        (sim.https_url, "https", sim.https_url),
    ):
        path = f"/p/{pid}/sp/{pid}00/playManifest/entryId/{entry_id}/protocol/{protocol}"
        master = requests.get(f"{base}{path}/format/applehttp/a.m3u8", verify=str(sim.ca_path), timeout=30)
        variants = [line for line in master.text.splitlines() if line and not line.startswith("#")]
        assert variants and all(origin(v) == expected for v in variants), (base, protocol, master.text)
        moved = requests.get(
            f"{base}{path}/format/url/name/a.mp4", verify=str(sim.ca_path), timeout=30, allow_redirects=False
        )
        assert moved.status_code == 302 and origin(moved.headers["Location"]) == expected


def test_protocol_without_its_listener_keeps_the_request_scheme(reachsim: LiveServer) -> None:
    """An HTTP-only simulator cannot answer https links: `protocol/https` (the guide's URLs) stays on HTTP."""
    seed = reachsim.seed()
    pid, entry_id = seed["partnerId"], seed["entryIds"][0]
    path = f"/p/{pid}/sp/{pid}00/playManifest/entryId/{entry_id}/protocol/https/format/applehttp/a.m3u8"
    master = requests.get(reachsim.url + path, timeout=30)
    variants = [line for line in master.text.splitlines() if line and not line.startswith("#")]
    assert variants and all(origin(v) == reachsim.url for v in variants)


def run_vendor(sim: LiveServer, ca: Path) -> subprocess.CompletedProcess[str]:
    """`reachsim vendor --once` pointed at the HTTPS URL, trusting `ca` the way the printed instructions say."""
    seed = sim.seed()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "REQUESTS_CA_BUNDLE": str(ca),
        "REACH_SERVICE_URL": str(sim.https_url),
        "REACH_VENDOR_PARTNER_ID": str(seed["vendorPartnerId"]),
        "REACH_VENDOR_SECRET": seed["vendorSecret"],
        "REACH_VENDOR_NAME": seed["vendorName"],
    }
    command = [sys.executable, "-m", "simulator.cli", "vendor", "--once", "--ocr-mode", "fast"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def test_reference_vendor_end_to_end_over_https(sim: LiveServer, other_ca: Path) -> None:
    assert sim.https_url and sim.ca_path
    seed = sim.seed()
    admin = guide_call(
        sim.https_url, sim.ca_path, "session", "start", secret=seed["adminSecret"], partnerId=seed["partnerId"], type=2
    )
    customer = client(sim.url, admin)  # the customer orders over plain HTTP: both listeners share one store
    task_id = order(customer, seed).id
    refused = run_vendor(sim, other_ca)
    assert refused.returncode == 2 and "CERTIFICATE_VERIFY_FAILED" in refused.stderr, refused.stderr
    done = run_vendor(sim, sim.ca_path)
    assert done.returncode == 0, done.stderr
    task = customer.reach.entryVendorTask.get(task_id)
    assert task.status.getValue() == 2 and task.outputObjectId
    media = [e for e in sim.journal() if e.get("kind") == "media"]
    assert media and all(e["http_status"] in (200, 206, 302) for e in media)
    asset = customer.attachment.attachmentAsset.get(task.outputObjectId)
    assert asset.fileExt == "json"


@contextlib.contextmanager
def serving(*flags: str, env: dict[str, str], lines: int) -> Iterator[tuple[list[str], subprocess.Popen[str]]]:
    """`reachsim serve` as a user starts it: its first printed lines while it runs; SIGTERM at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "serve", "--port", "0", "--seed", "none", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )
    assert process.stdout is not None
    try:
        yield [process.stdout.readline() for _ in range(lines)], process
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_tls_keeps_its_ca_across_restarts_and_takes_a_users_certificate(tmp_path: Path) -> None:
    env = {tls.TLS_DIR_ENV: str(tmp_path / "tls")}
    cas = []
    for _ in range(2):
        with serving("--tls", env=env, lines=8) as (lines, process):
            url = re.search(r"https://127\.0\.0\.1:\d+", lines[0])
            ca = re.search(r"local CA (\S+)", lines[1])
            assert url and ca, lines
            hints = "".join(lines[2:])
            for hint in ("REQUESTS_CA_BUNDLE=", "NODE_EXTRA_CA_CERTS=", "curl --cacert "):
                assert hint + ca.group(1) in hints, lines
            assert "back door /__sim__/ open" in lines[7], lines
            done = curl("--cacert", ca.group(1), f"{url.group(0)}/__sim__/health")
            assert done.returncode == 0 and '"status":"ok"' in done.stdout
            cas.append(Path(ca.group(1)).read_bytes())
        assert process.returncode == 0 and "Traceback" not in process.stderr.read()  # type: ignore[union-attr]
    assert cas[0] == cas[1]
    own = tls.local_certificate("127.0.0.1", tmp_path / "own")
    flags = ("--https-port", "0", "--cert", str(own.cert), "--key", str(own.key))
    with serving(*flags, env=env, lines=3) as (lines, _process):
        http = re.search(r"http://127\.0\.0\.1:\d+", lines[0])
        https = re.search(r"https://127\.0\.0\.1:\d+", lines[1])
        assert http and https and "with your certificate" in lines[2], lines
        assert curl(f"{http.group(0)}/__sim__/health").returncode == 0
        assert curl("--cacert", str(own.ca), f"{https.group(0)}/__sim__/health").returncode == 0


@pytest.mark.parametrize("host", ["", "[bad", "a b", "x:99999"])
def test_a_malformed_host_header_gets_links_on_the_bound_address(sim: LiveServer, host: str) -> None:
    seed = sim.seed()
    pid, entry_id = seed["partnerId"], seed["entryIds"][0]
    path = f"/p/{pid}/sp/{pid}00/playManifest/entryId/{entry_id}/protocol/https/format/url/name/a.mp4"
    with socket.create_connection(("127.0.0.1", sim.port), timeout=30) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode()
    location = re.search(r"(?im)^location: (\S+)", head)
    assert head.startswith("HTTP/1.1 302") and location, head
    assert origin(location.group(1)) == sim.https_url


def test_a_url_resource_at_the_https_listener_is_refused(sim: LiveServer) -> None:
    """The server never fetches itself on either listener: the back door's seed over HTTPS is no attachment."""
    assert sim.https_url
    seed = sim.seed()
    customer, _vendor = vendor_sessions(sim.url, seed)
    asset = customer.attachment.attachmentAsset.add(seed["entryIds"][0], KalturaAttachmentAsset(fileExt="json"))
    https_port = urlsplit(sim.https_url).port
    for url in (f"{sim.https_url}/__sim__/seed", f"https://localhost:{https_port}/__sim__/seed"):
        with pytest.raises(KalturaException) as refused:
            customer.attachment.attachmentAsset.setContent(asset.id, KalturaUrlResource(url=url))
        assert refused.value.code == "ATTACHMENT_ASSET_DOWNLOAD_FAILED"
        assert "never fetches its own URLs" in refused.value.message
    assert customer.attachment.attachmentAsset.get(asset.id).status.getValue() == 0
