"""Engine lines -> display lines: columns and ticker items side by side are split at wide gaps."""

import numpy as np
from PIL import Image, ImageDraw

from fixtures import fonts
from vendor.ocr.box import Box
from vendor.ocr.engines import (
    MOVING_GAP,
    Line,
    RapidEngine,
    _left_out_boxes,
    _separator_restored,
    _spaces_restored,
    _with_weak,
    lines_of,
    voted,
)


def test_words_of_two_columns_become_two_lines():
    words = [
        ("Fast", 0.9, (83, 207, 60, 30)),
        ("to", 0.9, (153, 207, 25, 30)),
        ("set", 0.9, (188, 207, 45, 30)),
        ("Limited", 0.8, (683, 206, 110, 31)),
        ("capacity", 0.8, (803, 206, 143, 31)),
    ]
    lines = lines_of(words)
    assert [line.text for line in lines] == ["Fast to set", "Limited capacity"]
    assert lines[1].box == (683, 206, 263, 31)
    assert abs(lines[1].confidence - 0.8) < 1e-9


def test_normal_word_spaces_keep_one_line_and_punctuation_alone_is_dropped():
    words = [("Hello", 0.9, (10, 10, 80, 30)), ("world", 0.9, (100, 10, 80, 30)), ("~", 0.6, (400, 10, 10, 30))]
    assert [line.text for line in lines_of(words)] == ["Hello world"]
    assert lines_of([]) == []


def test_symbol_words_at_the_ends_of_a_line_are_dropped() -> None:
    words = [
        ("=", 0.6, (10, 10, 12, 20)),
        ("A", 0.9, (40, 10, 15, 20)),
        ("signal", 0.9, (60, 10, 70, 20)),
        ("|", 0.5, (135, 10, 4, 20)),
    ]
    (line,) = lines_of(words)
    assert line.text == "A signal"
    assert line.box == (40, 10, 90, 20)


def test_a_number_split_after_its_separator_is_joined_but_a_sentence_is_not():
    number = [("5,720.", 0.9, (10, 10, 60, 20)), ("79", 0.9, (76, 10, 20, 20))]
    assert [line.text for line in lines_of(number)] == ["5,720.79"]
    sentence = [("in", 0.9, (10, 10, 20, 20)), ("2020.", 0.9, (36, 10, 50, 20)), ("79", 0.9, (100, 10, 20, 20))]
    assert [line.text for line in lines_of(sentence)] == ["in 2020. 79"]


def test_a_bullet_read_as_a_letter_is_dropped_but_a_real_one_letter_word_kept():
    bullet = [
        ("a", 0.96, (100, 234, 11, 11)),
        ("Continuous", 0.96, (124, 225, 170, 25)),
        ("and", 0.9, (305, 225, 54, 25)),
    ]
    assert [line.text for line in lines_of(bullet)] == ["Continuous and"]
    word = [
        ("A", 0.83, (122, 169, 22, 23)),
        ("signal", 0.96, (155, 167, 86, 32)),
        ("carries", 0.9, (254, 167, 100, 25)),
    ]
    assert [line.text for line in lines_of(word)] == ["A signal carries"]


def test_a_weak_word_continuing_a_row_joins_its_line_and_asks_for_a_re_read():
    words = [("Lefèvre", 0.97, (185, 394, 105, 23))]
    weak = [
        ("'François", 0.13, (52, 395, 122, 28)),  # read badly next to footage, but on the row, a space away
        ("I", 0.2, (600, 395, 8, 20)),  # far along the row: texture
        ("m", 0.3, (60, 300, 20, 20)),  # another row
    ]
    (line,) = _with_weak(words, weak)
    assert line.text == "'François Lefèvre"
    assert line.box == (52, 394, 238, 29)
    assert line.confidence == 0.13  # under the hybrid's re-read bar: the whole line is read again
    assert _with_weak(words, []) == lines_of(words)


def test_a_weak_word_between_two_parts_makes_one_line():
    words = [("KDE's", 0.96, (97, 470, 60, 25)), ("ext/regex", 0.95, (260, 470, 100, 25))]
    weak = [("ROX's", 0.4, (170, 470, 70, 25))]
    assert [line.text for line in _with_weak(words, weak)] == ["KDE's ROX's ext/regex"]


def test_a_monospace_number_split_after_its_separator_cell_is_joined():
    # "+3." then "6%" in a wide monospace font: the separator's cell leaves a gap wider than half a height.
    cell = [("+3.", 0.9, (445, 303, 30, 13)), ("6%", 0.9, (482, 303, 20, 13))]
    assert [line.text for line in lines_of(cell)] == ["+3.6%"]


def test_a_reread_of_a_split_number_is_taken_only_where_it_restores_a_separator():
    assert _separator_restored("9,031 78", "9,031.78")
    assert not _separator_restored("1,400 279,388", "1,400279,388")  # two numbers of a column stay two
    assert not _separator_restored("9,031 78", "9,081.78")  # another digit is another read


def test_glyph_blobs_outside_the_lines_read_are_found_where_the_layout_left_them_out():
    image = Image.new("L", (900, 120), 235)
    draw = ImageDraw.Draw(image)
    font = fonts.load("serif", 22)
    draw.text((20, 40), "Southern river", fill=20, font=font)
    draw.text((620, 40), "21", fill=20, font=font)
    x0, y0, x1, y1 = draw.textbbox((20, 40), "Southern river", font=font)
    read = Line("Southern river", 0.97, Box(x0, y0, x1 - x0, y1 - y0))
    blobs = _left_out_boxes(np.array(image), [read])
    assert len(blobs) == 1
    x, y, w, _ = blobs[0]
    assert 612 <= x <= 622 and w < 40 and abs(y - read.box.top) < 8


def test_two_line_heights_apart_are_two_columns_on_a_still_page_but_one_line_over_footage():
    # "3.2" and "Invoking" of a table of contents, 2.5 heights apart: on footage, a hidden word leaves such a hole.
    words = [("3.2", 0.9, (10, 10, 30, 20)), ("Invoking", 0.9, (90, 10, 90, 20))]
    assert [line.text for line in lines_of(words)] == ["3.2", "Invoking"]
    assert [line.text for line in lines_of(words, MOVING_GAP)] == ["3.2 Invoking"]


def test_a_reread_with_a_margin_restores_only_word_spaces():
    assert _spaces_restored("PAYMENT18", "PAYMENT 18")
    assert _spaces_restored("CAMPUS1", "CAMPUS 1")
    assert not _spaces_restored("PAYMENT 18", "PAYMENT18")  # a re-read never takes a space away
    assert not _spaces_restored("PAYMENT18", "PAYMENT 16")  # another character is another read
    assert not _spaces_restored("Studio 7", "Studio 7")
    assert _spaces_restored("Global,airport approves", "Global airport approves")  # a speck read as a comma
    assert not _spaces_restored("1,400 units", "1 400 units")  # between digits a mark is a separator
    assert not _spaces_restored("Smith, Jane", "Smith Jane")  # a comma before a space is punctuation
    assert not _spaces_restored("PAYMENT18.", "PAYMENT 18")  # a dropped character is another read


def test_a_read_with_restored_word_spaces_wins_a_tie_or_a_close_vote_but_not_a_clear_one():
    assert voted({"TRANSPORT9": 1.0, "TRANSPORT 9": 1.0}) == "TRANSPORT 9"
    assert voted({"TRANSPORT 9": 1.0, "TRANSPORT9": 1.0}) == "TRANSPORT 9"  # whichever was read first
    assert voted({"WEATHER1": 3.0, "WEATHER 1": 1.6}) == "WEATHER 1"
    assert voted({"WEATHER1": 4.0, "WEATHER 1": 1.0}) == "WEATHER1"
    assert voted({"Studio 7": 1.0, "Studio7": 1.5}) == "Studio 7"
    assert voted({"PAYMENT18": 1.0, "PAYMENT 16": 1.0}) == "PAYMENT18"  # another character is another read
    assert voted({"Kjaergaard": 2.0, "Kjærgaard": 1.0}) == "Kjaergaard"  # only spaces are favoured


class _Recogniser(RapidEngine):
    """RapidOCR's detector and recogniser, with the padded re-read's answer fixed, to see which read is kept."""

    def __init__(self, reread: str) -> None:
        super().__init__()
        self.reread = reread

    def recognize(self, crop: np.ndarray) -> tuple[str, float]:
        return self.reread, 0.9


def test_a_detector_line_takes_the_padded_reread_only_where_it_adds_a_space():
    img = Image.new("L", (300, 58), 38)
    ImageDraw.Draw(img).text((60, 14), "PAYMENT18", font=fonts.load("liberation-bold", 22), fill=255)
    gray = np.asarray(img)
    assert [ln.text for ln in _Recogniser("PAYMENT 18").read(gray)] == ["PAYMENT 18"]
    assert [ln.text for ln in _Recogniser("PAYMENT 16").read(gray)] == ["PAYMENT18"]
    assert [ln.text for ln in RapidEngine().read(gray)] == ["PAYMENT18"]  # the real re-read keeps the glyphs' spacing
