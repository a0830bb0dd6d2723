"""Moving lines (credits, crawls) get one path, their on-screen interval and whole text; fades their half-contrast
boundaries."""

from vendor.ocr import motion
from vendor.ocr.reader import Segment
from vendor.ocr.tracker import Track, to_items, track

SIZE = (1280, 720)
FPS = 25.0


def _crawl(text: str, enter: int, frames: int, speed: int = 6, width: int = 600) -> list[Segment]:
    """Reads every 12 frames of a line crawling left, cut by the frame edges like an engine sees it."""
    segs = []
    words = text.split()
    for f in range(enter + 12, frames, 12):
        left = SIZE[0] - speed * (f - enter)
        x0, x1 = max(left, 0), min(left + width, SIZE[0])
        if x1 - x0 < 60:
            continue
        # The engine drops a cut word: keep the words wholly inside (equal-width words).
        per = width / len(words)
        inside = [w for i, w in enumerate(words) if left + i * per >= 0 and left + (i + 1) * per <= SIZE[0]]
        if not inside:
            continue
        first = words.index(inside[0])
        bx = round(left + first * per)
        segs.append(
            Segment(
                " ".join(inside),
                0.95,
                (bx, 660, round(len(inside) * per), 30),
                f,
                f + 1,
                [(f, (bx, 660, round(len(inside) * per), 30))],
            )
        )
    return segs


def test_a_crawl_is_one_item_with_its_whole_text_and_on_screen_interval():
    segs = _crawl("Markets open higher as tech shares rally", 0, 300)
    items = to_items(track(segs, FPS, SIZE), FPS, "en-US", size=SIZE, frames=300)
    assert len(items) == 1
    item = items[0]
    assert item.text == "Markets open higher as tech shares rally"
    inst = item.instances[0]
    # Enters at frame 0 (left edge at 1280), leaves when the right edge passes 0: (1280 + 600) / 6 frames later.
    assert inst.start <= 0.1
    assert abs(inst.end - min(1880 / 6, 300) / FPS) <= 0.1
    assert abs(inst.boxes[0][1][0] - SIZE[0]) <= 12


def test_reads_cut_by_the_top_edge_are_dropped():
    whole = Segment("Directed by Maria Lindqvist", 0.9, (415, 300, 451, 31), 0, 5, [(2, (415, 300, 451, 31))])
    cut = Segment("Dlrcctcd bv", 0.6, (415, 0, 451, 12), 0, 5, [(2, (415, 0, 451, 12))])
    assert [len(t.segments) for t in track([whole, cut], FPS, SIZE)] == [1]


def test_static_reads_have_no_path():
    reads = [(f, (100, 100, 300, 30), "Title") for f in (0, 12, 24)]
    assert motion.fit(reads, FPS, SIZE, "Title") is None


def test_a_fade_ends_where_contrast_falls_under_half_its_plateau():
    # Fades in over frames 0..20 and out over 60..80; reads start at frame 5 (faint) and run to 78.
    contrast = [(f, min(f / 20, 1.0, (80 - f) / 20) * 40.0) for f in range(5, 79, 3)]
    tr = Track([Segment("Chapter One", 0.9, (10, 10, 200, 60), 5, 79, [(5, (10, 10, 200, 60))], contrast)])
    start, end = tr.faded()
    assert abs(start - 10) <= 1 and abs(end - 71) <= 1


def test_a_hard_cut_keeps_its_walked_boundaries():
    contrast = [(f, 40.0) for f in range(5, 79, 3)]
    tr = Track([Segment("Chapter One", 0.9, (10, 10, 200, 60), 5, 79, [(5, (10, 10, 200, 60))], contrast)])
    assert tr.faded() == (5, 79)


def test_a_read_that_grows_on_one_side_is_not_motion():
    # A speck of footage read as a quote mark widens the box leftwards at one read: the right edge stays put.
    reads = [
        (325, (10, 395, 280, 30), '"Søren Kjærgaard'),
        (349, (51, 395, 239, 30), "Søren Kjærgaard"),
        (373, (51, 395, 239, 30), "Søren Kjærgaard"),
    ]
    assert motion.fit(reads, FPS, SIZE, "Søren Kjærgaard") is None
    segs = [Segment(t, 0.95, b, f, f + 24, [(f, b)]) for f, b, t in reads]
    items = to_items(track(segs, FPS, SIZE), FPS, "en-US", size=SIZE, frames=500)
    assert len(items) == 1
    assert items[0].instances[0].start >= 325 / FPS and items[0].instances[0].end <= 397 / FPS
