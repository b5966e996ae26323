"""End to end: the real python-telegram-bot Application against an in-process fake Bot API."""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.engine import Engine
from bot.fake_telegram import BOT, LOST_ANSWER, NO_CONNECTION, TOKEN, FakeBotAPI, chat, message_update, migrated, user
from bot.storage import Storage
from bot.telegram import handlers, sending
from bot.telegram.app import build_application, publish_profile
from bot.telegram.pacing import TokenBucket
from bot.telegram.render import split_html
from tests.conftest import PROJECT, send, settings
from tests.telegram_html import visible_text

GROUP = -100


@pytest.fixture
def database(tmp_path: Path) -> str:
    """The handlers' tests run on SQLite alone: what they ask of the database, the storage tests check on both."""
    return f"sqlite:///{tmp_path / 'bot.db'}"


def reply_text(api: FakeBotAPI, chat_id: int) -> str:
    """What a reader of `chat_id` sees of the bot's messages."""
    shown = []
    for params in api.sent("sendMessage", chat_id):
        text, problems = visible_text(str(params["text"])) if params.get("parse_mode") == "HTML" else (
            str(params["text"]), [])
        assert problems == [], params["text"]
        shown.append(text)
    return "\n".join(shown)


# ---------------------------------------------------------------- private chats
async def test_a_private_question_gets_an_html_answer_with_its_source(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    await send(app, message_update("how much does NK export to polnad?"))
    [params] = api.sent("sendMessage", 7)
    assert params["parse_mode"] == "HTML"
    assert params["link_preview_options"] == {"is_disabled": True}
    assert "$9.7mn" in reply_text(api, 7) and "KOTRA" in reply_text(api, 7)


@pytest.mark.parametrize(("command", "want"), [
    ("/start", "/partner Poland"), ("/help", "/growth"), ("/partner Poland", "$9.7mn"),
    ("/partner mozambik", "$845,000"),
    ("/top", "Mozambique"), ("/top 3", "Togo"), ("/total", "$2.06bn"), ("/total 2019", "$5.42bn"),
    ("/imports", "$1.97bn"), ("/exports 2023", "$140mn"), ("/growth", "+122%"), ("/growth 2023 exports", "+72%"),
    ("/compare2019", "38.2%"), ("/sources", "Korea Trade-Investment Promotion Agency"),
    ("/partner", "/partner Poland"), ("/nosuchcommand", "/nosuchcommand"),
])
async def test_each_command(bot: tuple[Application, FakeBotAPI], command: str, want: str) -> None:
    app, api = bot
    await send(app, message_update(command))
    assert want in reply_text(api, 7)


async def test_follow_up_in_the_same_chat(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    await send(app, message_update("What share goes to Togo?"))
    await send(app, message_update("what about Benin?"))
    assert "$768,000" in api.texts(7)[-1]


async def test_the_profile_is_published_by_scope_and_language(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    await publish_profile(app)
    menus = {(c.get("language_code"), c["scope"]["type"]): [m["command"] for m in c["commands"]]
             for c in api.sent("setMyCommands")}
    assert {"start", "help", "partner", "top", "total", "imports", "exports", "growth", "compare2019",
            "sources"} <= set(menus[(None, "default")])
    assert "subscribe" not in menus[(None, "default")]  # a group member may not use it: not in the group menu
    assert {"subscribe", "status"} <= set(menus[(None, "all_chat_administrators")]) & set(
        menus[(None, "all_private_chats")])
    assert set(menus) >= {("ko", "default"), ("ru", "all_private_chats")}
    korean = next(c for c in api.sent("setMyCommands") if c.get("language_code") == "ko")
    assert any("수출" in m["description"] for m in korean["commands"])
    assert all(1 <= len(m["description"]) <= 256 for c in api.sent("setMyCommands") for m in c["commands"])
    described = {c.get("language_code"): c["description"] for c in api.sent("setMyDescription")}
    assert set(described) == {None, "ko", "ru"} and all(len(text) <= 512 for text in described.values())
    assert all(len(c["short_description"]) <= 120 for c in api.sent("setMyShortDescription"))


# ---------------------------------------------------------------- groups
@pytest.mark.parametrize(("text", "want"), [
    ("/partner@TradeBriefBot Togo", "$6.6mn"),
    ("/partner Togo", "$6.6mn"),
    ("@TradeBriefBot total trade 2019", "$5.42bn"),
    ("hey @TradeBriefBot, Poland share?", "$9.7mn"),
])
async def test_groups_get_answers_to_commands_and_mentions(bot: tuple[Application, FakeBotAPI], text: str,
                                                          want: str) -> None:
    app, api = bot
    update = message_update(text, GROUP)
    await send(app, update)
    [params] = api.sent("sendMessage", GROUP)
    assert want in reply_text(api, GROUP)
    assert params["reply_parameters"]["message_id"] == update["message"]["message_id"]


async def test_groups_get_answers_to_replies_to_the_bot(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    earlier = {"message_id": 5, "date": int(time.time()), "chat": chat(GROUP), "from": BOT, "text": "..."}
    await send(app, message_update("and Benin?", GROUP, reply_to_message=earlier))
    assert "$768,000" in reply_text(api, GROUP)


@pytest.mark.parametrize("text", ["anyone seen the match yesterday?", "Poland share", "/partner@OtherBot Togo",
                                  "/nosuchcommand", "@SomeoneElse what about Togo?"])
async def test_groups_stay_silent_on_chatter(bot: tuple[Application, FakeBotAPI], text: str) -> None:
    app, api = bot
    await send(app, message_update(text, GROUP))
    assert api.sent("sendMessage") == []


async def test_a_chart_is_sent_as_a_photo_with_its_source(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    await send(app, message_update("/chart trend"))
    [photo] = api.sent("sendPhoto", 7)
    assert photo["photo"] == "<file>"
    shown, problems = visible_text(str(photo["caption"]))
    assert problems == [] and len(shown) <= 1024 and "KOTRA" in shown


async def test_a_long_chart_answer_follows_its_photo(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    await send(app, message_update("/chart partners 25"))
    [photo] = api.sent("sendPhoto", 7)
    assert "KOTRA" in str(photo["caption"])
    assert "Honduras" in reply_text(api, 7)


# ---------------------------------------------------------------- buttons and inline mode
async def test_a_choice_button_round_trip(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    await send(app, message_update("covid"))
    [params] = api.sent("sendMessage", 7)
    buttons = [b for row in params["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons and all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    message = {"message_id": 99, "date": int(time.time()), "chat": chat(7), "from": BOT, "text": "x"}
    await send(app, {"update_id": 500, "callback_query": {"id": "cb1", "from": user(), "chat_instance": "c",
                                                          "message": message, "data": buttons[0]["callback_data"]}})
    [answered] = api.sent("answerCallbackQuery")
    assert answered["callback_query_id"] == "cb1" and "text" not in answered
    assert api.sent("editMessageText") == []  # the first answer stays as it was
    chosen = api.sent("sendMessage", 7)[-1]
    assert chosen["parse_mode"] == "HTML" and "Source:" in chosen["text"]
    # a reply to the message with the button, sent even if that message has been deleted meanwhile
    assert chosen["reply_parameters"] == {"message_id": 99, "allow_sending_without_reply": True}


@pytest.mark.parametrize("data", ["forged", "x" * 64, "partner|ZZZ"])
async def test_a_stale_or_forged_button_gets_a_polite_answer(bot: tuple[Application, FakeBotAPI], data: str) -> None:
    app, api = bot
    message = {"message_id": 99, "date": int(time.time()), "chat": chat(7), "from": BOT, "text": "x"}
    await send(app, {"update_id": 501, "callback_query": {"id": "cb2", "from": user(), "chat_instance": "c",
                                                          "message": message, "data": data}})
    [answered] = api.sent("answerCallbackQuery")
    assert "expired" in answered["text"]
    assert api.sent("editMessageText") == []


@pytest.mark.parametrize(("query", "want", "title"), [("poland", "$9.7mn", "Poland: $9.7mn, 2.5% of exports"),
                                                     ("", "$2.06bn", "Total trade 2023: $2.06bn")])
async def test_inline_mode(bot: tuple[Application, FakeBotAPI], query: str, want: str, title: str) -> None:
    app, api = bot
    await send(app, {"update_id": 502, "inline_query": {"id": "iq", "from": user(), "query": query, "offset": ""}})
    [params] = api.sent("answerInlineQuery")
    results = params["results"]
    assert 1 <= len(results) <= 50 and title in [r["title"] for r in results]
    for result in results:
        assert result["type"] == "article" and result["title"]
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML" and visible_text(content["message_text"])[1] == []
        assert "Did you mean" not in content["message_text"]
    assert want in " ".join(r["input_message_content"]["message_text"] for r in results)
    assert params["button"]["start_parameter"] == "help"


@pytest.mark.parametrize("query", ["<b>&", "asdf qwerty", "hello", "/chart trend", "tell me a joke"])
async def test_inline_mode_offers_nothing_that_cannot_stand_alone(bot: tuple[Application, FakeBotAPI],
                                                                  query: str) -> None:
    app, api = bot
    await send(app, {"update_id": 503, "inline_query": {"id": "iq", "from": user(), "query": query, "offset": ""}})
    [params] = api.sent("answerInlineQuery")
    assert params["results"] == [] and params["button"]["text"]


# ---------------------------------------------------------------- first contact and manners
async def test_start_greets_in_the_persons_language_with_questions_to_try(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    await send(app, message_update("/start", sender={**user(), "language_code": "ko"}))
    [params] = api.sent("sendMessage", 7)
    assert "안녕하세요" in params["text"]
    labels = [b["text"] for row in params["reply_markup"]["inline_keyboard"] for b in row]
    assert len(labels) >= 3 and all(not label.isascii() for label in labels)


async def test_help_is_the_longer_guide(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    await send(app, message_update("/start"))
    await send(app, message_update("/help"))
    start, help_text = api.texts(7)
    assert len(help_text) > 2 * len(start) and "/subscribe" in help_text and "inline" in help_text.lower()


async def test_a_deep_link_answers_its_question(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    await send(app, message_update("/start poland"))
    assert "$9.7mn" in api.texts(7)[-1]


@pytest.mark.parametrize("text", ["lol ok", "thanks", "cheers mate"])
async def test_a_reply_to_the_bot_that_asks_nothing_is_left_alone(bot: tuple[Application, FakeBotAPI],
                                                                  text: str) -> None:
    app, api = bot
    earlier = {"message_id": 5, "date": int(time.time()), "chat": chat(GROUP), "from": BOT, "text": "..."}
    await send(app, message_update(text, GROUP, reply_to_message=earlier))
    assert api.sent("sendMessage", GROUP) == []


async def test_the_table_note_comes_once_a_day_then_a_short_mark(bot: tuple[Application, FakeBotAPI],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    app, api = bot
    clock = [0.0]
    monkeypatch.setattr(handlers, "now", lambda: clock[0])
    await send(app, message_update("Poland share"))
    await send(app, message_update("Togo share"))
    clock[0] += 25 * 3600
    await send(app, message_update("Spain share"))
    first, second, third = api.texts(7)
    assert "does not say which year" in first and "does not say which year" in third
    assert "does not say which year" not in second and "states no year" in second


# ---------------------------------------------------------------- odd updates
@pytest.mark.parametrize("extra", [
    {"sticker": {"file_id": "s", "file_unique_id": "s", "width": 512, "height": 512, "type": "regular",
                 "is_animated": False, "is_video": False}},
    {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
    {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}},
])
async def test_non_text_in_private_gets_a_hint_and_silence_in_groups(bot: tuple[Application, FakeBotAPI],
                                                                     extra: dict[str, Any]) -> None:
    app, api = bot
    await send(app, message_update(None, 7, **extra))
    await send(app, message_update(None, GROUP, **extra))
    assert "only read text" in reply_text(api, 7)
    assert api.sent("sendMessage", GROUP) == []


async def test_updates_that_need_no_answer(bot: tuple[Application, FakeBotAPI]) -> None:
    app, api = bot
    edited = message_update("Poland share")
    await send(app, {"update_id": 600, "edited_message": {**edited["message"], "edit_date": int(time.time())}})
    await send(app, message_update(None, GROUP, new_chat_members=[user(8)]))
    await send(app, message_update(None, 7, new_chat_title="x"))
    await send(app, message_update("Poland share", 7, sender=user(9, is_bot=True)))
    await send(app, {"update_id": 601, "channel_post": {"message_id": 1, "date": int(time.time()),
                                                        "chat": {"id": -1009, "type": "channel", "title": "c"},
                                                        "text": "Poland share"}})
    assert api.sent("sendMessage") == []


@pytest.mark.parametrize("text", ["   ", "x" * 4000, "<b>bold</b> & <i>", "Poland " * 600, "\u200b", "🙂" * 50])
async def test_odd_texts_get_an_answer(bot: tuple[Application, FakeBotAPI], text: str) -> None:
    app, api = bot
    await send(app, message_update(text))
    sent = api.sent("sendMessage", 7)
    assert sent and all(len(visible_text(str(p["text"]))[0]) <= 4096 for p in sent)
    reply_text(api, 7)  # valid HTML


async def test_a_failing_handler_is_logged_and_the_person_told(bot: tuple[Application, FakeBotAPI],
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    app, api = bot
    engine: Engine = app.bot_data["engine"]

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(type(engine), "answer", broken)
    with caplog.at_level(logging.ERROR):
        await send(app, message_update("Poland"))
        await send(app, message_update("@TradeBriefBot Poland", GROUP))
    assert "internal detail" in caplog.text and "Traceback" in caplog.text
    assert "something went wrong" in reply_text(api, 7) and "internal detail" not in reply_text(api, 7)
    assert api.sent("sendMessage", GROUP) == []


async def test_a_person_who_blocked_the_bot_is_unsubscribed_quietly(bot: tuple[Application, FakeBotAPI],
                                                                    storage: Storage,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    app, api = bot
    storage.subscribe(7, "updates", "private", "Ann")
    api.fail(7, {"error_code": 403, "description": "Forbidden: bot was blocked by the user"})
    with caplog.at_level(logging.INFO):
        await send(app, message_update("Poland share"))
    assert storage.subscription(7) is None
    assert "Traceback" not in caplog.text and "ERROR" not in caplog.text


async def test_a_flood_from_one_chat_is_answered_in_order_nothing_lost(engine: Engine, storage: Storage) -> None:
    api = FakeBotAPI()
    app = build_application(settings(per_chat_messages_per_second=20.0), engine, storage,
                            HTTPXRequest(httpx_kwargs={"transport": api.transport()}))
    countries = ["Poland", "Togo", "Spain", "Benin", "Gambia", "Armenia"] * 5
    async with app:
        started = time.monotonic()
        await asyncio.gather(*(app.update_processor.process_update(
            u := Update.de_json(message_update(name), app.bot), app.process_update(u)) for name in countries))
    sent = api.sent("sendMessage", 7)
    assert len(sent) == len(countries)
    for name, params in zip(countries, sent, strict=True):
        assert name in params["text"]
    times = [c.at for c in api.calls if c.method == "sendMessage"]
    # three at once, then 20 a second: 27 more need at least 1.3 s
    assert times[-1] - started >= (len(countries) - 3) / 20 * 0.95


def test_token_bucket_paces_after_a_burst() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=1.0, burst=3, clock=lambda: now[0])
    assert [bucket.delay() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.delay() == pytest.approx(1.0)
    assert bucket.delay() == pytest.approx(2.0)
    now[0] = 10.0
    assert bucket.delay() == 0.0


def test_split_html_keeps_lines_whole_and_fits() -> None:
    lines = [f"<b>line {i}</b> " + "x" * 90 for i in range(100)]
    parts = split_html("\n".join(lines))
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts).split("\n") == lines
    assert all(len(p) <= 4096 for p in split_html("y" * 9000))


# ---------------------------------------------------------------- the process
def test_no_token_is_a_clear_message_and_exit_2() -> None:
    result = subprocess.run([sys.executable, "-m", "bot"], capture_output=True, text=True, cwd=PROJECT, timeout=60,
                            env={"PATH": os.environ.get("PATH", ""), "TELEGRAM_BOT_TOKEN": ""})
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "python -m bot chat" in result.stderr
    assert "Traceback" not in result.stderr


def test_runs_stops_on_sigterm_and_never_logs_the_token(tmp_path: Path) -> None:
    api = FakeBotAPI()
    server, base_url = api.serve()
    env = {"PATH": os.environ.get("PATH", ""), "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": base_url,
           "LOG_LEVEL": "DEBUG", "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}
    try:
        bot = subprocess.Popen([sys.executable, "-m", "bot"], cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
        assert api.wait_until(lambda f: bool(f.sent("getUpdates")), timeout=120), "the bot never polled"
        assert api.sent("setMyCommands"), "the command menu was not published"
        bot.send_signal(signal.SIGTERM)
        output, _ = bot.communicate(timeout=30)
    finally:
        server.shutdown()
    assert bot.returncode == 0, output
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert "Traceback" not in output


async def test_a_follow_up_expires(bot: tuple[Application, FakeBotAPI], monkeypatch: pytest.MonkeyPatch) -> None:
    app, api = bot
    clock = [0.0]
    monkeypatch.setattr(handlers, "now", lambda: clock[0])
    await send(app, message_update("how much did trade grow in 2023"))
    clock[0] += 9 * 60
    await send(app, message_update("and in 2021?"))
    assert "no growth rate" in api.texts(7)[-1]  # within ten minutes: still about growth
    clock[0] += 11 * 60
    await send(app, message_update("and in 2021?"))
    assert "$710mn" in api.texts(7)[-1]  # later: a question of its own


# ---------------------------------------------------------------- Bot API errors on replies
@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries of replies wait no real time; returns what they would have waited."""
    waited: list[float] = []

    async def record(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(sending, "sleep", record)
    return waited


@pytest.mark.parametrize(("failures", "backoffs"), [
    ([{"error_code": 500, "description": "Internal Server Error"}, {"error_code": 502, "description": "Bad Gateway"}],
     [1.0, 2.0]),
    ([NO_CONNECTION], [1.0]),
    # PTB's rate limiter waits out a 429 itself (a second here, in real time)
    ([{"error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}], []),
])
async def test_a_reply_that_failed_without_being_sent_is_retried(bot: tuple[Application, FakeBotAPI],
                                                                 no_backoff: list[float],
                                                                 caplog: pytest.LogCaptureFixture,
                                                                 failures: list[dict[str, Any]],
                                                                 backoffs: list[float]) -> None:
    app, api = bot
    api.fail(GROUP, *failures)
    with caplog.at_level(logging.INFO):
        await send(app, message_update("/partner Togo", GROUP))
    assert api.delivered[GROUP] == 1 and "$6.6mn" in api.texts(GROUP)[-1]
    assert no_backoff == backoffs and "Traceback" not in caplog.text


async def test_a_reply_into_a_vanished_group_unsubscribes_it(bot: tuple[Application, FakeBotAPI], storage: Storage,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    app, api = bot
    storage.subscribe(GROUP, "updates", "group", "g")
    api.fail(GROUP, {"error_code": 400, "description": "Bad Request: chat not found"})
    with caplog.at_level(logging.INFO):
        await send(app, message_update("/partner Togo", GROUP))
    assert storage.subscription(GROUP) is None
    assert "Traceback" not in caplog.text and "ERROR" not in caplog.text


async def test_a_migrated_group_gets_the_answer_at_its_new_id(bot: tuple[Application, FakeBotAPI],
                                                               storage: Storage) -> None:
    app, api = bot
    storage.subscribe(GROUP, "updates", "group", "g")
    api.fail(GROUP, migrated(-1009))
    await send(app, message_update("/partner Togo", GROUP))
    assert "$6.6mn" in api.texts(-1009)[-1]
    assert storage.subscription(GROUP) is None and storage.subscription(-1009) is not None


async def test_a_reply_that_may_have_arrived_is_not_sent_again(bot: tuple[Application, FakeBotAPI],
                                                               no_backoff: list[float],
                                                               caplog: pytest.LogCaptureFixture) -> None:
    app, api = bot
    api.fail(7, LOST_ANSWER)
    with caplog.at_level(logging.INFO):
        await send(app, message_update("Poland share"))
    assert len(api.sent("sendMessage", 7)) == 1 and no_backoff == []
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "may have arrived" in warning.getMessage() and "Traceback" not in caplog.text


async def test_a_failing_member_check_gets_a_polite_try_again(bot: tuple[Application, FakeBotAPI], storage: Storage,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    app, api = bot
    api.answers["getChatMember"] = (500, b'{"ok": false, "error_code": 500, "description": "Internal Server Error"}')
    with caplog.at_level(logging.INFO):
        await send(app, message_update("/subscribe", GROUP, sender=user(8)))
    assert storage.subscription(GROUP) is None
    assert "try again" in api.texts(GROUP)[-1] and "Traceback" not in caplog.text
