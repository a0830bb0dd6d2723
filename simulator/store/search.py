"""The text-in-video index: every OCR line of every delivered insight, one row per timed instance.

`ocr_lines` holds the rows (partner, entry, asset, text, times, confidence); `ocr_lines_fts` is an FTS5 index of
their text with the trigram tokenizer, so any substring of three characters or more is found without scanning,
and a misspelt word still shares most of its trigrams with the right one. Rows are replaced whenever an
insight's attachment gets new content, and dropped with it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.store.db import register_schema

register_schema(
    """CREATE TABLE IF NOT EXISTS ocr_lines (
        id INTEGER PRIMARY KEY,
        partner_id INTEGER NOT NULL, entry_id TEXT NOT NULL, asset_id TEXT NOT NULL,
        text TEXT NOT NULL, start REAL NOT NULL, end REAL NOT NULL, confidence REAL, language TEXT)""",
    "CREATE INDEX IF NOT EXISTS ix_ocr_lines_asset ON ocr_lines(asset_id)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS ocr_lines_fts USING fts5(text, tokenize='trigram')",
)


@dataclass(frozen=True)
class Line:
    id: int
    partner_id: int
    entry_id: str
    asset_id: str
    text: str
    start: float
    end: float
    confidence: float | None
    language: str | None


def lines_of_insight(doc: dict[str, Any]) -> list[tuple[str, float, float, float | None, str | None]]:
    """(text, start, end, confidence, language) for every instance of every OCR item of a reachsim/ocr/v1 insight."""
    found = []
    for item in doc.get("ocr") or []:
        text = str(item.get("text") or "").strip()
        if not text:
            continue
        for instance in item.get("instances") or []:
            found.append(
                (text, float(instance["start"]), float(instance["end"]), item.get("confidence"), item.get("language"))
            )
    return found


def replace_asset(conn: sqlite3.Connection, partner_id: int, entry_id: str, asset_id: str, insight: dict) -> int:
    """Index an insight delivered as this asset, replacing what the asset held before; the number of rows."""
    drop_asset(conn, asset_id)
    rows = lines_of_insight(insight)
    for text, start, end, confidence, language in rows:
        cursor = conn.execute(
            "INSERT INTO ocr_lines (partner_id, entry_id, asset_id, text, start, end, confidence, language)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (partner_id, entry_id, asset_id, text, start, end, confidence, language),
        )
        conn.execute("INSERT INTO ocr_lines_fts (rowid, text) VALUES (?, ?)", (cursor.lastrowid, text))
    return len(rows)


def drop_asset(conn: sqlite3.Connection, asset_id: str) -> None:
    ids = [r[0] for r in conn.execute("SELECT id FROM ocr_lines WHERE asset_id = ?", (asset_id,))]
    for row_id in ids:
        conn.execute("DELETE FROM ocr_lines_fts WHERE rowid = ?", (row_id,))
    conn.execute("DELETE FROM ocr_lines WHERE asset_id = ?", (asset_id,))


def _phrase(term: str) -> str:
    """An FTS5 string literal: the term matched as one substring."""
    return '"' + term.replace('"', '""') + '"'


def trigrams(word: str) -> list[str]:
    word = word.lower()
    return sorted({word[i : i + 3] for i in range(len(word) - 2)})


def candidates(conn: sqlite3.Connection, partner_id: int, match: str, limit: int) -> list[Line]:
    """Lines of one partner whose text matches an FTS5 query, best bm25 rank first."""
    rows = conn.execute(
        "SELECT l.* FROM ocr_lines_fts f JOIN ocr_lines l ON l.id = f.rowid"
        " WHERE ocr_lines_fts MATCH ? AND l.partner_id = ? ORDER BY f.rank LIMIT ?",
        (match, partner_id, limit),
    ).fetchall()
    return [Line(**dict(r)) for r in rows]


def containing(conn: sqlite3.Connection, partner_id: int, term: str, limit: int) -> list[Line]:
    """Lines containing the term as a substring (case-insensitive); short terms fall back to LIKE."""
    if len(term) >= 3:
        return candidates(conn, partner_id, _phrase(term), limit)
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        "SELECT * FROM ocr_lines WHERE partner_id = ? AND text LIKE ? ESCAPE '\\' LIMIT ?",
        (partner_id, f"%{escaped}%", limit),
    ).fetchall()
    return [Line(**dict(r)) for r in rows]


def sharing_trigrams(conn: sqlite3.Connection, partner_id: int, words: list[str], limit: int) -> list[Line]:
    """Lines sharing at least one trigram with any query word: the candidates of a fuzzy search."""
    grams = sorted({g for w in words for g in trigrams(w)})
    if not grams:
        return containing(conn, partner_id, " ".join(words), limit) if words else []
    return candidates(conn, partner_id, " OR ".join(_phrase(g) for g in grams), limit)


def index_delivery(conn: sqlite3.Connection, asset: dict[str, Any], findings: dict[str, Any], path: Path) -> None:
    """Called where a deliverable lands: a valid OCR insight on an attachment is indexed, anything else on that
    asset is dropped from the index."""
    if asset.get("kind") != "attachment":
        return
    if findings.get("kind") != "ocr-insight" or not findings.get("valid"):
        drop_asset(conn, asset["id"])
        return
    insight = json.loads(path.read_text(encoding="utf-8"))
    replace_asset(conn, int(asset["partnerId"]), str(asset["entryId"]), str(asset["id"]), insight)
