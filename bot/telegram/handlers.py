"""Handlers: unwrap the update, ask the engine, reply. No business logic lives here."""
from __future__ import annotations

import asyncio
import functools
import html
import json
import logging
import time
from collections.abc import Coroutine
from typing import Any

from pydantic import TypeAdapter
from telegram import Bot, InlineQueryResultsButton, Message, MessageEntity, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes, filters

from bot.engine import Answer, Engine, Reading
from bot.settings import Settings
from bot.storage import Storage
from bot.telegram.render import MAX_INLINE_RESULTS, NO_PREVIEW, article, split_html
from bot.telegram.sending import Target, send_answer, send_text

logger = logging.getLogger(__name__)
INLINE_QUERY_LIMIT = 256  # characters of an inline query read as a question
now = time.time  # when a chat's last question was asked: in the database, for every replica (tests replace it)
CHAT = 0  # the memory of a chat itself, beside each person's: note key -> when the chat was last given it
NOTE_SECONDS = 24 * 3600  # a note is given in full once a day in a chat; a short mark in between
QUIET_IN_GROUPS = frozenset({"fallback", "thanks"})  # "lol ok" in reply to the bot: no public answer
# answers that do not stand alone as a posted message
NOT_INLINE = frozenset({"fallback", "out_of_scope", "greeting", "help", "thanks", "chart_partners", "chart_trend"})
BACKGROUND = "background"  # bot_data key: tasks that outlive their update, cancelled when the bot stops


def engine_of(context: ContextTypes.DEFAULT_TYPE) -> Engine:
    """The engine this application was built with."""
    return context.bot_data["engine"]  # type: ignore[no-any-return]


def settings_of(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    """The settings this application was built with."""
    return context.bot_data["settings"]  # type: ignore[no-any-return]


def storage_of(context: ContextTypes.DEFAULT_TYPE) -> Storage:
    """The database this application was built with."""
    return context.bot_data["storage"]  # type: ignore[no-any-return]


def in_background(context: ContextTypes.DEFAULT_TYPE, coroutine: Coroutine[Any, Any, object],
                  update: object | None = None) -> None:
    """Run `coroutine` beside the updates (a long broadcast must not hold up a chat); a stop cancels it."""
    task = context.application.create_task(coroutine, update=update)
    tasks: set[asyncio.Task[object]] = context.bot_data[BACKGROUND]
    tasks.add(task)
    task.add_done_callback(tasks.discard)


def wording(context: ContextTypes.DEFAULT_TYPE, key: str, language: str = "en") -> str:
    """A fixed reply from knowledge/answers.yaml, as plain text."""
    return engine_of(context).knowledge.wording.get(key, language).plain


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


@functools.cache
def _readings() -> TypeAdapter[Reading]:
    """Readings to and from JSON, as the database keeps them."""
    return TypeAdapter(Reading)


def _recall(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> Reading | None:
    """The person's last question in this chat, while a follow-up may still continue it."""
    found = storage_of(context).recall(chat_id, user_id)
    if found is None or now() - found[1] > settings_of(context).follow_up_minutes * 60:
        return None
    return _readings().validate_json(found[0])


def _remember(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int, answer: Answer,
              notes: dict[str, float]) -> None:
    """Keep the question for a follow-up, and the notes the chat was given (`notes`: as `_notes` read them before
    this answer), where every replica finds them."""
    states = {user_id: _readings().dump_json(answer.reading).decode()}
    if answer.notes:
        states[CHAT] = json.dumps(notes | dict.fromkeys(answer.notes, now()))
    storage_of(context).remember(chat_id, states, now())


def _notes(context: ContextTypes.DEFAULT_TYPE, chat_id: int | None) -> dict[str, float]:
    """The notes a chat was given, and when (none for a message posted inline, which has no chat)."""
    found = storage_of(context).recall(chat_id, CHAT) if chat_id is not None else None
    return json.loads(found[0]) if found else {}


def _shown(notes: dict[str, float]) -> frozenset[str]:
    """Of a chat's notes, those it was given within a day."""
    return frozenset(key for key, when in notes.items() if now() - when < NOTE_SECONDS)


async def forget(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue's hourly run: drop what no follow-up and no note will need again."""
    storage_of(context).forget_before(now() - max(NOTE_SECONDS, settings_of(context).follow_up_minutes * 60))


def language_of(update: Update, engine: Engine) -> str:
    """The reader's language from Telegram (for commands and buttons), when the bot speaks it; else English."""
    user = update.effective_user
    code = (user.language_code or "")[:2].lower() if user is not None else ""
    return code if code in engine.knowledge.wording.languages else "en"


def target_of(message: Message) -> Target:
    """Where the answer to `message` goes: its chat and topic; in groups, as a reply to it."""
    return Target(message.chat_id, message.message_thread_id if message.is_topic_message else None,
                  message.message_id if message.chat.type != ChatType.PRIVATE else None)


async def answer_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question or a command. In a group, a reply to the bot that asks nothing ("lol ok", "thanks")
    gets no public answer."""
    message = update.effective_message
    if message is None:
        return
    user_id = message.from_user.id if message.from_user else message.chat.id
    engine = engine_of(context)
    question = question_of(message)
    notes = _notes(context, message.chat_id)
    answer = engine.answer(question, _recall(context, message.chat_id, user_id), language_of(update, engine),
                           _shown(notes))
    if (message.chat.type != ChatType.PRIVATE and answer.intent in QUIET_IN_GROUPS
            and not question.startswith("/") and not _mentions(message, message.get_bot())):
        return
    _remember(context, message.chat_id, user_id, answer, notes)
    await send_answer(context.bot, storage_of(context), target_of(message), answer)


async def hint_text_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat, a sticker, photo or voice message gets a hint to ask in text."""
    if update.effective_message is not None:
        await send_text(context.bot, storage_of(context), target_of(update.effective_message),
                        html.escape(wording(context, "telegram_non_text", language_of(update, engine_of(context)))))


async def choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed suggestion button: its answer in a new message, replying to the one with the button."""
    query = update.callback_query
    if query is None:
        return
    notes = _notes(context, query.message.chat.id if query.message is not None else None)
    answer = engine_of(context).answer_choice(query.data or "", _shown(notes))
    if answer is None:
        await query.answer(wording(context, "telegram_stale_choice", language_of(update, engine_of(context))))
        return
    await query.answer()
    if query.message is None:  # a message posted inline: only its text can change, in place
        await query.edit_message_text(split_html(answer.html)[0], parse_mode=ParseMode.HTML,
                                      link_preview_options=NO_PREVIEW)
        return
    message = query.message
    _remember(context, message.chat.id, query.from_user.id, answer, notes)
    thread = message.message_thread_id if isinstance(message, Message) and message.is_topic_message else None
    await send_answer(context.bot, storage_of(context), Target(message.chat.id, thread, message.message_id), answer)


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """@bot <question> in any chat: the answer (and its alternatives) as articles to post, each titled by its
    headline. Only answers that stand alone as a message: no "not sure", no greeting, no chart without its
    picture, no "did you mean" without its buttons."""
    query = update.inline_query
    if query is None:
        return
    engine = engine_of(context)
    language = language_of(update, engine)
    text = query.query.strip()[:INLINE_QUERY_LIMIT]
    asked = [text] if text else engine.knowledge.headlines
    answers = [a for q in asked if (a := engine.answer(q, language=language, offer=False)).intent not in NOT_INLINE]
    if text and answers:  # what else it may have meant
        answers += [other for choice in answers[0].choices
                    if (other := engine.answer_choice(choice.data)) is not None and other.intent not in NOT_INLINE]
    results = [article(answer) for answer in answers]
    await query.answer(results[:MAX_INLINE_RESULTS], cache_time=300,
                       button=InlineQueryResultsButton(text=wording(context, "telegram_open_bot", language),
                                                       start_parameter="help"))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A Telegram error is one warning line; anything else is a bug: logged with its traceback, and in a
    private chat the person is told politely."""
    if isinstance(context.error, TelegramError):
        logger.warning("a Bot API request failed while handling an update: %s", context.error.message)
        return
    described = update.to_dict() if isinstance(update, Update) else repr(update)
    logger.error("handling update %s failed", described, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != ChatType.PRIVATE:
        return
    await send_text(context.bot, storage_of(context), Target(update.effective_chat.id),
                    html.escape(wording(context, "telegram_error", language_of(update, engine_of(context)))))
