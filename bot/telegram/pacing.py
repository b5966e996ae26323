"""Keeping to Telegram's pace: updates of one chat in order, replies into one chat about one a second."""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import AIORateLimiter, BaseUpdateProcessor

JSONDict = dict[str, Any]


class PerChatOrder(BaseUpdateProcessor):
    """Processes updates of different chats concurrently, and those of one chat in arrival order.

    A follow-up ("and Togo?") must see the question before it; a slow reply in one chat must not
    hold up every other chat.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await `coroutine` once every earlier update of the same chat is done."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[chat.id] -= 1
            if not self._waiting[chat.id]:
                del self._waiting[chat.id], self._locks[chat.id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


class TokenBucket:
    """Allows `burst` events at once, then `rate` a second."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens = float(burst)
        self.stamp = clock()

    def delay(self) -> float:
        """Take one token; return how long to wait before using it (0 when there is one now)."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


class ChatPacedRateLimiter(AIORateLimiter):
    """PTB's AIORateLimiter (30 a second in all, 20 a minute per group, RetryAfter honoured)
    plus a per-chat pace for private chats, which it leaves unlimited."""

    def __init__(self, per_chat_per_second: float, burst: int = 3, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._per_chat_per_second = per_chat_per_second
        self._burst = burst
        self._buckets: dict[int, TokenBucket] = {}

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Wait for the chat's turn, then let AIORateLimiter send."""
        chat_id = data.get("chat_id")
        if isinstance(chat_id, int) and chat_id > 0:
            bucket = self._buckets.get(chat_id)
            if bucket is None:
                bucket = self._buckets[chat_id] = TokenBucket(self._per_chat_per_second, self._burst)
            if len(self._buckets) > 10_000:  # forget chats that have been quiet for a while
                now = time.monotonic()
                self._buckets = {k: b for k, b in self._buckets.items() if now - b.stamp < 60}
            wait = bucket.delay()
            if wait:
                await asyncio.sleep(wait)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
