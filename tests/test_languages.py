import pytest

from vendor import languages


@pytest.mark.parametrize("key", ["English", "english", "en-US", "en-GB", "en", "eng"])
def test_lookup_accepts_names_tags_and_packs(key):
    assert languages.lookup(key).pack == "eng"


def test_bcp47_keeps_a_given_region_and_fills_a_default():
    assert languages.bcp47("en-GB") == "en-GB"
    assert languages.bcp47("English") == "en-US"
    assert languages.bcp47("fra") == "fr-FR"


def test_unknown_language_is_unsupported():
    with pytest.raises(languages.UnsupportedLanguage):
        languages.lookup("Klingon")


def test_language_without_installed_pack_is_unsupported(monkeypatch):
    monkeypatch.setattr(languages, "installed_packs", lambda: {"eng"})
    assert languages.resolve(["English"])[0].pack == "eng"
    with pytest.raises(languages.UnsupportedLanguage, match="Japanese"):
        languages.resolve(["Japanese"])
    assert not languages.is_supported("ja-JP")


def test_tessdata_is_discovered():
    folder = languages.tessdata_dir()
    assert folder is not None and (folder / "eng.traineddata").is_file()


def test_rapidocr_reads_languages_without_a_pack(monkeypatch):
    monkeypatch.setattr(languages, "installed_packs", lambda: {"eng", "fra"})
    langs = languages.resolve(["fr", "ja", "da"], readers=("tesseract", "rapidocr"))
    assert [lang.pack for lang in languages.with_pack(langs)] == ["fra"]
    with pytest.raises(languages.UnsupportedLanguage, match="Korean"):
        languages.resolve(["ko"], readers=("tesseract", "rapidocr"))
