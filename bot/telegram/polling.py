"""Long polling that loses no question: an update is confirmed to Telegram only once it is kept.

python-telegram-bot's Updater confirms every fetched update with its next getUpdates call, whether
or not it has been handled, so a stop that becomes a kill loses what was fetched but not yet
answered. Here each batch is written to the database's inbox before the next getUpdates confirms
it, an update leaves the inbox only when its handling is done, and what a stopped run left there
is handled first at the next start. A re-delivered update is recognised by its id and dropped.

On SIGTERM or SIGINT fetching stops at once; updates being handled get a grace period
(STOP_GRACE_SECONDS); what is unfinished then stays in the inbox for the next start.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
from collections.abc import Callable

from telegram import Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError
from telegram.ext import Application

from bot.errors import ConfigError
from bot.storage import Storage
from bot.telegram.outcomes import retry_after

logger = logging.getLogger(__name__)
POLL_SECONDS = 10  # how long one getUpdates waits for news
BACKOFF_FIRST, BACKOFF_MAX = 1.0, 60.0  # seconds between attempts when the Bot API cannot be reached
REFUSED_TOKEN = ("the Bot API refused TELEGRAM_BOT_TOKEN ({reason}): check the token @BotFather gave you, "
                 "and that TELEGRAM_BASE_URL ends in /bot")


class Poller:
    """Fetches updates, keeps them in the inbox, and hands each to the Application exactly once."""

    def __init__(self, app: Application, storage: Storage, grace: float) -> None:
        self.app, self.storage, self.grace = app, storage, grace
        self.handling: set[asyncio.Task[None]] = set()

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; then let what is being handled finish within the grace period."""
        for update_id, body in self.storage.unhandled():
            self._handle_later(Update.de_json(json.loads(body), self.app.bot), update_id)
        try:
            await self._poll(stop)
        finally:
            await self._drain()

    async def _poll(self, stop: asyncio.Event) -> None:
        offset: int | None = None
        backoff = BACKOFF_FIRST
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                fetch = asyncio.ensure_future(self.app.bot.get_updates(
                    offset=offset, timeout=POLL_SECONDS, allowed_updates=Update.ALL_TYPES))
                await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():  # stopping: what this request would return is not confirmed
                    fetch.cancel()
                    with contextlib.suppress(asyncio.CancelledError, TelegramError):
                        await fetch
                    return
                try:
                    updates = fetch.result()
                except RetryAfter as exc:
                    await self._pause(stop, retry_after(exc))
                    continue
                except InvalidToken as exc:
                    raise ConfigError(REFUSED_TOKEN.format(reason=exc.message)) from None
                except TelegramError as exc:  # no connection, 5xx, a garbled answer, another poller
                    why = ("another process is polling with this token, or a webhook is set"
                           if isinstance(exc, Conflict) else "cannot reach the Bot API")
                    logger.warning("%s (%s); trying again in %.0f s", why, exc.message, backoff)
                    await self._pause(stop, backoff)
                    backoff = min(backoff * 2, BACKOFF_MAX)
                    continue
                backoff = BACKOFF_FIRST
                if not updates:
                    continue
                fresh = set(self.storage.receive([(u.update_id, json.dumps(u.to_dict())) for u in updates]))
                for update in updates:  # in Telegram's order: one chat's updates are then handled in order
                    if update.update_id in fresh:
                        self._handle_later(update, update.update_id)
                offset = updates[-1].update_id + 1  # confirms this batch, now kept, with the next request
        finally:
            stopping.cancel()

    async def _pause(self, stop: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)

    def _handle_later(self, update: Update, update_id: int) -> None:
        task = asyncio.ensure_future(handle(self.app, self.storage, update, update_id))
        self.handling.add(task)
        task.add_done_callback(self.handling.discard)

    async def _drain(self) -> None:
        """Give what is being handled the grace period; what is left stays in the inbox."""
        if not self.handling:
            return
        _, unfinished = await asyncio.wait(set(self.handling), timeout=self.grace)
        for task in unfinished:
            task.cancel()
        if unfinished:
            logger.info("stopping: %d updates not handled within %.0f s stay for the next start",
                        len(unfinished), self.grace)
            await asyncio.gather(*unfinished, return_exceptions=True)


async def handle(app: Application, storage: Storage, update: Update, update_id: int) -> None:
    """Process a kept update in its chat's turn (after the chat's earlier ones), then mark it handled."""
    handling = app.process_update(update)
    try:
        await app.update_processor.process_update(update, handling)
    except asyncio.CancelledError:
        handling.close()  # stopped before its turn came: it stays in the inbox
        raise
    storage.handled(update_id)


def stop_on_signals(stop: asyncio.Event, *also: Callable[[], None]) -> None:
    """SIGTERM and SIGINT set `stop` (and call each of `also`)."""
    loop = asyncio.get_running_loop()

    def stopping() -> None:
        stop.set()
        for call in also:
            call()

    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stopping)
