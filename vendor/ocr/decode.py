"""Sequential decoding through ffmpeg pipes: a small grey thumbnail of every frame, and full grey frames on a
grid. The thumbnails drive change detection and frame-exact boundaries; only grid frames are ever OCR'd.

One ffmpeg process decodes once and writes both streams (never a seek per sample: each seek re-decodes from the
previous keyframe); outputs flush every packet, else the muxer holds a frame's tail back until the next one.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from vendor.ocr.errors import OCRError

THUMB_WIDTH = 320


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    fps: float
    frames: int
    duration: float

    @property
    def thumb_size(self) -> tuple[int, int]:
        w = min(THUMB_WIDTH, self.width)
        return w, max(2, round(self.height * w / self.width / 2) * 2)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise OCRError(f"{name} is not installed (it is needed to decode video)")
    return path


class Packet(NamedTuple):
    """One coded video packet as the demuxer lists it (nothing decoded)."""

    pts: float  # presentation time, seconds
    size: int  # bytes
    key: bool  # a keyframe


STREAM_ENTRIES = "stream=width,height,avg_frame_rate,r_frame_rate,nb_frames,duration:format=duration"


def probe(video: Path) -> VideoInfo:
    """Frame size, rate and count from ffprobe; OCRError for a file ffmpeg cannot read or without frames."""
    return _info(video, _ffprobe(video, STREAM_ENTRIES))


def probe_packets(video: Path) -> tuple[VideoInfo, list[Packet]]:
    """`probe` and the video stream's packet table (sizes, keyframes) from one ffprobe run: the demuxer reads
    the container once for both."""
    meta = _ffprobe(video, f"{STREAM_ENTRIES}:packet=pts_time,size,flags")
    packets = [
        Packet(float(p["pts_time"]), int(p["size"]), "K" in p.get("flags", ""))
        for p in meta.get("packets") or []
        if p.get("pts_time") not in (None, "", "N/A") and str(p.get("size", "")).isdigit()
    ]
    return _info(video, meta), packets


def _ffprobe(video: Path, entries: str) -> dict[str, Any]:
    if not Path(video).is_file():
        raise OCRError(f"no such file: {video}")
    cmd = [tool("ffprobe"), "-v", "error", "-select_streams", "v:0", "-show_entries", entries, "-of", "json"]
    out = subprocess.run([*cmd, str(video)], capture_output=True, text=True)
    if out.returncode != 0:
        reason = (out.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise OCRError(f"ffmpeg cannot read {Path(video).name}: {reason}")
    return json.loads(out.stdout or "{}")


def _info(video: Path, meta: dict[str, Any]) -> VideoInfo:
    streams = meta.get("streams") or []
    if not streams:
        raise OCRError(f"{Path(video).name} has no video stream")
    st = streams[0]
    rate = st.get("avg_frame_rate") or "0/0"
    if rate in ("0/0", "0/1"):
        rate = st.get("r_frame_rate") or "0/0"
    num, _, den = rate.partition("/")
    fps = float(Fraction(int(num), int(den))) if den and int(den) else 0.0
    duration = float(st.get("duration") or meta.get("format", {}).get("duration") or 0.0)
    frames = int(st.get("nb_frames") or 0) or round(duration * fps)
    if fps <= 0 or frames <= 0 or not st.get("width"):
        raise OCRError(f"{Path(video).name} is empty (no video frames)")
    return VideoInfo(int(st["width"]), int(st["height"]), fps, frames, duration or frames / fps)


def keyframe_thumbs(video: Path, info: VideoInfo) -> np.ndarray:
    """Grey thumbnails of every keyframe in display order (count x height x width), decoding nothing else."""
    tw, th = info.thumb_size
    cmd = [
        tool("ffmpeg"),
        "-v",
        "error",
        "-nostdin",
        "-threads",
        "1",
        "-skip_frame",
        "nokey",
        "-i",
        str(video),
        "-an",
        "-sn",
        "-dn",
        "-vf",
        f"extractplanes=y,scale={tw}:{th}:flags=area",
        "-fps_mode",
        "passthrough",
        "-f",
        "rawvideo",
        "pipe:1",
    ]
    data = subprocess.run(cmd, capture_output=True, check=False).stdout
    count = len(data) // (tw * th)
    return np.frombuffer(data, np.uint8, count * tw * th).reshape(count, th, tw)


@dataclass
class Frame:
    index: int  # global frame number
    thumb: np.ndarray  # grey thumbnail
    full: np.ndarray | None  # full-resolution grey frame, on candidate frames only
    settled: bool = False  # the last frame of a window: the picture stays like this until the next frame given


def frames(
    video: Path, info: VideoInfo, seek: float, start: int, windows: list[tuple[int, int]], grid: int
) -> Iterator[Frame]:
    """Decode from the keyframe `start` (presented at `seek` seconds) to the last window; yield every frame of
    `windows` and, between them, every frame on the global grid (multiples of `grid`).

    Windows are inclusive [a, b] ranges of global frame numbers, in order, all at or after `start`. Full frames
    come with grid frames and with each window's last frame. Between windows the packets said nothing changes,
    but motion compensation codes a slow scroll in a few hundred bytes a frame, so the decoded stretch is still
    looked at on the grid; its other frames are decoded (the codec needs them) but never scaled or copied.
    """
    tw, th = info.thumb_size
    w, h = info.width, info.height
    count = windows[-1][1] - start + 1
    on_grid = f"not(mod(n+{start % grid}\\,{grid}))"
    shown = "+".join([on_grid, *(f"between(n\\,{a - start}\\,{b - start})" for a, b in windows)])
    full_at = "+".join([on_grid, *(f"eq(n\\,{b - start})" for _, b in windows)])
    # trim ends both outputs together, so ffmpeg exits; extractplanes takes the luma plane without conversion.
    graph = (
        f"[0:v]trim=end_frame={count},extractplanes=y,split[a][b];"
        f"[a]select='{shown}',scale={tw}:{th}:flags=area[t];[b]select='{full_at}'[f]"
    )
    read_fd, write_fd = os.pipe()
    # A quarter frame past the keyframe, without accurate seeking: decoding starts at that keyframe and no frame
    # is dropped, so frame n of the filter graph is global frame start + n.
    cmd = [
        tool("ffmpeg"),
        "-v",
        "error",
        "-nostdin",
        "-threads",
        "1",
        "-noaccurate_seek",
        "-ss",
        f"{seek + 0.25 / info.fps:.6f}",
        "-i",
        str(video),
        "-an",
        "-sn",
        "-dn",
        "-filter_complex",
        graph,
        "-map",
        "[t]",
        "-fps_mode",
        "passthrough",
        "-flush_packets",
        "1",
        "-f",
        "rawvideo",
        "pipe:1",
        "-map",
        "[f]",
        "-fps_mode",
        "passthrough",
        "-flush_packets",
        "1",
        "-f",
        "rawvideo",
        f"pipe:{write_fd}",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, pass_fds=(write_fd,))
    os.close(write_fd)
    assert proc.stdout is not None
    # ffmpeg may write several thumbnails before the full frame of the same instant, so both pipes are drained
    # by threads; the bounds keep a slow OCR from letting the decoder run minutes ahead in memory.
    thumbs: queue.Queue[bytes | None] = queue.Queue(maxsize=512)
    fulls: queue.Queue[bytes | None] = queue.Queue(maxsize=16)
    stop = threading.Event()
    pumps = [
        threading.Thread(target=_pump, args=(proc.stdout, tw * th, thumbs, stop), daemon=True),
        threading.Thread(target=_pump, args=(os.fdopen(read_fd, "rb", buffering=0), w * h, fulls, stop), daemon=True),
    ]
    for pump in pumps:
        pump.start()
    ends = {b for _, b in windows}
    inside = {n for a, b in windows for n in range(a, b + 1)}
    try:
        for index in range(start, start + count):
            if index % grid and index not in inside:
                continue
            buf = thumbs.get()
            if buf is None:
                return
            full = None
            if index % grid == 0 or index in ends:
                data = fulls.get()
                if data is None:
                    return
                full = np.frombuffer(data, np.uint8).reshape(h, w)
            yield Frame(index, np.frombuffer(buf, np.uint8).reshape(th, tw), full, settled=index in ends)
    finally:
        stop.set()
        proc.kill()
        proc.wait()
        for q in (thumbs, fulls):  # unblock a pump waiting on a full queue
            while not q.empty():
                q.get_nowait()
        for pump in pumps:
            pump.join(timeout=5)


def _pump(src, size: int, out: queue.Queue, stop: threading.Event) -> None:
    with src:
        while not stop.is_set():
            buf = _read_exact(src, size)
            while not stop.is_set():
                try:
                    out.put(buf, timeout=0.2)
                    break
                except queue.Full:
                    continue
            if buf is None:
                return


def _read_exact(src, size: int) -> bytes | None:
    chunks, got = [], 0
    while got < size:
        part = src.read(size - got)
        if not part:
            return None
        chunks.append(part)
        got += len(part)
    return b"".join(chunks)
