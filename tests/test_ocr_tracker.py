"""The tracker, driven by random appearance/disappearance schedules of synthetic detections."""

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from vendor.ocr.reader import Segment
from vendor.ocr.tracker import to_items, track

FPS = 10.0
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]


@st.composite
def schedules(draw):
    """Per line: disjoint appearance intervals (frames) separated by more than the tracker's gap tolerance."""
    n_lines = draw(st.integers(1, 5))
    lines = []
    for i in range(n_lines):
        t, spans = draw(st.integers(0, 20)), []
        for _ in range(draw(st.integers(1, 4))):
            length = draw(st.integers(3, 60))
            spans.append((t, t + length))
            t += length + draw(st.integers(12, 40))
        lines.append((f"{WORDS[i]} {WORDS[(i + 3) % len(WORDS)]} line {i}", (50, 40 + 60 * i, 300, 30), spans))
    return lines, draw(st.randoms(use_true_random=False))


def detections(lines, rnd: random.Random) -> list[Segment]:
    """Each appearance cut into re-reads (as OCR'ing a changing background does), a few frames apart at most."""
    segs = []
    for text, box, spans in lines:
        for a, b in spans:
            cuts = sorted(rnd.sample(range(a + 1, b), k=min(rnd.randint(0, 3), b - a - 1)))
            edges = [a, *cuts, b]
            for s, e in itertools.pairwise(edges):
                gap = rnd.randint(0, 2) if e < b else 0
                jitter = (box[0] + rnd.randint(-2, 2), box[1] + rnd.randint(-2, 2), box[2], box[3])
                segs.append(Segment(text, 0.9, jitter, s, max(e - gap, s + 1), [(s, jitter)]))
    rnd.shuffle(segs)
    return segs


@settings(max_examples=150, deadline=None)
@given(schedules())
def test_tracker_gives_the_schedule_back(case):
    lines, rnd = case
    items = to_items(track(detections(lines, rnd), FPS), FPS, "en-US")
    got = {it.text: [(round(i.start * FPS), round(i.end * FPS)) for i in it.instances] for it in items}
    assert len(items) == len(lines)
    for text, _, spans in lines:
        assert got[text] == spans


def test_scrolling_line_is_one_item_with_keyframes():
    segs = [
        Segment(
            "Music by Alan Turing",
            0.95,
            (120, 300 - 20 * k, 280, 30),
            5 * k,
            5 * k + 4,
            [(5 * k, (120, 300 - 20 * k, 280, 30))],
        )
        for k in range(10)
    ]
    items = to_items(track(segs, FPS), FPS, "en-US")
    assert len(items) == 1
    boxes = [b for _, b in items[0].instances[0].boxes]
    assert len(boxes) == 10 and boxes[0][1] == 300 and boxes[-1][1] == 120


def test_confident_reading_wins_the_vote():
    segs = [
        Segment("Fourier transforms", 0.95, (10, 10, 200, 30), 0, 20, [(0, (10, 10, 200, 30))]),
        Segment("Fourier transfonns", 0.40, (10, 10, 200, 30), 20, 25, [(20, (10, 10, 200, 30))]),
    ]
    items = to_items(track(segs, FPS), FPS, "en-US")
    assert [it.text for it in items] == ["Fourier transforms"]
    assert [i.to_dict() for i in items[0].instances] == [{"start": 0.0, "end": 2.5}]


def test_similar_titles_in_turn_at_one_place_stay_two_items():
    box = (100, 70, 600, 48)
    first = Segment("Part 3: The Fourier Series", 0.95, box, 0, 100, [(0, box)])
    second = Segment("Part 4: The Fourier Transform", 0.95, box, 100, 200, [(100, box)])
    items = to_items(track([first, second], FPS, (1280, 720)), FPS, "en-US", size=(1280, 720), frames=200)
    assert [i.text for i in items] == ["Part 3: The Fourier Series", "Part 4: The Fourier Transform"]


def test_a_still_line_is_not_chained_to_a_part_like_line_on_the_next_page():
    # Two pages cut at 10 s: a long XML line, then a shorter one a few pixels off that reads like a part of it.
    size = (1280, 720)
    first = Segment('<edit name="family" mode="assign"><string>mono</string></edit>', 0.9, (322, 621, 805, 17), 50, 100)
    second = Segment('<edit name="family" mode="prepend">', 0.92, (275, 620, 473, 18), 100, 150)
    tracks = track([first, second], FPS, size)
    assert len(tracks) == 2
    items = to_items(tracks, FPS, "en-US", size=size, frames=200)
    assert [(i.instances[0].start, i.instances[0].end) for i in items] == [(5.0, 10.0), (10.0, 15.0)]


def test_a_still_line_replaced_by_one_with_other_figures_is_a_new_item():
    # An invoice cut to the next one: the number line at the same place reads alike but for its figures.
    size, box = (1280, 720), (801, 102, 220, 16)
    first = Segment("Invoice No. 2021-2059", 0.95, box, 0, 93, [(0, box)])
    second = Segment("Invoice No. 2025-2423", 0.95, box, 93, 200, [(93, box)])
    items = to_items(track([first, second], FPS, size), FPS, "en-US", size=size, frames=200)
    assert [i.text for i in items] == ["Invoice No. 2021-2059", "Invoice No. 2025-2423"]
    # A misread of one digit is the same line read again.
    again = Segment("Invoice No. 2021-2058", 0.6, box, 93, 200, [(93, box)])
    assert len(track([first, again], FPS, size)) == 1


def test_two_overlapping_tracks_of_a_still_line_are_one_appearance():
    # A name plate's second line read twice over footage: the first read's start walked back to 9.48 s, a second
    # read that did not chain to it starts at 9.6 s and closes at 11 s while the first holds on to 13.08 s.
    size, box = (960, 540), (51, 436, 210, 22)
    first = Segment("Art Director, Eskişehir", 0.95, box, 237, 327, [(245, box)])
    second = Segment("Art Director, Eskişehir", 0.9, box, 240, 275, [(250, box)])
    items = to_items(track([first, second], FPS, size), FPS, "en-US", size=size, frames=500)
    assert [(i.instances[0].start, i.instances[0].end) for i in items] == [(237 / FPS, 327 / FPS)]
    assert len(items[0].instances) == 1
    # Shown again after a gap, it is a second appearance.
    later = Segment("Art Director, Eskişehir", 0.9, box, 400, 450, [(410, box)])
    items = to_items(track([first, later], FPS, size), FPS, "en-US", size=size, frames=500)
    assert len(items[0].instances) == 2


def test_a_line_a_few_pixels_from_the_top_edge_is_whole_and_one_on_it_is_cut():
    # A corner bug read on the still layer: the detector's box stands clear of the glyphs and came to 3 pixels
    # from the top; a credit leaving through the top has glyphs on the first row, and so has its box.
    size = (960, 540)
    bug = Segment("DOCTOR 6", 1.0, (793, 3, 145, 49), 0, 200)
    leaving = Segment("Sound Mixer", 0.9, (400, 0, 180, 14), 0, 200)
    bottom = Segment("Gaffer", 0.9, (400, 530, 120, 10), 0, 200)
    kept = [tr.text() for tr in track([bug, leaving, bottom], FPS, size)]
    assert kept == ["DOCTOR 6"]
