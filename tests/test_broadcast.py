"""Broadcasting and publishing against a fake Bot API that enforces Telegram's flood limits."""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.engine import Engine
from bot.errors import ConfigError
from bot.fake_telegram import LOST_ANSWER, NO_CONNECTION, TOKEN, FakeBotAPI, migrated
from bot.storage import Storage
from bot.telegram.broadcast import SAFETY_MARGIN, Broadcaster, Limits, Pacer
from bot.telegram.publishing import finish_unfinished, publish, report_unconfirmed, resend_unconfirmed
from tests.conftest import PROJECT

FAST = Limits(per_second=2000.0, per_chat_per_minute=20.0, retries=3, backoff_seconds=0.001, senders=64)


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
    request = HTTPXRequest(connection_pool_size=limits.senders + 8, httpx_kwargs={"transport": api.transport()})
    return api, Bot(TOKEN, request=request)


def subscribe(storage: Storage, chats: list[int]) -> None:
    for chat in chats:
        storage.subscribe(chat, "updates", "private" if chat > 0 else "group", f"chat {chat}")


async def no_wait(seconds: float) -> None:
    """Sleep for retries without losing test time (pacing still uses real time)."""
    await asyncio.sleep(0)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # the pace is the same on both; SQLite is quicker
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
    # and no slower than the pace allows, but for the slots the last senders take to find nothing left
    assert (len(chats) - 1) / 30 <= clock() - started <= (len(chats) + real_limits.senders) * SAFETY_MARGIN / 30
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
    assert storage.counts(post) == {"pending": 0, "sending": 0, "sent": 2, "failed": 0, "gone": 2, "unconfirmed": 0}


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
    api, bot = fake(Limits(per_second=3000.0))
    post = storage.create_post("updates", "x", chats, None)
    api.hold(after=1000)  # from the 1,001st message on, Telegram delivers but its answers are held back
    try:
        async with bot:
            task = asyncio.ensure_future(Broadcaster(bot, storage, FAST).deliver(post, "x"))
            await api.until_held(FAST.senders)  # every sender has a request in flight
            task.cancel()  # killed half-way, requests in flight
            with pytest.raises(asyncio.CancelledError):
                await task
            api.release()
            counts = storage.counts(post)
            assert (counts["sent"], counts["sending"], counts["pending"]) == (1000, FAST.senders, 2000 - FAST.senders)
            said: list[str] = []
            await finish_unfinished(storage, Broadcaster(bot, storage, FAST), said.append)
            report_unconfirmed(storage, said.append)
    finally:
        api.release()
    counts = storage.counts(post)
    assert max(api.delivered.values()) == 1 and len(api.delivered) == len(chats)  # nobody got it twice
    # the requests in flight at the kill may have arrived (here they did): unconfirmed, not sent again, listed
    assert (counts["sent"], counts["unconfirmed"], counts["pending"]) == (len(chats) - FAST.senders, FAST.senders, 0)
    assert any(f"{FAST.senders} in flight when the last run stopped" in line for line in said)
    assert any(line.startswith(f"Unconfirmed: {FAST.senders} deliveries") for line in said)
    assert storage.unfinished_posts() == []


async def test_a_message_whose_answer_is_lost_is_never_sent_again_unless_asked(storage: Storage) -> None:
    subscribe(storage, [1, 2, 3])
    api, bot = fake()
    api.fail(2, LOST_ANSWER)  # delivered, then the connection drops before Telegram's answer
    api.fail(3, NO_CONNECTION, NO_CONNECTION)  # refused twice: nothing was sent, so it is tried again
    post = storage.create_post("updates", "x", [1, 2, 3], None)
    said: list[str] = []
    async with bot:
        progress = await Broadcaster(bot, storage, FAST, sleep=no_wait).deliver(post, "x")
        assert (progress.sent, progress.unconfirmed) == (2, 1)
        assert api.delivered == {1: 1, 2: 1, 3: 1}
        assert len(api.sent(chat_id=2)) == 1 and len(api.sent(chat_id=3)) == 3
        report_unconfirmed(storage, said.append)
        assert "2 (post #1)" in said[0] and "--resend-unconfirmed" in said[0]
        assert await resend_unconfirmed(storage, Broadcaster(bot, storage, FAST), said.append) == 1
    assert api.delivered == {1: 1, 2: 2, 3: 1}  # the operator chose to risk a second copy
    assert storage.unconfirmed() == [] and storage.counts(post)["sent"] == 3


def _publish(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bot", "publish", *args], cwd=PROJECT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_a_publish_killed_twice_sends_nothing_twice_and_lists_what_is_unconfirmed(tmp_path: Path) -> None:
    chats = list(range(1, 901))
    database = tmp_path / "bot.db"
    storage = Storage(f"sqlite:///{database}")
    subscribe(storage, chats)
    storage.close()
    api = FakeBotAPI()
    server, base_url = api.serve()
    env = {"PATH": os.environ.get("PATH", ""), "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": base_url,
           "DATABASE_URL": f"sqlite:///{database}", "BROADCAST_PER_SECOND": "100000"}
    outputs = []
    try:
        for kill_after in (300, 600):  # killed with answers in flight, twice
            api.hold(after=kill_after)
            run = _publish(env)
            assert api.wait_held(1, timeout=120), run.communicate()[0]
            run.send_signal(signal.SIGKILL)
            outputs.append(run.communicate(timeout=60)[0])
            api.release()
            api.held = 0
        last = _publish(env)
        outputs.append(last.communicate(timeout=300)[0])
    finally:
        api.release()
        server.shutdown()
    assert last.returncode == 0, outputs[-1]
    assert max(api.delivered.values()) == 1  # nobody got the post twice
    storage = Storage(f"sqlite:///{database}")
    unconfirmed = {chat for _, chat, _ in storage.unconfirmed()}
    counts = storage.counts(1)
    storage.close()
    assert counts["pending"] == 0 and counts["sent"] + counts["unconfirmed"] == len(chats)
    assert unconfirmed and set(api.delivered) | unconfirmed == set(chats)  # none lost without a word
    assert f"Unconfirmed: {len(unconfirmed)} deliveries" in outputs[-1]
    assert "Traceback" not in outputs[-1] and TOKEN.split(":")[1] not in "".join(outputs)


async def test_two_runs_never_send_the_same_delivery(storage: Storage, database: str) -> None:
    chats = list(range(1, 501))
    subscribe(storage, chats)
    other = Storage(database)  # a second process's connections to the same database
    api, bot = fake()
    post = storage.create_post("updates", "x", chats, None)
    async with bot:
        await asyncio.gather(Broadcaster(bot, storage, FAST).deliver(post, "x"),
                             Broadcaster(bot, other, FAST).deliver(post, "x"))
    other.close()
    assert set(api.delivered) == set(chats) and set(api.delivered.values()) == {1}


async def test_senders_share_one_pace_and_one_hold(storage: Storage, database: str) -> None:
    now = [0.0]
    sends: list[tuple[str, float]] = []

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    other = Storage(database)  # another process's, on another machine for all the budget knows
    pacers = {"a": Pacer(storage, 30.0, lambda: now[0], sleep), "b": Pacer(other, 30.0, lambda: now[0], sleep)}
    batch = pacers["a"].batch
    for turn in range(90):  # each sends through the slots it took, as two processes would side by side
        name = "ab"[turn // batch % 2]
        await pacers[name].wait()
        sends.append((name, now[0]))
    times = sorted(at for _, at in sends)
    assert all(len([t for t in times if start <= t < start + 1]) <= 30 for start in times)  # any one second
    assert times[-1] < 90 / 30 * 1.03  # and hardly slower than allowed
    pacers["a"].hold(7.0)  # a 429 seen by one sender holds back the other too
    held_at = now[0]
    for _ in range(len(pacers["b"].slots) + 1):  # b uses up the slots it took before the hold, then waits
        await pacers["b"].wait()
    assert now[0] >= held_at + 7.0
    other.close()


def test_the_schema_is_versioned(storage: Storage, database: str) -> None:
    assert storage.version == 3
    if storage.sqlite:
        with sqlite3.connect(storage.path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    storage.close()
    assert Storage(database).version == 3  # opening again upgrades nothing


def test_replicas_started_at_once_create_the_schema_once(database: str) -> None:
    # each creates or finds the schema; none fails, or waits for ever, because another was creating the same tables
    # at that moment (daemon threads and a deadline: a hang fails the test instead of stopping the run)
    barrier = threading.Barrier(4)
    versions: list[int] = []

    def start() -> None:
        barrier.wait()
        opened = Storage(database)
        versions.append(opened.version)
        opened.close()

    threads = [threading.Thread(target=start, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    assert versions == [3] * 4


# the schema as the bot wrote it before it moved to Alembic (PRAGMA user_version 2), with a subscriber and a post
LEGACY = """
CREATE TABLE subscriptions (chat_id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('updates', 'weekly')),
    chat_type TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', since TEXT NOT NULL);
CREATE TABLE snapshots (id INTEGER PRIMARY KEY AUTOINCREMENT, taken TEXT NOT NULL, facts TEXT NOT NULL);
CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, html TEXT NOT NULL,
    snapshot_id INTEGER REFERENCES snapshots (id), created TEXT NOT NULL, finished TEXT);
CREATE TABLE deliveries (post_id INTEGER NOT NULL REFERENCES posts (id), chat_id INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'gone', 'unconfirmed')),
    attempts INTEGER NOT NULL DEFAULT 0, detail TEXT NOT NULL DEFAULT '', updated TEXT NOT NULL,
    PRIMARY KEY (post_id, chat_id));
CREATE INDEX deliveries_by_state ON deliveries (post_id, state);
CREATE TABLE updates (update_id INTEGER PRIMARY KEY, body TEXT, received TEXT NOT NULL, handled TEXT);
INSERT INTO subscriptions VALUES (7, 'weekly', 'private', 'reader', '2026-01-01T00:00:00+00:00');
INSERT INTO posts VALUES (1, 'weekly', 'x', NULL, '2026-01-01T00:00:00+00:00', NULL);
INSERT INTO deliveries VALUES (1, 7, 'sending', 1, '', '2026-01-01T00:00:00+00:00');
PRAGMA user_version = 2;
PRAGMA application_id = 1413632578;
"""


def test_a_database_of_an_earlier_version_is_upgraded_with_what_it_holds(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "bot.db") as db:
        db.executescript(LEGACY)
    storage = Storage(f"sqlite:///{tmp_path / 'bot.db'}")
    assert storage.version == 3 and storage.subscribers("weekly") == [7]
    assert storage.settle_abandoned(1, alive_since=0.0) == 1  # what the old run had in flight: unconfirmed
    storage.close()


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


def test_a_database_is_copied_into_an_empty_one_with_what_it_holds(storage: Storage, tmp_path: Path) -> None:
    source = Storage(f"sqlite:///{tmp_path / 'old.db'}")
    subscribe(source, [5, -6])
    post = source.create_post("updates", "x", [5, -6], {"facts": 1})
    source.mark(post, 5, "sent")
    assert source.copy_into(storage)["deliveries"] == 2
    assert storage.subscribers("updates") == [-6, 5] and storage.counts(post)["sent"] == 1
    assert storage.last_snapshot() == {"facts": 1}
    assert storage.create_post("weekly", "y", [], None) == post + 1  # new ids follow the copied ones
    with pytest.raises(ConfigError, match="already has subscriptions"):  # never into a database in use
        source.copy_into(storage)
    source.close()
