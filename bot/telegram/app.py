"""The one registration site: build_application holds the builder chain and every handler."""
from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.engine import Engine
from bot.errors import ConfigError
from bot.settings import Settings
from bot.telegram import handlers
from bot.telegram.pacing import ChatPacedRateLimiter, PerChatOrder

logger = logging.getLogger(__name__)
MAX_CONCURRENT_UPDATES = 256
RETRIES_AFTER_FLOOD_WAIT = 3
NO_TOKEN = ("TELEGRAM_BOT_TOKEN is not set. Put the token @BotFather gave you in .env (see .env.example) "
            "or in the environment. To try the bot without Telegram, run: python -m bot chat")


def build_application(settings: Settings, engine: Engine, request: BaseRequest | None = None) -> Application:
    """The bot: python-telegram-bot's Application with every handler registered."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value().strip():
        raise ConfigError(NO_TOKEN)
    builder = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value().strip())
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

    new_message = filters.UpdateType.MESSAGE & handlers.FromHuman()  # edits and other bots are ignored
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    # Commands first: CommandHandler ignores /cmd@OtherBot in groups.
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
    return app


async def _publish_commands(app: Application) -> None:
    """Publish the command menu with a short description of each command."""
    engine: Engine = app.bot_data["engine"]
    await app.bot.set_my_commands([BotCommand(name, spec.description)
                                   for name, spec in engine.knowledge.commands.items()])


def run_polling(settings: Settings, engine: Engine) -> None:
    """Run the bot with long polling until SIGINT or SIGTERM."""
    app = build_application(settings, engine)
    logger.info("starting the bot with long polling")
    app.run_polling(allowed_updates=Update.ALL_TYPES)
    logger.info("stopped")
