"""Subscriptions through the real Application: who may subscribe, channels, removal, migration, /publish."""
from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
import sqlalchemy as sa
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.engine import Engine
from bot.fake_telegram import BOT, FakeBotAPI, chat, message_update, user
from bot.storage import Storage
from bot.telegram.app import build_application
from bot.telegram.handlers import BACKGROUND
from bot.telegram.subscriptions import CATCH_UP, due_digest, weekly_digest
from tests.conftest import send, settings

GROUP, CHANNEL = -100, -1001


async def test_a_group_administrator_subscribes_and_a_member_is_refused(bot: tuple[Application, FakeBotAPI],
                                                                       storage: Storage) -> None:
    app, api = bot
    api.members[(GROUP, 7)] = "administrator"
    await send(app, message_update("/subscribe", GROUP, sender=user(8)))
    assert storage.subscription(GROUP) is None
    assert "Only an administrator" in api.texts(GROUP)[-1]
    await send(app, message_update("/subscribe@TradeBriefBot", GROUP, sender=user(7)))
    found = storage.subscription(GROUP)
    assert found is not None and found.kind == "updates" and found.title == "Trade <talk> & more"
    assert "subscribed to <b>updates</b>" in api.texts(GROUP)[-1]
    assert [p["user_id"] for p in api.sent("getChatMember")] == [8, 7]


async def test_an_anonymous_administrator_counts(bot: tuple[Application, FakeBotAPI], storage: Storage) -> None:
    app, api = bot
    anonymous = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
    await send(app, message_update("/subscribe weekly", GROUP, sender=anonymous, sender_chat=chat(GROUP)))
    found = storage.subscription(GROUP)
    assert found is not None and found.kind == "weekly"
    assert api.sent("getChatMember") == []


async def test_a_channel_subscribes_by_a_channel_post(bot: tuple[Application, FakeBotAPI], storage: Storage) -> None:
    app, api = bot
    post = {"message_id": 3, "date": int(time.time()), "text": "/subscribe",
            "chat": {"id": CHANNEL, "type": "channel", "title": "NK trade watch"},
            "sender_chat": {"id": CHANNEL, "type": "channel", "title": "NK trade watch"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 10}]}
    await send(app, {"update_id": 900, "channel_post": post})
    found = storage.subscription(CHANNEL)
    assert found is not None and found.chat_type == "channel"
    assert "subscribed" in api.texts(CHANNEL)[-1]


async def test_private_subscribe_status_unsubscribe(bot: tuple[Application, FakeBotAPI], storage: Storage) -> None:
    app, api = bot
    await send(app, message_update("/status"))
    assert "not subscribed" in api.texts(7)[-1]
    await send(app, message_update("/subscribe weekly"))
    await send(app, message_update("/status"))
    assert "subscribed to <b>the weekly digest</b>" in api.texts(7)[-1] and "0 posts delivered" in api.texts(7)[-1]
    await send(app, message_update("/unsubscribe"))
    assert storage.subscription(7) is None and "no more posts" in api.texts(7)[-1]


@pytest.mark.parametrize("status", ["left", "kicked"])
async def test_removing_or_blocking_the_bot_unsubscribes(bot: tuple[Application, FakeBotAPI], storage: Storage,
                                                         status: str) -> None:
    app, _ = bot
    storage.subscribe(GROUP, "updates", "group", "g")
    change = {"chat": chat(GROUP), "from": user(7), "date": int(time.time()),
              "old_chat_member": {"status": "member", "user": BOT},
              "new_chat_member": {"status": status, "user": BOT, **({"until_date": 0} if status == "kicked" else {})}}
    await send(app, {"update_id": 901, "my_chat_member": change})
    assert storage.subscription(GROUP) is None


async def test_a_migrated_group_keeps_its_subscription(bot: tuple[Application, FakeBotAPI], storage: Storage) -> None:
    app, _ = bot
    storage.subscribe(GROUP, "updates", "group", "g")
    await send(app, message_update(None, GROUP, migrate_to_chat_id=-1009))
    assert storage.subscription(GROUP) is None and storage.subscription(-1009) is not None


async def test_publish_is_for_the_bots_administrators(bot: tuple[Application, FakeBotAPI], storage: Storage) -> None:
    app, api = bot
    storage.subscribe(5, "updates", "private", "reader")
    await send(app, message_update("/publish", 7, sender=user(7)))
    assert "Only the bot's administrators" in api.texts(7)[-1] and api.texts(5) == []
    await app.start()  # /publish broadcasts in the background, as tasks of a running application
    try:
        await send(app, message_update("/publish", 42, sender=user(42)))
        await asyncio.gather(*app.bot_data[BACKGROUND])  # the broadcast, to its end
    finally:
        await app.stop()
    assert "at a glance" in api.texts(5)[0]
    assert any("sent 1" in t for t in api.texts(42))


async def test_status_lists_unconfirmed_deliveries_to_the_bots_administrators(bot: tuple[Application, FakeBotAPI],
                                                                              storage: Storage) -> None:
    app, api = bot
    post = storage.create_post("updates", "x", [5, 6], None)
    storage.mark(post, 5, "sent")
    storage.mark(post, 6, "unconfirmed", "timed out")
    await send(app, message_update("/status", 7, sender=user(7)))
    assert "unconfirmed" not in " ".join(api.texts(7))  # not for everyone
    await send(app, message_update("/status", 42, sender=user(42)))
    assert "Count: 1; chats: 6." in api.texts(42)[-1]
    assert "--resend-unconfirmed" in api.texts(42)[-1]


async def test_a_subscription_kind_that_does_not_exist_gets_the_choices(bot: tuple[Application, FakeBotAPI],
                                                                        storage: Storage) -> None:
    app, api = bot
    await send(app, message_update("/subscribe daily"))
    assert storage.subscription(7) is None
    assert "/subscribe weekly" in api.texts(7)[-1] and "daily" in api.texts(7)[-1]


async def test_replies_come_in_the_persons_language(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    await send(app, message_update("/status", 7, sender={**user(7), "language_code": "ru"}))
    assert "не подписан" in api.texts(7)[-1]


# ---------------------------------------------------------------- the weekly digest, once however many replicas run
@pytest.mark.parametrize(("now", "due"), [
    ("2026-11-30T09:00:00+00:00", "2026-11-30T09:00:00+00:00"),  # a Monday at 9: due now
    ("2026-11-30T08:59:00+00:00", "2026-11-23T09:00:00+00:00"),  # a minute before: last week's
    ("2026-12-03T12:00:00+00:00", "2026-11-30T09:00:00+00:00"),  # Thursday
])
def test_the_digest_is_due_on_its_day_and_time(now: str, due: str) -> None:
    assert due_digest(settings(), dt.datetime.fromisoformat(now)) == dt.datetime.fromisoformat(due)


async def _run_job(app: Application, name: str) -> None:
    job = app.job_queue.run_once(weekly_digest, 3600, name=name)  # type: ignore[union-attr]
    await job.run(app)
    job.schedule_removal()
    await asyncio.gather(*app.bot_data[BACKGROUND])


@pytest.mark.filterwarnings("ignore:Tasks created via:telegram.warnings.PTBUserWarning")  # a job run by hand
async def test_two_replicas_post_the_weekly_digest_once(bot: tuple[Application, FakeBotAPI], storage: Storage,
                                                        engine: Engine, database: str) -> None:
    app, api = bot
    storage.subscribe(5, "weekly", "private", "reader")
    other_storage = Storage(database)  # another replica's connections to the same database
    other = build_application(settings(), engine, other_storage, HTTPXRequest(
        httpx_kwargs={"transport": api.transport()}))
    async with other:
        await asyncio.gather(_run_job(app, "weekly digest"), _run_job(other, "weekly digest"))
        await _run_job(app, "weekly digest")  # the same week again: already posted
    other_storage.close()
    assert api.delivered == {5: 1}


@pytest.mark.filterwarnings("ignore:Tasks created via:telegram.warnings.PTBUserWarning")  # a job run by hand
async def test_a_week_missed_while_no_replica_ran_is_caught_up_at_start(bot: tuple[Application, FakeBotAPI],
                                                                        storage: Storage) -> None:
    app, api = bot
    storage.subscribe(5, "weekly", "private", "reader")
    await _run_job(app, CATCH_UP)
    assert api.delivered == {}  # never posted before: a new install waits for the digest's day
    post = storage.create_post("weekly", "an old digest", [], None)
    storage.finish_post(post)
    with storage.engine.begin() as db:  # posted three weeks ago
        db.execute(sa.text("UPDATE posts SET created = '2026-01-01T09:00:00+00:00'"))
    await _run_job(app, CATCH_UP)
    assert api.delivered == {5: 1}
    await _run_job(app, CATCH_UP)  # caught up: not again
    assert api.delivered == {5: 1}
