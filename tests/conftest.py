"""Shared fixtures: one engine built from the project's own data/ and knowledge/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine as the bot runs it."""
    return Engine.load(PROJECT / "data", PROJECT / "knowledge")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(PROJECT / "data", target)
    return target
