"""Broadcasting and publishing against a fake Bot API that enforces Telegram's flood limits."""
from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.engine import Engine
from bot.fake_telegram import TOKEN, FakeBotAPI, migrated
from bot.storage import Storage
from bot.telegram.broadcast import Broadcaster, Limits, Pacer
from bot.telegram.publishing import finish_unfinished, publish
from tests.conftest import PROJECT

FAST = Limits(per_second=2000.0, per_chat_per_minute=20.0, retries=3, backoff_seconds=0.001, workers=64)


class VirtualClock:
    """Time that passes only when the broadcaster sleeps. The pacer sleeps while holding its lock, so
    sends reach the fake exactly at their slots: no test depends on how fast this machine is."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


def fake(limits: Limits = FAST, clock: VirtualClock | None = None) -> tuple[FakeBotAPI, Bot]:
    """A fake Bot API enforcing `limits` (by `clock`, or real time), and a Bot talking to it."""
    api = FakeBotAPI(per_second=limits.per_second, per_chat_per_minute=limits.per_chat_per_minute,
                     **({"clock": clock} if clock else {}))
    request = HTTPXRequest(connection_pool_size=limits.workers + 8, httpx_kwargs={"transport": api.transport()})
    return api, Bot(TOKEN, request=request)


def subscribe(storage: Storage, chats: list[int]) -> None:
    for chat in chats:
        storage.subscribe(chat, "updates", "private" if chat > 0 else "group", f"chat {chat}")


async def no_wait(seconds: float) -> None:
    """Sleep for retries without losing test time (pacing still uses real time)."""
    await asyncio.sleep(0)


async def test_ten_thousand_subscribers_each_get_exactly_one_copy(storage: Storage) -> None:
    chats = list(range(1, 8001)) + [-n for n in range(1, 2001)]
    subscribe(storage, chats)
    clock, real_limits = VirtualClock(), Limits()  # Telegram's own: 30 a second, 20 a minute per group
    api, bot = fake(real_limits, clock)
    post = storage.create_post("updates", "<b>news</b>", storage.subscribers("updates"), None)
    started = clock()
    async with bot:
        progress = await Broadcaster(bot, storage, real_limits, clock=clock, sleep=clock.sleep).deliver(
            post, "<b>news</b>")
    assert progress.sent == len(chats)
    assert api.refusals == 0
    assert clock() - started == pytest.approx((len(chats) - 1) / 30, rel=0.01)  # and no slower than allowed
    assert set(api.delivered) == set(chats) and set(api.delivered.values()) == {1}
    assert storage.counts(post)["sent"] == len(chats)


async def test_blocked_and_vanished_chats_are_unsubscribed(storage: Storage) -> None:
    subscribe(storage, [1, 2, 3, -4])
    api, bot = fake()
    api.fail(2, {"error_code": 403, "description": "Forbidden: bot was blocked by the user"})
    api.fail(-4, {"error_code": 400, "description": "Bad Request: chat not found"})
    post = storage.create_post("updates", "x", storage.subscribers("updates"), None)
    async with bot:
        progress = await Broadcaster(bot, storage, FAST).deliver(post, "x")
    assert (progress.sent, progress.gone) == (2, 2)
    assert storage.subscribers("updates") == [1, 3]
    assert storage.counts(post) | {} == {"pending": 0, "sending": 0, "sent": 2, "failed": 0, "gone": 2}


async def test_server_errors_are_retried_then_given_up(storage: Storage) -> None:
    subscribe(storage, [1, 2])
    api, bot = fake()
    api.fail(1, *[{"error_code": 502, "description": "Bad Gateway"}] * 2)
    api.fail(2, *[{"error_code": 500, "description": "Internal Server Error"}] * 10)
    post = storage.create_post("updates", "x", storage.subscribers("updates"), None)
    async with bot:
        progress = await Broadcaster(bot, storage, FAST, sleep=no_wait).deliver(post, "x")
    assert (progress.sent, progress.failed) == (1, 1)
    assert api.delivered == {1: 1}
    assert len([c for c in api.sent(chat_id=2)]) == FAST.retries + 1
    assert storage.subscribers("updates") == [1, 2]  # a failing server is no reason to unsubscribe


async def test_retry_after_is_waited_for_as_told(storage: Storage) -> None:
    subscribe(storage, [1])
    api, bot = fake()
    api.fail(1, {"error_code": 429, "description": "Too Many Requests: retry after 7",
                 "parameters": {"retry_after": 7}})
    waited: list[float] = []

    async def record(seconds: float) -> None:
        waited.append(seconds)

    post = storage.create_post("updates", "x", [1], None)
    async with bot:
        progress = await Broadcaster(bot, storage, FAST, sleep=record).deliver(post, "x")
    assert progress.sent == 1 and 7.0 in waited and api.delivered == {1: 1}


async def test_a_migrated_group_gets_the_post_at_its_new_id(storage: Storage) -> None:
    subscribe(storage, [-100])
    api, bot = fake()
    api.fail(-100, migrated(-1009))
    post = storage.create_post("updates", "x", [-100], None)
    async with bot:
        progress = await Broadcaster(bot, storage, FAST).deliver(post, "x")
    assert progress.sent == 1 and api.delivered == {-1009: 1}
    assert storage.subscribers("updates") == [-1009]


async def test_a_broadcast_killed_half_way_resumes_without_duplicates(storage: Storage) -> None:
    chats = list(range(1, 3001))
    subscribe(storage, chats)
    api, bot = fake(Limits(per_second=3000.0, workers=32))
    post = storage.create_post("updates", "x", chats, None)
    async with bot:
        task = asyncio.ensure_future(Broadcaster(bot, storage, FAST).deliver(post, "x"))
        while sum(api.delivered.values()) < 1000:
            await asyncio.sleep(0.001)
        task.cancel()  # killed half-way, requests in flight
        with pytest.raises(asyncio.CancelledError):
            await task
        assert 0 < storage.counts(post)["pending"] < len(chats)
        await finish_unfinished(storage, Broadcaster(bot, storage, FAST), lambda line: None)
    counts = storage.counts(post)
    assert max(api.delivered.values()) == 1  # nobody got it twice
    assert counts["pending"] == 0 and counts["sent"] + counts["sending"] == len(chats)
    # only requests that were in flight at the kill are unconfirmed (and were not sent again)
    assert len(chats) - len(api.delivered) <= counts["sending"] <= FAST.workers
    assert storage.unfinished_posts() == []


async def test_two_runs_never_send_the_same_delivery(storage: Storage, tmp_path: Path) -> None:
    chats = list(range(1, 501))
    subscribe(storage, chats)
    other = Storage(tmp_path / "bot.db")  # a second process's connection to the same file
    api, bot = fake()
    post = storage.create_post("updates", "x", chats, None)
    async with bot:
        await asyncio.gather(Broadcaster(bot, storage, FAST).deliver(post, "x"),
                             Broadcaster(bot, other, FAST).deliver(post, "x"))
    other.close()
    assert set(api.delivered) == set(chats) and set(api.delivered.values()) == {1}


async def test_the_pacer_spaces_sends() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(30.0, lambda: now[0], sleep)
    for _ in range(31):
        await pacer.wait()
    assert 1.0 < now[0] < 1.002  # 31 sends need a full second at 30 a second, and a hair more
    assert len(slept) == 30


def test_the_schema_is_versioned_and_wal(storage: Storage) -> None:
    assert storage.version == 1
    with sqlite3.connect(storage.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    storage.close()
    assert Storage(storage.path).version == 1  # opening again upgrades nothing


# ---------------------------------------------------------------- publishing
def _changed_engine(tmp_path: Path) -> Engine:
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    path = data / "export_partners.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2,,PL,Poland,9700000,2.5", "2,,PL,Poland,9900000,2.6"),
                    encoding="utf-8")
    return Engine.load(data, PROJECT / "knowledge")


async def test_publish_posts_the_digest_then_the_changes_then_nothing(engine: Engine, storage: Storage,
                                                                      tmp_path: Path) -> None:
    subscribe(storage, [1, -2])
    storage.subscribe(3, "weekly", "private", "weekly reader")
    api, bot = fake()
    said: list[str] = []
    async with bot:
        assert await publish(engine, storage, Broadcaster(bot, storage, FAST), said.append) == 2
        first = api.texts(1)[0]
        assert "at a glance" in first and "$2.06bn" in first
        assert await publish(engine, storage, Broadcaster(bot, storage, FAST), said.append) == 0
        assert "Nothing has changed" in said[-1]
        changed = _changed_engine(tmp_path)
        assert await publish(changed, storage, Broadcaster(bot, storage, FAST), said.append) == 2
        assert await publish(changed, storage, Broadcaster(bot, storage, FAST), said.append) == 0
    update = api.texts(-2)[-1]
    assert "$9.7mn → <b>$9.9mn</b>" in update and "2.5% → <b>2.6%</b>" in update and "KOTRA" in update
    assert api.delivered == {1: 2, -2: 2}  # the weekly reader got no update posts


async def test_a_change_since_the_bot_started_is_published_as_a_change(engine: Engine, storage: Storage,
                                                                       tmp_path: Path) -> None:
    subscribe(storage, [1])
    assert storage.keep_baseline(engine.digest.snapshot())  # the running bot did this at start-up
    assert not storage.keep_baseline({})
    api, bot = fake()
    async with bot:
        assert await publish(_changed_engine(tmp_path), storage, Broadcaster(bot, storage, FAST), print) == 1
    assert "$9.7mn → <b>$9.9mn</b>" in api.texts(1)[0]


async def test_a_dry_run_sends_and_records_nothing(engine: Engine, storage: Storage) -> None:
    subscribe(storage, [1, 2])
    said: list[str] = []
    assert await publish(engine, storage, None, said.append) == 0
    assert "would reach 2 chats" in said[-1] and "$2.06bn" in said[0]
    assert storage.last_snapshot() is None and storage.unfinished_posts() == []
