"""The one registration site: build_application holds the builder chain and every handler."""
from __future__ import annotations

import logging

from telegram import BotCommand, Update
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
from bot.settings import Settings
from bot.storage import Storage
from bot.telegram import handlers, subscriptions
from bot.telegram.pacing import ChatPacedRateLimiter, PerChatOrder

logger = logging.getLogger(__name__)
MAX_CONCURRENT_UPDATES = 256
RETRIES_AFTER_FLOOD_WAIT = 3


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
        .post_init(_publish_commands)
    )
    if request is not None:  # tests pass a request over an in-process fake Bot API
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data["engine"] = engine
    app.bot_data["settings"] = settings
    app.bot_data["storage"] = storage

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
    return app


async def _publish_commands(app: Application) -> None:
    """Publish the command menu with a short description of each command."""
    engine: Engine = app.bot_data["engine"]
    knowledge = engine.knowledge
    await app.bot.set_my_commands([BotCommand(name, spec.description) for name, spec in knowledge.commands.items()]
                                  + [BotCommand(name, text) for name, text in knowledge.chat_commands.items()])


def run_polling(settings: Settings, engine: Engine) -> None:
    """Run the bot with long polling until SIGINT or SIGTERM."""
    storage = Storage.open(settings.database_url)
    try:
        # what subscribers are taken to know, so that a publish after data/ changed can say what changed
        if storage.keep_baseline(engine.digest.snapshot()):
            logger.info("recorded the facts in data/ as the baseline for publishing")
        app = build_application(settings, engine, storage)
        logger.info("starting the bot with long polling; subscriptions in %s", storage.path)
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    finally:
        storage.close()
    logger.info("stopped")
