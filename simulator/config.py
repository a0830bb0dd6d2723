"""Settings of one simulator instance."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Config:
    db_path: Path
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8080
    seed: str = "demo"
    lint: bool = False
    upload_max_bytes: int = 2 * 1024**3
    url_allow_list: list[str] = field(default_factory=list)
    service_url: str | None = None  # public base URL; defaults to http://host:port
    tls: bool = False  # `port` speaks HTTPS
    https_port: int | None = None  # a second listener, HTTPS, beside plain HTTP on `port`
    backdoor_token: str | None = None  # when set, /__sim__/ answers only `Authorization: Bearer <token>`
    media_dirs: list[Path] = field(default_factory=list)  # where /__sim__/ingest may read files

    @property
    def listeners(self) -> dict[str, int]:
        """Scheme -> port of every listener this instance has."""
        ports = {"https" if self.tls else "http": self.port}
        if self.https_port is not None:
            ports["https"] = self.https_port
        return ports

    @property
    def base_url(self) -> str:
        scheme = "https" if self.tls else "http"
        return (self.service_url or f"{scheme}://{self.host}:{self.port}").rstrip("/")
