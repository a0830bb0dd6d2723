"""What a test does when something the set-up installs is absent: skip with the reason on a developer's machine,
fail in CI (`CI` set), where `./dev` installs it and a skip would hide a broken set-up step."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it through ./dev)", pytrace=False)
    pytest.skip(reason)
