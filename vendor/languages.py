"""The one language table: REACH catalog names, BCP-47 tags and Tesseract packs.

A REACH catalog item names its language in words ("English"), the OCR insight carries BCP-47 tags, and the
engines want Tesseract pack names ("eng"). Every conversion goes through this table so the three never drift.
A language is *supported* only when its Tesseract pack is installed on this machine.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Language:
    name: str  # REACH catalog name, e.g. "English"
    bcp47: str  # default BCP-47 tag, e.g. "en-US"
    pack: str  # Tesseract traineddata name, e.g. "eng"
    rapidocr: bool  # the multilingual recogniser shipped in the rapidocr wheel reads this script


# Catalog names follow Kaltura's CatalogItemLanguage enum spelling.
LANGUAGES: tuple[Language, ...] = (
    Language("English", "en-US", "eng", True),
    Language("French", "fr-FR", "fra", True),
    Language("German", "de-DE", "deu", True),
    Language("Spanish", "es-ES", "spa", True),
    Language("Italian", "it-IT", "ita", True),
    Language("Portuguese", "pt-PT", "por", True),
    Language("Dutch", "nl-NL", "nld", True),
    Language("Swedish", "sv-SE", "swe", True),
    Language("Danish", "da-DK", "dan", True),
    Language("Norwegian", "nb-NO", "nor", True),
    Language("Finnish", "fi-FI", "fin", True),
    Language("Polish", "pl-PL", "pol", True),
    Language("Czech", "cs-CZ", "ces", True),
    Language("Turkish", "tr-TR", "tur", True),
    Language("Romanian", "ro-RO", "ron", True),
    Language("Hungarian", "hu-HU", "hun", True),
    Language("Indonesian", "id-ID", "ind", True),
    Language("Vietnamese", "vi-VN", "vie", True),
    Language("Russian", "ru-RU", "rus", False),
    Language("Ukrainian", "uk-UA", "ukr", False),
    Language("Greek", "el-GR", "ell", False),
    Language("Arabic", "ar-SA", "ara", False),
    Language("Hebrew", "he-IL", "heb", False),
    Language("Hindi", "hi-IN", "hin", False),
    Language("Thai", "th-TH", "tha", False),
    Language("Korean", "ko-KR", "kor", False),
    Language("Japanese", "ja-JP", "jpn", True),
    Language("Chinese", "zh-CN", "chi_sim", True),
    Language("Mandarin Chinese", "zh-CN", "chi_sim", True),
    Language("Taiwanese Mandarin", "zh-TW", "chi_tra", True),
    Language("Cantonese", "zh-HK", "chi_tra", True),
)


class UnsupportedLanguage(ValueError):
    """The language is unknown, or its Tesseract pack is not installed here."""


def _norm(key: str) -> str:
    return re.sub(r"[\s_]+", " ", key.strip()).lower()


@functools.cache
def _index() -> dict[str, Language]:
    index: dict[str, Language] = {}
    for lang in LANGUAGES:
        # First entry wins, so "zh-CN" maps to "Chinese" and "chi_sim" to "Chinese" too.
        for key in (lang.name, lang.bcp47, lang.bcp47.split("-")[0], lang.pack):
            index.setdefault(_norm(key), lang)
    return index


def lookup(key: str) -> Language:
    """A catalog name, a BCP-47 tag (any region: "en-GB" finds English) or a Tesseract pack name."""
    norm = _norm(key)
    index = _index()
    if norm in index:
        return index[norm]
    primary = norm.replace(" ", "-").split("-")[0]
    if primary in index:
        return index[primary]
    raise UnsupportedLanguage(f"unknown language {key!r}")


def bcp47(key: str) -> str:
    """The tag to write in the insight; a tag the caller gave keeps its region ("en-GB" stays "en-GB")."""
    lang = lookup(key)
    if "-" in key and _norm(key.split("-")[0]) == _norm(lang.bcp47.split("-")[0]):
        return key
    return lang.bcp47


def _tessdata_candidates() -> list[Path]:
    found: list[Path] = []
    env = os.environ.get("TESSDATA_PREFIX")
    if env:
        found += [Path(env), Path(env) / "tessdata"]
    exe = shutil.which("tesseract")
    if exe:
        try:
            out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20)
            # First line: List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (5):
            match = re.search(r'"([^"]+)"', out.stdout + out.stderr)
            if match:
                found.append(Path(match.group(1)))
        except (OSError, subprocess.SubprocessError):
            pass
    for major in ("5", "4.00", "4"):
        found.append(Path("/usr/share/tesseract-ocr") / major / "tessdata")
    found.append(Path("/usr/share/tessdata"))
    found.append(Path("/usr/local/share/tessdata"))
    return found


@functools.cache
def tessdata_dir() -> Path | None:
    """The folder holding the installed *.traineddata files, discovered at run time."""
    for path in _tessdata_candidates():
        if path.is_dir() and any(path.glob("*.traineddata")):
            return path
    return None


def installed_packs() -> set[str]:
    folder = tessdata_dir()
    if folder is None:
        return set()
    return {p.name.removesuffix(".traineddata") for p in folder.glob("*.traineddata")}


def resolve(keys: list[str] | tuple[str, ...], readers: tuple[str, ...] = ("tesseract",)) -> list[Language]:
    """Languages for an OCR request; raises UnsupportedLanguage naming what is missing.

    `readers` names the engines the request may use: a language is accepted when one of them reads it here
    ("tesseract": its pack is installed; "rapidocr": the recogniser shipped in the rapidocr wheel reads it).
    """
    if not keys:
        keys = ["eng"]
    langs = [lookup(k) for k in keys]
    installed = installed_packs()
    missing = [
        lang
        for lang in langs
        if not ("tesseract" in readers and lang.pack in installed) and not ("rapidocr" in readers and lang.rapidocr)
    ]
    if missing:
        names = ", ".join(f"{lang.name} ({lang.pack})" for lang in missing)
        raise UnsupportedLanguage(f"language pack not installed: {names}")
    return langs


LATIN_MODEL = "Latin"  # Tesseract's Latin-script model (Debian tesseract-ocr-script-latn)
_LATIN_SCRIPT = frozenset(
    [
        "eng",
        "fra",
        "deu",
        "spa",
        "ita",
        "por",
        "nld",
        "swe",
        "dan",
        "nor",
        "fin",
        "pol",
        "ces",
        "tur",
        "ron",
        "hun",
        "ind",
        "vie",
    ]
)


def latin_model(langs: list[Language]) -> str | None:
    """Tesseract's Latin-script model, when every requested language is written in Latin script and the model is
    installed: it reads the letters names and places carry in any of them (ø, ł, ñ, ř, ş...), which a language's
    own pack reads as their nearest letter ("Kjeergaard" for "Kjærgaard" under English)."""
    if langs and all(lang.pack in _LATIN_SCRIPT for lang in langs) and LATIN_MODEL in installed_packs():
        return LATIN_MODEL
    return None


def with_pack(langs: list[Language]) -> list[Language]:
    """The languages whose Tesseract pack is installed, in request order, without repeats."""
    installed = installed_packs()
    out: list[Language] = []
    for lang in langs:
        if lang.pack in installed and all(o.pack != lang.pack for o in out):
            out.append(lang)
    return out


def is_supported(key: str) -> bool:
    try:
        resolve([key])
    except UnsupportedLanguage:
        return False
    return True
