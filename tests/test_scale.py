"""Past one machine, as processes: broadcast workers and webhook replicas sharing one PostgreSQL database,
against the fake Bot API, which enforces Telegram's limits and fails as told."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from bot.fake_telegram import LOST_ANSWER, TOKEN, FakeBotAPI, message_update
from bot.storage import Storage
from bot.telegram.broadcast import Limits
from tests.conftest import PROJECT, postgres_schema

SUBSCRIBERS = 20_000
SENDERS = Limits().senders  # each worker's requests in flight at once
SECRET = "scale-test-secret"


def _bot(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=PROJECT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `condition` until it holds; the test fails after `timeout` seconds (a hang guard, not a speed test)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


@pytest.fixture
def shared(postgres: str, tmp_path: Path) -> Iterator[tuple[FakeBotAPI, dict[str, str]]]:
    """A fake Bot API served on loopback at Telegram's limits, and the environment of processes that share a
    PostgreSQL database."""
    api = FakeBotAPI(per_second=30, per_chat_per_minute=20)
    server, base_url = api.serve()
    env = {"PATH": os.environ.get("PATH", ""), "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": base_url,
           "DATABASE_URL": postgres_schema(postgres, tmp_path.name), "LOG_LEVEL": "INFO",
           "WEBHOOK_SECRET": SECRET}
    yield api, env
    api.release()
    server.shutdown()


def test_two_workers_deliver_a_post_to_20000_chats_once_each_though_one_is_killed(
        shared: tuple[FakeBotAPI, dict[str, str]], tmp_path: Path) -> None:
    api, env = shared
    chats = [n if n % 10 else -n for n in range(1, SUBSCRIBERS + 1)]  # a tenth groups and channels (-10, -20 ...)
    local = Storage(f"sqlite:///{tmp_path / 'local.db'}")  # subscriptions made on one machine, then moved
    for chat in chats:
        local.subscribe(chat, "updates", "private" if chat > 0 else "group", "")
    local.close()
    copy = _bot({**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'local.db'}"}, "copy-db", env["DATABASE_URL"])
    assert copy.wait(timeout=300) == 0, copy.communicate()[0]
    queued = _bot(env, "publish", "--queue")
    assert queued.wait(timeout=300) == 0, queued.communicate()[0]

    gone, lost_answer = {-200, 301}, 555
    api.fail(-100, {"error_code": 429, "description": "Too Many Requests: retry after 1",
                   "parameters": {"retry_after": 1}})
    for chat in gone:
        api.fail(chat, {"error_code": 403, "description": "Forbidden: bot was blocked by the user"})
    api.fail(401, *[{"error_code": 502, "description": "Bad Gateway"}] * 2)
    api.fail(-500, {"error_code": 500, "description": "Internal Server Error"})
    api.fail(lost_answer, LOST_ANSWER)  # delivered, its answer lost: unconfirmed, never sent again
    api.hold(after=SUBSCRIBERS // 2)  # half way, every answer is held: each worker has all its requests in flight
    paid = {**env, "BROADCAST_PAID": "true"}
    workers = [_bot(paid, "publish", "--worker") for _ in range(2)]
    try:
        deadline = time.monotonic() + 1800  # a hang guard, not a speed test
        while not api.wait_held(2 * SENDERS, timeout=1):
            ended = [worker for worker in workers if worker.poll() is not None]
            assert not ended, f"a worker ended before half way:\n{ended[0].communicate()[0][-4000:]}"
            assert time.monotonic() < deadline, "the workers never reached half way"
        workers[0].send_signal(signal.SIGKILL)
        killed_output = workers[0].communicate(timeout=60)[0]
        api.release()
        storage = Storage(env["DATABASE_URL"])
        _until(lambda: not storage.unfinished_posts(), 1800, "the post to be finished")
        workers[1].send_signal(signal.SIGTERM)
        survivor_output = workers[1].communicate(timeout=60)[0]
    finally:
        for worker in workers:
            worker.kill()
    assert workers[1].returncode == 0, survivor_output
    counts = storage.counts(1)
    subscribers = set(storage.subscribers("updates"))
    storage.close()
    assert set(api.delivered) == set(chats) - gone and max(api.delivered.values()) == 1  # 0 lost, 0 twice
    assert api.refusals == 0  # no 429 but the one injected, no per-chat limit broken
    assert subscribers == set(chats) - gone
    # what the killed worker had in flight arrived (its answers were held) and is unconfirmed, not sent again
    assert counts == {"pending": 0, "sending": 0, "sent": SUBSCRIBERS - len(gone) - SENDERS - 1, "failed": 0,
                      "gone": len(gone), "unconfirmed": SENDERS + 1}
    assert [len(api.sent(chat_id=chat)) for chat in (-100, 401, -500, lost_answer)] == [2, 3, 2, 1]  # faults met
    assert "Traceback" not in killed_output + survivor_output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_follow_up_sent_to_the_other_replica_continues_the_question(
        shared: tuple[FakeBotAPI, dict[str, str]]) -> None:
    api, env = shared
    ports = [_free_port()]
    while len(ports) < 2:
        ports = sorted({*ports, _free_port()})
    replicas = [_bot({**env, "WEBHOOK_PORT": str(port)}, "webhook") for port in ports]
    try:
        with httpx.Client(headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}, timeout=60) as client:
            def healthy(port: int) -> bool:
                try:
                    return client.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
                except httpx.TransportError:
                    return False

            _until(lambda: all(healthy(port) for port in ports), 600, "the replicas to start")
            # Telegram sends a chat's next update once the last one is answered: here, each to another replica
            for port, question in zip(ports * 2, ["What share goes to Togo?", "what about Benin?",
                                                  "и Польша?", "/total"], strict=True):
                assert client.post(f"http://127.0.0.1:{port}/telegram",
                                   json=message_update(question)).status_code == 200
    finally:
        for replica in replicas:
            replica.send_signal(signal.SIGTERM)
        outputs = [replica.communicate(timeout=60)[0] for replica in replicas]
        print(*outputs, sep="\n")  # shown if the test fails
    togo, benin, poland, total = api.texts(7)
    assert "Togo" in togo and "$768,000" in benin and "9,7" in poland and "$2.06bn" in total  # in order, in context
    assert all(replica.returncode == 0 for replica in replicas) and "Traceback" not in "".join(outputs), outputs
