"""Status values come from the declared enums (`TaskStatus`, `EntryStatus`, …), never literals: a comparison of a
document's `status` with a bare number or string is how `"3"` for DELETED crept into five modules."""

from __future__ import annotations

import ast
from pathlib import Path

SIMULATOR = Path(__file__).resolve().parent.parent / "simulator"


def _is_status(node: ast.AST) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        return bool(node.args) and isinstance(node.args[0], ast.Constant) and node.args[0].value == "status"
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value == "status"
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("int", "str") and node.args:
        return _is_status(node.args[0])
    return False


def _literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | str) and not isinstance(node.value, bool):
        return True
    return isinstance(node, ast.Tuple | ast.Set | ast.List) and any(_literal(e) for e in node.elts)


def test_no_status_is_compared_with_a_literal() -> None:
    found = []
    for path in sorted(SIMULATOR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Compare) and _is_status(node.left) and any(map(_literal, node.comparators)):
                found.append(f"{path.relative_to(SIMULATOR.parent)}:{node.lineno}")
    assert found == []
