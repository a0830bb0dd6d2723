import pytest

from conformance import scoring


def truth(lines, duration=10.0):
    return {
        "schema": "reachsim/truth/v1",
        "name": "t",
        "video": {"width": 1280, "height": 720, "fps": 10, "frames": int(duration * 10), "duration": duration},
        "tags": ["clean"],
        "lines": lines,
    }


def tline(ident, text, start, end, box=(100, 100, 400, 40), kind="static", path=None):
    return {
        "id": ident,
        "text": text,
        "language": "en",
        "kind": kind,
        "instances": [
            {
                "start": start,
                "end": end,
                "start_frame": int(start * 10),
                "end_frame": int(end * 10),
                "box": dict(zip(("left", "top", "width", "height"), box, strict=True)),
                "path": path,
            }
        ],
    }


def doc(items):
    return {"schema": "reachsim/ocr/v1", "ocr": items}


def item(ident, text, start, end, box=(100, 100, 400, 40), boxes=None):
    inst = {"start": start, "end": end}
    if boxes:
        inst["boxes"] = boxes
    return {
        "id": ident,
        "text": text,
        "confidence": 1.0,
        "language": "en-US",
        "left": box[0],
        "top": box[1],
        "width": box[2],
        "height": box[3],
        "angle": 0,
        "instances": [inst],
    }


def test_perfect_answer_scores_zero_errors():
    t = truth([tline("L1", "Hello big world", 0.0, 4.0), tline("L2", "Second line", 2.0, 6.0, (100, 300, 300, 40))])
    s = scoring.score(
        t, doc([item(1, "Hello big world", 0.0, 4.0), item(2, "second line.", 2.0, 6.0, (100, 300, 300, 40))])
    )
    assert s["wer"] == 0 and s["cer"] == 0 and s["line_recall"] == 1
    assert s["mean_start_error"] == 0 and s["spurious_items"] == 0


def test_word_errors_are_counted_per_sample():
    # 8 samples (0.25..3.75) of a 3-word line, one word wrong each time -> WER 1/3
    t = truth([tline("L1", "Hello big world", 0.0, 4.0)], duration=4.0)
    s = scoring.score(t, doc([item(1, "Hello bog world", 0.0, 4.0)]))
    assert s["wer"] == pytest.approx(1 / 3)
    assert s["line_recall"] == 1


def test_missing_and_extra_lines_are_deletions_and_insertions():
    t = truth([tline("L1", "one two", 0.0, 2.0)], duration=4.0)
    s = scoring.score(t, doc([item(1, "unrelated words here", 2.0, 4.0, (600, 600, 100, 20))]))
    # truth: 4 samples x 2 words deleted; delivered: 4 samples x 3 words inserted
    assert s["word_errors"] == 8 + 12 and s["truth_words"] == 8
    assert s["line_recall"] == 0 and s["spurious_items"] == 1
    assert s["spurious_per_minute"] == pytest.approx(15.0)


def test_late_start_is_a_timing_error_and_partial_time_costs_words():
    t = truth([tline("L1", "caption", 1.0, 3.0)], duration=4.0)
    s = scoring.score(t, doc([item(1, "caption", 1.5, 3.0)]))
    assert s["mean_start_error"] == pytest.approx(0.5) and s["mean_end_error"] == 0
    assert s["word_errors"] == 1  # the sample at 1.25 s has no delivered line


def test_scrolling_line_pairs_by_path_and_counts_items():
    path = [
        {"t": 0.0, "left": 100, "top": 600, "width": 300, "height": 40},
        {"t": 4.0, "left": 100, "top": 200, "width": 300, "height": 40},
    ]
    t = truth([tline("L1", "Directed by someone", 0.0, 4.0, (100, 600, 300, 40), kind="scroll", path=path)], 4.0)
    one = scoring.score(t, doc([item(1, "Directed by someone", 0.0, 4.0, (100, 600, 300, 40), boxes=path)]))
    assert one["items_per_scrolling_line"] == 1 and one["wer"] == 0
    split = scoring.score(
        t,
        doc(
            [
                item(1, "Directed by someone", 0.0, 2.0, (100, 600, 300, 40)),
                item(2, "Directed by someone", 2.0, 4.0, (100, 400, 300, 40)),
            ]
        ),
    )
    assert split["items_per_scrolling_line"] == 2


def test_no_text_fixture_has_no_rates_but_counts_spurious():
    t = truth([], duration=6.0)
    assert scoring.score(t, doc([]))["spurious_items"] == 0
    s = scoring.score(t, doc([item(1, "noise", 0.0, 1.0)]))
    assert s["wer"] is None and s["spurious_items"] == 1


def test_boxes_read_from_a_smaller_flavor_are_scaled_to_the_truths_frame():
    """A vendor that OCRs the 640x360 rendition of a 1280x720 clip reports boxes in 640x360 pixels and says so in
    the insight's `video`: the same place, not a wrong one."""
    t = truth([tline("L1", "Quarterly results", 0.0, 4.0, (200, 600, 400, 40))], duration=4.0)
    half = doc([item(1, "Quarterly results", 0.0, 4.0, (100, 300, 200, 20))]) | {
        "video": {"width": 640, "height": 360, "duration": 4.0}
    }
    assert scoring.box_overlap(t, half) == pytest.approx(1.0)
    undeclared = {k: v for k, v in half.items() if k != "video"}
    assert scoring.box_overlap(t, undeclared) == pytest.approx(0.0)  # without its size, taken as the truth's pixels
