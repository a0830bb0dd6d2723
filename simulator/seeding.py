"""Seeds: named sets of steps that fill an empty simulator. Each aggregate adds its own steps.

A step receives the write connection, the simulator and the seed-info dict that `GET /__sim__/seed` returns
(serviceUrl, partnerId, adminSecret, vendorPartnerId, …); steps run in ascending `order`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.store import meta

if TYPE_CHECKING:
    from simulator.runtime import Simulator

Step = Callable[[sqlite3.Connection, "Simulator", dict[str, Any]], None]

SEED_INFO_KEY = "seed_info"
SEED_NAME_KEY = "seed_name"


@dataclass(frozen=True)
class SeedStep:
    seed: str
    order: int
    func: Step


_STEPS: list[SeedStep] = []
SEEDS = ("demo", "none")


def seed_step(seed: str, order: int) -> Callable[[Step], Step]:
    def register(func: Step) -> Step:
        _STEPS.append(SeedStep(seed, order, func))
        return func

    return register


def apply(sim: Simulator, seed: str) -> dict[str, Any]:
    """Run a seed once per database: on a database that already holds it, nothing is added twice."""
    import simulator.demo_seed
    import simulator.services  # noqa: F401  (service modules register their seed steps)

    if seed not in SEEDS:
        raise ValueError(f"unknown seed {seed!r} (choose from {', '.join(SEEDS)})")
    with sim.db.transaction() as conn:
        if meta.get(conn, SEED_NAME_KEY) is not None:
            return info(conn, sim)
        seed_info: dict[str, Any] = {}
        for step in sorted((s for s in _STEPS if s.seed == seed), key=lambda s: s.order):
            step.func(conn, sim, seed_info)
        meta.put(conn, SEED_NAME_KEY, seed)
        meta.put(conn, SEED_INFO_KEY, seed_info)
    return info(sim.db.connection(), sim)


def info(conn: sqlite3.Connection, sim: Simulator) -> dict[str, Any]:
    return {"serviceUrl": sim.config.base_url, **meta.get(conn, SEED_INFO_KEY, {})}


def loaded_seed(conn: sqlite3.Connection) -> str | None:
    return meta.get(conn, SEED_NAME_KEY)
