"""Seeds: named, ordered lists of steps that fill an empty simulator, and the loader that runs them.

A step receives the write connection, the simulator and the seed-info dict that `GET /__sim__/seed` returns
(serviceUrl, partnerId, adminSecret, vendorPartnerId, …), and may read what earlier steps put there (the media
step attaches files to `entryIds`). The order is the list's: `SEEDS` below is the one place it is written.
Certification scenarios reuse `apply` and the steps.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.seeds import demo, demo_alignment_live, demo_media
from simulator.store import meta

if TYPE_CHECKING:
    from simulator.runtime import Simulator

Step = Callable[[sqlite3.Connection, "Simulator", dict[str, Any]], None]

SEED_INFO_KEY = "seed_info"
SEED_NAME_KEY = "seed_name"

SEEDS: dict[str, tuple[Step, ...]] = {
    "demo": (
        demo.demo_partners,
        demo.demo_vendor_app_token,
        demo.demo_entries,
        demo_media.demo_media,
        demo.demo_catalog,
        demo_alignment_live.demo_alignment_and_live_items,
        demo.demo_profile,
    ),
    "none": (),
}


def apply(sim: Simulator, seed: str) -> dict[str, Any]:
    """Run a seed once per database: on a database that already holds it, nothing is added twice."""
    if seed not in SEEDS:
        raise ValueError(f"unknown seed {seed!r} (choose from {', '.join(SEEDS)})")
    with sim.db.transaction() as conn:
        if meta.get(conn, SEED_NAME_KEY) is not None:
            return info(conn, sim)
        seed_info: dict[str, Any] = {}
        for step in SEEDS[seed]:
            step(conn, sim, seed_info)
        meta.put(conn, SEED_NAME_KEY, seed)
        meta.put(conn, SEED_INFO_KEY, seed_info)
    return info(sim.db.connection(), sim)


def info(conn: sqlite3.Connection, sim: Simulator) -> dict[str, Any]:
    return {"serviceUrl": sim.config.base_url, **meta.get(conn, SEED_INFO_KEY, {})}


def loaded_seed(conn: sqlite3.Connection) -> str | None:
    return meta.get(conn, SEED_NAME_KEY)
