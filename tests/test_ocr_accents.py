"""Still-layer lines: RapidOCR finds and reads them, Tesseract's Latin-script model decides their accents."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from fixtures import fonts
from vendor.languages import latin_model, resolve
from vendor.ocr import engines
from vendor.ocr.engines import _accents_only, _spelled


def test_two_reads_that_differ_only_in_letters_outside_ascii_are_accent_variants():
    assert _accents_only("Zoé Bronté", "Zoë Brontë")
    assert _accents_only("Ólafur pórsson", "Ólafur Þórsson")
    assert _accents_only("Jose", "José")
    assert not _accents_only("Jose", "Jase")  # a different plain letter is a different read
    assert not _accents_only("Szymańska", "Szymańsk")  # a letter lost is not an accent
    assert not _accents_only("Lodz", "Łód2")


@pytest.mark.skipif(not latin_model(resolve(["en"])), reason="Tesseract's Latin-script model is not installed")
def test_a_plain_still_layer_line_keeps_the_letters_its_name_carries():
    engine = engines.get("default", resolve(["en"]))
    image = Image.new("L", (700, 90), 40)
    ImageDraw.Draw(image).text((30, 20), "Ólafur Þórsson", fill=245, font=fonts.load("sans", 32))
    assert [line.text for line in engine.read(np.array(image), plain=True)] == ["Ólafur Þórsson"]


def test_a_ligature_spelled_out_in_two_letters_is_an_accent_variant():
    assert _accents_only(_spelled("AErøskøbing"), _spelled("Ærøskøbing"))
    assert _accents_only(_spelled("Crevecoeur"), _spelled("Crèvecœur"))
    assert not _accents_only(_spelled("AErøskøbing"), _spelled("Ærøskøbinq"))
