"""Where the picture can change, found before decoding it: packet sizes and keyframes.

An H.264/HEVC frame identical to the one before it is coded as skip blocks, a few dozen bytes; a frame that adds
a line of text carries its residual, kilobytes. So the demuxer's packet sizes (read without decoding anything)
mark every frame where something changes. Each change is decoded from the keyframe before it through a few frames
after it and looked at frame by frame; the rest of the timeline is assumed to repeat the last frame looked at and
is never decoded (a still lecture: about half its frames).

Assumption and its failure mode: a change coded entirely in small packets (a very slow dissolve whose per-frame
residual stays under the threshold) would be missed. Guard: every keyframe is decoded cheaply (`-skip_frame
nokey`, about 1 % of a full decode) and two consecutive keyframes that look different while the packets between
them stayed small make the whole span between them a window.

Planning only: the packet table and the keyframe thumbnails are read by `decode` (all the engine's ffmpeg and
ffprobe I/O lives there), so every function here is pure and tested on made-up tables.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

import numpy as np

from vendor.ocr.change import changed_cells
from vendor.ocr.decode import Packet, VideoInfo

QUIET_BYTES_PER_MPIXEL = 500  # a repeated 720p frame codes in ~40 bytes, a new caption line in 2-10 kB
QUIET_MEDIANS = 2.0  # busy above this many median packet sizes (when that is under the absolute bound)
PRE_FRAMES = 8  # a change may show in B-frames displayed before the big P-frame that carries it
POST_FRAMES = 2  # frames after the last busy one: the settled picture that gets read
REFRESH_FRAMES = 8  # a lone busy frame this close after a keyframe may be the encoder's quality refresh
RESTART_FRAMES = 120  # a decoder start (~80 ms) costs about as much as decoding this many 720p frames
CHUNK_SECONDS = 60.0  # work per task: long enough to amortise a forced read at its start


@dataclass(frozen=True)
class Chunk:
    """A stretch of frames [first, last) read by one task; `first` is a keyframe.

    `windows` are the frame ranges [a, b] (inclusive) looked at frame by frame, in order; `runs` the keyframes
    where a decoder starts, each decoding up to the last window before the next run (see `decode.frames` for the
    sparse looks between windows).
    """

    first: int
    last: int
    windows: tuple[tuple[int, int], ...]
    runs: tuple[int, ...]

    def decoded(self) -> int:
        """Frames its decoders go through: from each run's keyframe to the run's last window."""
        bounds = [*self.runs[1:], self.last]
        return sum(
            max(b for a, b in self.windows if start <= a < stop) - start + 1
            for start, stop in zip(self.runs, bounds, strict=True)
        )


@dataclass(frozen=True)
class Activity:
    sizes: np.ndarray  # packet bytes per display frame
    keyframes: tuple[int, ...]
    pts: dict[int, float]  # keyframe index -> its presentation time in seconds (what -ss seeks to)


def from_packets(packets: list[Packet], info: VideoInfo) -> Activity:
    """Packet sizes and keyframes per display frame, from the demuxer's packet table."""
    sizes = np.zeros(info.frames, np.int64)
    keyframes: dict[int, float] = {}
    if packets:
        origin = min(p.pts for p in packets)
        for p in packets:
            n = round((p.pts - origin) * info.fps)
            if 0 <= n < info.frames:
                sizes[n] = p.size
                if p.key:
                    keyframes[n] = p.pts
    else:  # no usable packet table: every frame counts as busy, so everything is decoded and looked at
        sizes[:] = np.iinfo(np.int64).max // 2
    if 0 not in keyframes:  # one decoder from the start
        keyframes[0] = packets[0].pts if packets else 0.0
    return Activity(sizes, tuple(sorted(keyframes)), keyframes)


def busy_frames(act: Activity, info: VideoInfo) -> np.ndarray:
    """Frames whose packet is too big for a repeat of the frame before (keyframes excluded: they are all big)."""
    inter = act.sizes.copy()
    inter[list(act.keyframes)] = 0
    coded = inter[inter > 0]
    # A still video's repeats all code in about its median size, and small changes (a lower third leaving a
    # flat slide) in a few times that; any frame of moving footage is over the absolute bound.
    threshold = QUIET_BYTES_PER_MPIXEL * info.width * info.height / 1e6
    if coded.size:
        threshold = min(threshold, QUIET_MEDIANS * float(np.median(coded)))
    busy = inter > threshold
    return np.flatnonzero(busy)


def by_keyframe(act: Activity, thumbs: np.ndarray) -> dict[int, np.ndarray]:
    """Keyframe thumbnails (display order) by keyframe index; empty when their count does not match the table."""
    if len(thumbs) != len(act.keyframes):
        return {}
    return dict(zip(act.keyframes, thumbs, strict=True))


def windows(act: Activity, info: VideoInfo, thumbs: dict[int, np.ndarray]) -> list[tuple[int, int]]:
    """Merged [a, b] frame ranges to decode: around busy frames, plus quiet keyframe spans whose ends differ."""
    last = info.frames - 1
    busy = busy_frames(act, info)
    keys = np.array(act.keyframes)
    busy = busy[[not _refresh(int(n), act, thumbs, busy) for n in busy]] if busy.size else busy
    # A change after a keyframe cannot show before it (the GOP is closed), so a window never reaches back over
    # one: the decoder then starts at that keyframe instead of decoding the whole GOP before it.
    gop_start = keys[np.searchsorted(keys, busy, side="right") - 1] if busy.size else busy
    ranges = [
        (max(int(n) - PRE_FRAMES, int(k)), min(int(n) + POST_FRAMES, last))
        for n, k in zip(busy, gop_start, strict=True)
    ]
    for a, b in itertools.pairwise(act.keyframes):
        if a in thumbs and b in thumbs and changed_cells(thumbs[b], thumbs[a]).any():
            # A keyframe is intra-coded, so its size says nothing: a change on it is seen only here. Busy frames
            # in between may explain the difference; with none, the change is on `b` or was coded in small
            # packets (a slow dissolve), and only decoding the whole span tells which.
            ranges.append((b, b) if np.any((busy > a) & (busy < b)) else (a, b))
    ranges.append((last, last))  # the end state: nothing after the last keyframe vouches for it
    ranges.sort()
    merged: list[list[int]] = []
    for a, b in ranges:
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _refresh(n: int, act: Activity, thumbs: dict[int, np.ndarray], busy: np.ndarray) -> bool:
    """The encoder's quality refresh: the only busy frame of its GOP, a few frames after the keyframe, with the
    GOP's two keyframes alike. x264 codes the first P-frame after an I-frame in a few hundred bytes even on a
    still picture; decoding that GOP would cost a decoder start for nothing."""
    i = bisect.bisect_right(act.keyframes, n) - 1
    if i < 0 or i + 1 >= len(act.keyframes) or n - act.keyframes[i] > REFRESH_FRAMES:
        return False
    k, following = act.keyframes[i], act.keyframes[i + 1]
    if k not in thumbs or following not in thumbs or changed_cells(thumbs[following], thumbs[k]).any():
        return False
    return int(np.count_nonzero((busy > k) & (busy < following))) == 1


def chunks(act: Activity, info: VideoInfo, wins: list[tuple[int, int]], workers: int) -> list[Chunk]:
    """Split the timeline at keyframes into tasks, each with its windows and decoder starts."""
    size = max(1, round(min(CHUNK_SECONDS, info.duration / max(workers, 1)) * info.fps))
    starts = [0]
    for k in act.keyframes:
        if k - starts[-1] >= size and info.frames - k >= size // 2:
            starts.append(k)
    out = []
    for first, last in zip(starts, [*starts[1:], info.frames], strict=True):
        # Every chunk reads its first frame: lines already on screen get their text there.
        inside = [(max(a, first), min(b, last - 1)) for a, b in wins if b >= first and a < last]
        if not inside or inside[0][0] > first:
            inside.insert(0, (first, first))
        runs: list[list[int]] = []  # [keyframe, last frame] decoded by one decoder
        for a, b in inside:
            k = max(act.keyframes[bisect.bisect_right(act.keyframes, a) - 1], first)
            # Restart the decoder at a keyframe when that skips more frames than a decoder start costs.
            if not runs or k > runs[-1][1] + RESTART_FRAMES:
                runs.append([k, b])
            else:
                runs[-1][1] = b
        out.append(Chunk(first, last, tuple(inside), tuple(a for a, _ in runs)))
    return out
