"""The background import of `media.addFromUrl`: fetch the URL (only hosts the simulator may reach), then ingest
the file like any upload; a failed fetch leaves the entry ERROR_IMPORTING, as Kaltura's import job does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from simulator import content, ingest
from simulator.objects.entries import EntryStatus
from simulator.store import entries, flavors, uploads


def run(sim: Any, entry_id: str, url: str) -> None:
    allowed, _host = content.url_allowed(url, sim.config.url_allow_list)
    target = sim.config.data_dir / flavors.MEDIA_DIR / f".import-{entry_id}"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if not allowed:
            raise OSError(f"{url} is not a host the simulator may fetch")
        with requests.get(url, stream=True, timeout=content.URL_TIMEOUT, allow_redirects=False) as answer:
            if answer.status_code != 200:
                raise OSError(f"HTTP {answer.status_code}")
            with target.open("wb") as out:
                for block in answer.iter_content(uploads.BLOCK):
                    out.write(block)
    except (OSError, requests.RequestException) as exc:
        _import_failed(sim, entry_id, str(exc))
        target.unlink(missing_ok=True)
        return
    with sim.db.transaction() as conn:
        doc = entries.get(conn, entry_id)
        if doc is None:
            return
        ingest.mark_converting(conn, doc, sim.clock.now())
    try:
        ingest.run(sim, entry_id, target, Path(url.split("?", 1)[0]).name or None)
    finally:
        target.unlink(missing_ok=True)


def _import_failed(sim: Any, entry_id: str, reason: str) -> None:
    with sim.db.transaction() as conn:
        doc = entries.get(conn, entry_id)
        if doc is not None:
            doc.update(status=EntryStatus.ERROR_IMPORTING, importError=reason, updatedAt=int(sim.clock.now()))
            entries.save(conn, doc)
