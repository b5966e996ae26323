"""Webhook mode: the Starlette app driven in-process over the real Application and a fake Bot API, the
deploy step's setWebhook, and `python -m bot webhook` as a process."""
from __future__ import annotations

import asyncio
import json
import logging
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from telegram import Update
from telegram.request import HTTPXRequest

from bot.engine import Engine
from bot.errors import ConfigError
from bot.fake_telegram import FakeBotAPI, message_update
from bot.storage import Storage
from bot.telegram.app import build_application
from bot.telegram.webhook import SECRET_HEADER, set_webhook, webhook_app
from tests.conftest import PROJECT, settings
from tests.test_faults import environment, one_line_error, run_bot

SECRET = "Wh-secret_0123456789"
URL = "https://bot.example.org/telegram"


@dataclass(frozen=True)
class Served:
    """The webhook app with its bot started, the fake Bot API behind it, and its database."""

    web: Starlette
    api: FakeBotAPI
    storage: Storage


@pytest.fixture
def database(tmp_path: Path) -> str:
    """The webhook's tests run on SQLite alone: what they ask of the database, the storage tests check on both."""
    return f"sqlite:///{tmp_path / 'bot.db'}"


def build(engine: Engine, storage: Storage, api: FakeBotAPI) -> Starlette:
    """The webhook app over a bot talking to `api`."""
    configured = settings(webhook_secret=SECRET)
    request = HTTPXRequest(httpx_kwargs={"transport": api.transport()})
    return webhook_app(build_application(configured, engine, storage, request), storage, configured)


@asynccontextmanager
async def serving(engine: Engine, storage: Storage, api: FakeBotAPI) -> AsyncIterator[Served]:
    """The webhook app through its lifespan, as uvicorn runs it."""
    web = build(engine, storage, api)
    async with web.router.lifespan_context(web):
        yield Served(web, api, storage)


@pytest.fixture
async def served(engine: Engine, storage: Storage) -> AsyncIterator[Served]:
    """A started webhook app."""
    async with serving(engine, storage, FakeBotAPI()) as running:
        yield running


async def post(web: ASGIApp, body: dict[str, Any] | bytes, secret: str | bytes | None = SECRET) -> httpx.Response:
    """POST `body` to the webhook path as Telegram does, with `secret` in its header."""
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers: dict[bytes, bytes] = {}
    if secret is not None:
        headers[SECRET_HEADER.encode()] = secret if isinstance(secret, bytes) else secret.encode()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(web), base_url="http://bot") as client:
        return await client.post("/telegram", content=content, headers=headers)


async def until(condition: Callable[[], bool]) -> None:
    """Let the event loop run until `condition` holds (counted in turns of the loop, not in seconds)."""
    for _ in range(100_000):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


def nothing_kept(storage: Storage, update_id: int) -> bool:
    """The inbox never saw `update_id`: nothing waits there, and the id is still fresh."""
    return storage.unhandled() == [] and storage.receive([(update_id, "{}")]) == [update_id]


# ---------------------------------------------------------------- the secret
@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET[:-1], b"caf\xe9"])
async def test_a_request_without_the_secret_gets_403_and_nothing_else(served: Served, secret: str | bytes | None,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    update = message_update("how much does NK export to polnad?")
    response = await post(served.web, update, secret)
    assert response.status_code == 403
    assert served.api.sent("sendMessage") == []
    assert nothing_kept(served.storage, update["update_id"])
    assert [r for r in caplog.records if r.name.startswith("bot.")] == []


# ---------------------------------------------------------------- updates
async def test_a_question_is_answered_before_the_http_reply(served: Served) -> None:
    answered_at_reply: list[int] = []

    async def noting_the_reply(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                answered_at_reply.append(len(served.api.sent("sendMessage", 7)))
            await send(message)
        await served.web(scope, receive, send_noting)

    response = await post(noting_the_reply, message_update("how much does NK export to polnad?"))
    assert response.status_code == 200
    assert answered_at_reply == [1]
    assert "$9.7mn" in served.api.texts(7)[0]
    assert served.storage.unhandled() == []


async def test_an_update_sent_twice_is_answered_once(served: Served) -> None:
    update = message_update("/total")
    first, again = await post(served.web, update), await post(served.web, update)
    assert (first.status_code, again.status_code) == (200, 200)
    assert len(served.api.sent("sendMessage", 7)) == 1


async def test_updates_of_one_chat_posted_together_are_answered_in_order(served: Served) -> None:
    api, storage = served.api, served.storage
    api.hold(0)  # every answer waits for release: the first question is then still being answered
    first = asyncio.ensure_future(post(served.web, message_update("What share goes to Togo?")))
    await api.until_held(1)
    follow_up = asyncio.ensure_future(post(served.web, message_update("what about Benin?")))
    await until(lambda: len(storage.unhandled()) == 2)  # the follow-up is kept and waits for its chat's turn
    assert len(api.sent("sendMessage", 7)) == 1 and not first.done()
    api.release()
    assert [r.status_code for r in await asyncio.gather(first, follow_up)] == [200, 200]
    togo, benin = api.texts(7)
    assert "Togo" in togo and "$768,000" in benin  # the follow-up read after the question it follows


@pytest.mark.parametrize("body", [b"not json", b"", b"[1, 2]", b'{"message": {"text": "hi"}}',
                                  b'{"update_id": "7"}', b'{"update_id": 7, "message": "hi"}',
                                  b'{"update_id": 7, "message": {"message_id": 1}}'])
async def test_a_body_that_is_not_an_update_gets_400_and_one_log_line(served: Served, body: bytes,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot"):
        response = await post(served.web, body)
    assert response.status_code == 400
    assert served.api.sent("sendMessage") == [] and served.storage.unhandled() == []
    [record] = [r for r in caplog.records if r.name.startswith("bot.")]
    assert "not a Telegram update" in record.getMessage() and record.exc_info is None


async def test_what_a_killed_replica_left_is_answered_when_telegram_sends_it_again(engine: Engine,
                                                                                   storage: Storage) -> None:
    update = message_update("/total")
    storage.receive([(update["update_id"], json.dumps(update))])  # kept by a replica killed before it answered
    async with serving(engine, storage, FakeBotAPI()) as running:
        assert running.api.sent("sendMessage") == []  # not at start: another replica may be answering it
        assert (await post(running.web, update)).status_code == 200
        assert "$2.06bn" in running.api.texts(7)[0]
        assert storage.unhandled() == []


# ---------------------------------------------------------------- health
async def test_health_is_ok_while_the_bot_runs(served: Served) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(served.web), base_url="http://bot") as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "running": True, "database": True}


async def test_health_is_503_when_the_bot_is_not_running(engine: Engine, storage: Storage) -> None:
    web = build(engine, storage, FakeBotAPI())  # its lifespan never ran
    async with httpx.AsyncClient(transport=httpx.ASGITransport(web), base_url="http://bot") as client:
        response = await client.get("/healthz")
    assert response.status_code == 503 and response.json()["ok"] is False


# ---------------------------------------------------------------- the deploy step
async def test_set_webhook_gives_telegram_the_url_and_the_secret(engine: Engine, storage: Storage) -> None:
    api = FakeBotAPI()
    configured = settings(webhook_secret=SECRET, webhook_url=URL)
    app = build_application(configured, engine, storage, HTTPXRequest(httpx_kwargs={"transport": api.transport()}))
    async with app:
        said = await set_webhook(app, configured)
        [params] = api.sent("setWebhook")
        assert params["url"] == URL and params["secret_token"] == SECRET
        assert params["allowed_updates"] == list(Update.ALL_TYPES) and str(params["max_connections"]) == "40"
        assert api.sent("setMyCommands") and URL in said and SECRET not in said
        assert "deleted" in await set_webhook(app, configured, delete=True)
        assert len(api.sent("deleteWebhook")) == 1


async def test_a_webhook_telegram_refuses_is_one_line(engine: Engine, storage: Storage) -> None:
    api = FakeBotAPI()
    api.answers["setWebhook"] = (400, b'{"ok": false, "error_code": 400, '
                                      b'"description": "Bad Request: bad webhook: Failed to resolve host"}')
    configured = settings(webhook_secret=SECRET, webhook_url=URL)
    app = build_application(configured, engine, storage, HTTPXRequest(httpx_kwargs={"transport": api.transport()}))
    async with app:
        with pytest.raises(ConfigError, match="could not set the webhook .*failed to resolve host"):
            await set_webhook(app, configured)


# ---------------------------------------------------------------- as a process
@pytest.mark.parametrize(("args", "extra", "names"), [
    (["webhook"], {}, ["WEBHOOK_SECRET", "secrets.token_urlsafe"]),
    (["webhook"], {"WEBHOOK_SECRET": "has spaces!"}, ["WEBHOOK_SECRET", "A-Z"]),
    (["set-webhook"], {"WEBHOOK_SECRET": SECRET}, ["WEBHOOK_URL"]),
    (["set-webhook"], {"WEBHOOK_SECRET": SECRET, "WEBHOOK_URL": "http://bot.example.org/telegram"}, ["https://"]),
])
def test_a_webhook_setting_missing_is_one_line(tmp_path: Path, args: list[str], extra: dict[str, str],
                                               names: list[str]) -> None:
    run = run_bot(environment(tmp_path, LOG_LEVEL="WARNING", **extra), *args)
    line = one_line_error(run, names[0])
    assert all(name in line for name in names)
    assert run[1].strip() == line  # nothing else on standard output or error
    assert "has spaces!" not in line


def test_the_webhook_server_sets_its_webhook_answers_before_replying_and_stops_on_sigterm(tmp_path: Path) -> None:
    api = FakeBotAPI()
    server, base_url = api.serve()
    with socket.socket() as probe:  # a port nothing listens on, for the bot to listen on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    where = f"http://127.0.0.1:{port}"
    env = environment(tmp_path, LOG_LEVEL="INFO", TELEGRAM_BASE_URL=base_url, WEBHOOK_SECRET=SECRET,
                      WEBHOOK_URL=f"{where}/telegram")  # plain HTTP: on this machine only, as a local emulator's
    bot = subprocess.Popen([sys.executable, "-m", "bot", "webhook", "--port", str(port), "--set-webhook"],
                           cwd=PROJECT, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    watchdog = threading.Timer(300, bot.kill)  # a hung bot fails the test instead of hanging it
    watchdog.start()
    try:
        assert bot.stdout is not None
        started = next((line for line in iter(bot.stdout.readline, "") if "serving the webhook" in line), "")
        assert f"serving the webhook on {where}/telegram" in started
        assert "set the webhook" in next((line for line in iter(bot.stdout.readline, "") if "webhook" in line), "")
        [hook] = api.sent("setWebhook")  # the deploy step, done by this one replica once it serves
        assert (hook["url"], hook["secret_token"]) == (f"{where}/telegram", SECRET)
        reply = httpx.post(f"{where}/telegram", json=message_update("/total"), headers={SECRET_HEADER: SECRET},
                           timeout=120)
        assert reply.status_code == 200 and len(api.sent("sendMessage", 7)) == 1  # answered before the reply
        assert httpx.get(f"{where}/healthz", timeout=120).json()["ok"] is True
        bot.send_signal(signal.SIGTERM)
        output = bot.communicate(timeout=120)[0]
    finally:
        watchdog.cancel()
        bot.kill()
        server.shutdown()
    assert bot.returncode == 0, output
    assert "Traceback" not in output and SECRET not in output
