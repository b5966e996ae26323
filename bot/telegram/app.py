"""The one registration site: build_application holds the builder chain and every handler;
run_polling starts it, stops it within a grace period, and turns start-up faults into one line."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeDefault,
)
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.engine import Engine
from bot.errors import ConfigError
from bot.settings import Settings
from bot.storage import Storage, masked
from bot.telegram import handlers, subscriptions
from bot.telegram.pacing import ChatPacedRateLimiter, PerChatOrder
from bot.telegram.polling import BACKOFF_FIRST, REFUSED_TOKEN, Poller, stop_on_signals

logger = logging.getLogger(__name__)
MAX_CONCURRENT_UPDATES = 256
RETRIES_AFTER_FLOOD_WAIT = 3
CATCH_UP_AFTER_SECONDS = 30  # a week's digest missed while no replica ran is posted this long after a start
FORGET_EVERY_SECONDS = 3600  # how often what chats no longer need is dropped from the database


def build_application(settings: Settings, engine: Engine, storage: Storage,
                      request: BaseRequest | None = None) -> Application:
    """The bot: python-telegram-bot's Application with every handler registered."""
    builder = (
        Application.builder()
        .token(settings.require_token())
        .base_url(settings.telegram_base_url)
        .concurrent_updates(PerChatOrder(MAX_CONCURRENT_UPDATES))
        .rate_limiter(ChatPacedRateLimiter(settings.per_chat_messages_per_second,
                                           max_retries=RETRIES_AFTER_FLOOD_WAIT))
    )
    if request is not None:  # tests pass a request over an in-process fake Bot API
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data["engine"] = engine
    app.bot_data["settings"] = settings
    app.bot_data["storage"] = storage
    app.bot_data[handlers.BACKGROUND] = set()

    new_message = filters.UpdateType.MESSAGE & handlers.FromHuman()  # edits and other bots are ignored
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    # Subscriptions also come as channel posts, which only a channel's administrators can make.
    for name, callback in (("subscribe", subscriptions.subscribe), ("unsubscribe", subscriptions.unsubscribe),
                           ("status", subscriptions.status)):
        app.add_handler(CommandHandler(name, callback, filters=new_message | filters.UpdateType.CHANNEL_POST))
    app.add_handler(CommandHandler("publish", subscriptions.publish_now, filters=new_message))
    app.add_handler(ChatMemberHandler(subscriptions.membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, subscriptions.migrated))
    # Question commands: CommandHandler ignores /cmd@OtherBot in groups.
    app.add_handler(CommandHandler(list(engine.knowledge.commands), handlers.answer_message, filters=new_message))
    # Unknown commands: the help in private chats; in groups they may be another bot's, so silence.
    app.add_handler(MessageHandler(new_message & private & filters.COMMAND, handlers.answer_message))
    app.add_handler(MessageHandler(new_message & private & filters.TEXT, handlers.answer_message))
    app.add_handler(MessageHandler(new_message & groups & filters.TEXT & ~filters.COMMAND
                                   & handlers.AddressedToBot(), handlers.answer_message))
    # Anything else a person sends privately (stickers, photos, voice) gets a hint; service messages do not.
    app.add_handler(MessageHandler(new_message & private & ~filters.TEXT & ~filters.StatusUpdate.ALL,
                                   handlers.hint_text_only))
    app.add_handler(CallbackQueryHandler(handlers.choose))
    app.add_handler(InlineQueryHandler(handlers.inline_query))
    app.add_error_handler(handlers.on_error)
    if app.job_queue is not None:
        app.job_queue.run_daily(subscriptions.weekly_digest, settings.weekly_digest_time,
                                days=((settings.weekly_digest_day + 1) % 7,),  # PTB counts from Sunday
                                name="weekly digest")
        app.job_queue.run_once(subscriptions.weekly_digest, CATCH_UP_AFTER_SECONDS, name=subscriptions.CATCH_UP)
        app.job_queue.run_repeating(handlers.forget, FORGET_EVERY_SECONDS, first=FORGET_EVERY_SECONDS)
    return app


async def publish_profile(app: Application) -> None:
    """What Telegram shows of the bot before a first question, in each of its languages: the command menu by
    scope (the subscription commands only in private chats and to group administrators, who alone may use
    them there), the description on the empty chat screen and the short description on the profile."""
    knowledge = app.bot_data["engine"].knowledge
    wording = knowledge.wording
    for lang, menu in knowledge.menus.items():
        code = None if lang == "en" else lang  # English is the menu of every language without its own
        asking = [BotCommand(name, menu[name]) for name in knowledge.commands]
        managing = asking + [BotCommand(name, menu[name]) for name in knowledge.chat_commands]
        for scope, commands in ((BotCommandScopeDefault(), asking), (BotCommandScopeAllPrivateChats(), managing),
                                (BotCommandScopeAllChatAdministrators(), managing)):
            await app.bot.set_my_commands(commands, scope=scope, language_code=code)
        await app.bot.set_my_description(wording.get("bot_description", lang).plain, language_code=code)
        await app.bot.set_my_short_description(wording.get("bot_short_description", lang).plain, language_code=code)


async def connect(app: Application, settings: Settings, stop: asyncio.Event) -> None:
    """Initialise the application, which asks the Bot API who the bot is: a refused token is a ConfigError at
    once; an unreachable or garbled Bot API is tried again STARTUP_RETRIES times, then a ConfigError."""
    where = masked(settings.telegram_base_url)
    wait = BACKOFF_FIRST
    for attempt in range(settings.startup_retries + 1):
        try:
            await app.initialize()
            return
        except InvalidToken as exc:
            await app.bot.shutdown()
            raise ConfigError(REFUSED_TOKEN.format(reason=exc.message) + f" (TELEGRAM_BASE_URL {where})") from None
        except TelegramError as exc:
            if attempt == settings.startup_retries or stop.is_set():
                await app.bot.shutdown()
                raise ConfigError(f"cannot reach the Bot API at TELEGRAM_BASE_URL {where} ({exc.message}); "
                                  "check the URL and the network") from None
            logger.warning("cannot reach the Bot API at %s (%s); trying again in %.0f s", where, exc.message, wait)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)
            wait *= 2


@contextlib.asynccontextmanager
async def started(app: Application, settings: Settings, stop: asyncio.Event) -> AsyncIterator[None]:
    """The application connected and started (its job queue running) for the body; then its background tasks
    cancelled, and it stopped and shut down."""
    await connect(app, settings, stop)
    try:
        await app.start()
        yield
    finally:
        background: set[asyncio.Task[object]] = app.bot_data[handlers.BACKGROUND]
        for task in background:  # a broadcast cut short resumes at the next publish
            task.cancel()
        if app.running:
            await app.stop()
        await app.shutdown()


def run_bot(settings: Settings, engine: Engine,
            serve: Callable[[Application, Storage], Coroutine[Any, Any, None]]) -> None:
    """Open the database, build the bot, and run `serve` with them to its end."""
    storage = Storage.open(settings.database_url)
    try:
        # what subscribers are taken to know, so that a publish after data/ changed can say what changed
        if storage.keep_baseline(engine.digest.snapshot()):
            logger.info("recorded the facts in data/ as the baseline for publishing")
        asyncio.run(serve(build_application(settings, engine, storage), storage))
    finally:
        storage.close()


def run_polling(settings: Settings, engine: Engine) -> None:
    """Run the bot with long polling until SIGINT or SIGTERM."""
    run_bot(settings, engine, lambda app, storage: _serve(app, storage, settings))
    logger.info("stopped")


async def _serve(app: Application, storage: Storage, settings: Settings) -> None:
    stop = asyncio.Event()
    stop_on_signals(stop)
    async with started(app, settings, stop):
        try:
            await app.bot.delete_webhook()  # polling was chosen: a webhook set earlier would refuse getUpdates
            await publish_profile(app)
        except TelegramError as exc:
            logger.warning("could not publish the command menu and description (%s); the bot works without them",
                           exc.message)
        logger.info("started as @%s with long polling; subscriptions in %s", app.bot.username, storage.path)
        await Poller(app, storage, settings.stop_grace_seconds).run(stop)
