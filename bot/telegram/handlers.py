"""Handlers: unwrap the update, ask the engine, reply. No business logic lives here."""
from __future__ import annotations

import asyncio
import html
import logging
import time

from telegram import Bot, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import ContextTypes, filters

from bot.charts import draw
from bot.engine import Answer, Engine, Reading
from bot.settings import Settings
from bot.storage import Storage
from bot.telegram.render import MAX_INLINE_RESULTS, NO_PREVIEW, article, caption, keyboard, split_html

logger = logging.getLogger(__name__)
INLINE_QUERY_LIMIT = 256  # characters of an inline query read as a question
now = time.monotonic  # when a chat's last question was asked (tests replace it)
THREAD = "thread"  # chat_data key: user id -> (last reading, when)


def engine_of(context: ContextTypes.DEFAULT_TYPE) -> Engine:
    """The engine this application was built with."""
    return context.bot_data["engine"]  # type: ignore[no-any-return]


def settings_of(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    """The settings this application was built with."""
    return context.bot_data["settings"]  # type: ignore[no-any-return]


def storage_of(context: ContextTypes.DEFAULT_TYPE) -> Storage:
    """The database this application was built with."""
    return context.bot_data["storage"]  # type: ignore[no-any-return]


def wording(context: ContextTypes.DEFAULT_TYPE, key: str) -> str:
    """A fixed reply from knowledge/answers.yaml, as plain text."""
    return engine_of(context).knowledge.wording.get(key, "en").plain


class AddressedToBot(filters.MessageFilter):
    """A group message meant for the bot: it mentions the bot or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        return _mentions(message, bot)


class FromHuman(filters.MessageFilter):
    """Not sent by a bot (other bots' chatter is never answered). A message sent on behalf of a chat
    (an anonymous group administrator, a channel) comes from a person, though Telegram names a bot."""

    def filter(self, message: Message) -> bool:
        if message.via_bot is not None:
            return False
        return message.sender_chat is not None or message.from_user is None or not message.from_user.is_bot


def _mentions(message: Message, bot: Bot) -> bool:
    for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.user is not None and entity.user.id == bot.id:
            return True
        if bot.username and text.lower() == f"@{bot.username.lower()}":
            return True
    return False


def question_of(message: Message) -> str:
    """The question in a message, without the bot's @username."""
    text = message.text or ""
    username = message.get_bot().username
    if username:
        text = text.replace(f"@{username}", " ")
    return text.strip()


def _recall(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> Reading | None:
    thread = context.chat_data.get(THREAD, {}) if context.chat_data is not None else {}
    found = thread.get(user_id)
    if found is None or now() - found[1] > settings_of(context).follow_up_minutes * 60:
        return None
    return found[0]  # type: ignore[no-any-return]


def _remember(context: ContextTypes.DEFAULT_TYPE, user_id: int, reading: Reading) -> None:
    if context.chat_data is not None:
        context.chat_data.setdefault(THREAD, {})[user_id] = (reading, now())


async def _send_text(bot: Bot, chat_id: int, parts: list[str], answer: Answer, reply_to: int | None) -> None:
    """Send HTML parts in order: the first replies to `reply_to`, the last carries the buttons."""
    for number, part in enumerate(parts, 1):
        await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                               reply_parameters=ReplyParameters(reply_to) if reply_to and number == 1 else None,
                               reply_markup=keyboard(answer) if number == len(parts) else None)


async def _send(bot: Bot, chat_id: int, answer: Answer, reply_to: int | None = None) -> None:
    """Send a whole answer: its chart as a photo (captioned by the answer when it fits), then its text."""
    if answer.chart is not None:
        png = await asyncio.to_thread(draw, answer.chart)
        text = caption(answer)
        label = html.escape(answer.chart.title) + "\n" + html.escape(answer.chart.note)
        await bot.send_photo(chat_id, png, caption=text or label, parse_mode=ParseMode.HTML,
                             reply_parameters=ReplyParameters(reply_to) if reply_to else None,
                             reply_markup=keyboard(answer) if text else None)
        if text:
            return
        reply_to = None
    await _send_text(bot, chat_id, split_html(answer.html), answer, reply_to)


async def answer_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question or a command."""
    message = update.effective_message
    if message is None:
        return
    user_id = message.from_user.id if message.from_user else message.chat.id
    answer = engine_of(context).answer(question_of(message), _recall(context, user_id))
    _remember(context, user_id, answer.reading)
    await _send(context.bot, message.chat_id,
                answer, reply_to=message.message_id if message.chat.type != ChatType.PRIVATE else None)


async def hint_text_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat, a sticker, photo or voice message gets a hint to ask in text."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(wording(context, "telegram_non_text"))


async def choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed suggestion button: answer the callback and turn the message into the answer."""
    query = update.callback_query
    if query is None:
        return
    answer = engine_of(context).answer_choice(query.data or "")
    if answer is None:
        await query.answer(wording(context, "telegram_stale_choice"))
        return
    await query.answer()
    _remember(context, query.from_user.id, answer.reading)
    parts = split_html(answer.html)
    try:
        await query.edit_message_text(parts[0], parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                                      reply_markup=keyboard(answer) if len(parts) == 1 else None)
    except BadRequest as exc:
        if "not modified" in str(exc).lower() or query.message is None:  # pressed twice / an inline message
            return
        # the message is gone or too old to edit: the whole answer goes in new messages
        logger.info("could not edit message %s (%s); sending the answer anew", query.message.message_id, exc)
        await _send(context.bot, query.message.chat.id, answer)
        return
    if query.message is None:  # an inline message: only its text can change
        return
    chat_id = query.message.chat.id
    if answer.chart is not None:
        png = await asyncio.to_thread(draw, answer.chart)
        await context.bot.send_photo(chat_id, png, caption=html.escape(answer.chart.title))
    await _send_text(context.bot, chat_id, parts[1:], answer, None)


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """@bot <question> in any chat: the answer (and its alternatives) as articles to post."""
    query = update.inline_query
    if query is None:
        return
    engine = engine_of(context)
    text = query.query.strip()[:INLINE_QUERY_LIMIT]
    if not text:
        results = [article(q[0].upper() + q[1:], engine.answer(q)) for q in engine.knowledge.headlines]
    else:
        answer = engine.answer(text)
        results = [article(text, answer)]
        for choice in answer.choices:
            if (other := engine.answer_choice(choice.data)) is not None:
                results.append(article(choice.label, other))
    await query.answer(results[:MAX_INLINE_RESULTS], cache_time=300)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its traceback; in a private chat, tell the person politely.

    A chat that blocked or removed the bot, or became a supergroup, is not a failure: its
    subscription is dropped or moved, and nothing is logged as an error.
    """
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is not None and isinstance(context.error, Forbidden):
        storage_of(context).unsubscribe(chat.id)
        logger.info("chat %s blocked or removed the bot: %s", chat.id, context.error)
        return
    if chat is not None and isinstance(context.error, ChatMigrated):
        storage_of(context).migrate_chat(chat.id, context.error.new_chat_id)
        logger.info("chat %s moved to %s", chat.id, context.error.new_chat_id)
        return
    described = update.to_dict() if isinstance(update, Update) else repr(update)
    logger.error("handling update %s failed", described, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != ChatType.PRIVATE:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, wording(context, "telegram_error"))
    except TelegramError as exc:
        logger.warning("could not tell chat %s about the failure: %s", update.effective_chat.id, exc)
