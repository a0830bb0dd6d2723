"""`elasticsearch_esearch.searchEntry`: text-in-video search over the OCR insights delivered to a partner's entries.

A faithful subset of Kaltura's eSearch: `KalturaESearchEntryParams` with a `KalturaESearchEntryOperator` (AND / OR /
NOT) of `KalturaESearchUnifiedItem`s. EXACT_MATCH finds the term as written (case aside), STARTS_WITH at the start
of a line, PARTIAL tolerates OCR errors, misspellings and word order: candidates come from the trigram index
(simulator/store/search.py), then rapidfuzz scores each query word against the line's words and the line gets
the mean — "horse moving" still finds "THE HORSE IN MOTION", with a lower score than "horse in motion".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from simulator import permissions
from simulator.api import Context, Param, service
from simulator.objects import errors
from simulator.objects.core import page_window
from simulator.objects.entries import EntryStatus
from simulator.objects.esearch import ItemType, OperatorType
from simulator.objects.model import KObject
from simulator.services.baseentry import entry_object
from simulator.store import entries
from simulator.store import search as index

svc = service("elasticsearch_esearch", "eSearch")

EMPTY_SEARCH_TERM_NOT_ALLOWED = errors.define(
    "EMPTY_SEARCH_TERM_NOT_ALLOWED;FIELD,ITEM_TYPE;"
    "Empty search term is not allowed for Field [@FIELD@] and item type [@ITEM_TYPE@]"
)

MIN_SCORE = 60.0  # a line scoring less is not a hit
HIGH, MEDIUM = 90.0, 75.0  # confidence bands of a hit's score (Twelve Labs' high / medium / low)
WORD_HIT = 80.0  # a query word this close to a line word is highlighted
CANDIDATES = 2000  # trigram candidates re-ranked per query item
ITEMS_PER_ENTRY = 20  # matched lines returned per entry
FIELD_NAME = "ocr.lines.content"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Hit:
    line: index.Line
    score: float
    words: set[str] = field(default_factory=set)


def words_of(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def confidence(score: float) -> str:
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def fuzzy_score(query_words: list[str], text: str) -> tuple[float, set[str]]:
    """Mean over the query's words of the best rapidfuzz ratio against the line's words, and the line words hit."""
    line_words = words_of(text)
    if not query_words or not line_words:
        return 0.0, set()
    total = 0.0
    hit: set[str] = set()
    for word in query_words:
        best = process.extractOne(word, line_words, scorer=fuzz.ratio)
        if best is None:
            continue
        total += best[1]
        if best[1] >= WORD_HIT:
            hit.add(best[0])
    return total / len(query_words), hit


def partial_score(term: str, text: str) -> tuple[float, set[str]]:
    """A PARTIAL item's score of a line (100 when the line holds the term as written), and the line words hit."""
    score, hit_words = fuzzy_score(words_of(term), text)
    if term.lower() in text.lower():
        score = 100.0
    return round(score, 2), hit_words


def _item_hits(ctx: Context, item: KObject) -> list[Hit]:
    term = str(item.get("searchTerm") or "").strip()
    item_type = int(item.get("itemType") or ItemType.PARTIAL)
    partner_id = int(ctx.partner_id or 0)
    if item_type == ItemType.EXISTS:
        return [Hit(line, 100.0) for line in index.containing(ctx.conn, partner_id, "", CANDIDATES)]
    if not term:
        raise EMPTY_SEARCH_TERM_NOT_ALLOWED("unified", item_type)
    lowered = term.lower()
    if item_type in (ItemType.EXACT_MATCH, ItemType.STARTS_WITH):
        # The index finds candidates; the text itself decides (the same case folding for every script).
        found = [
            line for line in index.containing(ctx.conn, partner_id, term, CANDIDATES) if lowered in line.text.lower()
        ]
        if item_type == ItemType.STARTS_WITH:
            found = [line for line in found if line.text.lower().startswith(lowered)]
        return [Hit(line, 100.0, set(words_of(term))) for line in found]
    hits = []
    for line in index.sharing_trigrams(ctx.conn, partner_id, words_of(term), CANDIDATES):
        score, hit_words = partial_score(term, line.text)
        if score >= MIN_SCORE:
            hits.append(Hit(line, score, hit_words))
    return hits


def _by_entry(hits: list[Hit]) -> dict[str, list[Hit]]:
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit.line.entry_id, []).append(hit)
    return grouped


def _evaluate(ctx: Context, node: KObject) -> dict[str, list[Hit]]:
    """Entry id -> its hits, for an operator or a single item."""
    if not node.is_a("KalturaESearchEntryOperator"):
        return _by_entry(_item_hits(ctx, node))
    operator = int(node.get("operator") or OperatorType.AND_OP)
    children = [_evaluate(ctx, child) for child in node.get("searchItems") or []]
    if not children:
        return {}
    if operator == OperatorType.OR_OP:
        merged: dict[str, list[Hit]] = {}
        for child in children:
            for entry_id, hits in child.items():
                merged.setdefault(entry_id, []).extend(hits)
        return merged
    if operator == OperatorType.NOT_OP:
        every = _by_entry(_item_hits(ctx, KObject("KalturaESearchUnifiedItem", itemType=ItemType.EXISTS)))
        excluded = set().union(*children)
        return {entry_id: [] for entry_id in every if entry_id not in excluded}
    common = set(children[0]).intersection(*children[1:])
    return {entry_id: [h for child in children for h in child[entry_id]] for entry_id in common}


def _highlighted(text: str, hit_words: set[str]) -> str:
    return _WORD.sub(lambda m: f"<em>{m.group(0)}</em>" if m.group(0).lower() in hit_words else m.group(0), text)


def _item_data(hit: Hit, highlight: bool) -> KObject:
    data = KObject(
        "KalturaESearchCaptionItemData",
        line=hit.line.text,
        startsAt=round(hit.line.start * 1000),
        endsAt=round(hit.line.end * 1000),
        language=hit.line.language or "",
        captionAssetId=hit.line.asset_id,
        label="OCR",
    )
    if hit.line.confidence is not None:
        data["accuracy"] = round(hit.line.confidence * 100)
    if highlight:
        data["highlight"] = [_highlight([_highlighted(hit.line.text, hit.words)])]
    return data


def _highlight(hits: list[str]) -> KObject:
    return KObject(
        "KalturaESearchHighlight", fieldName=FIELD_NAME, hits=[KObject("KalturaString", value=h) for h in hits]
    )


def _wants_highlight(node: KObject) -> bool:
    if node.is_a("KalturaESearchEntryOperator"):
        return any(_wants_highlight(child) for child in node.get("searchItems") or [])
    return bool(node.get("addHighlight"))


def _visible_entry(ctx: Context, entry_id: str, statuses: set[str]) -> dict[str, Any] | None:
    doc = entries.get(ctx.conn, entry_id, ctx.partner_id)
    if doc is None or not permissions.may_read_entry(ctx, doc):
        return None
    status = str(doc.get("status"))
    if (statuses and status not in statuses) or (not statuses and status == EntryStatus.DELETED):
        return None
    return doc


@svc.action(
    "searchEntry",
    Param("searchParams", "object", "KalturaESearchEntryParams"),
    Param("pager", "object", "KalturaPager", optional=True),
    returns="KalturaESearchEntryResponse",
    allow=permissions.any_session,
)
def search_entry(ctx: Context, searchParams: KObject, pager: KObject | None) -> KObject:
    """The caller partner's entries whose on-screen text matches, best score first, with the matched lines."""
    root = searchParams.get("searchOperator")
    if root is None:
        raise errors.PROPERTY_VALIDATION_CANNOT_BE_NULL("KalturaESearchEntryParams::searchOperator")
    statuses = {s.strip() for s in str(searchParams.get("objectStatuses") or "").split(",") if s.strip()}
    highlight = _wants_highlight(root)
    ranked = []
    for entry_id, hits in _evaluate(ctx, root).items():
        doc = _visible_entry(ctx, entry_id, statuses)
        if doc is not None:
            hits.sort(key=lambda h: (-h.score, h.line.start))
            ranked.append((max((h.score for h in hits), default=0.0), doc, hits))
    ranked.sort(key=lambda r: (-r[0], r[1].get("createdAt") or 0, r[1]["id"]))
    limit, offset = page_window(pager)
    results = []
    for _best, doc, hits in ranked[offset : offset + limit]:
        shown = hits[:ITEMS_PER_ENTRY]
        result = KObject(
            "KalturaESearchEntryResult",
            object=entry_object(doc, ctx.service_url),
            itemsData=[
                KObject(
                    "KalturaESearchItemDataResult",
                    totalCount=len(hits),
                    items=[_item_data(h, highlight) for h in shown],
                    itemsType="caption",
                )
            ],
        )
        if highlight and shown:
            result["highlight"] = [_highlight([_highlighted(h.line.text, h.words) for h in shown[:3]])]
        results.append(result)
    return KObject("KalturaESearchEntryResponse", objects=results, totalCount=len(ranked))
