"""How stored text is searched: the `Like` and `MultiLike` filter operators read a value lowercased, and SQL
compares such text as UTF-8 bytes, where `instr` is Python's `in` (simulator/entry_listing.py)."""

from __future__ import annotations

from typing import Any


def folded(stored: Any) -> str:
    """What the `Like` and `MultiLike` operators search in a stored value."""
    return str(stored or "").lower()


def searchable(text: str) -> bytes:
    """Text as the text columns hold it and their conditions compare it: UTF-8 bytes (a lone surrogate, which a
    JSON body can carry, kept as its own bytes). A byte substring of UTF-8 always starts and ends on character
    boundaries, so SQL's `instr` over these bytes is Python's `in` over the strings."""
    return text.encode("utf-8", "surrogatepass")
