"""The demo seed's media: real flavors for the seeded entries, and two more accounts that deliver differently.

- every demo entry gets a rendered fixture (text with known truth) ingested as its content;
- "noHls": a customer account without HLS (getPlaybackContext has no applehttp source, MP4 download only);
- "remotePackager": a customer account whose HLS variants point at a packager URL of its own (served by this
  simulator under /packager, so the demo runs offline).

Ingest is content-addressed (simulator.ingest), so after the first seed a reset re-attaches the same files
without running ffmpeg again.
"""

from __future__ import annotations

import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator import ingest
from simulator.delivery.routes import PACKAGER_PREFIX
from simulator.media import testclips
from simulator.objects.entries import EntryStatus, EntryType, MediaType
from simulator.seeds.demo import CUSTOMER_ID, demo_secret
from simulator.store import entries, partners

if TYPE_CHECKING:
    from simulator.runtime import Simulator

log = logging.getLogger("reachsim")

NO_HLS_ID = 1003
REMOTE_PACKAGER_ID = 1004
# Fixtures for the demo entries, in DEMO_ENTRIES order; tiny ones keep a reset fast.
DEMO_FIXTURES = ("tiny-slide", "tiny-ticker", "tiny-lowerthird")
EXTRA_ACCOUNTS = (
    ("noHls", NO_HLS_ID, "Demo Media Co (no HLS)", {"hlsEnabled": False}, "tiny-fade"),
    (
        "remotePackager",
        REMOTE_PACKAGER_ID,
        "Demo Media Co (remote packager)",
        {"packagerUrl": PACKAGER_PREFIX},
        "tiny-notext",
    ),
)


def fixture_video(name: str, data_dir: Path) -> Path:
    """The fixture's rendered video; a plain test clip when the fixtures cannot render here (fonts missing),
    so the simulator still serves real media."""
    try:
        from fixtures import render

        return render.ensure(name).video
    except Exception as exc:  # any rendering failure degrades to a clip without text, never a failed seed
        log.warning("fixture %s unavailable (%s); seeding a test clip instead", name, exc)
        path = data_dir / "seed-clips" / f"{name}.mp4"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            testclips.make_test_clip(path, seconds=2.0, width=320, height=240)
        return path


def _extra_account(
    conn: sqlite3.Connection, key: str, partner_id: int, name: str, settings: dict[str, Any], now: int
) -> dict[str, Any]:
    partner = partners.add(
        conn,
        {
            "id": partner_id,
            "kind": partners.CUSTOMER,
            "name": name,
            "settings": settings,
            "adminSecret": demo_secret(partner_id, "admin"),
            "secret": demo_secret(partner_id, "user"),
        },
    )
    entry = entries.add(
        conn,
        {
            "partnerId": partner_id,
            "name": f"{name}: demo clip",
            "description": "",
            "tags": "",
            "status": EntryStatus.NO_CONTENT,
            "type": EntryType.MEDIA_CLIP,
            "mediaType": MediaType.VIDEO,
            "createdAt": now,
            "updatedAt": now,
            "userId": "demo-user",
            "creatorId": "demo-user",
        },
    )
    return {
        "partnerId": partner_id,
        "adminSecret": partner["adminSecret"],
        "userSecret": partner["secret"],
        "entryId": entry["id"],
        **settings,
    }


def demo_media(conn: sqlite3.Connection, sim: Simulator, info: dict[str, Any]) -> None:
    now = int(sim.clock.now())
    accounts = {
        key: _extra_account(conn, key, pid, name, settings, now) for key, pid, name, settings, _ in EXTRA_ACCOUNTS
    }
    targets = list(zip(info.get("entryIds", []), DEMO_FIXTURES, strict=False))
    targets += [(accounts[key]["entryId"], fixture) for key, _, _, _, fixture in EXTRA_ACCOUNTS]
    data_dir = sim.config.data_dir

    def prepare(fixture: str) -> ingest.PreparedMedia:
        return ingest.prepare(data_dir, fixture_video(fixture, data_dir))

    # Two at a time, like the job workers: the host is shared with the vendor under test.
    with ThreadPoolExecutor(max_workers=2) as pool:
        prepared = list(pool.map(prepare, [fixture for _, fixture in targets]))
    for (entry_id, _), media in zip(targets, prepared, strict=True):
        entry = entries.get(conn, entry_id)
        if entry is not None:
            ingest.attach(conn, entry, media, now)
    info["accounts"] = accounts
    info["entryFixtures"] = {entry_id: fixture for entry_id, fixture in targets}
    log.debug("demo media attached to %d entries (customer %d)", len(targets), CUSTOMER_ID)
