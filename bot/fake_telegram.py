"""An in-process fake of the Telegram Bot API, for the tests and the broadcast benchmark.

It answers the methods the bot uses the way Telegram does, records every call, enforces
Telegram's flood limits when asked (answering 429 with retry_after, and counting each refusal),
and can be told to fail for a given chat: an error answer (403, 5xx, a migrated chat), a
connection that never opens, or a message delivered whose answer never comes back. It can also
hold answers (`hold`) until a test releases them, so a test can stop a sender with requests in
flight at an exact point. The same object serves an httpx.MockTransport (in this process) and a
small HTTP server on loopback (the bot as a process).
"""
from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import httpx

TOKEN = "123456:TEST-token-secret"
BOT = {"id": 123456, "is_bot": True, "first_name": "Trade Brief", "username": "TradeBriefBot",
       "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}
_INT_FIELDS = {"chat_id", "message_id", "user_id", "from_chat_id", "offset", "limit", "timeout"}
LOST_ANSWER = {"network": "lost_answer"}  # a failure: the message is delivered, its answer never arrives
NO_CONNECTION = {"network": "no_connection"}  # a failure: the connection is refused, nothing is sent


@dataclass
class Call:
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]
    at: float


@dataclass
class FakeBotAPI:
    """Records calls and answers them like the Bot API."""

    calls: list[Call] = field(default_factory=list)
    failures: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # chat id -> responses to give first
    members: dict[tuple[int, int], str] = field(default_factory=dict)  # (chat, user) -> status
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_message_id: int = 1000
    per_second: float | None = None  # flood limits to enforce: in all, and into one group or channel
    per_chat_per_minute: float | None = None
    paid_per_second: float = 1000.0  # the limit in all for messages sent with allow_paid_broadcast
    latency: float = 0.0  # seconds each call takes
    clock: Callable[[], float] = time.monotonic  # what the flood limits are measured by
    refusals: int = 0
    delivered: Counter[int] = field(default_factory=Counter)  # chat id -> messages it got
    held: int = 0  # answers being held back (see hold)
    updates: list[dict[str, Any]] = field(default_factory=list)  # what getUpdates hands out, until confirmed
    answers: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # method -> the raw answer to give instead
    _called: threading.Condition = field(default_factory=threading.Condition)
    _hold_after: int | None = None
    _release: threading.Event = field(default_factory=threading.Event)  # for the HTTP server's threads
    _held_changed: threading.Event = field(default_factory=threading.Event)
    # the same for the MockTransport, on the event loop: no thread may be parked there (the loop's thread pool
    # has a handful of threads, and a test waiting for held answers would wait for one of them forever)
    _release_async: asyncio.Event | None = None
    _held_async: asyncio.Event | None = None
    _recent: deque[float] = field(default_factory=deque)
    _recent_by_chat: dict[int, deque[float]] = field(default_factory=dict)

    def fail(self, chat_id: int, *responses: dict[str, Any]) -> None:
        """Make the next calls into `chat_id` get these error responses, in order."""
        self.failures.setdefault(chat_id, []).extend(responses)

    def push(self, *updates: dict[str, Any]) -> None:
        """Queue updates for getUpdates, as Telegram keeps them until an offset confirms them."""
        with self.lock:
            self.updates.extend(updates)

    def wait_until(self, condition: Callable[[FakeBotAPI], bool], timeout: float) -> bool:
        """Block until `condition(self)` holds after some call (False if `timeout` seconds pass first)."""
        with self._called:
            return self._called.wait_for(lambda: condition(self), timeout)

    def hold(self, after: int) -> None:
        """Deliver every message, but hold back the answers to all after the first `after` until `release`."""
        self._hold_after = after
        self._release.clear()
        self._release_async = None

    def release(self) -> None:
        """Let the held answers go."""
        self._hold_after = None
        self._release.set()
        if self._release_async is not None:
            self._release_async.set()

    async def until_held(self, count: int) -> None:
        """Return once `count` answers are held back (no polling of the clock: it waits for the fake)."""
        while self.held < count:
            self._held_async = self._held_async or asyncio.Event()
            await self._held_async.wait()
            self._held_async.clear()

    def wait_held(self, count: int, timeout: float) -> bool:
        """`until_held` for a thread; False if `timeout` seconds pass first."""
        deadline = time.monotonic() + timeout
        while self.held < count:
            if not self._held_changed.wait(max(0.0, deadline - time.monotonic())):
                return False
            self._held_changed.clear()
        return True

    def _must_hold(self, method: str) -> bool:
        with self.lock:
            if method != "sendMessage" or self._hold_after is None or sum(self.delivered.values()) <= self._hold_after:
                return False
            self.held += 1
        self._held_changed.set()
        return True

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[dict[str, Any]]:
        """Parameters of the calls of `method` (into `chat_id`) that succeeded or not."""
        return [c.params for c in self.calls
                if c.method == method and (chat_id is None or c.params.get("chat_id") == chat_id)]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """Texts of the messages sent (into `chat_id`)."""
        return [str(p["text"]) for p in self.sent("sendMessage", chat_id)]

    # ---------------------------------------------------------------- protocol
    def respond(self, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        """The HTTP status and the JSON body Telegram would answer (bytes: a raw body set in `answers`)."""
        try:
            return self._respond(method, params)
        finally:
            with self._called:
                self._called.notify_all()

    def _respond(self, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        with self.lock:
            self.calls.append(Call(method, params, time.monotonic()))
            if method in self.answers:
                return self.answers[method]
            chat_id = params.get("chat_id")
            queued = self.failures.get(chat_id) if isinstance(chat_id, int) else None
            if queued:
                failure = queued.pop(0)
                if failure is LOST_ANSWER:
                    self.delivered[chat_id] += 1  # type: ignore[index]
                    return 0, failure
                if failure is NO_CONNECTION:
                    return 0, failure
                return failure.get("error_code", 400), {"ok": False, **failure}
            if method == "sendMessage" and isinstance(chat_id, int) and self._flooded(
                    chat_id, self.paid_per_second if params.get("allow_paid_broadcast") else self.per_second):
                self.refusals += 1
                return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                             "parameters": {"retry_after": 1}}
            if method == "sendMessage" and isinstance(chat_id, int):
                self.delivered[chat_id] += 1
            return 200, {"ok": True, "result": self._result(method, params)}

    def _flooded(self, chat_id: int, per_second: float | None) -> bool:
        """Would this message break a flood limit (`per_second` in all)? Records it when it would not."""
        now = self.clock()
        if self.per_second is not None and per_second is not None:
            while self._recent and self._recent[0] <= now - 1.0:
                self._recent.popleft()
            if len(self._recent) + 1 > per_second:
                return True
        by_chat = self._recent_by_chat.setdefault(chat_id, deque())
        if self.per_chat_per_minute is not None and chat_id < 0:
            while by_chat and by_chat[0] <= now - 60.0:
                by_chat.popleft()
            if len(by_chat) + 1 > self.per_chat_per_minute:
                return True
        self._recent.append(now)
        by_chat.append(now)
        return False

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT
        if method == "getUpdates":
            offset = params.get("offset")
            if isinstance(offset, int):  # everything before the offset is confirmed: Telegram forgets it
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            return self.updates[:params.get("limit") or 100]
        if method in ("sendMessage", "sendPhoto", "editMessageText"):
            self.next_message_id += 1
            chat_id = params.get("chat_id", 1)
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "group", "title": "t", "first_name": "u"}
            message = {"message_id": params.get("message_id", self.next_message_id), "date": int(time.time()),
                       "chat": chat, "from": BOT}
            if "text" in params:
                message["text"] = params["text"]
            if "caption" in params:
                message["caption"] = params["caption"]
            if method == "sendPhoto":
                message["photo"] = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
            return message
        if method == "getChatMember":
            status = self.members.get((params["chat_id"], params["user_id"]), "member")
            return {"status": status, "user": {"id": params["user_id"], "is_bot": False, "first_name": "u"},
                    **({"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                        "can_delete_messages": True, "can_manage_video_chats": True, "can_restrict_members": True,
                        "can_promote_members": True, "can_change_info": True, "can_invite_users": True,
                        "can_post_stories": True, "can_edit_stories": True, "can_delete_stories": True}
                       if status == "administrator" else {})}
        return True

    @staticmethod
    def parse(body: bytes, content_type: str) -> dict[str, Any]:
        """The parameters of a request as PTB sends them (form fields, JSON-encoded values)."""
        if not body:
            return {}
        if "multipart/form-data" in content_type:
            boundary = content_type.split("boundary=")[1].encode()
            params: dict[str, Any] = {}
            for part in body.split(b"--" + boundary):
                head, _, value = part.partition(b"\r\n\r\n")
                if b'name="' in head:
                    name = head.split(b'name="')[1].split(b'"')[0].decode()
                    params[name] = "<file>" if b"filename=" in head else value.rstrip(b"\r\n").decode()
            return {k: _decode(k, v) for k, v in params.items()}
        return {k: _decode(k, v) for k, v in parse_qsl(body.decode(), keep_blank_values=True)}

    # ---------------------------------------------------------------- transports
    def transport(self) -> httpx.MockTransport:
        """For HTTPXRequest(httpx_kwargs={"transport": ...})."""
        async def handle(request: httpx.Request) -> httpx.Response:
            if self.latency:
                await asyncio.sleep(self.latency)
            method = request.url.path.rsplit("/", 1)[-1]
            status, body = self.respond(method, self.parse(request.content, request.headers.get("content-type", "")))
            if body is NO_CONNECTION:
                raise httpx.ConnectError("connection refused", request=request)
            if body is LOST_ANSWER:
                raise httpx.ReadTimeout("no answer", request=request)
            if self._must_hold(method):
                self._release_async = self._release_async or asyncio.Event()
                if self._held_async is not None:
                    self._held_async.set()
                await self._release_async.wait()
            if isinstance(body, bytes):
                return httpx.Response(status, content=body)
            return httpx.Response(status, json=body)
        return httpx.MockTransport(handle)

    def serve(self) -> tuple[ThreadingHTTPServer, str]:
        """An HTTP server on loopback; returns it and the base URL for TELEGRAM_BASE_URL."""
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # connections kept open between requests, as Telegram's are

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if api.latency:
                    time.sleep(api.latency)
                method = self.path.rsplit("/", 1)[-1]
                status, answer = api.respond(method, api.parse(body, self.headers.get("content-type", "")))
                if answer is NO_CONNECTION or answer is LOST_ANSWER:
                    self.close_connection = True  # hang up without an answer
                    return
                if api._must_hold(method):
                    api._release.wait()
                if method == "getUpdates":
                    time.sleep(0.05)
                data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 1024  # a bot answering many chats at once opens many connections
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hung up: what clients do
                    super().handle_error(request, client_address)  # type: ignore[arg-type]

        server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}/bot"


def _decode(name: str, value: str) -> Any:
    if name in _INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            return value
    if value[:1] in "[{" or value in ("true", "false"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


_update_ids = iter(range(1, 10**9))


def user(user_id: int = 7, is_bot: bool = False) -> dict[str, Any]:
    """A Telegram user."""
    return {"id": user_id, "is_bot": is_bot, "first_name": "Ann <b>&", "username": f"user{user_id}"}


def chat(chat_id: int) -> dict[str, Any]:
    """A private chat (positive id) or a group (negative id)."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Ann <b>&"}
    return {"id": chat_id, "type": "group", "title": "Trade <talk> & more"}


def migrated(new_chat_id: int) -> dict[str, Any]:
    """The error Telegram gives for a group that became a supergroup."""
    return {"error_code": 400, "description": "Bad Request: group chat was upgraded to a supergroup chat",
            "parameters": {"migrate_to_chat_id": new_chat_id}}


def message_update(text: str | None, chat_id: int = 7, sender: dict[str, Any] | None = None,
                   **extra: Any) -> dict[str, Any]:
    """An update with a new message; commands and @mentions get their entities as Telegram sends them."""
    message: dict[str, Any] = {"message_id": next(_update_ids), "date": int(time.time()), "chat": chat(chat_id),
                               "from": sender or user(), **extra}
    if text is not None:
        message["text"] = text
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        if "@TradeBriefBot" in text and not text.startswith("/"):
            entities.append({"type": "mention", "offset": text.index("@TradeBriefBot"), "length": 14})
        if entities:
            message["entities"] = entities
    return {"update_id": next(_update_ids), "message": message}
