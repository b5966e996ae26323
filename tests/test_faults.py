"""Faults a person can cause, met by the bot as a process: one clear line, exit code 2, no traceback,
and the token never shown; a stop, even one that becomes a kill, loses no question."""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.fake_telegram import TOKEN, FakeBotAPI, message_update
from bot.storage import Storage
from tests.conftest import PROJECT

SECRET = TOKEN.split(":")[1]
Run = tuple[int, str]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: no .env of the developer's, a database of the test's own."""
    return {"PATH": os.environ.get("PATH", ""), "TELEGRAM_BOT_TOKEN": TOKEN, "LOG_LEVEL": "DEBUG",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "STARTUP_RETRIES": "1", **extra}


def run_bot(env: dict[str, str], *args: str) -> Run:
    """Run `python -m bot ARGS` to the end; (exit code, everything it printed)."""
    done = subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT, env=env, capture_output=True,
                          text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def one_line_error(run: Run, *names: str) -> str:
    """The run ended with exit 2 and one `error:` line that names one of `names`; returns that line."""
    code, output = run
    assert code == 2, output
    assert "Traceback" not in output and SECRET not in output, output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and any(name in errors[0] for name in names), output
    return errors[0]


@pytest.fixture
def api() -> Iterator[tuple[FakeBotAPI, str]]:
    """A fake Bot API served on loopback, and its base URL."""
    fake = FakeBotAPI()
    server, base_url = fake.serve()
    yield fake, base_url
    fake.release()
    server.shutdown()


# ---------------------------------------------------------------- the token and the Bot API at start-up
@pytest.mark.parametrize(("status", "body", "names"), [
    (401, b'{"ok": false, "error_code": 401, "description": "Unauthorized"}', ["TELEGRAM_BOT_TOKEN"]),
    (404, b'{"ok": false, "error_code": 404, "description": "Not Found"}', ["TELEGRAM_BOT_TOKEN"]),
    (500, b'{"ok": false, "error_code": 500, "description": "Internal Server Error"}', ["TELEGRAM_BASE_URL"]),
    (502, b"<html>Bad Gateway</html>", ["TELEGRAM_BASE_URL"]),
    (200, b"garbage, not JSON", ["TELEGRAM_BASE_URL"]),
])
def test_a_start_up_the_bot_api_refuses_is_one_line_without_the_token(tmp_path: Path, api: tuple[FakeBotAPI, str],
                                                                      status: int, body: bytes,
                                                                      names: list[str]) -> None:
    fake, base_url = api
    fake.answers["getMe"] = (status, body)
    one_line_error(run_bot(environment(tmp_path, TELEGRAM_BASE_URL=base_url)), *names)


def test_an_unreachable_bot_api_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    run = run_bot(environment(tmp_path, TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot"))
    assert "trying again" in run[1]  # STARTUP_RETRIES=1: one more try, said in one line
    one_line_error(run, "TELEGRAM_BASE_URL")


def test_a_token_revoked_while_running_ends_in_one_line(tmp_path: Path, api: tuple[FakeBotAPI, str]) -> None:
    fake, base_url = api
    fake.answers["getUpdates"] = (401, b'{"ok": false, "error_code": 401, "description": "Unauthorized"}')
    one_line_error(run_bot(environment(tmp_path, TELEGRAM_BASE_URL=base_url)), "TELEGRAM_BOT_TOKEN")


def test_a_bot_api_failing_while_running_is_retried_in_one_line_each(tmp_path: Path,
                                                                     api: tuple[FakeBotAPI, str]) -> None:
    fake, base_url = api
    fake.answers["getUpdates"] = (500, b'{"ok": false, "error_code": 500, "description": "Internal Server Error"}')
    bot = subprocess.Popen([sys.executable, "-m", "bot"], cwd=PROJECT, text=True, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=environment(tmp_path, TELEGRAM_BASE_URL=base_url))
    try:
        assert fake.wait_until(lambda f: len(f.sent("getUpdates")) >= 2, timeout=60)  # tried again
    finally:
        bot.send_signal(signal.SIGTERM)
        output = bot.communicate(timeout=60)[0]
    assert bot.returncode == 0, output
    assert "cannot reach the Bot API (Internal Server Error); trying again" in output
    assert "Traceback" not in output and SECRET not in output


# ---------------------------------------------------------------- settings and the database
def _corrupt(path: Path) -> None:
    storage = Storage(f"sqlite:///{path}")
    storage.subscribe(1, "updates", "private", "x" * 3000)  # data beyond the first page
    storage.close()
    with path.open("r+b") as handle:  # every page but the first (the schema) overwritten
        handle.seek(4096 + 100)
        handle.write(b"\xff" * (path.stat().st_size - 4096 - 100))


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")


def _newer(path: Path) -> None:
    Storage(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")


@pytest.mark.parametrize(("prepare", "url", "names"), [
    (None, "sqlite:///{tmp}/a-file/bot.db", ["DATABASE_URL"]),  # its folder cannot be created
    (None, "sqlite:////proc/bot.db", ["DATABASE_URL"]),  # a place no one may write
    (_corrupt, "sqlite:///{tmp}/bot.db", ["damaged"]),
    (_foreign, "sqlite:///{tmp}/bot.db", ["not this bot's database"]),
    (_newer, "sqlite:///{tmp}/bot.db", ["schema version 99"]),
    (None, "postgresql://bob:hunter2@db.example/trade", ["DATABASE_URL"]),
])
def test_a_database_that_cannot_be_used_is_one_line(tmp_path: Path, prepare: object, url: str,
                                                    names: list[str]) -> None:
    (tmp_path / "a-file").write_text("in the way")
    if callable(prepare):
        prepare(tmp_path / "bot.db")
    line = one_line_error(run_bot(environment(tmp_path, DATABASE_URL=url.format(tmp=tmp_path))), *names)
    assert "hunter2" not in line


def test_a_bad_log_level_is_one_line(tmp_path: Path) -> None:
    one_line_error(run_bot(environment(tmp_path, LOG_LEVEL="LOUD"), "check"), "LOG_LEVEL")


# ---------------------------------------------------------------- a stop that becomes a kill
def test_a_sigterm_then_a_sigkill_loses_no_question(tmp_path: Path, api: tuple[FakeBotAPI, str]) -> None:
    fake, base_url = api
    chats, each = range(1, 41), 10
    fake.push(*(message_update(f"Poland share {n}", chat) for n in range(each) for chat in chats))
    last = fake.updates[-1]["update_id"]
    # one reply a second into each chat: most questions are still waiting when the stop comes
    env = environment(tmp_path, TELEGRAM_BASE_URL=base_url, PER_CHAT_MESSAGES_PER_SECOND="1",
                      STOP_GRACE_SECONDS="1", LOG_LEVEL="INFO")
    bot = subprocess.Popen([sys.executable, "-m", "bot"], cwd=PROJECT, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:  # once every update is fetched and confirmed (the next getUpdates has an offset past the last)
        assert fake.wait_until(lambda f: any((c.get("offset") or 0) > last for c in f.sent("getUpdates")), 60)
    finally:
        bot.send_signal(signal.SIGTERM)
        try:
            first = bot.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:  # what a container runtime does 10 s after SIGTERM
            bot.kill()
            first = bot.communicate()[0]
    answered = len(fake.sent("sendMessage"))
    assert answered < len(chats) * each, "the stop came too late to test anything"
    env["PER_CHAT_MESSAGES_PER_SECOND"] = "1000"
    again = subprocess.Popen([sys.executable, "-m", "bot"], cwd=PROJECT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert fake.wait_until(lambda f: all(len(f.sent("sendMessage", c)) >= each for c in chats), 120)
    finally:
        again.send_signal(signal.SIGTERM)
        second = again.communicate(timeout=30)[0]
    for chat in chats:
        # every question answered; one whose answer was in flight when the stop came may be answered twice
        assert each <= len(fake.texts(chat)) <= each + 1, chat
    assert "Traceback" not in first + second and SECRET not in first + second
