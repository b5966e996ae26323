"""Shared fixtures: one engine built from the project's own data/ and knowledge/."""
from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.engine import Engine
from bot.fake_telegram import TOKEN, FakeBotAPI
from bot.settings import Settings
from bot.storage import Storage
from bot.telegram.app import build_application

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


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    """A fresh database."""
    opened = Storage(tmp_path / "bot.db")
    yield opened
    opened.close()


def settings(**overrides: Any) -> Settings:
    """Settings for tests: no .env, a fast pace, user 42 as the bot's administrator."""
    values: dict[str, Any] = {"telegram_bot_token": TOKEN, "per_chat_messages_per_second": 1000.0,
                              "admin_ids": "42", **overrides}
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def bot(engine: Engine, storage: Storage) -> AsyncIterator[tuple[Application, FakeBotAPI]]:
    """An initialised Application talking to a fresh in-process fake Bot API."""
    api = FakeBotAPI()
    app = build_application(settings(), engine, storage, HTTPXRequest(httpx_kwargs={"transport": api.transport()}))
    async with app:
        yield app, api


async def send(app: Application, update: dict[str, Any]) -> None:
    """Deliver one update as polling would."""
    await app.process_update(Update.de_json(update, app.bot))
