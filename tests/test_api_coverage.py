import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import KalturaClient.Plugins
import pytest

import simulator.services  # noqa: F401  (registers every action)
from simulator.api import SERVICES
from simulator.coverage import KALTURA_ACTIONS, render

DOC = Path(__file__).resolve().parents[1] / "docs" / "api-coverage.md"


def test_api_coverage_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "regenerate: python -m simulator.coverage > docs/api-coverage.md"
    )


def client_actions() -> dict[str, set[str]]:
    """Service id -> actions, as the official Python client calls them (`queueServiceActionCall("id", "action"`)."""
    found: dict[str, set[str]] = {}
    for module_info in pkgutil.iter_modules(KalturaClient.Plugins.__path__):
        source = inspect.getsource(importlib.import_module(f"KalturaClient.Plugins.{module_info.name}"))
        for service_id, action in re.findall(r"queueServiceActionCall\(\"(\w+)\", \"(\w+)\"", source):
            found.setdefault(service_id.lower(), set()).add(action.lower())
    return found


@pytest.mark.parametrize("service_id", sorted(SERVICES))
def test_kaltura_actions_of_every_simulated_service_are_listed(service_id: str) -> None:
    """The coverage page's "answers ACTION_DOES_NOT_EXISTS" column is right only if Kaltura's list is whole: every
    simulated action and every action the official client calls on that service must be in it."""
    listed = set(KALTURA_ACTIONS.get(service_id, ()))
    ours = {name.lower() for name in SERVICES[service_id].actions}
    assert sorted(ours - listed) == [], "simulated but not listed as Kaltura's"
    assert sorted(client_actions().get(service_id, set()) - listed) == [], "the official client calls these"


def test_the_client_scan_finds_the_services() -> None:
    found = client_actions()
    assert {"getjobs", "updatejob"} <= found["reach_entryvendortask"] and "addfromuploadedfile" in found["media"]
