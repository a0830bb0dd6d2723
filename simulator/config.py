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

    @property
    def base_url(self) -> str:
        return (self.service_url or f"http://{self.host}:{self.port}").rstrip("/")
