"""Text-in-video search latency at 10,000 entries: `elasticsearch_esearch.searchEntry` (FTS5 trigram candidates,
rapidfuzz re-rank) against the baseline of scoring every indexed line with rapidfuzz, measured in the same run.

Builds a simulator with one customer partner, N entries and 8 OCR lines per entry (words drawn from a fixed
vocabulary, seeded), indexed through the same store call a delivery uses; then runs each query through the API
dispatcher in-process (KS check, decoding, the journal write included) and prints the median and p95 per query.

    python bench/search_latency.py [--entries 10000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from simulator.app import create_app
from simulator.config import Config
from simulator.services.esearch import MIN_SCORE, fuzzy_score, words_of
from simulator.sessions import issue
from simulator.store import entries, partners
from simulator.store import search as index
from simulator.wire import dispatch

PARTNER = 5005
LINES_PER_ENTRY = 8
VOCABULARY_TEXT = (
    "signals systems lecture chapter revenue forecast quarterly market horse motion field reporter breaking news "
    "weather storm product launch keynote agenda summary question answer budget design review sprint release "
    "science physics biology chemistry history geography museum gallery exhibition concert festival ticket "
    "station platform departure arrival gate flight hotel conference speaker panel workshop session welcome"
)
VOCABULARY = VOCABULARY_TEXT.split()
SYLLABLES = list("aeiou")
PSEUDO_WORDS = 5000  # distinct made-up words beside the real ones: OCR text has a large vocabulary


def vocabulary(rng: random.Random) -> list[str]:
    consonants = "bdfghklmnprstvz"
    syllables = [c + v for c in consonants for v in SYLLABLES]
    made_up = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(PSEUDO_WORDS)}
    return VOCABULARY + sorted(made_up)


QUERIES = {
    "exact phrase": ("horse in motion", 1),
    "partial word": ("forecast", 2),
    "misspelt": ("quartrly forcast", 2),
    "reordered": ("motion horse", 2),
    "rare words": ("zebra xylophone", 2),
}


def build(workdir: Path, count: int) -> tuple[Any, str]:
    app = create_app(Config(db_path=workdir / "bench.sqlite", data_dir=workdir / "data", seed="none"))
    sim = app.extensions["reachsim"]
    rng = random.Random(7)
    words = vocabulary(rng)
    with sim.db.transaction() as conn:
        partner = partners.add(
            conn,
            {"id": PARTNER, "kind": partners.CUSTOMER, "name": "bench", "adminSecret": "a" * 32, "secret": "u" * 32},
        )
        for n in range(count):
            entry = entries.add(
                conn,
                {
                    "partnerId": PARTNER,
                    "name": f"entry {n}",
                    "status": "2",
                    "type": "1",
                    "mediaType": 1,
                    "createdAt": n,
                },
            )
            lines = [" ".join(rng.choices(words, k=rng.randint(2, 5))) for _ in range(LINES_PER_ENTRY)]
            if n % 500 == 0:
                lines[0] = "THE HORSE IN MOTION."
            doc = {
                "ocr": [
                    {"text": text, "confidence": 0.9, "instances": [{"start": i * 2.0, "end": i * 2.0 + 1.5}]}
                    for i, text in enumerate(lines)
                ]
            }
            index.replace_asset(conn, PARTNER, entry["id"], f"a{n}", doc)
    ks = issue(partner, ks_type=2, user_id="", privileges="", expires_at=int(time.time()) + 86400)
    return app, ks


def search_params(ks: str, term: str, item_type: int) -> dict[str, Any]:
    return {
        "service": "elasticsearch_esearch",
        "action": "searchEntry",
        "ks": ks,
        "format": "1",
        "searchParams": {
            "objectType": "KalturaESearchEntryParams",
            "searchOperator": {
                "objectType": "KalturaESearchEntryOperator",
                "operator": "1",
                "searchItems": {
                    "0": {"objectType": "KalturaESearchUnifiedItem", "searchTerm": term, "itemType": str(item_type)}
                },
            },
        },
        "pager": {"objectType": "KalturaPager", "pageSize": "30"},
    }


def timed(func: Any, rounds: int) -> tuple[float, float, Any]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[math.ceil(len(times) * 0.95) - 1], result  # p95 by nearest rank


def baseline(all_lines: list[tuple[str, str]], term: str) -> int:
    """Score every line of the partner with rapidfuzz, no index: the entries with a line at or over MIN_SCORE."""
    query = words_of(term)
    found = set()
    for entry_id, text in all_lines:
        if fuzzy_score(query, text)[0] >= MIN_SCORE:
            found.add(entry_id)
    return len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reachsim-bench-") as workdir:
        started = time.perf_counter()
        app, ks = build(Path(workdir), args.entries)
        sim = app.extensions["reachsim"]
        elapsed = time.perf_counter() - started
        print(f"indexed {args.entries} entries, {args.entries * LINES_PER_ENTRY} lines in {elapsed:.1f} s")
        conn = sim.db.connection()
        all_lines = [(r["entry_id"], r["text"]) for r in conn.execute("SELECT entry_id, text FROM ocr_lines")]
        print("| query | searchEntry median | p95 | entries found | full scan median | found by the scan | ratio |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        with app.test_request_context():
            for label, (term, item_type) in QUERIES.items():
                params = search_params(ks, term, item_type)
                med, p95, outcome = timed(lambda p=params: dispatch.call(sim, p, "http://127.0.0.1"), args.rounds)
                found = outcome.result.get("totalCount")
                scan, _, scan_found = timed(lambda t=term: baseline(all_lines, t), max(3, args.rounds // 5))
                print(
                    f"| {label} (`{term}`) | {med:.1f} ms | {p95:.1f} ms | {found} | {scan:.1f} ms | {scan_found}"
                    f" | {scan / med:.1f}x |"
                )
        sim.close()


if __name__ == "__main__":
    main()
