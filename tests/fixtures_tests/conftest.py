"""Fixture-renderer tests: one temporary render cache per session, so each fixture is rendered once."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from fixtures import render


@contextmanager
def cache_env(directory: Path) -> Iterator[None]:
    """Point the render cache at `directory` for the duration of the block only (other tests keep theirs)."""
    before = os.environ.get("REACHSIM_CACHE_DIR")
    os.environ["REACHSIM_CACHE_DIR"] = str(directory)
    try:
        yield
    finally:
        if before is None:
            del os.environ["REACHSIM_CACHE_DIR"]
        else:
            os.environ["REACHSIM_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def use_cache() -> Callable[[Path], AbstractContextManager[None]]:
    """`cache_env`, for tests that render into a cache of their own."""
    return cache_env


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fixture-cache")


@pytest.fixture(scope="session")
def rendered(session_cache: Path) -> Callable[[str], render.RenderedFixture]:
    """Render a fixture (once per session) into the session's cache."""

    def get(name: str) -> render.RenderedFixture:
        with cache_env(session_cache):
            return render.ensure(name)

    return get
