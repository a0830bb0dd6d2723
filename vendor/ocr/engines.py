"""OCR engines behind one small interface: read text lines (text, confidence, box) from a grey image.

Each engine is built once per worker process (model loading costs far more than one frame), and is given
grey images: Tesseract reads grey better than colour, and RapidOCR takes the grey image as three equal channels.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from rapidfuzz.distance import Levenshtein

from vendor.languages import Language, latin_model, tessdata_dir, with_pack
from vendor.ocr.box import Box


@dataclass
class Line:
    text: str
    confidence: float  # 0..1
    box: Box


class Engine(Protocol):
    name: str
    version: str

    def read(self, gray: np.ndarray, *, plain: bool = False, detect: Detect = True, still: bool = False) -> list[Line]:
        """Find and recognise the text lines of a grey image. `plain`: the image is overlay text on a flat fill
        (a still layer), where a second, slower look for text the first reader missed would find only specks.
        `detect`: False for no such second look at all (the caller knows the image holds nothing new that is
        still), or the picture the second look reads instead (the still layer of the same pixels: footage that
        moves flattened away, so the detector does not recognise every lit window in it). `still`: nothing
        moves in the picture (a page, a slide), so glyph-like blobs the first reader left out are words, worth
        recognising one by one."""
        ...


def _clean(text: str) -> str:
    return " ".join(text.split())


Word = tuple[str, float, Box]  # text, confidence 0..1, box
Detect = bool | np.ndarray  # see Engine.read

COLUMN_GAP = 2.0  # word heights: on a still picture a wider gap separates columns (a page's own line convention)
# Over moving footage, and between RapidOCR's detector boxes, words are joined across wider gaps: a word the moving
# background hides is left out, and the hole it leaves is about two heights.
MOVING_GAP = 3.0


def rows_of(words: list[Word], column_gap: float = COLUMN_GAP) -> list[Line]:
    """All words of an image -> display lines: words on one row (vertical centres within half a height of
    each other), split where a horizontal gap is wide.

    Tesseract's own text lines are not used: it puts side-by-side columns into one line, and sometimes a last
    word of a line into a block of its own.
    """
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda wd: wd[2][1] + wd[2][3] / 2):
        centre, height = word[2][1] + word[2][3] / 2, word[2][3]
        for row in rows:
            row_centre = float(np.median([wd[2][1] + wd[2][3] / 2 for wd in row]))
            row_height = float(np.median([wd[2][3] for wd in row]))
            if abs(centre - row_centre) <= 0.5 * max(height, row_height):
                row.append(word)
                break
        else:
            rows.append([word])
    if column_gap == COLUMN_GAP:
        space = _word_space(rows)
        wide = [_wide_gaps(row, space) for row in rows]
        rows = [
            part for i, row in enumerate(rows) for part in _split_at_gutters(row, wide[i], wide[:i] + wide[i + 1 :])
        ]
    return [line for row in rows for line in lines_of(row, column_gap)]


GUTTER_GAP = 0.8  # text heights: a narrower gap is a word space (a monospace space is about this wide)
GUTTER_SPACES = 1.6  # the row's word spaces: a wider gap stands out of its line (a justified line widens them all)
GUTTER_ROWS = 3  # rows whose wide gaps line up: a column gutter (a table's, a contents page's numbers)
GUTTER_ALIGN = 0.5  # text heights: gaps line up when the words after them start (or before them end) this close


def _gaps(row: list[Word]) -> tuple[float, list[tuple[float, float]], list[float]]:
    """A row's text height, its gaps between neighbouring words (x0, x1) and their widths."""
    words = sorted(row, key=lambda wd: wd[2][0])
    height = _text_height(words, float(np.median([wd[2][3] for wd in words])))
    gaps = [(float(prev[2][0] + prev[2][2]), float(word[2][0])) for prev, word in itertools.pairwise(words)]
    return height, gaps, [x1 - x0 for x0, x1 in gaps]


def _word_space(rows: list[list[Word]]) -> float | None:
    """The picture's word space in text heights: the median of its rows' narrow gaps (one font's spaces)."""
    ratios = []
    for row in rows:
        height, _, widths = _gaps(row)
        ratios += [w / height for w in widths if w <= GUTTER_GAP * height]
    return float(np.median(ratios)) if ratios else None


def _wide_gaps(row: list[Word], word_space: float | None) -> list[tuple[float, float]]:
    """The gaps of a row wider than a word space: wider than GUTTER_GAP text heights and than GUTTER_SPACES times
    the row's own word spaces (a justified or monospace line's spaces are all alike, however wide), or the
    picture's on a row with no narrow gap (a section number and a one-word title)."""
    height, gaps, widths = _gaps(row)
    spaces = [w for w in widths if w <= GUTTER_GAP * height]
    if spaces:
        space = float(np.median(spaces))
    elif word_space is not None and len(widths) == 1:
        space = word_space * height
    else:
        space = float(np.median(widths)) if widths else 0.0
    if not widths:
        return []
    wide = max(GUTTER_GAP * height, GUTTER_SPACES * space)
    return [gap for gap, w in zip(gaps, widths, strict=True) if w > wide]


def _aligned(gap: tuple[float, float], other: tuple[float, float], height: float) -> bool:
    """Do two rows' gaps make one gutter: overlapping, with the column after them starting at one x (left-aligned
    titles, cells) or the one before them ending at one x (right-aligned figures)? A much wider gap of another
    row (a page's two halves) overlaps a word space of this one without lining up with it."""
    (x0, x1), (a, b) = gap, other
    if min(x1, b) <= max(x0, a):
        return False
    return abs(b - x1) <= GUTTER_ALIGN * height or abs(a - x0) <= GUTTER_ALIGN * height


def _split_at_gutters(
    row: list[Word], gaps: list[tuple[float, float]], others: list[list[tuple[float, float]]]
) -> list[list[Word]]:
    """A row split at those of its wide gaps (`gaps`) that line up with wide gaps of other rows of the picture
    (`others`): columns a page sets apart by alignment rather than by width (section numbers beside a contents
    page's titles, a table's cells set closer than two heights). A printed line splits there (pdftotext's blocks,
    the synthetic tables' cells), while a wide gap of one justified line alone is a word space."""
    if not gaps:
        return [row]
    height = _text_height(row, float(np.median([wd[2][3] for wd in row])))
    cuts = []
    for x0, x1 in gaps:
        shared = sum(1 for og in others if any(_aligned((x0, x1), gap, height) for gap in og))
        if shared + 1 >= GUTTER_ROWS:
            cuts.append(x1)
    parts: list[list[Word]] = [[] for _ in range(len(cuts) + 1)]
    for word in row:
        parts[sum(1 for cut in cuts if word[2][0] >= cut)].append(word)
    return [part for part in parts if part]


def _drawn(word: Word, baseline: float, height: float) -> bool:
    """A word that is a drawn shape read as text: symbols only ("=", "•", "|"), or a single character that does
    not sit on the line's baseline (a bullet square read as "a" sits at mid-height)."""
    if not re.search(r"\w", word[0]):
        return True
    bottom = word[2][1] + word[2][3]
    return len(re.sub(r"\W", "", word[0])) == 1 and abs(bottom - baseline) > OFF_BASELINE * height


def _without_edge_symbols(words: list[Word], baseline: float, height: float) -> list[Word]:
    """Drawn shapes at either end of a line (bullets, bars, plate edges) are dropped, so the line's text and box
    are those of its words. `baseline` and `height` are the whole row's (a bullet may stand apart from it)."""
    start, end = 0, len(words)
    while start < end and _drawn(words[start], baseline, height):
        start += 1
    while end > start and _drawn(words[end - 1], baseline, height):
        end -= 1
    return words[start:end]


OFF_BASELINE = 0.15  # line heights between a one-letter edge word's bottom and the baseline: a drawn shape
NUMBER_GAP = 0.45  # word heights: a narrower gap after "5,720." is inside one number (monospace figures)
SEPARATOR_CELL = 0.8  # character widths of the word before: a narrower gap after "+3." is inside one number


def _joined(words: list[Word]) -> str:
    """The words' text, single-spaced; a number Tesseract split after its separator ("5,720. 79", wide cells of a
    monospace font) is joined again when the gap is narrower than a space."""
    if not words:
        return ""
    out = words[0][0]
    for prev, word in itertools.pairwise(words):
        gap = word[2][0] - (prev[2][0] + prev[2][2])
        # In a monospace font the separator stands in a whole cell: the gap after it is up to a cell wide.
        cell = prev[2][2] / max(len(prev[0]), 1)
        tight = gap < max(NUMBER_GAP * max(prev[2][3], word[2][3]), SEPARATOR_CELL * cell)
        out += ("" if tight and re.search(r"\d[.,]$", prev[0]) and word[0][:1].isdigit() else " ") + word[0]
    return _clean(out)


def lines_of(words: list[Word], column_gap: float = COLUMN_GAP) -> list[Line]:
    """One engine line's words -> display lines: split where the horizontal gap between neighbours is wide.

    Tesseract's layout joins side-by-side columns (and consecutive ticker items) into one text line; a normal
    word space is about a third of the text height, a column gutter several heights.
    """
    words = sorted(words, key=lambda wd: wd[2][0])
    if not words:
        return []
    height = float(np.median([wd[2][3] for wd in words]))
    wide = column_gap * height
    groups: list[list[Word]] = [[words[0]]]
    for prev, word in itertools.pairwise(words):
        gap = word[2][0] - (prev[2][0] + prev[2][2])
        if gap > wide:
            groups.append([word])
        else:
            groups[-1].append(word)
    out = []
    baseline = float(np.median([w[2][1] + w[2][3] for w in words]))
    for group in (_without_edge_symbols(g, baseline, height) for g in groups):
        text = _joined(group)
        if not re.search(r"\w", text):
            continue  # punctuation-only reads are texture
        x0 = min(wd[2][0] for wd in group)
        y0 = min(wd[2][1] for wd in group)
        x1 = max(wd[2][0] + wd[2][2] for wd in group)
        y1 = max(wd[2][1] + wd[2][3] for wd in group)
        conf = float(np.mean([wd[1] for wd in group]))
        out.append(Line(text, conf, Box(int(x0), int(y0), int(x1 - x0), int(y1 - y0))))
    return out


def _text_height(words: list[Word], median: float) -> float:
    """The row's text height, ascender to descender: the span of its words' boxes. The median word box is only the
    x-height on a row of short lowercase words ("on success, or an error."), and two such heights are a justified
    line's wider word space, which split one printed line in two. A span over two medians is two rows grouped
    together (a heading beside body text), where the median is the better measure."""
    lettered = [wd[2] for wd in words if re.search(r"\w", wd[0])] or [wd[2] for wd in words]
    span = max(b[1] + b[3] for b in lettered) - min(b[1] for b in lettered)
    return float(min(max(span, median), 2 * median))


def _bar_as_i(word: str) -> str:
    """A bar opening a word of letters is a capital I ("|IR" for "IIR", "|mpulse"): Tesseract's Latin-script model
    takes the serif-less I for a bar; a bar alone or before a digit or symbol stays (a table rule, "|3")."""
    return "I" + word[1:] if len(word) > 1 and word[0] == "|" and word[1].isalpha() else word


class TesserocrEngine:
    """libtesseract in-process (the fast path: no process start or PNG round trip per image)."""

    name = "tesseract"
    min_word_conf = 0.5  # below this Tesseract is usually reading texture or noise as text

    def __init__(self, langs: list[Language], model: str | None = None) -> None:
        import tesserocr

        folder = tessdata_dir()
        self._tesserocr = tesserocr
        self._api = tesserocr.PyTessBaseAPI(
            path=str(folder) + os.sep if folder else "",
            lang=model or "+".join(lang.pack for lang in langs),
            psm=tesserocr.PSM.AUTO,
            oem=tesserocr.OEM.LSTM_ONLY,
        )
        self.version = f"tesserocr {tesserocr.__version__} / tesseract {tesserocr.tesseract_version().split()[1]}"

    def read(self, gray: np.ndarray, *, plain: bool = False, detect: Detect = True, still: bool = False) -> list[Line]:
        return rows_of(self.words(gray)[0], COLUMN_GAP if still else MOVING_GAP)

    def words(self, gray: np.ndarray) -> tuple[list[Word], list[Word]]:
        """The words of a page read, split into those read with confidence and the weak ones (texture, noise,
        or a real word Tesseract could not make out)."""
        tr = self._tesserocr
        h, w = gray.shape
        gray = np.ascontiguousarray(gray)
        self._api.SetImageBytes(gray.tobytes(), w, h, 1, w)
        self._api.Recognize()
        words: list[Word] = []
        weak: list[Word] = []
        it = self._api.GetIterator()
        level = tr.RIL.WORD
        for word in tr.iterate_level(it, level):
            try:
                text = word.GetUTF8Text(level)
            except RuntimeError:  # an empty page: tesserocr raises instead of returning ""
                break
            if not text or not text.strip():
                continue
            conf = word.Confidence(level) / 100.0
            x0, y0, x1, y1 = word.BoundingBox(level)
            (words if conf >= self.min_word_conf else weak).append(
                (_bar_as_i(text.strip()), conf, Box(x0, y0, x1 - x0, y1 - y0))
            )
        return words, weak

    def read_line(self, gray: np.ndarray) -> tuple[str, float]:
        """One line's crop read as a single line (no page layout): its text and mean word confidence."""
        h, w = gray.shape
        self._api.SetPageSegMode(self._tesserocr.PSM.SINGLE_LINE)
        try:
            self._api.SetImageBytes(np.ascontiguousarray(gray).tobytes(), w, h, 1, w)
            text = _clean(self._api.GetUTF8Text() or "")
            return text, self._api.MeanTextConf() / 100.0
        finally:
            self._api.SetPageSegMode(self._tesserocr.PSM.AUTO)


def _accents_only(a: str, b: str) -> bool:
    """Do two reads of one line differ only in letters outside ASCII (an accent, "Þ" for "p")?"""
    ops = Levenshtein.editops(a, b)
    return all(
        op.tag == "replace"
        and a[op.src_pos].isalpha()
        and b[op.dest_pos].isalpha()
        and not (a[op.src_pos].isascii() and b[op.dest_pos].isascii())
        for op in ops
    )


LIGATURES = str.maketrans({"Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss"})


def _spelled(text: str) -> str:
    """Letters some readers spell out in two ("AErøskøbing" for "Ærøskøbing") spelled out."""
    return text.translate(LIGATURES)


def _marks(text: str) -> int:
    return sum(1 for c in text if not c.isascii())


class PytesseractEngine:
    """The system `tesseract` binary through pytesseract: the fallback when tesserocr is unavailable."""

    name = "tesseract-cli"
    min_word_conf = 0.5

    def __init__(self, langs: list[Language]) -> None:
        import pytesseract

        # The Debian binary links OpenMP; on 2 cores its threads fight our worker processes (3x slower).
        os.environ["OMP_THREAD_LIMIT"] = "1"
        self._pt = pytesseract
        self._lang = "+".join(lang.pack for lang in langs)
        self.version = f"pytesseract {pytesseract.__version__} / tesseract {pytesseract.get_tesseract_version()}"

    def read(self, gray: np.ndarray, *, plain: bool = False, detect: Detect = True, still: bool = False) -> list[Line]:
        data = self._pt.image_to_data(gray, lang=self._lang, config="--psm 3", output_type=self._pt.Output.DICT)
        words: list[Word] = []
        for i, text in enumerate(data["text"]):
            conf = float(data["conf"][i]) / 100.0
            if not text.strip() or conf < self.min_word_conf:
                continue
            box = Box(data["left"][i], data["top"][i], data["width"][i], data["height"][i])
            words.append((text.strip(), conf, box))
        return rows_of(words, COLUMN_GAP if still else MOVING_GAP)


class RapidEngine:
    """RapidOCR 3.x (PP-OCRv6 small, shipped in the wheel) on onnxruntime: accurate on grain and small text."""

    name = "rapidocr"
    min_score = 0.5

    def __init__(self, det_limit: int = 960, threads: int = 1) -> None:
        from importlib.metadata import version

        from rapidocr import RapidOCR

        self._ocr = RapidOCR(
            params={
                "Global.log_level": "error",
                "Global.use_cls": False,  # overlays are horizontal; the angle classifier only costs time
                "Det.limit_type": "max",  # cap the detector input: recognition still uses full-resolution crops
                "Det.limit_side_len": det_limit,
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )
        self.version = f"rapidocr {version('rapidocr')} PP-OCRv6 small"
        rec = self._ocr._load_rec_model()
        rec.postprocess_op = NearSpaces(rec.postprocess_op)

    @staticmethod
    def _bgr(gray: np.ndarray) -> np.ndarray:
        return np.repeat(gray[:, :, None], 3, axis=2)

    def read(self, gray: np.ndarray, *, plain: bool = False, detect: Detect = True, still: bool = False) -> list[Line]:
        res = self._ocr(self._bgr(gray), use_det=True, use_cls=False, use_rec=True)
        if res.boxes is None or res.txts is None:
            return []
        found: list[Word] = []
        for quad, text, score in zip(res.boxes, res.txts, res.scores, strict=False):
            text = _clean(text)
            if not text or score < self.min_score or not re.search(r"\w", text):
                continue
            xs, ys = quad[:, 0], quad[:, 1]
            x0, y0 = max(int(xs.min()), 0), max(int(ys.min()), 0)
            box = Box(x0, y0, int(xs.max()) - x0, int(ys.max()) - y0)
            found.append((self._spaced(gray, text, box), float(score), box))
        # The detector splits a line at a wide word space ("Weather Presenter," | "Reykjavík"): its boxes are
        # joined into display lines by the same rule as Tesseract's words.
        return rows_of(found, MOVING_GAP)

    def _spaced(self, gray: np.ndarray, text: str, box: Box) -> str:
        """The detector's crop is tight around the glyphs, and in it the recogniser drops a narrow word space of
        bold type ("PAYMENT18", "CAMPUS1": one word read for two, over the whole time the line is shown), or
        reads a speck of footage left beside it as a mark ("Global,airport"). Read with a margin of background,
        the same glyphs keep the space: a re-read of the padded crop that differs only by restored word spaces
        is taken (see _spaces_restored)."""
        if len(text) < 2:
            return text
        reread, _ = self.recognize(_padded(gray, box))
        return reread if _spaces_restored(text, reread) else text

    def recognize(self, crop: np.ndarray) -> tuple[str, float]:
        """Recognition only, for a crop that holds one text line."""
        res = self._ocr(self._bgr(crop), use_det=False, use_cls=False, use_rec=True)
        if not res.txts:
            return "", 0.0
        return _clean(res.txts[0]), float(res.scores[0])


NEAR_SPACE = 0.05  # a blank column's space probability: inside a word it stays under 0.01


class NearSpaces:
    """RapidOCR's CTC decoder, with the word spaces the recogniser nearly read. In bold type a word space is
    narrow, and between a word and a narrow figure ("WEATHER 1", "BUDGET 17") the recogniser's best guess at the
    gap is a blank, with the space second at 0.03-0.45 where inside a word it stays under 0.01: a corner bug read
    "WEATHER1" once is held for the whole clip. A blank column between two characters whose space probability
    reaches NEAR_SPACE is read as a space."""

    def __init__(self, decode: Any) -> None:
        self._decode = decode
        self.character = decode.character
        self._space = decode.character.index(" ")

    def __call__(self, preds: np.ndarray, *args: Any, **kwargs: Any) -> Any:
        lines, words = self._decode(preds, *args, **kwargs)
        spaced = [
            (near_spaces(text, row, self._space), score) for (text, score), row in zip(lines, preds, strict=False)
        ]
        return spaced + lines[len(spaced) :], words


def near_spaces(text: str, probs: np.ndarray, space: int) -> str:
    """`text` decoded from `probs` (columns x classes, class 0 the CTC blank) with a space put in each run of
    blank columns between two characters where the space class reaches NEAR_SPACE."""
    best = probs.argmax(axis=1)
    kept = (best != 0) & np.concatenate(([True], best[1:] != best[:-1]))
    if int(kept.sum()) != len(text):
        return text  # not the plain greedy decode this was written for: leave it
    out: list[str] = []
    emitted, near = 0, False
    for col, k in enumerate(kept):
        if k:
            if near and out and out[-1] != " " and text[emitted] != " ":
                out.append(" ")
            out.append(text[emitted])
            emitted, near = emitted + 1, False
        elif best[col] == 0 and probs[col, space] >= NEAR_SPACE:
            near = True
    return "".join(out)


class HybridEngine:
    """Tesseract finds and reads lines fast; RapidOCR re-reads only the lines Tesseract is unsure of, and
    reads the whole image itself when Tesseract finds nothing in an area that looks like text."""

    name = "hybrid"
    reread_below = 0.85
    doubtful = 0.7  # a Tesseract line under this is dropped unless RapidOCR reads text there too

    def __init__(self, langs: list[Language], reread_all: bool = False, model: str | None = None) -> None:
        self.fast = TesserocrEngine(langs, model)
        self.accurate = RapidEngine(det_limit=960)
        self.version = f"{self.fast.version} + {self.accurate.version}"
        # Without the pack of a requested language Tesseract reads its letters confidently wrong ("Sgndag" for
        # "Søndag"): then every line is re-read, and RapidOCR's read wins whenever it is itself confident.
        self.reread_all = reread_all
        self.latin = model is not None  # Tesseract reads with the Latin-script model

    def _accents(self, gray: np.ndarray, line: Line) -> Line:
        """RapidOCR's multilingual recogniser finds a line's letters but confuses their accents ("é" for "ë",
        "p" for "Þ"); Tesseract's Latin-script model knows them. When a single-line Tesseract read of the crop
        differs only in letters outside ASCII, it decides them, unless it carries fewer of them than RapidOCR's (a
        mark is more often lost than invented)."""
        if not any(c.isalpha() for c in line.text):
            return line  # only a letter of RapidOCR's read can be exchanged (see _accents_only): figures stay
        crop = _padded(gray, line.box)
        if crop.size == 0:
            return line
        text, _ = self.fast.read_line(crop)
        if text == line.text or not _accents_only(_spelled(line.text), _spelled(text)):
            return line
        if _marks(text) < _marks(line.text):
            return line
        return Line(text, line.confidence, line.box)

    def _marks_above(self, gray: np.ndarray, line: Line) -> Line:
        """Tesseract's page layout leaves out a mark standing above a capital ("Olafur" for "Ólafur", "Etienne"),
        and reads the rest of the line confidently. When a mark-sized blob stands just above the line's box, the
        line is read again as one line, in a crop that holds the mark, and that read is taken when it differs only
        by letters with marks and carries more of them."""
        rise = _mark_above(gray, line.box)
        if not rise:
            return line
        x, y, w, h = line.box
        text, _ = self.fast.read_line(_padded(gray, Box(x, max(y - rise, 0), w, h + min(rise, y))))
        if text == line.text or _marks(text) <= _marks(line.text):
            return line
        return Line(text, line.confidence, line.box) if _accents_only(line.text, text) else line

    def read(self, gray: np.ndarray, *, plain: bool = False, detect: Detect = True, still: bool = False) -> list[Line]:
        lines = self._read(gray, plain, detect, COLUMN_GAP if still else MOVING_GAP)
        if still and lines and not plain:
            lines = _across_leaders(gray, self._left_out(gray, lines))
        if self.latin:
            lines = [ln for ln in map(_without_east_asian, lines) if ln is not None]
        return [line for line in lines if _credible(line)]

    def _left_out(self, gray: np.ndarray, lines: list[Line]) -> list[Line]:
        """The lines read, with the words Tesseract's page layout left out recognised by RapidOCR: a blob that
        continues a line's row has the line re-read whole with it, any other becomes a line of its own (joined
        with its row's neighbours by the column rule)."""
        blobs = _left_out_boxes(gray, lines)
        if len(blobs) > MAX_LEFT_OUT:
            return lines
        out = list(lines)
        alone: list[Word] = []
        for blob in blobs:
            at = next((i for i, ln in enumerate(out) if _continues(("", 0.0, blob), ("", 0.0, ln.box))), None)
            box = blob if at is None else out[at].box.union(blob)
            text, score = self.accurate.recognize(_padded(gray, box))
            if score < LEFT_OUT_SCORE or not re.search(r"\w", text):
                continue
            if at is None:
                alone.append((text, score, blob))
            elif len(text) > len(out[at].text):
                line = Line(text, min(score, out[at].confidence), box)
                out[at] = self._accents(gray, line) if self.latin else line
        found = rows_of(alone)
        return out + ([self._accents(gray, ln) for ln in found] if self.latin else found)

    def _read(self, gray: np.ndarray, plain: bool, detect: Detect, column_gap: float) -> list[Line]:
        if plain:
            # Overlay letters on a flat fill: often outlined, which Tesseract reads poorly and RapidOCR's scene
            # text detector well; the still layer's bands are small, so detection there is cheap.
            lines = [ln for ln in self.accurate.read(gray) if len(re.findall(r"\w", ln.text)) >= MIN_PLAIN_CHARS]
            return [self._accents(gray, ln) for ln in lines] if self.latin else lines
        lines = _with_weak(*self.fast.words(gray), column_gap)
        if not lines and detect is not False and _looks_like_text(gray):
            picture = gray if detect is True else detect
            return [self._accents(gray, ln) if self.latin else ln for ln in self.accurate.read(picture)]
        out = []
        for line in lines:
            sure = line.confidence >= self.reread_below and not self.reread_all
            if sure and not SPLIT_NUMBER.search(line.text):
                out.append(self._marks_above(gray, line) if self.latin else line)
                continue
            text, score = self.accurate.recognize(_padded(gray, line.box))
            if sure:  # a confident read of a number split at a space: RapidOCR's decides only that space
                out.append(Line(text, line.confidence, line.box) if _separator_restored(line.text, text) else line)
                continue
            if text and score >= (self.accurate.min_score if self.reread_all else line.confidence):
                reread = Line(text, score, line.box)
                out.append(self._accents(gray, reread) if self.latin else reread)
            elif line.confidence >= self.doubtful or (text and score >= self.accurate.min_score):
                out.append(line)
            # else: RapidOCR sees no text where Tesseract barely saw some: texture or a plate's edge.
        return out


def _mark_above(gray: np.ndarray, box: Box) -> int:
    """How far above a line's box a mark stands (an accent over a capital: its ink stands clear of the box and of
    anything further up, is small, and sits close over the box's top edge); 0 when there is none. Descenders of a
    line above reach the strip's top edge, its full stops sit further up."""
    import cv2

    x, y, w, h = box
    rise = round(MARK_STRIP * h)
    if y - rise < 0 or h < 8:
        return 0
    crop = gray[y : y + h, x : x + w]
    strip = gray[y - rise : y, x : x + w].astype(np.int16)
    paper = float(np.median(strip))
    # The line's ink is on the side of the paper its crop reaches furthest (dark type on light, or light on dark).
    dark = paper - float(crop.min()) > float(crop.max()) - paper
    ink = (strip < paper - INK_CONTRAST) if dark else (strip > paper + INK_CONTRAST)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    for _x, by, bw, bh, _area in stats[1:count]:
        clear = by > 0 and by + bh >= rise - MARK_GAP * h
        if clear and bw <= MARK_SIZE[1] * h and MARK_SIZE[0] * h <= bh <= MARK_SIZE[1] * h:
            return rise - int(by) + 1
    return 0


MARK_STRIP = 0.45  # line heights above the box where a capital's mark stands
MARK_GAP = 0.25  # line heights: the most a mark's foot stands clear of the box's top
MARK_SIZE = (0.08, 0.4)  # line heights: a mark's height (and the most its width)


def _across_leaders(gray: np.ndarray, lines: list[Line]) -> list[Line]:
    """Lines joined across a dot leader: a contents entry and its page number ("Utilities . . . . 5") are one
    printed line, but the readers drop the dots (or read them as a garbled word), and the gap left is a column's."""
    out = sorted(lines, key=lambda ln: ln.box.left)
    i = 0
    while i < len(out):
        left = out[i]
        right = min(
            (
                ln
                for ln in out
                if ln is not left and _same_row(left.box, ln.box) and ln.box.left > left.box.left + left.box.width
            ),
            key=lambda ln: ln.box.left,
            default=None,
        )
        if right is not None and _leader_between(gray, left.box, right.box):
            out.remove(right)
            out[i] = Line(
                f"{left.text} ... {right.text}", min(left.confidence, right.confidence), left.box.union(right.box)
            )
            continue
        i += 1
    return out


def _same_row(a: Box, b: Box) -> bool:
    """Do two line boxes share a row (vertical overlap of most of the shorter one)?"""
    overlap = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return overlap >= 0.6 * min(a.height, b.height)


def _leader_between(gray: np.ndarray, left: Box, right: Box) -> bool:
    """Is the gap between two lines of a row filled by a leader: small dots on the row's baseline, evenly
    spaced, from near the left line's end to near the right one's start, and nothing else?"""
    import cv2

    height = min(left.height, right.height)
    x0, x1 = left.left + left.width + 1, right.left - 1
    if x1 - x0 < LEADER_MIN_DOTS * 2:
        return False
    bottom = max(left.top + left.height, right.top + right.height)
    strip = gray[max(left.top, right.top) : bottom + max(2, height // 6), x0:x1]
    if strip.size == 0:
        return False
    # Ink is the minority: darker than the paper on a light page, lighter on a dark one.
    paper = float(np.median(strip))
    ink = (strip < paper - INK_CONTRAST) if paper > 127 else (strip > paper + INK_CONTRAST)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    blobs = stats[1:count]
    if len(blobs) < LEADER_MIN_DOTS:
        return False
    small = (blobs[:, 2] <= LEADER_DOT * height) & (blobs[:, 3] <= LEADER_DOT * height)
    if not small.all():
        return False  # a word or a rule in the gap: not a leader
    xs = np.sort(blobs[:, 0] + blobs[:, 2] / 2)
    steps = np.diff(xs)
    even = float(np.median(steps)) > 0 and bool(np.all(np.abs(steps - np.median(steps)) <= 0.3 * np.median(steps)))
    reach = xs[0] <= LEADER_REACH * height and (x1 - x0) - xs[-1] <= LEADER_REACH * height
    return even and reach


INK_CONTRAST = 60  # grey levels between paper and ink
LEADER_MIN_DOTS = 4
LEADER_DOT = 0.35  # text heights: the most a leader's dot measures either way
LEADER_REACH = 2.0  # text heights: the leader starts and ends this near the lines it joins


def _left_out_boxes(gray: np.ndarray, lines: list[Line]) -> list[Box]:
    """Word-sized blobs of glyph edges outside every line read: what Tesseract's page layout left out (a narrow
    column of short numbers beside wide ones, a cell it could not make out, a word past a line's end).

    Blobs are glyph edges joined along the row by closing gaps narrower than a word space, kept when they are
    about as tall as the lines read (not a rule, a fibre of paper grain or a picture's detail)."""
    import cv2

    height = float(np.median([ln.box.height for ln in lines]))
    edges = cv2.morphologyEx(gray, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)) > INK_EDGE
    for x, y, w, h in (ln.box for ln in lines):
        pad = max(2, h // 4)
        edges[max(y - pad, 0) : y + h + pad, max(x - pad, 0) : x + w + pad] = False
    joined = cv2.morphologyEx(
        edges.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((1, max(3, round(WORD_SPACE * height))), np.uint8)
    )
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for x, y, w, h, area in stats[1:count]:
        tall = LEFT_OUT_HEIGHT[0] * height <= h <= LEFT_OUT_HEIGHT[1] * height
        # Cut by the band's edge (its own band reads it whole) or by the frame's (a shape, not a whole word).
        cut = y <= 0 or x <= 0 or y + h >= gray.shape[0] or x + w >= gray.shape[1]
        if tall and not cut and w >= 0.3 * height and area >= LEFT_OUT_FILL * w * h:
            out.append(Box(int(x), int(y), int(w), int(h)))
    return out


INK_EDGE = 48  # grey levels between a pixel's darkest and brightest neighbour: a glyph's edge
WORD_SPACE = 0.6  # line heights: edges closer than this along a row belong to one word or number
LEFT_OUT_HEIGHT = (0.6, 1.8)  # blob height against the median line read: text of the page's size
LEFT_OUT_FILL = 0.2  # share of a blob's box that is glyph edge (a diagonal fibre fills little of its box)
MAX_LEFT_OUT = 150  # more blobs than this outside the lines read: footage or texture, not a page's missed words
LEFT_OUT_SCORE = 0.9  # RapidOCR's confidence for a left-out blob to count as text


# Digits on both sides of a space: a number Tesseract split where a monospace font's separator stands a whole cell
# wide ("9,031 78" for "9,031.78"); geometry cannot tell that cell from a space, RapidOCR's reading can.
SPLIT_NUMBER = re.compile(r"\d \d")


def _separator_restored(split: str, reread: str) -> bool:
    """Does the re-read differ from the split read only by a separator standing where a space was? Two numbers
    of a column ("1,400 279,388") are not joined: a re-read that only drops the space is not taken."""

    def bare(text: str) -> str:
        return re.sub(r"[\s.,]", "", text)

    def separators(text: str) -> int:
        return len(re.findall(r"[.,]", text))

    return bare(split) == bare(reread) and separators(reread) > separators(split)


def _spaces_restored(read: str, reread: str) -> bool:
    """Does the re-read differ from the read only by word spaces, put where the read had nothing ("PAYMENT18") or
    a mark glued between two letters ("Global,airport": a speck of footage beside the gap)? Between digits a
    mark is a separator ("1,400") and stays."""
    ops = Levenshtein.editops(read, reread)

    def restored(op: Levenshtein.Editop) -> bool:
        if op.tag == "delete" or reread[op.dest_pos] != " ":
            return False
        if op.tag == "insert":
            return True
        at = op.src_pos
        glued = 0 < at < len(read) - 1 and read[at - 1].isalpha() and read[at + 1].isalpha()
        return glued and not read[at].isalnum() and not read[at].isspace()

    return bool(ops) and all(restored(op) for op in ops)


SPACED_SHARE = 0.5  # share of the leading read's votes a read with restored word spaces needs to win (see voted)


def voted(votes: dict[str, float]) -> str:
    """The read with the most votes, unless another read of the same line differs from it only by restored word
    spaces and has at least SPACED_SHARE of its votes: the recogniser drops a narrow space in some frames (tight
    crop, footage behind the gap: "TRANSPORT9" and "TRANSPORT 9" one read each) and does not put one inside a
    word."""
    best = max(votes, key=lambda t: votes[t])
    spaced = [t for t in votes if votes[t] >= SPACED_SHARE * votes[best] and _spaces_restored(best, t)]
    return max(spaced, key=lambda t: votes[t]) if spaced else best


def _padded(gray: np.ndarray, box: Box) -> np.ndarray:
    """A line's crop with a margin of a quarter of its height (recognisers want some background around glyphs)."""
    x, y, w, h = box
    pad = max(4, h // 4)
    return gray[max(y - pad, 0) : y + h + pad, max(x - pad, 0) : x + w + pad]


def _continues(weak: Word, word: Word) -> bool:
    """Does a weak word sit on a confident word's row, within a word space or so of it, at its height?"""
    _, _, (x, y, w, h) = word
    _, _, (wx, wy, ww, wh) = weak
    if not 0.6 < (wh + 1) / (h + 1) < 1.6 or abs((wy + wh / 2) - (y + h / 2)) > h / 2:
        return False
    gap = wx - (x + w) if wx >= x + w else x - (wx + ww)
    return gap <= WEAK_GAP * h


def _with_weak(words: list[Word], weak: list[Word], column_gap: float = COLUMN_GAP) -> list[Line]:
    """Display lines of the confident words and of the weak words that continue them: a word Tesseract could not
    make out next to footage ("'François" at 0.13 before "Lefèvre" at 0.97) or inside a line. A line holding one
    takes its confidence, so the line is re-read whole."""
    near = [wd for wd in weak if re.search(r"\w", wd[0]) and any(_continues(wd, word) for word in words)]
    lines = rows_of(words + near, column_gap)
    out = []
    for line in lines:
        held = [wd[1] for wd in near if line.box.overlap(wd[2]) > 0.5]
        out.append(Line(line.text, min(line.confidence, *held), line.box) if held else line)
    return out


WEAK_GAP = 1.0  # line heights: a weak word this close to a line's end continues it (a word space is ~0.3)
MIN_PLAIN_CHARS = 2  # a lone character read on a still layer is a speck of footage that kept its grey
SHORT_CHARS = 3  # letters and digits of a read short enough to be texture (a speck, a leaf, a plate's corner)
SHORT_CONFIDENCE = 0.7  # ... unless read this confidently: real short words ("8", "Qty") read at 0.9 and more


def _east_asian(char: str) -> bool:
    """A Han, kana, hangul or full-width character: RapidOCR's recogniser, trained mostly on Chinese, reads footage
    as them; a Latin-script request never shows them."""
    return any(lo <= char <= hi for lo, hi in EAST_ASIAN)


EAST_ASIAN = (
    ("\u3040", "\u30ff"),
    ("\u3400", "\u9fff"),
    ("\uac00", "\ud7af"),
    ("\uf900", "\ufaff"),
    ("\uff00", "\uffef"),
)


def _without_east_asian(line: Line) -> Line | None:
    """A line under a Latin-script request without its words holding East Asian characters, or None when no more
    than a short read is left ("H 日" over a lit window)."""
    words = line.text.split()
    kept = [w for w in words if not any(_east_asian(c) for c in w)]
    if len(kept) == len(words):
        return line
    rest = " ".join(kept)
    # What is left beside footage read as Han is footage too when it is as short as a speck's read ("H").
    return Line(rest, line.confidence, line.box) if len(re.findall(r"\w", rest)) > SHORT_CHARS else None


def _credible(line: Line) -> bool:
    """Not a short read made with little confidence: footage and plate edges read as "I", "fi", "5EI"."""
    return len(re.findall(r"\w", line.text)) > SHORT_CHARS or line.confidence >= SHORT_CONFIDENCE


def _looks_like_text(gray: np.ndarray) -> bool:
    """Cheap text-likeness: many strong horizontal edges (glyph strokes), as on a caption Tesseract missed."""
    import cv2

    small = (
        gray
        if gray.shape[1] <= 640
        else cv2.resize(gray, (640, round(gray.shape[0] * 640 / gray.shape[1])), interpolation=cv2.INTER_AREA)
    )
    edges = np.abs(np.diff(small.astype(np.int16), axis=1)) > 60
    return float(edges.mean()) > 0.004


MODES = ("fast", "default", "accurate")


def describe(mode: str) -> str:
    """The engine line of the insight, from installed package versions (without loading any model)."""
    from importlib.metadata import PackageNotFoundError, version

    def ver(pkg: str) -> str:
        try:
            return version(pkg)
        except PackageNotFoundError:
            return "absent"

    tess = f"tesserocr {ver('tesserocr')}"
    rapid = f"rapidocr {ver('rapidocr')} PP-OCRv6 small (onnxruntime {ver('onnxruntime')})"
    return {"fast": tess, "default": f"{tess} + {rapid}", "accurate": rapid}[mode]


_LOADED: dict[tuple[str, tuple[str, ...]], Engine] = {}


def get(mode: str, langs: list[Language]) -> Engine:
    """The engine of a mode and languages, loaded once per process and reused by every later call (model loading
    costs far more than reading a frame)."""
    key = (mode, tuple(lang.pack for lang in langs))
    if key not in _LOADED:
        _LOADED[key] = build(mode, langs)
    return _LOADED[key]


def build(mode: str, langs: list[Language]) -> Engine:
    """The engine of a mode; `fast` falls back to the system binary when tesserocr is not importable."""
    if mode == "accurate":
        return RapidEngine(det_limit=1280)
    if mode == "default":
        packs = with_pack(langs)
        # Languages with no Tesseract pack here (CJK, Danish...) but read by RapidOCR: RapidOCR reads alone when
        # Tesseract has none of the requested packs, else it re-reads the lines Tesseract is unsure of.
        latin = latin_model(langs)
        if latin:
            return HybridEngine(langs, model=latin)
        if not packs:
            return RapidEngine(det_limit=960)
        return HybridEngine(packs, reread_all=len(packs) < len({lang.pack for lang in langs}))
    if mode == "fast":
        try:
            return TesserocrEngine(langs)
        except ImportError:
            return PytesseractEngine(langs)
    raise ValueError(f"unknown OCR mode {mode!r}")
