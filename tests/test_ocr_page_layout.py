"""Dense page layout: column gutters that line up across rows, dot leaders of a contents page, and marks above a
line's capitals that Tesseract's page layout leaves out, East Asian reads of footage under a Latin request."""

import numpy as np

from vendor.ocr.box import Box
from vendor.ocr.engines import (
    Line,
    _across_leaders,
    _leader_between,
    _mark_above,
    _without_east_asian,
    rows_of,
)


def _contents_row(y: int, number: str, title: list[str]) -> list:
    """A contents entry: a section number, a gap of about one text height, then the title's words."""
    words = [(number, 0.9, Box(95, y, 35, 21))]
    x = 162
    for word in title:
        words.append((word, 0.9, Box(x, y, 15 * len(word), 27)))
        x += 15 * len(word) + 9
    return words


def test_gaps_that_line_up_over_three_rows_split_each_row() -> None:
    words = (
        _contents_row(104, "3.1", ["Invoking", "asn1Parser"])
        + _contents_row(140, "3.2", ["Invoking", "asn1Coding"])
        + _contents_row(176, "3.3", ["Invoking", "asn1Decoding"])
    )
    assert sorted(line.text for line in rows_of(words)) == [
        "3.1",
        "3.2",
        "3.3",
        "Invoking asn1Coding",
        "Invoking asn1Decoding",
        "Invoking asn1Parser",
    ]


def test_the_same_gap_on_one_row_alone_is_a_word_space() -> None:
    words = _contents_row(104, "3.1", ["Invoking", "asn1Parser"])
    assert [line.text for line in rows_of(words)] == ["3.1 Invoking asn1Parser"]


def test_spaces_all_alike_do_not_split_aligned_rows() -> None:
    # A monospace listing set loosely: every space is wider than a word space of a proportional font, all alike,
    # and the cells line up from row to row.
    def listing(y: int) -> list:
        return [(f"w{k}", 0.9, Box(100 + 40 * k, y, 22, 16)) for k in range(6)]

    lines = rows_of(listing(100) + listing(130) + listing(160))
    assert [line.text for line in lines] == ["w0 w1 w2 w3 w4 w5"] * 3


def _page_with_leader(dots: bool, word_in_gap: bool = False) -> np.ndarray:
    page = np.full((120, 900), 235, np.uint8)
    page[40:68, 20:200] = 30  # the entry's words (a block of ink stands in for them)
    page[40:68, 840:870] = 30  # the page number
    if dots:
        for x in range(215, 825, 16):
            page[63:67, x : x + 4] = 30
    if word_in_gap:
        page[40:68, 500:560] = 30
    return page


def test_a_dot_leader_joins_an_entry_and_its_page_number() -> None:
    left = Line("Utilities", 0.97, Box(20, 40, 180, 28))
    right = Line("5", 0.99, Box(840, 40, 30, 28))
    page = _page_with_leader(dots=True)
    assert _leader_between(page, left.box, right.box)
    (line,) = _across_leaders(page, [right, left])
    assert line.text == "Utilities ... 5"
    assert line.box == Box(20, 40, 850, 28)
    assert abs(line.confidence - 0.97) < 1e-9


def test_an_empty_gap_or_a_word_in_it_is_no_leader() -> None:
    left, right = Box(20, 40, 180, 28), Box(840, 40, 30, 28)
    assert not _leader_between(_page_with_leader(dots=False), left, right)
    assert not _leader_between(_page_with_leader(dots=True, word_in_gap=True), left, right)
    lines = [Line("Utilities", 0.97, left), Line("5", 0.99, right)]
    assert _across_leaders(_page_with_leader(dots=False), lines) == lines


def test_a_mark_clear_above_a_line_is_found() -> None:
    page = np.full((100, 300), 240, np.uint8)
    page[40:65, 20:200] = 20  # the line
    page[32:37, 24:32] = 20  # an acute accent over its first capital
    assert _mark_above(page, Box(20, 40, 180, 25)) >= 8


def test_a_descender_from_the_line_above_or_a_clean_top_is_no_mark() -> None:
    page = np.full((100, 300), 240, np.uint8)
    page[40:65, 20:200] = 20
    assert _mark_above(page, Box(20, 40, 180, 25)) == 0
    page[10:36, 60:64] = 20  # a "g" of the line above reaching down towards this one
    assert _mark_above(page, Box(20, 40, 180, 25)) == 0


def test_a_word_space_under_other_rows_wide_column_gap_is_no_gutter() -> None:
    # An invoice: the item rows' gap between the quantity and the amount columns spans the space after "Date:"
    # above them, without the columns beside it starting or ending where "Date:" and "1 March" do.
    def item(y: int, qty: str, amount: str) -> list:
        return [
            ("Web", 0.9, Box(80, y, 40, 15)),
            ("design", 0.9, Box(128, y, 60, 15)),
            (qty, 0.9, Box(720, y, 10 * len(qty), 15)),
            (amount, 0.9, Box(960, y, 70, 15)),
        ]

    date = [("Contractford", 0.9, Box(81, 135, 113, 15)), ("41476", 0.9, Box(201, 135, 54, 15))]
    date += [("Date:", 0.9, Box(801, 135, 45, 15)), ("1", 0.9, Box(860, 136, 2, 14))]
    date += [("March", 0.9, Box(872, 135, 56, 15)), ("2023", 0.9, Box(936, 135, 42, 15))]
    words = date + item(200, "3", "1,200.00") + item(230, "12", "310.50") + item(260, "1", "99.00")
    assert "Date: 1 March 2023" in [line.text for line in rows_of(words)]


def test_east_asian_words_under_a_latin_request_are_footage() -> None:
    box = Box(625, 230, 104, 44)
    assert _without_east_asian(Line("H 日", 0.9, box)) is None
    assert _without_east_asian(Line("日本", 0.9, box)) is None
    assert _without_east_asian(Line("Platform 6 出口", 0.9, box)) == Line("Platform 6", 0.9, box)
    kept = Line("Kjærgaard Æble Łódź", 0.9, box)
    assert _without_east_asian(kept) is kept
