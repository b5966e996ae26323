"""Broadcasting a post to every subscriber, at a pace Telegram will not throttle, at most once.

A pacer hands out send slots evenly (30 a second by default, a setting) and each group or
channel gets at most 20 a minute. What a failed request means is read by `outcomes.outcome`:
429: wait as told and go on. 403 or "chat not found": the chat is unsubscribed. A migrated group
gets the post at its new id. 5xx and connections that never opened: retried with backoff, a
bounded number of times. A timeout or a connection lost after the request went out: the
delivery is unconfirmed and not sent again. Every delivery is claimed in the database before its
request and marked when Telegram answers, so a run that is killed and started again sends only
what is left, and nobody gets a post twice.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import ChatMigrated, RetryAfter, TelegramError

from bot.storage import Storage
from bot.telegram.outcomes import Outcome, outcome, retry_after
from bot.telegram.pacing import TokenBucket
from bot.telegram.render import NO_PREVIEW

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
    unconfirmed: int = 0
    skipped: int = 0
    started: float = 0.0
    elapsed: float = 0.0  # once the broadcast is over, by the broadcaster's clock

    @property
    def done(self) -> int:
        """Deliveries finished, whatever their outcome."""
        return self.sent + self.failed + self.gone + self.unconfirmed + self.skipped

    def line(self, now: float) -> str:
        """One line for the console: sent, left, failed, time to go."""
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = self.total - self.done
        eta = left / rate if rate > 0 else 0.0
        return (f"sent {self.sent:,}, left {left:,}, failed {self.failed:,}, unsubscribed {self.gone:,}, "
                f"unconfirmed {self.unconfirmed:,}; {rate:.1f}/s, about {eta:.0f} s to go")


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
            except TelegramError as exc:
                found = outcome(exc)
                if found is Outcome.WAIT and isinstance(exc, RetryAfter):
                    self.storage.release(post_id, chat)
                    await self.sleep(retry_after(exc))
                    continue
                if found is Outcome.MIGRATED and isinstance(exc, ChatMigrated):
                    self.storage.migrate_chat(chat, exc.new_chat_id)
                    chat = exc.new_chat_id
                    self.storage.release(post_id, chat)
                    continue
                if found is Outcome.RETRY and failures < self.limits.retries:
                    failures += 1
                    self.storage.release(post_id, chat)
                    await self.sleep(self.limits.backoff_seconds * 2 ** (failures - 1))
                    continue
                self._settle(post_id, chat, found, str(exc), progress)
                return
            self.storage.mark(post_id, chat, "sent")
            progress.sent += 1
            return

    def _settle(self, post_id: int, chat: int, found: Outcome, reason: str, progress: Progress) -> None:
        """Record a delivery that ended without a confirmation."""
        if found is Outcome.GONE:  # the bot was removed or blocked: unsubscribe the chat
            self.storage.unsubscribe(chat)
            self.storage.mark(post_id, chat, "gone", reason)
            progress.gone += 1
        elif found is Outcome.UNCONFIRMED:
            self.storage.mark(post_id, chat, "unconfirmed", reason)
            progress.unconfirmed += 1
        else:
            self.storage.mark(post_id, chat, "failed", reason)
            progress.failed += 1
