"""Raw request parameters, gathered from every transport the real api_v3 reads, merged as it merges them.

Order of precedence (later wins, merged recursively): body (form fields, JSON body, or a multipart `json`
field) <- uploaded files <- URL (query string and `/key/value` path pairs). Keys are then grouped into nested
dicts by PHP bracket syntax (`filter[statusEqual]`) and by the colon paths the deserializer also accepts
(`filter:statusEqual`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from werkzeug.datastructures import FileStorage

Params = dict[str, Any]

_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def path_pairs(path: str) -> list[tuple[str, str]]:
    """`/service/x/action/y/ks/abc` -> [("service","x"), ("action","y"), ("ks","abc")]; an odd tail is dropped."""
    parts = [p for p in path.split("/") if p]
    return [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]


def split_bracket_key(key: str) -> list[str]:
    """PHP's parse_str key handling: `a[b][c]` -> ["a", "b", "c"]; `a[]` appends (empty segment)."""
    first = key.find("[")
    if first <= 0 or not key.endswith("]"):
        return [key]
    head, tail = key[:first], key[first:]
    segments = _BRACKETS.findall(tail)
    if "".join(f"[{s}]" for s in segments) != tail:
        return [key]
    return [head, *segments]


def set_path(target: Params, path: list[str], value: Any) -> None:
    """Place value at path, creating dicts on the way; a final `-` segment is the client's empty-array marker."""
    node = target
    for index, segment in enumerate(path):
        last = index == len(path) - 1
        if segment == "-" and last:
            return
        if segment == "":
            segment = str(sum(1 for k in node if k.isdigit()))
        if last:
            node[segment] = value
            return
        child = node.get(segment)
        if not isinstance(child, dict):
            child = {}
            node[segment] = child
        node = child


def from_pairs(pairs: Iterable[tuple[str, Any]]) -> Params:
    grouped: Params = {}
    for key, value in pairs:
        if not isinstance(key, str):
            continue  # a multipart part without a name: PHP drops it too
        set_path(grouped, split_bracket_key(key), value)
    return grouped


def group_colons(params: Mapping[str, Any]) -> Params:
    """Apply the deserializer's colon grouping (`filter:statusEqual`) to top-level keys, recursively merged."""
    grouped: Params = {}
    for key, value in params.items():
        path = key.split(":") if isinstance(key, str) and ":" in key else [key]
        if len(path) == 1:
            existing = grouped.get(key)
            if isinstance(existing, dict) and isinstance(value, dict):
                grouped[key] = merge(existing, value)
            else:
                grouped[key] = value
            continue
        nested: Params = {}
        set_path(nested, path, value)
        grouped = merge(grouped, nested)
    return grouped


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> Params:
    """PHP's array_replace_recursive on nested dicts."""
    result: Params = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


def normalise_json(value: Any) -> Any:
    """JSON lists become index-keyed dicts, as PHP arrays would, so every transport yields the same shape."""
    if isinstance(value, list):
        return {str(i): normalise_json(v) for i, v in enumerate(value)}
    if isinstance(value, dict):
        return {str(k): normalise_json(v) for k, v in value.items()}
    return value


def json_body(content_type: str, body: bytes) -> Params | None:
    """The body as parameters when the real server would read it as JSON, else None."""
    if content_type.strip().lower() != "application/json":
        return None
    text = body.decode("utf-8", errors="replace").strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None
    return parse_json_object(text)


def parse_json_object(text: str) -> Params:
    try:
        decoded = json.loads(text)
    except ValueError:
        return {}
    return normalise_json(decoded) if isinstance(decoded, dict) else {}


def gather(
    *,
    path: str,
    query: Iterable[tuple[str, str]],
    content_type: str,
    body: bytes | None,
    form: Iterable[tuple[str, str]],
    files: Iterable[tuple[str, FileStorage]],
) -> Params:
    """All parameters of one api_v3 request, merged and grouped."""
    mimetype = content_type.split(";", 1)[0].strip().lower()
    body_params: Params | None = json_body(content_type, body) if body is not None else None
    if body_params is None:
        form_pairs = list(form)
        json_field = (
            next((v for k, v in form_pairs if k == "json"), None) if mimetype == "multipart/form-data" else None
        )
        body_params = parse_json_object(json_field) if json_field is not None else from_pairs(form_pairs)
    file_params = from_pairs(files)
    url_params = merge(from_pairs(query), from_pairs(path_pairs(path)))
    return group_colons(merge(merge(body_params, file_params), url_params))
