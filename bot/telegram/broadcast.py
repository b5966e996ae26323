"""Broadcasting a post to every subscriber, at a pace Telegram will not throttle, at most once, from one
process or from several on several machines together.

Every sender (a `publish` run, a `publish --worker`, a bot replica's /publish) draws send slots
from one budget in the database, so all of them together keep to the rate (30 a second by default;
1,000 with paid broadcasts), and a 429 holds the budget back for all of them. Each group or
channel also gets at most 20 a minute. What a failed request means is read by
`outcomes.outcome`: 429: wait as told and go on. 403 or "chat not found": the chat is
unsubscribed. A migrated group gets the post at its new id. 5xx and connections that never
opened: retried with backoff, a bounded number of times. A timeout or a connection lost after the
request went out: the delivery is unconfirmed and not sent again.

Every delivery is claimed in the database before its request and marked when Telegram answers,
so senders never share one, and nobody gets a post twice. A sender beats a heartbeat while it
works; what a sender that went silent (killed) had in flight becomes unconfirmed, and what it had
put back to retry later becomes free for the others: nothing is lost and nothing sent twice.
"""
from __future__ import annotations

import asyncio
import os
import secrets
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import ChatMigrated, RetryAfter, TelegramError

from bot.storage import Storage
from bot.telegram.outcomes import Outcome, outcome, retry_after
from bot.telegram.pacing import TokenBucket
from bot.telegram.render import NO_PREVIEW

# A slot is used at most LATE seconds after its time, else dropped: sends then fall within windows of 1 + LATE
# seconds that hold as many slots as one second at the rate, when slots are (1 + LATE) / rate apart; the
# 0.001 more keeps evenly spaced sends off the window's edge, where rounding tipped one over (found by the tests)
LATE = 0.02
SAFETY_MARGIN = 1.001 + LATE
# slots taken from the shared budget at a time: fewer database writes, but a sender still uses what it took
# after another sender's 429 held the budget back (so at most MAX_BATCH)
BATCH_SECONDS, MAX_BATCH = 0.2, 20
HEARTBEAT_SECONDS = 2.0
LEASE_SECONDS = 10.0  # a sender silent this long is taken for dead, and its claims settled
BUDGET = "broadcast"
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Limits:
    """Telegram's limits as settings."""

    per_second: float = 30.0
    per_chat_per_minute: float = 20.0
    retries: int = 5
    backoff_seconds: float = 1.0
    senders: int = 16  # requests in flight at once in one process (BROADCAST_CONCURRENCY)
    paid: bool = False  # allow_paid_broadcast: Telegram then allows up to 1,000 a second, paid above 30


def sender_name() -> str:
    """A name for this sender, unique across machines and restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


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
    """Hands out send slots from the budget every sender shares, one caller at a time.

    Slots are taken from the database a batch at a time and used in order; a slot the event loop
    reaches more than LATE seconds after its time is dropped, so sends never bunch up.
    """

    def __init__(self, storage: Storage, rate: float, clock: Clock, sleep: Sleep) -> None:
        self.storage, self.clock, self.sleep = storage, clock, sleep
        self.interval = SAFETY_MARGIN / rate
        self.batch = max(1, min(MAX_BATCH, int(rate * BATCH_SECONDS)))
        self.slots: deque[float] = deque()
        self.lock = asyncio.Lock()

    async def wait(self) -> None:
        """Return when it is this caller's turn to send."""
        async with self.lock:
            while True:
                if not self.slots:
                    first = self.storage.reserve(BUDGET, self.clock(), self.interval, self.batch)
                    self.slots.extend(first + n * self.interval for n in range(self.batch))
                slot = self.slots.popleft()
                wait = slot - self.clock()
                if wait > 0:
                    await self.sleep(wait)
                    return
                if wait >= -LATE:
                    return

    def hold(self, seconds: float) -> None:
        """Telegram said to wait: no sender anywhere gets a slot for `seconds`."""
        self.slots.clear()
        self.storage.hold_budget(BUDGET, self.clock() + seconds)


class Broadcaster:
    """Sends one post to the chats that are still pending for it, beside any other senders."""

    def __init__(self, bot: Bot, storage: Storage, limits: Limits, clock: Clock = time.time,
                 sleep: Sleep = asyncio.sleep, report: Callable[[str], None] | None = None) -> None:
        self.bot, self.storage, self.limits = bot, storage, limits
        self.clock, self.sleep, self.report = clock, sleep, report
        self.pacer = Pacer(storage, limits.per_second, clock, sleep)
        self.chat_buckets: dict[int, TokenBucket] = {}
        self.name = sender_name()
        self.stopping = False

    async def deliver(self, post_id: int, html: str, poll: float = 1.0) -> Progress:
        """Send the post to every pending chat this sender can claim, until every delivery is settled; returns
        the tally. When nothing is left to take, other senders may still hold deliveries: wait for them, or,
        once one has been silent for LEASE_SECONDS (killed), settle what it held and send what it kept back."""
        progress = Progress(total=self.storage.counts(post_id)["pending"], started=self.clock())
        self.storage.heartbeat(self.name, self.clock())
        beating = asyncio.ensure_future(self._beat())
        reporter = asyncio.ensure_future(self._report(progress)) if self.report else None
        try:
            while not self.stopping:
                senders = min(self.limits.senders, self.storage.counts(post_id)["pending"])
                await asyncio.gather(*(self._sender(post_id, html, progress) for _ in range(senders)))
                if self.stopping or not self.storage.in_hand(post_id):
                    break
                await asyncio.sleep(poll)
                self.storage.settle_abandoned(post_id, self.clock() - LEASE_SECONDS)
        finally:
            for task in (beating, reporter):
                if task is not None:
                    task.cancel()
            # what this sender still holds (only if it was stopped) is settled by whoever finishes the post
            self.storage.retire(self.name)
        progress.elapsed = self.clock() - progress.started
        return progress

    def stop(self) -> None:
        """Take no more deliveries; those in flight are finished."""
        self.stopping = True

    async def _beat(self) -> None:
        while True:  # real time, whatever clock the broadcaster runs on: the beats are for other processes
            await asyncio.sleep(HEARTBEAT_SECONDS)
            self.storage.heartbeat(self.name, self.clock())

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

    async def _sender(self, post_id: int, html: str, progress: Progress) -> None:
        while not self.stopping:
            await self.pacer.wait()
            # claimed only while the request is in flight: a sender killed at any other moment left it pending
            chat = self.storage.claim(post_id, self.name)
            if chat is None:
                return
            await self._one(post_id, chat, html, progress)

    async def _one(self, post_id: int, chat: int, html: str, progress: Progress) -> None:
        failures = 0
        while True:
            await self._chat_turn(chat)
            try:
                await self.bot.send_message(chat, html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                                            allow_paid_broadcast=self.limits.paid or None)
            except TelegramError as exc:
                found = outcome(exc)
                retry = None
                if found is Outcome.WAIT and isinstance(exc, RetryAfter):
                    retry = retry_after(exc)
                    self.pacer.hold(retry)
                elif found is Outcome.MIGRATED and isinstance(exc, ChatMigrated):
                    self.storage.migrate_chat(chat, exc.new_chat_id)
                    chat, retry = exc.new_chat_id, 0.0
                elif found is Outcome.RETRY and failures < self.limits.retries:
                    failures += 1
                    retry = self.limits.backoff_seconds * 2 ** (failures - 1)
                if retry is None:
                    self._settle(post_id, chat, found, str(exc), progress)
                    return
                # proven not sent: kept back for this sender while it waits, and left pending (not in flight) so
                # that a kill now loses nothing
                self.storage.release(post_id, chat, self.name)
                await self.sleep(retry)
                await self.pacer.wait()
                if not self.storage.claim(post_id, self.name, chat):
                    progress.skipped += 1  # freed and taken by another sender after this one was taken for dead
                    return
                continue
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
