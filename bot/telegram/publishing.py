"""Publishing: what changed in data/ (or the weekly digest) to the chats that subscribed to it."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from telegram import Bot
from telegram.request import HTTPXRequest

from bot.engine import Bulletin, Engine
from bot.settings import Settings
from bot.storage import Kind, Storage
from bot.telegram.broadcast import Broadcaster, Limits, Progress

Say = Callable[[str], None]


def limits_of(settings: Settings) -> Limits:
    """The broadcast limits the settings give."""
    return Limits(per_second=settings.broadcast_per_second, per_chat_per_minute=settings.broadcast_per_chat_per_minute,
                  retries=settings.broadcast_retries)


async def finish_unfinished(storage: Storage, broadcaster: Broadcaster, say: Say) -> None:
    """Send what a stopped run left pending; a request that was in flight is unconfirmed, not sent again."""
    for post in storage.unfinished_posts():
        settled = storage.settle_unconfirmed(post.id)
        counts = storage.counts(post.id)
        stopped = f"; {settled:,} in flight when the last run stopped are unconfirmed (not sent again)"
        say(f"Resuming post #{post.id} ({post.kind}): {counts['pending']:,} chats left" + (stopped if settled else ""))
        _summary(say, post.id, await broadcaster.deliver(post.id, post.html), storage)
        storage.finish_post(post.id)


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


async def publish(engine: Engine, storage: Storage, broadcaster: Broadcaster | None, say: Say) -> int:
    """Post what changed since the last publish to the `updates` subscribers; returns chats reached.

    Without a broadcaster it is a dry run: it says what it would post, and to how many chats.
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
    return await _post(storage, broadcaster, say, "updates", bulletin, engine.digest.snapshot())


async def weekly(engine: Engine, storage: Storage, broadcaster: Broadcaster, say: Say) -> int:
    """Post the weekly "at a glance" digest to the `weekly` subscribers."""
    await finish_unfinished(storage, broadcaster, say)
    return await _post(storage, broadcaster, say, "weekly", engine.digest.glance(), None)


async def _post(storage: Storage, broadcaster: Broadcaster | None, say: Say, kind: Kind, bulletin: Bulletin,
                snapshot: dict[str, Any] | None) -> int:
    chats = storage.subscribers(kind)
    if broadcaster is None:
        say(bulletin.plain)
        say(f"\nDry run: this post would reach {len(chats):,} chats subscribed to {kind}; nothing was sent.")
        return 0
    post_id = storage.create_post(kind, bulletin.html, chats, snapshot)
    say(f"Post #{post_id} ({kind}) to {len(chats):,} chats.")
    progress = await broadcaster.deliver(post_id, bulletin.html)
    storage.finish_post(post_id)
    _summary(say, post_id, progress, storage)
    return progress.sent


def _summary(say: Say, post_id: int, progress: Progress, storage: Storage) -> None:
    counts = storage.counts(post_id)
    unconfirmed = counts["unconfirmed"] + counts["sending"]
    say(f"Post #{post_id}: sent {counts['sent']:,}, failed {counts['failed']:,}, unsubscribed {counts['gone']:,}"
        f" (blocked or removed), unconfirmed {unconfirmed:,}; this run sent {progress.sent:,}"
        f" in {progress.elapsed:.1f} s.")


def run_publish(settings: Settings, engine: Engine, dry_run: bool, resend: bool = False, say: Say = print) -> None:
    """`python -m bot publish`: one publish from the console, with progress; or, with `resend`, the
    unconfirmed deliveries sent again."""
    storage = Storage.open(settings.database_url)
    limits = limits_of(settings)

    async def main() -> None:
        if dry_run:  # a look needs no token
            await publish(engine, storage, None, say)
            return
        bot = Bot(settings.require_token(), base_url=settings.telegram_base_url,
                  request=HTTPXRequest(connection_pool_size=limits.workers + 8))
        async with bot:
            broadcaster = Broadcaster(bot, storage, limits, report=say)
            if resend:
                await resend_unconfirmed(storage, broadcaster, say)
            else:
                await publish(engine, storage, broadcaster, say)

    try:
        asyncio.run(main())
    finally:
        storage.close()
