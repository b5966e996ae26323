"""The one way the bot sends into a chat: answers (chart, text, buttons) and short replies alike.

Every request goes through `_reliably`, which meets Bot API errors as the broadcaster does (one
reading of them, in `outcomes`): 429 waits as told, 5xx and connections that never opened are
retried with backoff, a group that became a supergroup gets the message at its new id (and keeps
its subscription), a chat that blocked or removed the bot is unsubscribed, and a message that
may have arrived is not sent again. Each of these is one log line, never a traceback.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatAction, ParseMode
from telegram.error import ChatMigrated, RetryAfter, TelegramError

from bot.charts import draw
from bot.engine import Answer
from bot.storage import Storage
from bot.telegram.outcomes import Outcome, outcome, retry_after
from bot.telegram.render import NO_PREVIEW, caption, keyboard, split_html

logger = logging.getLogger(__name__)
RETRIES = 3  # of a request that failed without sending anything (5xx, no connection)
BACKOFF_SECONDS = 1.0
sleep = asyncio.sleep  # how retries wait (tests replace it)


@dataclass
class Target:
    """Where a message goes: a chat (its id may change once, on migration), a topic, a message to reply to."""

    chat_id: int
    thread: int | None = None
    reply_to: int | None = None

    def reply(self) -> ReplyParameters | None:
        """Reply parameters for the first message of an answer; the answer is sent even if that message is gone."""
        return ReplyParameters(self.reply_to, allow_sending_without_reply=True) if self.reply_to else None


async def _reliably(storage: Storage, target: Target, send: Callable[[int], Awaitable[Message]]) -> Message | None:
    """`send(chat_id)`, meeting Bot API errors; the sent message, or None when it was not (surely) sent."""
    failures = 0
    while True:
        try:
            return await send(target.chat_id)
        except TelegramError as exc:
            found = outcome(exc)
            if found is Outcome.WAIT and isinstance(exc, RetryAfter) and failures < RETRIES:
                failures += 1
                await sleep(retry_after(exc))
                continue
            if found is Outcome.MIGRATED and isinstance(exc, ChatMigrated):
                logger.info("chat %s became supergroup %s; answering there", target.chat_id, exc.new_chat_id)
                storage.migrate_chat(target.chat_id, exc.new_chat_id)
                target.chat_id = exc.new_chat_id
                continue
            if found is Outcome.RETRY and failures < RETRIES:
                failures += 1
                await sleep(BACKOFF_SECONDS * 2 ** (failures - 1))
                continue
            if found is Outcome.GONE:
                storage.unsubscribe(target.chat_id)
                logger.info("chat %s blocked or removed the bot (%s); it is unsubscribed", target.chat_id, exc.message)
            else:
                logger.warning("could not send to chat %s: %s (%s)", target.chat_id, exc.message,
                               "it may have arrived, not sent again" if found is Outcome.UNCONFIRMED else found.value)
            return None


async def send_text(bot: Bot, storage: Storage, target: Target, html: str,
                    markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """One HTML message (at most Telegram's length), as a reply when the target says so."""
    return await _reliably(storage, target, lambda chat: bot.send_message(
        chat, html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW, message_thread_id=target.thread,
        reply_parameters=target.reply(), reply_markup=markup))


async def send_answer(bot: Bot, storage: Storage, target: Target, answer: Answer) -> None:
    """A whole answer: its chart as a photo, captioned by the answer when it fits, then its text in parts;
    the last message carries the buttons. Only the first message replies to the question."""
    buttons = keyboard(answer)
    parts = split_html(answer.html)
    if answer.chart is not None:
        try:
            await bot.send_chat_action(target.chat_id, ChatAction.UPLOAD_PHOTO, message_thread_id=target.thread)
        except TelegramError as exc:  # only a courtesy: the photo itself is what matters
            logger.debug("no chat action for chat %s: %s", target.chat_id, exc.message)
        png = await asyncio.to_thread(draw, answer.chart)
        text, whole = caption(answer)
        sent = await _reliably(storage, target, lambda chat: bot.send_photo(
            chat, png, caption=text, parse_mode=ParseMode.HTML, message_thread_id=target.thread,
            reply_parameters=target.reply(), reply_markup=buttons if whole else None))
        if sent is None or whole:
            return
        target.reply_to = None
    for number, part in enumerate(parts, 1):
        if await send_text(bot, storage, target, part, buttons if number == len(parts) else None) is None:
            return
        target.reply_to = None
