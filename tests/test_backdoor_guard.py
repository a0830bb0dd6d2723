"""The back door on a non-loopback bind: a token for every endpoint, ingest only under --media-dir without telling
which other paths exist, and the token (like the KS) never in the journal or the logs. Loopback stays open.

Only loopback traffic is allowed here: the server binds 0.0.0.0 (a non-loopback bind) and is reached through
127.0.0.1, which exercises the token mode exactly as a remote caller would meet it.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from simulator.backdoor_guard import TOKEN_ENV, is_loopback_bind
from simulator.live import LiveServer
from simulator.media.testclips import make_test_clip

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("media")
    make_test_clip(directory / "clip.mp4", seconds=1.0, width=160, height=90, audio=False)
    return directory


@pytest.fixture(scope="module")
def guarded(media_dir: Path) -> Iterator[LiveServer]:
    server = LiveServer(host="0.0.0.0", media_dirs=[media_dir]).start()
    try:
        yield server
    finally:
        server.stop()


def backdoor_routes(server: LiveServer) -> list[tuple[str, str]]:
    """Every (method, path) the back door answers, HEAD and OPTIONS included, read from the app so a new endpoint
    or method is covered too."""
    found = []
    for rule in server.app.url_map.iter_rules():
        if rule.rule.startswith("/__sim__"):
            path = re.sub(r"<(?:int:)?[^>]+>", "1001", rule.rule)
            found += [(method, path) for method in sorted(rule.methods or ())]
    return found


def test_a_non_loopback_bind_guards_every_backdoor_endpoint(guarded: LiveServer) -> None:
    token = guarded.config.backdoor_token
    assert token and len(token) >= 32
    routes = backdoor_routes(guarded)
    assert {path for _, path in routes} >= {"/__sim__/seed", "/__sim__/reset", "/__sim__/ingest", "/__sim__/health"}
    assert {method for method, _ in routes} >= {"GET", "HEAD", "POST", "DELETE", "OPTIONS"}
    for method, path in routes:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": token}, {"X-Token": token}):
            answer = requests.request(method, guarded.url + path, headers=headers, json={}, timeout=30)
            assert answer.status_code == 401, (method, path, headers, answer.text)
            assert answer.headers["WWW-Authenticate"].startswith("Bearer") and token not in answer.text
        allowed = requests.request(
            method, guarded.url + path, headers={"Authorization": f"Bearer {token}"}, json={}, timeout=60
        )
        assert allowed.status_code != 401, (method, path)
    # The API needs no token: it has KSs.
    ping = requests.post(f"{guarded.url}/api_v3/service/system/action/ping", data={"format": "1"}, timeout=30)
    assert ping.json() is True


def test_ingest_reads_only_under_the_media_directories(guarded: LiveServer, media_dir: Path, tmp_path: Path) -> None:
    partner_id = guarded.seed()["partnerId"]
    outside = tmp_path / "secret.mp4"
    outside.write_bytes((media_dir / "clip.mp4").read_bytes())
    (media_dir / "escape.mp4").symlink_to(outside)
    refusals = {}
    for path in (str(outside), str(tmp_path / "missing.mp4"), "/etc/hostname", "../secret.mp4", "escape.mp4"):
        answer = requests.post(
            f"{guarded.url}/__sim__/ingest",
            json={"partnerId": partner_id, "path": path},
            headers={"Authorization": f"Bearer {guarded.config.backdoor_token}"},
            timeout=30,
        )
        assert answer.status_code == 403, (path, answer.text)
        refusals[path] = answer.json()["error"].replace(repr(path), "PATH")
    # Existing and missing paths get the same answer: nothing tells which files exist outside.
    assert len(set(refusals.values())) == 1, refusals
    for path in (str(media_dir / "clip.mp4"), "clip.mp4"):
        done = guarded.backdoor("POST", "ingest", json={"partnerId": partner_id, "path": path, "wait": True})
        assert done["status"] == "2", done  # READY


def test_the_token_stays_out_of_the_journal_and_the_logs(guarded: LiveServer, caplog: pytest.LogCaptureFixture) -> None:
    token = str(guarded.config.backdoor_token)
    seed = guarded.seed()
    with caplog.at_level(logging.DEBUG):
        ks = requests.post(
            f"{guarded.url}/api_v3/service/session/action/start",
            data={"format": "1", "secret": seed["adminSecret"], "partnerId": seed["partnerId"], "type": "2"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ).json()
        pid, entry_id = seed["partnerId"], seed["entryIds"][0]
        manifest = f"{guarded.url}/p/{pid}/sp/{pid}00/playManifest/entryId/{entry_id}/format/url/ks/{ks}/name/a.mp4"
        requests.get(manifest, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        guarded.backdoor("POST", "clock", json={"advance": 1})
        journal = requests.get(
            f"{guarded.url}/__sim__/journal", headers={"Authorization": f"Bearer {token}"}, timeout=30
        ).text
    assert "playManifest" in journal and "/ks/*/" in journal
    # What the server side logged (the test's own HTTP client logs its URLs, KS included, at DEBUG).
    server_log = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("urllib3"))
    for secret in (token, ks, seed["adminSecret"]):
        assert secret not in journal and secret not in server_log


def test_loopback_bind_keeps_the_back_door_open(reachsim: Any) -> None:
    assert reachsim.config.backdoor_token is None
    assert requests.get(f"{reachsim.url}/__sim__/health", timeout=30).status_code == 200
    assert is_loopback_bind("127.0.0.1") and is_loopback_bind("::1") and is_loopback_bind("localhost")
    assert not is_loopback_bind("0.0.0.0") and not is_loopback_bind("192.0.2.1")


def serve_lines(*flags: str, env: dict[str, str] | None = None, lines: int = 3) -> tuple[list[str], str]:
    """Start `reachsim serve`, read its first lines, stop it; (lines, URL)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "serve", "--port", "0", "--seed", "none", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    try:
        assert process.stdout is not None
        read = [process.stdout.readline() for _ in range(lines)]
        url = re.search(r"https?://127\.0\.0\.1:\d+", read[0])
        assert url, read
        return read, url.group(0)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_says_which_mode_the_back_door_is_in(tmp_path: Path) -> None:
    lines, _url = serve_lines(lines=2)
    assert "back door /__sim__/ open" in lines[1]
    lines, _url = serve_lines("--host", "0.0.0.0", lines=4)
    text = "".join(lines)
    assert "needs a token (made for this run)" in text and re.search(r"back-door token: \S{32,}", text)
    assert "ingest is off: give --media-dir" in text
    lines, _url = serve_lines(
        "--host", "0.0.0.0", "--media-dir", str(tmp_path), env={TOKEN_ENV: "owner-chosen-token"}, lines=3
    )
    text = "".join(lines)
    assert f"from ${TOKEN_ENV}" in text and "owner-chosen-token" not in text and str(tmp_path) in text


def test_serve_flag_mistakes_give_one_line(tmp_path: Path) -> None:
    for flags, message in (
        (["--cert", str(tmp_path / "c.pem")], "--cert and --key go together"),
        (["--media-dir", str(tmp_path / "nope")], "is not a directory"),
        (["--cert", str(tmp_path / "c.pem"), "--key", str(tmp_path / "k.pem")], "no such file"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "simulator.cli", "serve", "--port", "0", "--seed", "none", *flags],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2 and result.stderr.strip().count("\n") == 0 and message in result.stderr
