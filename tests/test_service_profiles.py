"""`certify --service NAME`: each REACH service has its scenarios and its rule family, and docs/rules.md groups
the rules by service."""

from __future__ import annotations

import argparse

import pytest

from conformance import cli, scenarios
from conformance.catalog_doc import SERVICE_TITLES
from conformance.rules import SERVICES, catalog


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_scenarios_ordering_its_item_and_three_cited_rules(service: str) -> None:
    names = cli.chosen_scenarios("full", None, service)
    assert names == list(scenarios.SERVICES[service]) and set(names) <= set(scenarios.PROFILES["services"])
    rules = [r for r in catalog() if r.family == service]
    assert len(rules) >= 3 and all(r.citation.startswith("seeds/003") for r in rules)
    assert service in SERVICE_TITLES


def test_a_service_scenario_orders_items_of_the_demo_seed() -> None:
    items = {t.item for name in scenarios.SERVICES["translation"] for t in scenarios.load(name).tasks}
    assert items == {"translation"}
    assert scenarios.load("translation-machine-source").captions[0].accuracy < 100


def test_the_cli_refuses_an_unknown_service() -> None:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["certify", "--vendor-cmd", "x", "--service", "teleportation"])
