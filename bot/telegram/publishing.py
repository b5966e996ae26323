"""Publishing: what changed in data/ (or the weekly digest) to the chats that subscribed to it."""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any, Literal

from telegram import Bot
from telegram.request import HTTPXRequest

from bot.engine import Bulletin, Engine
from bot.settings import Settings
from bot.storage import Kind, Storage
from bot.telegram.broadcast import LEASE_SECONDS, Broadcaster, Limits, Progress
from bot.telegram.polling import stop_on_signals

Say = Callable[[str], None]
How = Literal["send", "dry-run", "queue", "resend-unconfirmed", "worker"]
WORKER_POLL_SECONDS = 1.0  # how often an idle worker looks for a post to send


def limits_of(settings: Settings) -> Limits:
    """The broadcast limits the settings give."""
    paid = settings.broadcast_paid
    return Limits(per_second=settings.broadcast_paid_per_second if paid else settings.broadcast_per_second,
                  per_chat_per_minute=settings.broadcast_per_chat_per_minute, retries=settings.broadcast_retries,
                  senders=settings.broadcast_concurrency, paid=paid)


async def finish_unfinished(storage: Storage, broadcaster: Broadcaster, say: Say) -> None:
    """Send what is left of unfinished posts, beside any other senders; a request that was in flight when its
    sender stopped is unconfirmed, not sent again."""
    for post in storage.unfinished_posts():
        settled = storage.settle_abandoned(post.id, broadcaster.clock() - LEASE_SECONDS)
        counts = storage.counts(post.id)
        stopped = f"; {settled:,} in flight when the last run stopped are unconfirmed (not sent again)"
        say(f"Resuming post #{post.id} ({post.kind}): {counts['pending']:,} chats left" + (stopped if settled else ""))
        _summary(say, post.id, await deliver(storage, broadcaster, post.id, post.html), storage)


async def deliver(storage: Storage, broadcaster: Broadcaster, post_id: int, html: str) -> Progress:
    """Deliver a post until every delivery is settled, by this sender and any others; then it is finished."""
    progress = await broadcaster.deliver(post_id, html)
    if not broadcaster.stopping:
        storage.finish_post(post_id)
    return progress


def report_unconfirmed(storage: Storage, say: Say, shown: int = 20) -> None:
    """List the deliveries that may or may not have arrived, and how to send them again."""
    found = storage.unconfirmed()
    if not found:
        return
    chats = ", ".join(f"{chat} (post #{post})" for post, chat, _ in found[:shown])
    more = f" and {len(found) - shown:,} more" if len(found) > shown else ""
    say(f"Unconfirmed: {len(found):,} deliveries may or may not have arrived (Telegram did not confirm them), "
        f"so they were not sent again: {chats}{more}. To send them again: python -m bot publish --resend-unconfirmed")


async def resend_unconfirmed(storage: Storage, broadcaster: Broadcaster, say: Say) -> int:
    """Send the unconfirmed deliveries again, as asked; returns how many were made pending."""
    count = storage.resend_unconfirmed()
    say(f"Sending {count:,} unconfirmed deliveries again.")
    await finish_unfinished(storage, broadcaster, say)
    return count


async def publish(engine: Engine, storage: Storage, broadcaster: Broadcaster | None, say: Say,
                  queue: bool = False) -> int:
    """Post what changed since the last publish to the `updates` subscribers; returns chats reached.

    Without a broadcaster it is a dry run: it says what it would post, and to how many chats; or, with
    `queue`, it records the post for the workers (`publish --worker`) to send.
    """
    if broadcaster is not None:
        await finish_unfinished(storage, broadcaster, say)
    report_unconfirmed(storage, say)
    before = storage.last_snapshot()
    bulletin = engine.digest.changes(before) if before is not None else None
    if bulletin is None and not storage.has_posts("updates"):
        bulletin = engine.digest.glance()  # the first post: the brief at a glance
    if bulletin is None:
        say("Nothing has changed in data/ since the last publish; nothing was sent.")
        return 0
    return await _post(storage, broadcaster, say, "updates", bulletin, engine.digest.snapshot(), queue)


async def weekly(engine: Engine, storage: Storage, broadcaster: Broadcaster, say: Say) -> int:
    """Post the weekly "at a glance" digest to the `weekly` subscribers."""
    await finish_unfinished(storage, broadcaster, say)
    return await _post(storage, broadcaster, say, "weekly", engine.digest.glance(), None)


async def _post(storage: Storage, broadcaster: Broadcaster | None, say: Say, kind: Kind, bulletin: Bulletin,
                snapshot: dict[str, Any] | None, queue: bool = False) -> int:
    chats = storage.subscribers(kind)
    if queue:
        post_id = storage.create_post(kind, bulletin.html, chats, snapshot)
        say(f"Post #{post_id} ({kind}) to {len(chats):,} chats is queued for the workers (python -m bot publish "
            "--worker), which send it.")
        return 0
    if broadcaster is None:
        say(bulletin.plain)
        say(f"\nDry run: this post would reach {len(chats):,} chats subscribed to {kind}; nothing was sent.")
        return 0
    post_id = storage.create_post(kind, bulletin.html, chats, snapshot)
    say(f"Post #{post_id} ({kind}) to {len(chats):,} chats.")
    progress = await deliver(storage, broadcaster, post_id, bulletin.html)
    _summary(say, post_id, progress, storage)
    return progress.sent


def _summary(say: Say, post_id: int, progress: Progress, storage: Storage) -> None:
    counts = storage.counts(post_id)
    unconfirmed = counts["unconfirmed"] + counts["sending"]
    say(f"Post #{post_id}: sent {counts['sent']:,}, failed {counts['failed']:,}, unsubscribed {counts['gone']:,}"
        f" (blocked or removed), unconfirmed {unconfirmed:,}; this run sent {progress.sent:,}"
        f" in {progress.elapsed:.1f} s.")


async def work(storage: Storage, broadcaster: Broadcaster, say: Say, stop: asyncio.Event,
               poll: float = WORKER_POLL_SECONDS) -> None:
    """`publish --worker`: send every unfinished post, beside any other workers, until `stop` is set."""
    say(f"Worker {broadcaster.name}: sending every post queued or left unfinished, until stopped.")
    while not stop.is_set():
        await finish_unfinished(storage, broadcaster, say)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), poll)


def run_publish(settings: Settings, engine: Engine | None, how: How = "send", say: Say = print) -> None:
    """`python -m bot publish`: one publish from the console, with progress (`send`); or a look at it
    (`dry-run`), or it recorded for the workers (`queue`); or the unconfirmed deliveries sent again
    (`resend-unconfirmed`); or a worker that sends what is queued until SIGTERM (`worker`). These two send
    posts already made, and need no engine."""
    storage = Storage.open(settings.database_url)
    limits = limits_of(settings)

    async def main() -> None:
        if how in ("dry-run", "queue"):  # nothing is sent: no token needed
            assert engine is not None
            await publish(engine, storage, None, say, queue=how == "queue")
            return
        bot = Bot(settings.require_token(), base_url=settings.telegram_base_url,
                  request=HTTPXRequest(connection_pool_size=limits.senders + 8))
        async with bot:
            broadcaster = Broadcaster(bot, storage, limits, report=say)
            if how == "resend-unconfirmed":
                await resend_unconfirmed(storage, broadcaster, say)
            elif how == "worker":
                stop = asyncio.Event()
                stop_on_signals(stop, broadcaster.stop)  # what is in flight is finished; nothing more is taken
                await work(storage, broadcaster, say, stop)
            else:
                assert engine is not None
                await publish(engine, storage, broadcaster, say)

    try:
        asyncio.run(main())
    finally:
        storage.close()
