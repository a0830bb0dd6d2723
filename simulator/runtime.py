"""One running simulator: its configuration, database, clock, background workers and session checks."""

from __future__ import annotations

import logging
import sqlite3
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from typing import Any

from simulator import ks as kslib
from simulator.clock import Clock
from simulator.config import Config
from simulator.objects import errors
from simulator.store import partners, sessions
from simulator.store.db import Database

log = logging.getLogger("reachsim")


class Simulator:
    def __init__(self, config: Config) -> None:
        self.config = config
        config.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(config.db_path)
        try:
            self.db.create_schema()
        except BaseException:
            self.db.close()
            raise
        self.clock = Clock(self.db)
        # Ingest (ffmpeg) runs here, off the request threads; two workers match the machine's two cores.
        self.workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="reachsim-job")
        self.pending_jobs: list[Future[Any]] = []
        self._errors: list[BaseException] = []
        self._errors_lock = threading.Lock()

    def submit(self, func: Any, *args: Any) -> Future[Any]:
        future = self.workers.submit(func, *args)
        self.pending_jobs = [f for f in self.pending_jobs if not f.done()] + [future]
        return future

    def wait_for_jobs(self, timeout: float | None = None) -> None:
        for future in list(self.pending_jobs):
            future.result(timeout=timeout)

    def record_error(self, exc: BaseException) -> None:
        """An exception answered as an internal error (request threads and jobs): kept so tests fail on it."""
        with self._errors_lock:
            self._errors.append(exc)

    @property
    def errors(self) -> list[BaseException]:
        with self._errors_lock:
            return list(self._errors)

    def take_errors(self) -> list[BaseException]:
        with self._errors_lock:
            caught, self._errors = self._errors, []
        return caught

    def resolve_ks(self, conn: sqlite3.Connection, ks_string: str) -> kslib.KsInfo:
        """Parse and verify a KS as the real server does at context init; INVALID_KS with the sub-reason if not."""
        return self.resolve_session(conn, ks_string)[0]

    def resolve_session(self, conn: sqlite3.Connection, ks_string: str) -> tuple[kslib.KsInfo, dict[str, Any]]:
        """resolve_ks, and the KS partner's document it was checked against (an API call uses it throughout)."""
        info: kslib.KsInfo | None = None
        try:
            partner_id = kslib.peek_partner(ks_string)
            partner = partners.get(conn, partner_id)
            if partner is None:
                raise kslib.KsError(kslib.KsReason.INVALID_STR, ks_string)
            info = _verified(ks_string, tuple(partners.admin_secrets(partner)))
            kslib.check_validity(info, self.clock.now(), lambda fp: sessions.is_killed(conn, fp))
        except kslib.KsError as exc:
            error = errors.INVALID_KS(*exc.api_args())
            # A genuine KS refused for expiry or logout: the journal still tells whose key it was.
            error.ks_info = info
            raise error from exc
        return info, partner

    def close(self) -> None:
        self.workers.shutdown(wait=True, cancel_futures=True)
        self.db.close()


@lru_cache(maxsize=4096)
def _verified(ks_string: str, admin_secrets: tuple[str, ...]) -> kslib.KsInfo:
    """Signature checks and decryption depend only on the KS and the secrets it is checked against, so a client
    repeating its KS pays for them once; expiry and the kill list are still checked on every call."""
    return kslib.parse(ks_string, admin_secrets)
