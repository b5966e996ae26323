"""Webhook mode: Telegram posts each update over HTTPS (a TLS proxy in front) to this ASGI app, so that
several replicas sharing one database can share the work.

An update is processed before its HTTP request is answered: Telegram then keeps each chat's order
across replicas, and sends again what a replica never answered (it was killed, say). Each update is
noted in the database's inbox first, so one sent again after it was handled (the same update_id) is
answered at once and not processed again, while one a killed replica left unhandled is processed by
the replica it is sent to now. Nothing is taken from the inbox at start-up: another replica may be
answering it, and Telegram will send it again if none does. A request without the secret token
given to setWebhook gets 403 before anything is read or written.

`python -m bot set-webhook`, run once by the deploy step and not by each replica, points Telegram at
WEBHOOK_URL and publishes the command menu; `--delete` goes back to long polling.
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import math
import socket
from collections.abc import AsyncIterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.engine import Engine
from bot.errors import ConfigError
from bot.settings import Settings
from bot.storage import Storage
from bot.telegram.app import connect, publish_profile, run_bot, started
from bot.telegram.polling import handle, stop_on_signals

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# what json.loads and Update.de_json raise on a body that is not an update
NOT_AN_UPDATE = (ValueError, TypeError, KeyError, AttributeError)


def webhook_app(app: Application, storage: Storage, settings: Settings) -> Starlette:
    """The ASGI app: POST WEBHOOK_PATH takes updates, GET /healthz answers a load balancer, and the bot starts
    and stops with the server's lifespan."""
    secret = settings.require_webhook_secret().encode()

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # nothing ends the retries early: uvicorn acts on a signal only once start-up is done
        async with started(app, settings, asyncio.Event()):
            yield

    async def take(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode("latin-1")  # as Starlette decoded it
        if not hmac.compare_digest(given, secret):
            return Response(status_code=403)
        update = _update(await request.body(), app)
        if update is None:
            return Response(status_code=400)
        if storage.receive([(update.update_id, json.dumps(update.to_dict()))], retake=True):  # else: handled
            await handle(app, storage, update, update.update_id)
        return Response()

    async def health(_: Request) -> JSONResponse:
        running, database = app.running, storage.ping()
        return JSONResponse({"ok": running and database, "running": running, "database": database},
                            status_code=200 if running and database else 503)

    return Starlette(routes=[Route(settings.webhook_path, take, methods=["POST"]), Route("/healthz", health)],
                     lifespan=lifespan)


def _update(body: bytes, app: Application) -> Update | None:
    """The update a request carries; None, logged in one line, for a body that is not one."""
    try:
        data = json.loads(body)
        if isinstance(data, dict) and isinstance(data.get("update_id"), int):
            return Update.de_json(data, app.bot)
        problem = "no update_id"
    except NOT_AN_UPDATE as exc:
        problem = f"{type(exc).__name__}: {exc}"
    logger.warning("refused a webhook request that is not a Telegram update (%s)", problem)
    return None


def run_webhook(settings: Settings, engine: Engine, deploy: bool = False) -> None:
    """Serve the webhook with uvicorn until SIGTERM or SIGINT; with `deploy`, this process also does the deploy
    step once it serves (one replica alone, or a local emulator)."""
    settings.require_webhook_secret()  # said before anything is opened
    if deploy:
        settings.require_webhook_url()
    with _listen(settings) as listening:
        run_bot(settings, engine, lambda app, storage: _serve(app, storage, settings, listening, deploy))
    logger.info("stopped")


def _listen(settings: Settings) -> socket.socket:
    """The server's socket, bound before the bot starts: a port in use is one line at once."""
    try:
        return socket.create_server((settings.webhook_host, settings.webhook_port))
    except OSError as exc:
        raise ConfigError(f"cannot listen on {settings.webhook_host}:{settings.webhook_port} (WEBHOOK_HOST, "
                          f"WEBHOOK_PORT): {exc.strerror or exc}") from None


async def _serve(app: Application, storage: Storage, settings: Settings, listening: socket.socket,
                 deploy: bool) -> None:
    stop = asyncio.Event()
    # A signal while connecting ends the retries. Once serving, uvicorn handles SIGTERM and SIGINT, and raises
    # the signal again when it is done: it lands here then, and the run ends (exit code 0) as polling's does.
    stop_on_signals(stop)
    # before serving: a refused token is then one line, not a traceback from the lifespan, which finds it connected
    await connect(app, settings, stop)
    server = uvicorn.Server(uvicorn.Config(
        webhook_app(app, storage, settings), lifespan="on", log_config=None, access_log=False, server_header=False,
        log_level=logging.WARNING,  # its start and stop lines would repeat ours
        # what is unfinished then stays in the inbox (uvicorn counts whole seconds)
        timeout_graceful_shutdown=math.ceil(settings.stop_grace_seconds)))
    logger.info("serving the webhook on http://%s:%d%s as @%s; subscriptions in %s", settings.webhook_host,
                settings.webhook_port, settings.webhook_path, app.bot.username, storage.path)
    serving = asyncio.ensure_future(server.serve(sockets=[listening]))
    if deploy:
        while not server.started and not serving.done():  # Telegram may send updates as soon as it is set
            await asyncio.sleep(0.05)
        try:
            logger.info("%s", await set_webhook(app, settings))
        except ConfigError:
            server.should_exit = True
            await serving
            raise
    await serving


def run_set_webhook(settings: Settings, engine: Engine, delete: bool) -> None:
    """The deploy step, run once (not by each replica): set or delete the webhook; prints what was done."""
    if not delete:  # said before anything is opened
        settings.require_webhook_url()
        settings.require_webhook_secret()

    async def deploy(app: Application, _: Storage) -> None:
        await connect(app, settings, asyncio.Event())
        try:
            print(await set_webhook(app, settings, delete))
        finally:
            await app.shutdown()

    run_bot(settings, engine, deploy)


async def set_webhook(app: Application, settings: Settings, delete: bool = False) -> str:
    """Publish the bot's profile and point Telegram at WEBHOOK_URL with the secret token, or with `delete` remove
    the webhook (back to long polling); returns what was done, in one line."""
    try:
        if delete:
            await app.bot.delete_webhook()
            return f"deleted the webhook of @{app.bot.username}: run the bot with long polling (python -m bot run)"
        url = settings.require_webhook_url()
        await publish_profile(app)  # first: a deploy step that fails leaves the updates going where they went
        await app.bot.set_webhook(url, secret_token=settings.require_webhook_secret(),
                                  allowed_updates=Update.ALL_TYPES,
                                  max_connections=settings.webhook_max_connections)
    except TelegramError as exc:
        raise ConfigError(f"could not {'delete' if delete else 'set'} the webhook ({exc.message})") from None
    return (f"set the webhook of @{app.bot.username} to {url} (up to {settings.webhook_max_connections} "
            "connections at once) and published the command menu and descriptions")
