"""A word space the recogniser nearly read (its second guess in a blank column) is put back."""

import numpy as np

from vendor.ocr.engines import NEAR_SPACE, NearSpaces, RapidEngine, near_spaces

CLASSES = ["<blank>", "W", "E", "R", "1", " "]
SPACE = CLASSES.index(" ")


def _probs(columns: list[tuple[str, float]]) -> np.ndarray:
    """One row per CTC column: the best class (with 0.9) and the space class's probability beside it."""
    rows = np.full((len(columns), len(CLASSES)), 0.001)
    for i, (best, space) in enumerate(columns):
        rows[i, CLASSES.index(best)] = 0.9
        if best != " ":
            rows[i, SPACE] = space
    return rows


def test_a_blank_whose_space_probability_stands_out_is_a_word_space():
    # "WER1" decoded from W _ E _ R _ 1: the blank between R and 1 was nearly a space.
    cols = [("W", 0), ("<blank>", 0.002), ("E", 0), ("<blank>", 0.004), ("R", 0), ("<blank>", 0.15), ("1", 0)]
    assert near_spaces("WER1", _probs(cols), SPACE) == "WER 1"


def test_blanks_inside_a_word_stay_blanks():
    cols = [("W", 0), ("<blank>", 0.009), ("E", 0), ("<blank>", NEAR_SPACE / 2), ("R", 0), ("1", 0)]
    assert near_spaces("WER1", _probs(cols), SPACE) == "WER1"


def test_no_space_is_doubled_or_put_at_the_ends():
    cols = [
        ("<blank>", 0.5),  # before the first character: nothing to separate
        ("W", 0),
        ("<blank>", 0.3),
        (" ", 0),  # a space read as such
        ("<blank>", 0.3),
        ("E", 0),
        ("<blank>", 0.4),  # after the last character
    ]
    assert near_spaces("W E", _probs(cols), SPACE) == "W E"


def test_a_repeated_character_after_a_near_space_is_kept_apart():
    # "11" needs a blank between its two ones: the space goes where the blank was nearly one, and the two ones,
    # decoded apart, both stay.
    cols = [("R", 0), ("<blank>", 0.2), ("1", 0), ("<blank>", 0.001), ("1", 0)]
    assert near_spaces("R11", _probs(cols), SPACE) == "R 11"


def test_a_decode_that_does_not_match_the_columns_is_left_alone():
    cols = [("W", 0), ("<blank>", 0.3), ("E", 0)]
    assert near_spaces("WXE", _probs(cols), SPACE) == "WXE"


def test_every_rapidocr_recognition_goes_through_the_near_space_decode():
    # The wrap reaches into rapidocr (its recogniser's decoder): a release that moves it must fail here, loudly.
    engine = RapidEngine()
    assert isinstance(engine._ocr._load_rec_model().postprocess_op, NearSpaces)
