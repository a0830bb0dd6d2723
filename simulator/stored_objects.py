"""API objects read back from stored documents, memoized by the document's text.

A vendor polls `getJobs` and is answered the same unchanged tasks again and again; parsing each document, building
its object and shaping its JSON was a sixth of the call's CPU. The memo's key is the document's whole text, so a
changed document is a new key and no memo can answer for it; an object changed after it was read drops its JSON
forms (simulator.objects.model.StoredObject). Objects holding other objects (a task's `taskJobData`) are built
afresh every time: a change inside a nested object would not reach its parent's forms.
"""

from __future__ import annotations

from simulator.objects.model import KObject, StoredObject
from simulator.store import json_text

# About 8 MB of tasks (measured), four full 500-task pages; dropped whole when full, refilled by the next reads.
_MEMO_SIZE = 2048
_MEMO: dict[tuple[str, str], tuple[KObject, dict[frozenset[str] | None, dict]]] = {}


def from_text(type_name: str, text: str) -> KObject:
    """The stored document `text` as an object of type_name (or of the subtype its `_type` names)."""
    key = (type_name, text)
    hit = _MEMO.get(key)
    if hit is None:
        built = KObject.from_doc(type_name, json_text.loads(text))
        if any(isinstance(value, KObject | list | dict) for value in built.values()):
            return built
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        hit = _MEMO[key] = (built, {})
    prototype, forms = hit
    copy = StoredObject(prototype.kaltura_type, prototype)
    copy.json_forms = forms
    return copy
