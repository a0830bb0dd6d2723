"""Planning what to decode from packet sizes and keyframes, and decoding only those windows, frame-exactly."""

import subprocess

import numpy as np
import pytest

from fixtures import synthclip
from vendor.ocr import activity, decode

INFO = decode.VideoInfo(1280, 720, 30.0, 900, 30.0)


def _activity(busy: list[int]) -> activity.Activity:
    sizes = np.full(INFO.frames, 40)
    keys = (0, 250, 500, 750)
    sizes[list(keys)] = 20000
    sizes[busy] = 4000
    return activity.Activity(sizes, keys, {k: k / INFO.fps for k in keys})


def test_quiet_keyframe_spans_are_skipped_and_busy_frames_get_windows():
    act = _activity([300, 310])
    same = np.zeros(INFO.thumb_size[::-1], np.uint8)
    wins = activity.windows(act, INFO, {k: same for k in act.keyframes})
    assert wins == [(300 - activity.PRE_FRAMES, 310 + activity.POST_FRAMES), (899, 899)]
    chunks = activity.chunks(act, INFO, wins, workers=1)
    assert len(chunks) == 1
    # The decoder starts at the keyframe before the busy frames, and again at the last keyframe for the end.
    assert chunks[0].runs == (0, 250, 750)
    assert chunks[0].windows == ((0, 0), (292, 312), (899, 899))
    assert chunks[0].decoded() == 1 + (312 - 250 + 1) + (899 - 750 + 1)


def test_keyframes_that_differ_with_nothing_busy_between_make_the_span_a_window():
    act = _activity([])
    thumbs = {k: np.zeros(INFO.thumb_size[::-1], np.uint8) for k in act.keyframes}
    thumbs[500] = np.full(INFO.thumb_size[::-1], 200, np.uint8)
    assert any(a <= 250 and b >= 500 for a, b in activity.windows(act, INFO, thumbs))


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return synthclip.render(synthclip.slides_clip(fps=10), tmp_path_factory.mktemp("clips"))[0]


def test_window_frames_match_a_full_decode(clip):
    info, packets = decode.probe_packets(clip)
    act = activity.from_packets(packets, info)
    wanted = [(3, 5), (30, 31)]
    start = act.keyframes[0]
    got = [
        (f.index, f.thumb, f.full is not None, f.settled)
        for f in decode.frames(clip, info, act.pts[start], start, wanted, grid=8)
    ]
    # Every window frame, and the grid (multiples of 8) from the keyframe to the last window.
    assert [g[0] for g in got] == [0, 3, 4, 5, 8, 16, 24, 30, 31]
    assert [g[2] for g in got] == [True, False, False, True, True, True, True, False, True]  # grid and window ends
    assert [g[3] for g in got] == [False, False, False, True, False, False, False, False, True]
    tw, th = info.thumb_size
    cmd = [
        "ffmpeg",
        "-v",
        "error",
        "-i",
        str(clip),
        "-vf",
        f"extractplanes=y,scale={tw}:{th}:flags=area",
        "-f",
        "rawvideo",
        "pipe:1",
    ]
    every = np.frombuffer(subprocess.run(cmd, capture_output=True, check=True).stdout, np.uint8).reshape(-1, th, tw)
    for index, thumb, _, _ in got:
        assert np.array_equal(thumb, every[index])


def test_a_lone_quality_refresh_after_a_keyframe_is_not_a_change():
    act = _activity([254])  # x264's first P-frame after an I-frame: a few hundred bytes on a still picture
    same = np.zeros(INFO.thumb_size[::-1], np.uint8)
    assert activity.windows(act, INFO, {k: same for k in act.keyframes}) == [(899, 899)]
    act = _activity([254, 400])  # a second busy frame in the GOP: something did change
    assert (250, 256) in activity.windows(act, INFO, {k: same for k in act.keyframes})


def test_the_packet_table_places_sizes_and_keyframes_on_display_frames():
    info = decode.VideoInfo(64, 36, 10.0, 6, 0.6)
    packets = [decode.Packet(1.0 + n / 10, 100 * (n + 1), n in (0, 3)) for n in (0, 2, 1, 3, 5, 4)]  # decode order
    act = activity.from_packets(packets, info)
    assert act.sizes.tolist() == [100, 200, 300, 400, 500, 600]
    assert act.keyframes == (0, 3) and act.pts == {0: 1.0, 3: 1.3}


def test_without_a_packet_table_every_frame_is_busy():
    info = decode.VideoInfo(64, 36, 10.0, 6, 0.6)
    act = activity.from_packets([], info)
    assert act.keyframes == (0,)
    assert activity.busy_frames(act, info).tolist() == [1, 2, 3, 4, 5]


def test_probe_and_packet_table_come_from_one_read(clip):
    info, packets = decode.probe_packets(clip)
    assert info == decode.probe(clip)
    assert len(packets) == info.frames and packets[0].key
    assert len(decode.keyframe_thumbs(clip, info)) == sum(p.key for p in packets)
