"""Which flavor to fetch and how: the guide's "How to download video assets from Kaltura".

`choose_flavor` is pure: the reach profile's `flavorParamsIds` are followed strictly and in their order; without
them the smallest video flavor at least READABLE_HEIGHT lines tall is taken (on-screen text stays legible, the
download and decode stay small), or the tallest one when none reaches that height. The worker asks it first of the
flavors a player is offered and, when none of those is readable (`readable_choice`), of all the entry's flavors.
Audio-only flavors are never taken for OCR. The downloads beside it fetch the chosen flavor only: HLS joined by
ffmpeg, or the MP4 itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import m3u8
import requests

from vendor.client import TransportError

READABLE_HEIGHT = 480
# ffmpeg's words for a segment that did not arrive whole: a transfer to try again, not bad media.
_TRANSFER_FAILED = re.compile(
    r"Stream ends prematurely|Failed to open segment|Error when loading first segment|Server returned 5\d\d|"
    r"Connection (?:reset|refused|timed out)|Input/output error"
)
_URL = re.compile(r"https?://\S+")  # URLs carry the access key: never in an errDescription
FLAVOR_READY = 2
HLS, HTTP = "applehttp", "http"


class MediaError(Exception):
    """The task's media cannot be used; the message is the task's errDescription."""


class ManifestRefused(Exception):
    """playManifest answered 404 with an `X-Kaltura` error header (e.g. `error-7`: the KS is not valid)."""

    def __init__(self, header: str, url: str) -> None:
        super().__init__(f"playManifest refused ({header})")
        self.header = header
        self.url = url

    @property
    def bad_ks(self) -> bool:
        return self.header == "error-7"


@dataclass(frozen=True)
class Flavor:
    id: str
    params_id: int
    width: int
    height: int
    bitrate: int
    tags: str

    @property
    def audio_only(self) -> bool:
        return self.width <= 0 or self.height <= 0 or "audio_only" in self.tags.split(",")

    @classmethod
    def from_api(cls, asset: dict[str, Any]) -> Flavor:
        return cls(
            id=str(asset["id"]),
            params_id=int(asset.get("flavorParamsId") or 0),
            width=int(asset.get("width") or 0),
            height=int(asset.get("height") or 0),
            bitrate=int(asset.get("bitrate") or 0),
            tags=str(asset.get("tags") or ""),
        )


def parse_params_ids(value: str | None) -> list[int]:
    """The profile's comma list ("487041, 0"); empty or missing gives []. Non-numbers are a profile error."""
    ids = []
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise MediaError(f"the reach profile's flavorParamsIds is not a list of ids: {value!r}")
        ids.append(int(part))
    return ids


def choose_flavor(assets: list[dict[str, Any]], preferred: str | None) -> Flavor:
    """The flavor to fetch for OCR, from the playback context's `flavorAssets` and the profile's flavorParamsIds."""
    flavors = [Flavor.from_api(a) for a in assets if int(a.get("status", FLAVOR_READY)) == FLAVOR_READY]
    wanted = parse_params_ids(preferred)
    if wanted:
        for params_id in wanted:
            match = next((f for f in flavors if f.params_id == params_id), None)
            if match is None:
                continue
            if match.audio_only:
                raise MediaError(f"the profile's preferred flavor (params {params_id}) is audio only; OCR needs video")
            return match
        raise MediaError(f"none of the profile's flavorParamsIds ({preferred}) is a ready flavor of the entry")
    videos = [f for f in flavors if not f.audio_only]
    if not videos:
        raise MediaError("the entry has no ready video flavor (audio only or not converted)")
    readable = [f for f in videos if f.height >= READABLE_HEIGHT]
    if readable:
        return min(readable, key=lambda f: (f.height, f.bitrate))
    return max(videos, key=lambda f: (f.height, f.bitrate))


def readable_choice(assets: list[dict[str, Any]]) -> Flavor | None:
    """The choice without flavorParamsIds when it is readable (at least READABLE_HEIGHT lines), else None."""
    try:
        chosen = choose_flavor(assets, None)
    except MediaError:
        return None
    return chosen if chosen.height >= READABLE_HEIGHT else None


def manifest_url(source_url: str, flavor_id: str, access_key: str) -> str:
    """The source's playManifest URL narrowed to one flavor, with the access key as `/ks/` (the guide's form)."""
    url = re.sub(r"/flavorIds/[^/]+", f"/flavorIds/{flavor_id}", source_url, count=1)
    if "/flavorIds/" not in url:
        url = url.replace("/playManifest/", f"/playManifest/flavorIds/{flavor_id}/", 1)
    head, sep, tail = url.partition("/format/")
    return f"{head}/ks/{quote(access_key, safe='')}{sep}{tail}"


def plays(source: dict[str, Any], flavor_id: str) -> bool:
    """Whether the source lists the flavor (a source without a list plays whatever is asked)."""
    listed = str(source.get("flavorIds") or "")
    return not listed or flavor_id in listed.split(",")


def source_for(context: dict[str, Any], streamer_type: str, flavor_id: str) -> dict[str, Any] | None:
    """The context's source of that format serving the flavor (the progressive format is `url` or `http`)."""
    formats = {HLS} if streamer_type == HLS else {"url", HTTP}
    for source in context.get("sources") or []:
        if source.get("format") in formats and source.get("url"):
            ids = str(source.get("flavorIds") or "").split(",")
            if flavor_id in ids or not source.get("flavorIds"):
                return source
    for source in context.get("sources") or []:
        if source.get("format") in formats and source.get("url"):
            return source
    return None


def _get(http: requests.Session, url: str, timeout: float) -> requests.Response:
    try:
        response = http.get(url, timeout=timeout, allow_redirects=True, stream=True)
    except requests.RequestException as exc:
        raise TransportError(f"media download: {type(exc).__name__}") from exc
    if response.status_code == 404 and response.headers.get("X-Kaltura"):
        raise ManifestRefused(response.headers["X-Kaltura"], url)
    if response.status_code >= 500:
        raise TransportError(f"media download: HTTP {response.status_code}")
    if response.status_code >= 400:
        raise MediaError(f"the media URL answered HTTP {response.status_code}")
    return response


def download_mp4(http: requests.Session, url: str, out: Path, timeout: float = 120) -> Path:
    """The progressive playManifest URL (302 to the file) saved to `out`."""
    with _get(http, url, timeout) as response, out.open("wb") as fh:
        try:
            for chunk in response.iter_content(1 << 20):
                fh.write(chunk)
        except requests.RequestException as exc:
            raise TransportError(f"media download cut off: {type(exc).__name__}") from exc
    if out.stat().st_size == 0:
        raise MediaError("the flavor download was empty")
    return out


def download_hls(http: requests.Session, url: str, out: Path, timeout: float = 120) -> Path:
    """The master playlist's one variant, its segments joined into an MP4 by ffmpeg without re-encoding."""
    with _get(http, url, timeout) as response:
        master = m3u8.loads(response.text, uri=response.url)
    variants = [urljoin(response.url, p.uri) for p in master.playlists] or [response.url]
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise MediaError("ffmpeg is not installed on the vendor host")
    # The guide's command: the packager's index.m3u8 in, the segments copied into one MP4.
    # Warnings too: ffmpeg skips a segment it could not fetch and still exits 0, which would OCR part of the video.
    cmd = [ffmpeg, "-v", "warning", "-y", "-i", variants[0], "-c", "copy", "-bsf:a", "aac_adtstoasc", str(out)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=max(timeout, 600))
    except subprocess.TimeoutExpired as exc:
        raise MediaError("joining the HLS segments timed out") from exc
    lost = next((line for line in done.stderr.splitlines() if _TRANSFER_FAILED.search(line)), None)
    if lost is not None:
        raise TransportError(f"an HLS segment transfer failed: {_URL.sub('<url>', lost)[:160]}")
    if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise MediaError(f"ffmpeg could not join the HLS segments: {_URL.sub('<url>', reason)[:160]}")
    return out
