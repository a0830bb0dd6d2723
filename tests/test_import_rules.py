"""The layering rules of docs/developing.md, read from the source's import statements (every level, not only the
module top) so they stay true as the code grows.

- Only `simulator/wire/`, `simulator/app.py` and the portal (`simulator/portal/`, a front door that calls the API
  in-process through `wire.dispatch`, so its orders pass the same rules and land in the journal) import
  `simulator.wire`: services, rules and delivery declare themselves through `simulator.api` and never see the
  protocol.
- `simulator/store/` sits at the bottom: from the project it imports only itself and the vocabulary
  (`simulator.objects`).
- The simulator imports nothing of the reference vendor except the insight format both sides share:
  `vendor.insight` (schema, validator, the document's shape) and `vendor.exporters` (its Azure Video Indexer,
  Twelve Labs and WebVTT forms, which the portal offers as downloads), both free of OCR machinery; it never
  imports the certification harness.
- Counted faults (`simulator/faults.py`) are met only in the API dispatcher and the media routes.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIMULATOR = ROOT / "simulator"

SHARED_VENDOR_PARTS = ("vendor.insight", "vendor.exporters")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path) -> Iterator[str]:
    """Every dotted name the file imports; `from a.b import c` yields `a.b.c` (c may be a module)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield from (f"{base}.{alias.name}" for alias in node.names)


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def simulator_files() -> list[Path]:
    return sorted(SIMULATOR.rglob("*.py"))


def violations(files: list[Path], forbidden: Callable[[str], bool]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {name}" for path in files for name in imported_names(path) if forbidden(name)
    ]


def test_the_reader_sees_every_form_of_import() -> None:
    """The rules below are only as good as this reader: it must see relative, from- and function-level imports."""
    names = set(imported_names(SIMULATOR / "store" / "__init__.py"))
    assert "importlib" in names
    assert "vendor.insight" in set(imported_names(SIMULATOR / "inspection.py"))
    assert "simulator.wire.routes" in set(imported_names(SIMULATOR / "app.py"))  # imported inside create_app
    dispatch = set(imported_names(SIMULATOR / "wire" / "dispatch.py"))
    assert "simulator.api.Context" in dispatch


def test_only_the_front_doors_import_the_wire() -> None:
    front_doors = (SIMULATOR / "wire", SIMULATOR / "portal")
    files = [p for p in simulator_files() if not set(front_doors) & set(p.parents) and p != SIMULATOR / "app.py"]
    assert violations(files, lambda name: within(name, "simulator.wire")) == []


def test_the_store_imports_only_itself_and_the_vocabulary() -> None:
    files = sorted((SIMULATOR / "store").rglob("*.py"))

    def above_the_store(name: str) -> bool:
        return within(name, "simulator") and not (within(name, "simulator.store") or within(name, "simulator.objects"))

    assert violations(files, above_the_store) == []


def test_the_simulator_shares_only_the_insight_format_with_the_vendor() -> None:
    def vendor_machinery(name: str) -> bool:
        return within(name, "vendor") and not any(within(name, part) for part in SHARED_VENDOR_PARTS)

    assert violations(simulator_files(), vendor_machinery) == []
    assert violations(simulator_files(), lambda name: within(name, "conformance")) == []


def test_seeds_are_one_ordered_list_and_services_hold_none() -> None:
    """Steps come from simulator/seeds/ only, in the order SEEDS lists them; no service module seeds data."""
    from simulator.seeds import SEEDS

    modules = {step.__module__ for steps in SEEDS.values() for step in steps}
    assert modules and all(within(module, "simulator.seeds") for module in modules), modules
    services = sorted((SIMULATOR / "services").glob("*.py"))
    assert violations(services, lambda name: within(name, "simulator.seeds")) == []
    seeds = sorted((SIMULATOR / "seeds").glob("*.py"))
    assert violations(seeds, lambda name: within(name, "simulator.services")) == []


def test_faults_are_met_only_at_the_two_choke_points() -> None:
    """Every request passes the API dispatcher or the media routes; a fault looked up anywhere else (a service, a
    rule, the store) would act on some requests only and could not be counted the same way (issue 15)."""
    choke_points = {SIMULATOR / "wire" / "dispatch.py", SIMULATOR / "delivery" / "routes.py"}
    # wire/routes shapes the HTTP answer of the fault dispatch met; the back door registers and reads faults
    allowed = choke_points | {
        SIMULATOR / "wire" / "routes.py",
        SIMULATOR / "fault_backdoor.py",
        SIMULATOR / "faults.py",
    }
    others = [p for p in simulator_files() if p not in allowed]
    assert (
        violations(others, lambda name: within(name, "simulator.faults") or within(name, "simulator.store.faults"))
        == []
    )
    meeting = {
        path
        for path in simulator_files()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr == "meet" and getattr(node.value, "id", "") == "faults"
    }
    assert meeting == choke_points
