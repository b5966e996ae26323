"""Broadcasting a post to every subscriber, at a pace Telegram will not throttle, exactly once.

A pacer hands out send slots evenly (30 a second by default, a setting) and each group or
channel gets at most 20 a minute. 429 RetryAfter: wait as told and go on. 403 Forbidden or
"chat not found": the chat is unsubscribed. A migrated group gets the post at its new id.
Network errors and 5xx: retried with backoff, a bounded number of times. Every delivery is
claimed in the database before it is sent and marked right after, so a run that is killed and
started again sends only what is left, and nobody gets a post twice.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.storage import Storage
from bot.telegram.pacing import TokenBucket
from bot.telegram.render import NO_PREVIEW

GONE_REASONS = ("chat not found", "bot was kicked", "user is deactivated", "have no rights to send",
                "not enough rights", "need administrator rights", "chat_write_forbidden", "peer_id_invalid")
SAFETY_MARGIN = 1.001
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Limits:
    """Telegram's limits as settings."""

    per_second: float = 30.0
    per_chat_per_minute: float = 20.0
    retries: int = 5
    backoff_seconds: float = 1.0
    workers: int = 64


@dataclass
class Progress:
    """Where a broadcast stands."""

    total: int
    sent: int = 0
    failed: int = 0
    gone: int = 0
    skipped: int = 0
    started: float = 0.0
    elapsed: float = 0.0  # once the broadcast is over, by the broadcaster's clock

    @property
    def done(self) -> int:
        """Deliveries finished, whatever their outcome."""
        return self.sent + self.failed + self.gone + self.skipped

    def line(self, now: float) -> str:
        """One line for the console: sent, left, failed, time to go."""
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = self.total - self.done
        eta = left / rate if rate > 0 else 0.0
        return (f"sent {self.sent:,}, left {left:,}, failed {self.failed:,}, unsubscribed {self.gone:,}; "
                f"{rate:.1f}/s, about {eta:.0f} s to go")


class Pacer:
    """Lets one send through at a time, at least 1/rate seconds after the previous one.

    Waiting is serialised, so a task the event loop wakes late cannot bunch up with the next:
    any one-second window holds at most `rate` sends. The requests themselves run concurrently.
    """

    def __init__(self, rate: float, clock: Clock, sleep: Sleep) -> None:
        # a hair under the limit: evenly spaced sends at exactly 1/rate put every (rate+1)-th send on the
        # edge of the one-second window, and rounding tips it over (a 429 a second, found by the tests)
        self.interval = SAFETY_MARGIN / rate
        self.clock, self.sleep = clock, sleep
        self.last = -float("inf")
        self.lock = asyncio.Lock()

    async def wait(self) -> None:
        """Return when it is this caller's turn to send."""
        async with self.lock:
            wait = self.last + self.interval - self.clock()
            if wait > 0:
                await self.sleep(wait)
            self.last = self.clock()


class Broadcaster:
    """Sends one post to the chats that are still pending for it."""

    def __init__(self, bot: Bot, storage: Storage, limits: Limits, clock: Clock = time.monotonic,
                 sleep: Sleep = asyncio.sleep, report: Callable[[str], None] | None = None) -> None:
        self.bot, self.storage, self.limits = bot, storage, limits
        self.clock, self.sleep, self.report = clock, sleep, report
        self.pacer = Pacer(limits.per_second, clock, sleep)
        self.chat_buckets: dict[int, TokenBucket] = {}

    async def deliver(self, post_id: int, html: str) -> Progress:
        """Send the post to every pending chat; returns the tally."""
        chats = self.storage.pending(post_id)
        progress = Progress(total=len(chats), started=self.clock())
        queue: asyncio.Queue[int] = asyncio.Queue()
        for chat in chats:
            queue.put_nowait(chat)

        async def worker() -> None:
            while not queue.empty():
                chat = queue.get_nowait()
                await self._one(post_id, chat, html, progress)

        reporter = asyncio.ensure_future(self._report(progress)) if self.report else None
        try:
            await asyncio.gather(*(worker() for _ in range(min(self.limits.workers, max(1, len(chats))))))
        finally:
            if reporter is not None:
                reporter.cancel()
        progress.elapsed = self.clock() - progress.started
        return progress

    async def _report(self, progress: Progress) -> None:
        assert self.report is not None
        while True:
            await asyncio.sleep(1.0)
            self.report(progress.line(self.clock()))

    async def _chat_turn(self, chat: int) -> None:
        if chat >= 0:  # private chats: one post each, the global pace suffices
            return
        bucket = self.chat_buckets.get(chat)
        if bucket is None:
            per_second = self.limits.per_chat_per_minute / 60
            bucket = self.chat_buckets[chat] = TokenBucket(per_second, 1, self.clock)
        if (wait := bucket.delay()) > 0:
            await self.sleep(wait)

    async def _one(self, post_id: int, chat: int, html: str, progress: Progress) -> None:
        failures = 0
        while True:
            await self._chat_turn(chat)
            await self.pacer.wait()
            # claimed only while the request is in flight: a run killed at any other moment left it pending
            if not self.storage.claim(post_id, chat):
                progress.skipped += 1  # another run has it, or it was done before
                return
            try:
                await self.bot.send_message(chat, html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
            except RetryAfter as exc:
                self.storage.release(post_id, chat)
                await self.sleep(_seconds(exc))
                continue
            except ChatMigrated as exc:
                self.storage.migrate_chat(chat, exc.new_chat_id)
                chat = exc.new_chat_id
                self.storage.release(post_id, chat)
                continue
            except Forbidden as exc:
                self._gone(post_id, chat, str(exc), progress)
                return
            except BadRequest as exc:  # before NetworkError: PTB's BadRequest is a NetworkError
                if any(reason in str(exc).lower() for reason in GONE_REASONS):
                    self._gone(post_id, chat, str(exc), progress)
                else:
                    self._failed(post_id, chat, str(exc), progress)
                return
            except NetworkError as exc:  # timeouts, connection errors, 5xx
                failures += 1
                if failures > self.limits.retries:
                    self._failed(post_id, chat, str(exc), progress)
                    return
                self.storage.release(post_id, chat)
                await self.sleep(self.limits.backoff_seconds * 2 ** (failures - 1))
                continue
            except TelegramError as exc:
                self._failed(post_id, chat, str(exc), progress)
                return
            self.storage.mark(post_id, chat, "sent")
            progress.sent += 1
            return

    def _failed(self, post_id: int, chat: int, reason: str, progress: Progress) -> None:
        self.storage.mark(post_id, chat, "failed", reason)
        progress.failed += 1

    def _gone(self, post_id: int, chat: int, reason: str, progress: Progress) -> None:
        """The bot was removed or blocked: unsubscribe the chat."""
        self.storage.unsubscribe(chat)
        self.storage.mark(post_id, chat, "gone", reason)
        progress.gone += 1


def _seconds(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait: PTB 22 gives an int and warns that it will become a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
