"""The unseen-style generator: deterministic per seed, splits kept apart, and truth that matches what is drawn
(boxes from pixel differences, text read back by Tesseract from the truth box)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from conformance import scoring
from fixtures import unseen
from fixtures.unseen import documents, fonts, words
from vendor.languages import resolve
from vendor.ocr.engines import TesserocrEngine

SHORT = 6.0  # seconds: enough for a few lines of every class, cheap to draw


@pytest.fixture(scope="module")
def docs_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("unseen-docs")


def renderer(name: str, cache: Path, duration: float = SHORT) -> unseen.ClipRenderer:
    try:
        return unseen.ClipRenderer(unseen.spec(name, duration), cache)
    except unseen.Unavailable as exc:
        pytest.skip(str(exc))


@pytest.mark.parametrize("kind", ["slides", "lowerthird", "table", "signage"])
def test_same_seed_same_clip(kind, docs_cache):
    name = f"unseen-test-{kind}-0"
    a, b = renderer(name, docs_cache), renderer(name, docs_cache)
    assert a.spec == b.spec and a.spec.digest() == b.spec.digest()
    for n in (0, a.spec.frames // 2, a.spec.frames - 1):
        assert np.array_equal(a.frame(n), b.frame(n))
    assert a.truth() == b.truth()
    other = renderer(f"unseen-test-{kind}-1", docs_cache)
    assert other.spec.texts != a.spec.texts


def test_splits_share_no_fonts_documents_or_names():
    def files(split: str) -> set:
        return {p for f in fonts.FAMILIES[split] + fonts.EXTRA_FAMILIES[split] for p in f.files().values()}

    def pdfs(split: str) -> set:
        return {d.path for d in documents.DOCUMENTS[split] + documents.EXTRA_DOCUMENTS[split]}

    assert not files("dev") & files("test")
    assert not pdfs("dev") & pdfs("test")
    assert not set(words.diacritic_names("dev")) & set(words.diacritic_names("test"))
    assert not set(unseen.names("dev")) & set(unseen.names("test"))


def test_each_round_is_a_fresh_set_of_clips_and_round_zero_is_the_original_split():
    assert unseen.names("test", 0) == unseen.names("test")
    assert unseen.names("test")[:2] == ["unseen-test-slides-0", "unseen-test-slides-1"]
    rounds = [set(unseen.names("test", r)) for r in range(3)]
    assert all(len(r) == len(unseen.KINDS) * unseen.PER_KIND for r in rounds)
    assert not rounds[0] & rounds[1] and not rounds[1] & rounds[2] and not rounds[0] & rounds[2]
    assert {unseen.spec(n).seed for n in rounds[1]}.isdisjoint({unseen.spec(n).seed for n in rounds[0]})


def test_the_wider_dev_pool_is_drawn_only_from_index_ten():
    # Clips below fonts.WIDE_FROM keep the specs the benchmarks compare against (the original pools).
    assert fonts.pool("dev", fonts.WIDE_FROM - 1) == fonts.FAMILIES["dev"]
    assert fonts.pool("test", 50) == fonts.FAMILIES["test"]
    wide = fonts.pool("dev", fonts.WIDE_FROM)
    assert set(fonts.FAMILIES["dev"]) < set(wide)
    assert documents.pool("dev", wide=False) == documents.DOCUMENTS["dev"]
    try:
        chosen = {unseen.spec(f"unseen-dev-names-{k}").family for k in range(10)}
        wider = {unseen.spec(f"unseen-dev-names-{k}").family for k in range(10, 30)}
    except unseen.FamilyMissing as exc:
        pytest.skip(str(exc))
    assert chosen <= {f.name for f in fonts.FAMILIES["dev"]}
    assert wider & {f.name for f in fonts.EXTRA_FAMILIES["dev"]}


def test_missing_family_is_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "FONT_ROOT", tmp_path)
    with pytest.raises(unseen.FamilyMissing, match="apt-get install fonts-"):
        unseen.spec("unseen-test-slides-0")
    with pytest.raises(KeyError):
        unseen.spec("unseen-test-nosuchclass-0")


@pytest.mark.parametrize("name", ["unseen-test-slides-0", "unseen-test-table-1", "unseen-dev-names-0"])
def test_truth_boxes_are_the_drawn_ink(name, docs_cache):
    """Leaving one line out of a frame changes exactly the pixels inside its truth box (plus its shadow)."""
    r = renderer(name, docs_cache)
    checked = 0
    for i, text in enumerate(r.spec.texts):
        n = (text.start + text.end) // 2
        diff = np.abs(r.frame(n).astype(int) - r.frame(n, without=i).astype(int)).max(axis=2)
        ys, xs = np.nonzero(diff > 0)
        x, y, w, h = r.sprites[i].box
        grow = text.shadow + 1  # a shadow extends past the ink; antialiasing may round a pixel
        assert xs.min() >= x - 1 and ys.min() >= y - 1, text.text
        assert xs.max() <= x + w + grow and ys.max() <= y + h + grow, text.text
        strong = np.nonzero(diff > 40)
        assert strong[1].min() <= x + 2 and strong[1].max() >= x + w - 3, text.text  # ink reaches both ends
        checked += 1
    assert checked >= 2


@pytest.mark.parametrize("name", ["unseen-test-slides-1", "unseen-test-invoice-0", "unseen-test-pages-0"])
def test_truth_text_reads_back_from_its_box(name, docs_cache):
    r = renderer(name, docs_cache)
    truth = r.truth()
    engine = TesserocrEngine(resolve(["eng"]))
    sims = []
    for line in truth["lines"][:12]:
        inst = line["instances"][0]
        frame = r.frame(inst["start_frame"])
        grey = frame.mean(axis=2).astype(np.uint8)
        b = inst["box"]
        pad = max(6, b["height"] // 2)
        crop = grey[
            max(b["top"] - pad, 0) : b["top"] + b["height"] + pad,
            max(b["left"] - pad, 0) : b["left"] + b["width"] + pad,
        ]
        read = " ".join(ln.text for ln in engine.read(np.ascontiguousarray(crop)))
        sims.append(scoring.similarity(read, line["text"]))
    # Tesseract alone on a crop misses a short number now and then: most lines, not every one, must read back.
    assert np.median(sims) >= 0.9, sims
    assert np.mean(np.array(sims) >= 0.8) >= 0.8, sims


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["unseen-test-slides-0", "unseen-test-credits-1", "unseen-test-names-0"])
def test_engine_reads_short_test_clips(name, tmp_path, monkeypatch):
    monkeypatch.setenv("REACHSIM_CACHE_DIR", str(tmp_path))
    from vendor.ocr import run

    try:
        video, truth_path = unseen.ensure(name, SHORT)
    except unseen.Unavailable as exc:
        pytest.skip(str(exc))
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    assert truth["video"]["frames"] == round(SHORT * unseen.FPS)
    s = scoring.score(truth, run(video, ["en"]))
    assert s["line_recall"] >= 0.8, s
