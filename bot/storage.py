"""Subscriptions, published snapshots, the delivery log and the inbox of updates, in SQLite.

One small module owns the database. The schema is versioned (PRAGMA user_version), marked as this
bot's (PRAGMA application_id) and created on first start; a database that is corrupt, another
program's or from a newer version of the bot is refused at start-up with one line. WAL mode and
short transactions let two bot processes share the file.

Deliveries are at most once: a delivery is claimed (pending -> sending) before its request is
made, in a transaction only one process can win, and marked sent when Telegram confirms it. A
request that may have reached Telegram without a confirmation (a timeout after sending, a run
killed with the request in flight) leaves the delivery unconfirmed: it is listed, never re-sent
on its own, and re-sent only when asked (`publish --resend-unconfirmed`).
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from bot.errors import ConfigError

Kind = Literal["updates", "weekly"]
KINDS: tuple[Kind, ...] = ("updates", "weekly")
State = Literal["pending", "sending", "sent", "failed", "gone", "unconfirmed"]
STATES: tuple[State, ...] = ("pending", "sending", "sent", "failed", "gone", "unconfirmed")
BUSY_TIMEOUT_MS = 10_000
APPLICATION_ID = 0x54425242  # "TBRB": marks a file as this bot's database
DAMAGED = "restore it from a backup, or move it away to start with an empty one"
HANDLED_KEPT = 10_000  # ids of handled updates remembered, so that a re-delivered one is dropped

MIGRATIONS = [
    """
    CREATE TABLE subscriptions (
        chat_id   INTEGER PRIMARY KEY,
        kind      TEXT NOT NULL CHECK (kind IN ('updates', 'weekly')),
        chat_type TEXT NOT NULL,
        title     TEXT NOT NULL DEFAULT '',
        since     TEXT NOT NULL
    );
    CREATE TABLE snapshots (
        id    INTEGER PRIMARY KEY AUTOINCREMENT,
        taken TEXT NOT NULL,
        facts TEXT NOT NULL
    );
    CREATE TABLE posts (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        kind        TEXT NOT NULL,
        html        TEXT NOT NULL,
        snapshot_id INTEGER REFERENCES snapshots (id),
        created     TEXT NOT NULL,
        finished    TEXT
    );
    CREATE TABLE deliveries (
        post_id  INTEGER NOT NULL REFERENCES posts (id),
        chat_id  INTEGER NOT NULL,
        state    TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'gone')),
        attempts INTEGER NOT NULL DEFAULT 0,
        detail   TEXT NOT NULL DEFAULT '',
        updated  TEXT NOT NULL,
        PRIMARY KEY (post_id, chat_id)
    );
    CREATE INDEX deliveries_by_state ON deliveries (post_id, state);
    """,
    # 2: deliveries may be unconfirmed (at most once); updates wait in an inbox until handled
    """
    CREATE TABLE deliveries_v2 (
        post_id  INTEGER NOT NULL REFERENCES posts (id),
        chat_id  INTEGER NOT NULL,
        state    TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'gone', 'unconfirmed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        detail   TEXT NOT NULL DEFAULT '',
        updated  TEXT NOT NULL,
        PRIMARY KEY (post_id, chat_id)
    );
    INSERT INTO deliveries_v2 SELECT * FROM deliveries;
    DROP TABLE deliveries;
    ALTER TABLE deliveries_v2 RENAME TO deliveries;
    CREATE INDEX deliveries_by_state ON deliveries (post_id, state);
    CREATE TABLE updates (
        update_id INTEGER PRIMARY KEY,
        body      TEXT,
        received  TEXT NOT NULL,
        handled   TEXT
    );
    """,
]
OUR_TABLES = frozenset({"subscriptions", "snapshots", "posts", "deliveries", "updates", "sqlite_sequence"})


@dataclass(frozen=True)
class Subscription:
    """A chat that receives posts."""

    chat_id: int
    kind: Kind
    chat_type: str
    title: str
    since: str


@dataclass(frozen=True)
class Post:
    """A post being (or once) broadcast."""

    id: int
    kind: str
    html: str
    created: str
    finished: str | None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def masked(url: str) -> str:
    """`url` with its password, if any, replaced by ***, fit for a message or a log line."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def database_path(url: str) -> Path:
    """The file of a `sqlite:///PATH` URL."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or len(url) == len(prefix):
        raise ConfigError(f"DATABASE_URL must look like sqlite:///path/to/bot.db, not {masked(url)!r}")
    return Path(url[len(prefix):]).expanduser()


class Storage:
    """The bot's SQLite database."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                  check_same_thread=False)
        try:
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")  # in WAL mode: no corruption, no fsync per delivery
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._check()
            self._migrate()
        except BaseException:
            self.db.close()
            raise

    @classmethod
    def open(cls, url: str) -> Storage:
        """Open (and create or upgrade) the database a DATABASE_URL names; ConfigError says what is wrong."""
        path = database_path(url)
        try:
            return cls(path)
        except ConfigError:
            raise
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if "not a database" in reason or "malformed" in reason:
                advice = DAMAGED
            else:
                advice = "the bot must be able to create and write this file and its folder"
            raise ConfigError(f"cannot use the database {path} (DATABASE_URL): {reason}; {advice}") from None

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, taken at once so that two processes queue instead of failing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _check(self) -> None:
        """Refuse a file that is corrupt, another program's, or written by a newer version of the bot."""
        damage = [row[0] for row in self.db.execute("PRAGMA quick_check")]
        if damage != ["ok"]:
            raise ConfigError(f"the database {self.path} (DATABASE_URL) is damaged ({damage[0]}); {DAMAGED}")
        owner = self.db.execute("PRAGMA application_id").fetchone()[0]
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if (owner not in (0, APPLICATION_ID) or (owner == 0 and version == 0 and tables)
                or not tables <= OUR_TABLES):
            raise ConfigError(f"{self.path} (DATABASE_URL) is not this bot's database (another program's "
                              "tables are in it); point DATABASE_URL at a file of its own")
        if version > len(MIGRATIONS):
            raise ConfigError(f"the database {self.path} (DATABASE_URL) has schema version {version}, written by a "
                              f"newer version of this bot; this version knows versions up to {len(MIGRATIONS)}: "
                              "run the newer bot, or point DATABASE_URL at another file")

    def _migrate(self) -> None:
        with self._write() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @property
    def version(self) -> int:
        """The schema version."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # ------------------------------------------------------------------ subscriptions
    def subscribe(self, chat_id: int, kind: Kind, chat_type: str, title: str) -> None:
        """Subscribe a chat (or change what it is subscribed to)."""
        with self._write() as db:
            db.execute("""INSERT INTO subscriptions (chat_id, kind, chat_type, title, since) VALUES (?, ?, ?, ?, ?)
                          ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind, title = excluded.title""",
                       (chat_id, kind, chat_type, title, _now()))

    def unsubscribe(self, chat_id: int) -> bool:
        """Remove a chat's subscription; True if it had one."""
        with self._write() as db:
            return db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)).rowcount > 0

    def subscription(self, chat_id: int) -> Subscription | None:
        """The chat's subscription, if any."""
        row = self.db.execute("SELECT * FROM subscriptions WHERE chat_id = ?", (chat_id,)).fetchone()
        return Subscription(**dict(row)) if row else None

    def subscribers(self, kind: Kind) -> list[int]:
        """Every chat subscribed to `kind`."""
        return [r[0] for r in self.db.execute("SELECT chat_id FROM subscriptions WHERE kind = ? ORDER BY chat_id",
                                              (kind,))]

    def migrate_chat(self, old: int, new: int) -> None:
        """A group became a supergroup: its subscription and pending deliveries follow it."""
        with self._write() as db:
            db.execute("UPDATE OR REPLACE subscriptions SET chat_id = ? WHERE chat_id = ?", (new, old))
            db.execute("UPDATE OR IGNORE deliveries SET chat_id = ? WHERE chat_id = ? AND state IN ('pending', "
                       "'sending')", (new, old))

    # ------------------------------------------------------------------ snapshots and posts
    def last_snapshot(self) -> dict[str, Any] | None:
        """The facts as last published."""
        row = self.db.execute("SELECT facts FROM snapshots ORDER BY id DESC LIMIT 1").fetchone()
        return json.loads(row[0]) if row else None

    def keep_baseline(self, snapshot: dict[str, Any]) -> bool:
        """Record `snapshot` as what subscribers know, unless a snapshot exists; True if recorded."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM snapshots LIMIT 1").fetchone():
                return False
            db.execute("INSERT INTO snapshots (taken, facts) VALUES (?, ?)",
                       (_now(), json.dumps(snapshot, sort_keys=True)))
            return True

    def has_posts(self, kind: str) -> bool:
        """Whether a post of `kind` was ever made."""
        return self.db.execute("SELECT 1 FROM posts WHERE kind = ? LIMIT 1", (kind,)).fetchone() is not None

    def create_post(self, kind: str, html: str, chats: list[int], snapshot: dict[str, Any] | None) -> int:
        """Record a post, one pending delivery per chat, and (for updates) the snapshot it publishes."""
        with self._write() as db:
            snapshot_id = None
            if snapshot is not None:
                snapshot_id = db.execute("INSERT INTO snapshots (taken, facts) VALUES (?, ?)",
                                         (_now(), json.dumps(snapshot, sort_keys=True))).lastrowid
            post_id = db.execute("INSERT INTO posts (kind, html, snapshot_id, created) VALUES (?, ?, ?, ?)",
                                 (kind, html, snapshot_id, _now())).lastrowid
            now = _now()
            db.executemany("INSERT INTO deliveries (post_id, chat_id, state, updated) VALUES (?, ?, 'pending', ?)",
                           [(post_id, chat, now) for chat in chats])
            return int(post_id)  # type: ignore[arg-type]

    def unfinished_posts(self) -> list[Post]:
        """Posts whose broadcast has not finished (a run was stopped half-way)."""
        return [Post(**dict(r)) for r in self.db.execute(
            "SELECT id, kind, html, created, finished FROM posts WHERE finished IS NULL ORDER BY id")]

    def finish_post(self, post_id: int) -> None:
        """Mark a post's broadcast finished."""
        with self._write() as db:
            db.execute("UPDATE posts SET finished = ? WHERE id = ?", (_now(), post_id))

    # ------------------------------------------------------------------ deliveries
    def pending(self, post_id: int) -> list[int]:
        """Chats still waiting for the post."""
        return [r[0] for r in self.db.execute(
            "SELECT chat_id FROM deliveries WHERE post_id = ? AND state = 'pending' ORDER BY chat_id", (post_id,))]

    def claim(self, post_id: int, chat_id: int) -> bool:
        """Take a pending delivery for sending; False if another run has it or it is done."""
        with self._write() as db:
            return db.execute("""UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated = ?
                                 WHERE post_id = ? AND chat_id = ? AND state = 'pending'""",
                              (_now(), post_id, chat_id)).rowcount == 1

    def release(self, post_id: int, chat_id: int) -> None:
        """Give a claimed delivery back: Telegram proved it was not sent, so it may be tried again."""
        self.mark(post_id, chat_id, "pending")

    def mark(self, post_id: int, chat_id: int, state: State, detail: str = "") -> None:
        """Record what happened to one delivery."""
        with self._write() as db:
            db.execute("UPDATE deliveries SET state = ?, detail = ?, updated = ? WHERE post_id = ? AND chat_id = ?",
                       (state, detail[:500], _now(), post_id, chat_id))

    def counts(self, post_id: int) -> dict[State, int]:
        """How many deliveries of a post are in each state."""
        found: dict[State, int] = dict.fromkeys(STATES, 0)
        for state, number in self.db.execute("SELECT state, COUNT(*) FROM deliveries WHERE post_id = ? GROUP BY state",
                                             (post_id,)):
            found[state] = number
        return found

    def unconfirmed(self) -> list[tuple[int, int, str]]:
        """(post, chat, detail) of every delivery that may or may not have arrived: unconfirmed, or claimed by a
        run that has not finished it (in flight now, or killed with the request in flight)."""
        return [(r[0], r[1], r[2]) for r in self.db.execute(
            "SELECT post_id, chat_id, detail FROM deliveries WHERE state IN ('unconfirmed', 'sending') "
            "ORDER BY post_id, chat_id")]

    def resend_unconfirmed(self) -> int:
        """Make every unconfirmed delivery pending again (asked for explicitly); returns how many."""
        with self._write() as db:
            posts = [r[0] for r in db.execute("SELECT DISTINCT post_id FROM deliveries WHERE state = 'unconfirmed'")]
            count = db.execute("UPDATE deliveries SET state = 'pending', detail = 'resent on request', updated = ? "
                               "WHERE state = 'unconfirmed'", (_now(),)).rowcount
            db.executemany("UPDATE posts SET finished = NULL WHERE id = ?", [(post,) for post in posts])
            return int(count)

    def settle_unconfirmed(self, post_id: int) -> int:
        """A run starting on an unfinished post: what an earlier run left claimed is unconfirmed; returns how many."""
        with self._write() as db:
            return int(db.execute("UPDATE deliveries SET state = 'unconfirmed', updated = ?, "
                                  "detail = 'in flight when a run stopped' WHERE post_id = ? AND state = 'sending'",
                                  (_now(), post_id)).rowcount)

    def sent_to(self, chat_id: int) -> int:
        """How many posts a chat has been sent (for /status)."""
        return int(self.db.execute("SELECT COUNT(*) FROM deliveries WHERE chat_id = ? AND state = 'sent'",
                                   (chat_id,)).fetchone()[0])

    # ------------------------------------------------------------------ the inbox of updates
    def receive(self, updates: list[tuple[int, str]]) -> list[int]:
        """Keep fetched updates (id, JSON) until they are handled; returns the ids not seen before."""
        with self._write() as db:
            fresh = [update_id for update_id, body in updates
                     if db.execute("INSERT OR IGNORE INTO updates (update_id, body, received) VALUES (?, ?, ?)",
                                   (update_id, body, _now())).rowcount == 1]
        return fresh

    def handled(self, update_id: int) -> None:
        """An update was handled: forget its body, remember its id (a re-delivery is then dropped)."""
        with self._write() as db:
            db.execute("UPDATE updates SET body = NULL, handled = ? WHERE update_id = ?", (_now(), update_id))
            # Telegram numbers updates in sequence: ids far behind this one will not come again
            db.execute("DELETE FROM updates WHERE handled IS NOT NULL AND update_id < ?", (update_id - HANDLED_KEPT,))

    def unhandled(self) -> list[tuple[int, str]]:
        """Updates received but not handled (the bot stopped first), oldest first."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT update_id, body FROM updates WHERE handled IS NULL ORDER BY update_id")]
