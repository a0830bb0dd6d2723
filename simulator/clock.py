"""The simulator's virtual clock: real time plus an offset that the back door moves and the database keeps."""

from __future__ import annotations

import time

from simulator.store import meta
from simulator.store.db import Database

OFFSET_KEY = "clock_offset"


class Clock:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._offset: float | None = None

    @property
    def offset(self) -> float:
        if self._offset is None:
            self._offset = float(meta.get(self._db.connection(), OFFSET_KEY, 0.0))
        return self._offset

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> float:
        with self._db.transaction() as conn:
            new_offset = float(meta.get(conn, OFFSET_KEY, 0.0)) + seconds
            meta.put(conn, OFFSET_KEY, new_offset)
        self._offset = new_offset
        return self.now()

    def reset(self) -> None:
        with self._db.transaction() as conn:
            meta.put(conn, OFFSET_KEY, 0.0)
        self._offset = 0.0
