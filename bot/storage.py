"""Subscriptions, published snapshots, the delivery log, the inbox of updates and each chat's
follow-up memory, in SQLite (the default) or PostgreSQL, through SQLAlchemy.

One small module owns the database; `DATABASE_URL` chooses it. The schema's history is the Alembic
revisions in bot/migrations, run at start-up on both databases. A SQLite file is also marked as this
bot's (PRAGMA application_id) and checked; a database that is corrupt, another program's or from a
newer version of the bot is refused at start-up with one line. SQLite runs in WAL mode with short
write transactions taken at once (BEGIN IMMEDIATE), so that processes on one machine queue instead
of failing; PostgreSQL serves processes on several machines.

Deliveries are at most once: a delivery is claimed (pending -> sending) by one sender before its
request is made, in a transaction only one process can win (on PostgreSQL with FOR UPDATE SKIP
LOCKED, so senders never wait on each other's rows), and marked sent when Telegram confirms it. A
request that may have reached Telegram without a confirmation (a timeout after sending, a sender
killed with the request in flight) leaves the delivery unconfirmed: it is listed, never re-sent on
its own, and re-sent only when asked (`publish --resend-unconfirmed`).
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from bot.errors import ConfigError

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

Kind = Literal["updates", "weekly"]
KINDS: tuple[Kind, ...] = ("updates", "weekly")
State = Literal["pending", "sending", "sent", "failed", "gone", "unconfirmed"]
STATES: tuple[State, ...] = ("pending", "sending", "sent", "failed", "gone", "unconfirmed")
BUSY_TIMEOUT_MS = 10_000
LOCKED_PAUSE_S = 0.05  # between tries to set WAL on a fresh SQLite file another process is setting up
CONNECT_TIMEOUT_S = 10
APPLICATION_ID = 0x54425242  # "TBRB": marks a SQLite file as this bot's database
DAMAGED = "restore it from a backup, or move it away to start with an empty one"
HANDLED_KEPT = 10_000  # ids of handled updates remembered, so that a re-delivered one is dropped
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
OUR_TABLES = frozenset({"subscriptions", "snapshots", "posts", "deliveries", "updates", "workers", "budget",
                        "memory", "jobs", "alembic_version", "sqlite_sequence"})
SCHEMES = "sqlite:///path/to/bot.db or postgresql://user:password@host/database"
# what `copy_into` copies, parents before children; who is sending and the send budget are of the moment only
COPIED = ("subscriptions", "snapshots", "posts", "deliveries", "updates", "memory", "jobs")


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


@functools.cache
def _scripts() -> ScriptDirectory:
    """The migrations in bot/migrations, read once."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


@functools.cache
def _revisions() -> list[str]:
    """The revisions, oldest first: the schema's version is how many of them a database has."""
    return [script.revision for script in reversed(list(_scripts().walk_revisions()))]


@functools.cache
def _sql(statement: str) -> sa.TextClause:
    """A statement, parsed once: a broadcast runs the same few statements for every message."""
    return sa.text(statement)


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


def engine_url(url: str) -> sa.URL:
    """The SQLAlchemy URL of a DATABASE_URL: SQLite's file, or PostgreSQL through psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"DATABASE_URL must look like {SCHEMES}, not {masked(url)!r}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        return parsed.set(drivername="sqlite", database=str(Path(parsed.database).expanduser()))
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    raise ConfigError(f"DATABASE_URL must look like {SCHEMES}, not {masked(url)!r}")


def _sqlite_pragmas(dbapi: Any, _record: object) -> None:
    dbapi.isolation_level = None  # SQLAlchemy's begin event below says when a transaction starts, and how
    for pragma in (f"busy_timeout = {BUSY_TIMEOUT_MS}", "synchronous = NORMAL", "foreign_keys = ON"):
        dbapi.execute(f"PRAGMA {pragma}")
    # WAL (no corruption, no fsync per delivery) is kept in the file once set; setting it needs the file to itself,
    # and SQLite answers "locked" at once, without waiting on busy_timeout, while another process of a fresh
    # database sets it too: wait for that as busy_timeout would
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            dbapi.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(LOCKED_PAUSE_S)


def _sqlite_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    if options.get("isolation_level") != "AUTOCOMMIT":
        # a write takes the lock at once, so that two processes queue on busy_timeout instead of failing mid-way
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get("write") else "BEGIN")


class Storage:
    """The bot's database."""

    def __init__(self, url: str) -> None:
        self.url = engine_url(url)
        self.sqlite = self.url.get_backend_name() == "sqlite"
        # where the database is, for messages and log lines: the file, or the URL without its password
        self.path = str(self.url.database) if self.sqlite else masked(self.url.render_as_string(hide_password=False))
        if self.sqlite:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.engine = sa.create_engine(self.url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        else:
            # no ping before each use: a round trip per statement; a server restarted under a running bot costs it one
            # failed statement, after which SQLAlchemy drops every connection of the old server
            self.engine = sa.create_engine(self.url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        self.writer = self.engine.execution_options(write=True)
        self.autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        try:
            with self.writer.begin() as conn:
                if self.sqlite:
                    self._check(conn)
                self._migrate(conn)
        except BaseException:
            self.engine.dispose()
            raise

    @classmethod
    def open(cls, url: str) -> Storage:
        """Open (and create or upgrade) the database a DATABASE_URL names; ConfigError says what is wrong."""
        try:
            return cls(url)
        except ConfigError:
            raise
        except (OSError, DBAPIError, NoSuchModuleError) as exc:
            orig = getattr(exc, "orig", None) or exc
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(orig).strip().splitlines()[0]
            where = masked(url)
            if "not a database" in reason or "malformed" in reason:
                raise ConfigError(f"the database {where} (DATABASE_URL) is damaged ({reason}); {DAMAGED}") from None
            advice = ("the bot must be able to create and write this file and its folder" if url.startswith("sqlite")
                      else "check the server, the database's name and the password")
            raise ConfigError(f"cannot use the database {where} (DATABASE_URL): {reason}; {advice}") from None

    def close(self) -> None:
        """Close the connections."""
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One short write transaction, for writes of several statements."""
        with self.writer.begin() as conn:
            yield conn

    def _change(self, sql: str, params: Any) -> int:
        """One statement that writes (atomic on its own: no transaction around it, half the round trips to a
        server); how many rows it changed."""
        with self.autocommit.connect() as conn:
            return int(conn.execute(_sql(sql), params).rowcount)

    def _returning(self, sql: str, params: dict[str, Any]) -> Any:
        """One statement that writes and returns a value (or None when it changed no row)."""
        with self.autocommit.connect() as conn:
            return conn.execute(_sql(sql), params).scalar()

    def _read(self, sql: str, **params: Any) -> sa.Result[*tuple[Any, ...]]:
        with self.engine.connect() as conn:
            return conn.execute(_sql(sql), params).freeze()()

    def _check(self, conn: Connection) -> None:
        """Refuse a SQLite file that is corrupt, another program's, or written by a newer version of the bot."""
        damage = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check")]
        if damage != ["ok"]:
            raise ConfigError(f"the database {self.path} (DATABASE_URL) is damaged ({damage[0]}); {DAMAGED}")
        owner = conn.exec_driver_sql("PRAGMA application_id").scalar()
        version = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
        tables = set(sa.inspect(conn).get_table_names())
        if (owner not in (0, APPLICATION_ID) or (owner == 0 and version == 0 and tables)
                or not tables <= OUR_TABLES):
            raise ConfigError(f"{self.path} (DATABASE_URL) is not this bot's database (another program's "
                              "tables are in it); point DATABASE_URL at a file of its own")
        if version > len(_revisions()):
            raise self._newer(version)
        if version and "alembic_version" not in tables:  # written before the schema moved to Alembic
            conn.execute(_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
            conn.execute(_sql("INSERT INTO alembic_version VALUES (:v)"), {"v": f"{version:04d}"})

    def _newer(self, version: int | str) -> ConfigError:
        return ConfigError(f"the database {self.path} (DATABASE_URL) has schema version {version}, written by a "
                           f"newer version of this bot; this version knows versions up to {len(_revisions())}: "
                           "run the newer bot, or point DATABASE_URL at another database")

    def _migrate(self, conn: Connection) -> None:
        """Bring the schema to the newest revision, on this connection and in its transaction."""
        from alembic.config import Config
        from alembic.runtime.environment import EnvironmentContext
        from alembic.runtime.migration import MigrationContext

        if not self.sqlite:  # (SQLite's write transactions already take turns)
            # replicas started at once would create the same tables at once, and PostgreSQL refuses the second
            # ("duplicate key value violates unique constraint pg_type_typname_nsp_index"): one at a time, the
            # others then finding the schema up to date; the lock ends with this transaction
            conn.execute(_sql("SELECT pg_advisory_xact_lock(:key)"), {"key": APPLICATION_ID})
        current = MigrationContext.configure(conn).get_current_revision()
        known = _revisions()
        if current is not None and current not in known:
            raise self._newer(int(current) if current.isdigit() else current)
        if current is None and not self.sqlite and set(sa.inspect(conn).get_table_names()) - OUR_TABLES:
            raise ConfigError(f"{self.path} (DATABASE_URL) is not this bot's database (another program's tables "
                              "are in it); give the bot a database of its own")
        if current != known[-1]:
            scripts = _scripts()
            # what `alembic upgrade head` does, without an env.py to find the connection: it is this one
            with EnvironmentContext(Config(), scripts, fn=lambda revision, _: scripts._upgrade_revs("head", revision),
                                    destination_rev="head") as environment:
                environment.configure(connection=conn)
                environment.run_migrations()
        if self.sqlite:
            conn.exec_driver_sql(f"PRAGMA user_version = {len(known)}")
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")

    @property
    def version(self) -> int:
        """The schema version: the number of the newest migration applied."""
        return int(self._read("SELECT version_num FROM alembic_version").scalar_one())

    def ping(self) -> bool:
        """Whether the database answers."""
        try:
            return self._read("SELECT 1").scalar() == 1
        except DBAPIError:
            return False

    def copy_into(self, target: Storage) -> dict[str, int]:
        """Copy every row into `target`, an empty database of this bot (moving from SQLite to PostgreSQL, say), in
        one transaction; returns how many rows of each table."""
        copied: dict[str, int] = {}
        with self.engine.connect() as source, target._write() as into:
            for table in COPIED:
                if into.execute(_sql(f"SELECT 1 FROM {table} LIMIT 1")).first():
                    raise ConfigError(f"the database {target.path} already has {table} in it: copy into an empty "
                                      "one only, so that nothing is mixed or lost")
                rows = [dict(row) for row in source.execute(_sql(f"SELECT * FROM {table}")).mappings()]
                if rows:
                    into.execute(sa.insert(sa.table(table, *map(sa.column, rows[0]))), rows)
                copied[table] = len(rows)
            if not target.sqlite:  # ids were copied as they were: new ones follow them
                for table in ("snapshots", "posts"):
                    into.execute(_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                      f"COALESCE(MAX(id), 0) + 1, false) FROM {table}"))
        return copied

    # ------------------------------------------------------------------ subscriptions
    def subscribe(self, chat_id: int, kind: Kind, chat_type: str, title: str) -> None:
        """Subscribe a chat (or change what it is subscribed to)."""
        self._change("""INSERT INTO subscriptions (chat_id, kind, chat_type, title, since)
                        VALUES (:chat, :kind, :type, :title, :now) ON CONFLICT (chat_id)
                        DO UPDATE SET kind = excluded.kind, title = excluded.title""",
                     {"chat": chat_id, "kind": kind, "type": chat_type, "title": title, "now": _now()})

    def unsubscribe(self, chat_id: int) -> bool:
        """Remove a chat's subscription; True if it had one."""
        return self._change("DELETE FROM subscriptions WHERE chat_id = :chat", {"chat": chat_id}) > 0

    def subscription(self, chat_id: int) -> Subscription | None:
        """The chat's subscription, if any."""
        row = self._read("SELECT * FROM subscriptions WHERE chat_id = :chat", chat=chat_id).mappings().first()
        return Subscription(**row) if row else None

    def subscribers(self, kind: Kind) -> list[int]:
        """Every chat subscribed to `kind`."""
        return list(self._read("SELECT chat_id FROM subscriptions WHERE kind = :kind ORDER BY chat_id",
                               kind=kind).scalars())

    def migrate_chat(self, old: int, new: int) -> None:
        """A group became a supergroup: its subscription and pending deliveries follow it."""
        ids = {"old": old, "new": new}
        with self._write() as db:
            if db.execute(_sql("SELECT 1 FROM subscriptions WHERE chat_id = :old"), ids).first():
                db.execute(_sql("DELETE FROM subscriptions WHERE chat_id = :new"), ids)
                db.execute(_sql("UPDATE subscriptions SET chat_id = :new WHERE chat_id = :old"), ids)
            db.execute(_sql("""UPDATE deliveries SET chat_id = :new WHERE chat_id = :old
                               AND state IN ('pending', 'sending') AND NOT EXISTS (SELECT 1 FROM deliveries d
                               WHERE d.post_id = deliveries.post_id AND d.chat_id = :new)"""), ids)

    # ------------------------------------------------------------------ snapshots and posts
    def last_snapshot(self) -> dict[str, Any] | None:
        """The facts as last published."""
        facts = self._read("SELECT facts FROM snapshots ORDER BY id DESC LIMIT 1").scalar()
        return json.loads(facts) if facts else None

    def keep_baseline(self, snapshot: dict[str, Any]) -> bool:
        """Record `snapshot` as what subscribers know, unless a snapshot exists; True if recorded."""
        with self._write() as db:
            if db.execute(_sql("SELECT 1 FROM snapshots LIMIT 1")).first():
                return False
            db.execute(_sql("INSERT INTO snapshots (taken, facts) VALUES (:now, :facts)"),
                       {"now": _now(), "facts": json.dumps(snapshot, sort_keys=True)})
            return True

    def has_posts(self, kind: str) -> bool:
        """Whether a post of `kind` was ever made."""
        return self.last_post(kind) is not None

    def last_post(self, kind: str) -> dt.datetime | None:
        """When the last post of `kind` was made, if one was."""
        created = self._read("SELECT MAX(created) FROM posts WHERE kind = :kind", kind=kind).scalar()
        return dt.datetime.fromisoformat(created) if created else None

    def create_post(self, kind: str, html: str, chats: list[int], snapshot: dict[str, Any] | None) -> int:
        """Record a post, one pending delivery per chat, and (for updates) the snapshot it publishes."""
        with self._write() as db:
            snapshot_id = None
            if snapshot is not None:
                snapshot_id = db.execute(_sql("INSERT INTO snapshots (taken, facts) VALUES (:now, :facts) "
                                              "RETURNING id"),
                                         {"now": _now(), "facts": json.dumps(snapshot, sort_keys=True)}).scalar_one()
            post_id = int(db.execute(_sql("INSERT INTO posts (kind, html, snapshot_id, created) "
                                          "VALUES (:kind, :html, :snapshot, :now) RETURNING id"),
                                     {"kind": kind, "html": html, "snapshot": snapshot_id, "now": _now()}).scalar_one())
            if chats:
                db.execute(sa.insert(DELIVERIES), [{"post_id": post_id, "chat_id": chat, "state": "pending",
                                                    "updated": _now()} for chat in chats])
            return post_id

    def unfinished_posts(self) -> list[Post]:
        """Posts whose broadcast has not finished (a run was stopped half-way)."""
        return [Post(**row) for row in self._read(
            "SELECT id, kind, html, created, finished FROM posts WHERE finished IS NULL ORDER BY id").mappings()]

    def finish_post(self, post_id: int) -> None:
        """Mark a post's broadcast finished."""
        self._change("UPDATE posts SET finished = :now WHERE id = :post AND finished IS NULL",
                     {"now": _now(), "post": post_id})

    # ------------------------------------------------------------------ deliveries
    def claim(self, post_id: int, worker: str, chat_id: int | None = None) -> int | None:
        """Take a pending delivery of a post for sending: the next one no sender keeps back, or `chat_id` that
        `worker` kept back; its chat, or None when there is none to take."""
        if chat_id is None:
            # PostgreSQL: rows other senders are taking are skipped, not waited for; SQLite has one writer anyway
            lock = "" if self.sqlite else " FOR UPDATE SKIP LOCKED"
            which = ("chat_id = (SELECT chat_id FROM deliveries WHERE post_id = :post AND state = 'pending' "
                     f"AND worker = '' ORDER BY chat_id LIMIT 1{lock})")
        else:
            which = "chat_id = :chat AND state = 'pending' AND worker = :worker"
        return self._returning(f"""UPDATE deliveries SET state = 'sending', attempts = attempts + 1, worker = :worker,
                                   updated = :now WHERE post_id = :post AND {which} RETURNING chat_id""",
                               {"post": post_id, "worker": worker, "chat": chat_id, "now": _now()})

    def release(self, post_id: int, chat_id: int, worker: str = "") -> None:
        """Give a claimed delivery back: Telegram proved it was not sent, so it may be tried again; by `worker`
        alone (which keeps it back to try again after a wait) while that sender is alive, or by anyone."""
        self._change("UPDATE deliveries SET state = 'pending', worker = :worker, updated = :now "
                     "WHERE post_id = :post AND chat_id = :chat",
                     {"worker": worker, "now": _now(), "post": post_id, "chat": chat_id})

    def mark(self, post_id: int, chat_id: int, state: State, detail: str = "") -> None:
        """Record what happened to one delivery."""
        self._change("UPDATE deliveries SET state = :state, detail = :detail, updated = :now "
                     "WHERE post_id = :post AND chat_id = :chat",
                     {"state": state, "detail": detail[:500], "now": _now(), "post": post_id, "chat": chat_id})

    def counts(self, post_id: int) -> dict[State, int]:
        """How many deliveries of a post are in each state."""
        found: dict[State, int] = dict.fromkeys(STATES, 0)
        for state, number in self._read("SELECT state, COUNT(*) FROM deliveries WHERE post_id = :post "
                                        "GROUP BY state", post=post_id):
            found[state] = number
        return found

    def unconfirmed(self) -> list[tuple[int, int, str]]:
        """(post, chat, detail) of every delivery that may or may not have arrived: unconfirmed, or claimed by a
        sender that has not finished it (in flight now, or killed with the request in flight)."""
        return [(row[0], row[1], row[2]) for row in self._read(
            "SELECT post_id, chat_id, detail FROM deliveries WHERE state IN ('unconfirmed', 'sending') "
            "ORDER BY post_id, chat_id")]

    def resend_unconfirmed(self) -> int:
        """Make every unconfirmed delivery pending again (asked for explicitly); returns how many."""
        with self._write() as db:
            posts = list(db.execute(_sql("SELECT DISTINCT post_id FROM deliveries "
                                         "WHERE state = 'unconfirmed'")).scalars())
            count = db.execute(_sql("UPDATE deliveries SET state = 'pending', worker = '', updated = :now, "
                                    "detail = 'resent on request' WHERE state = 'unconfirmed'"),
                               {"now": _now()}).rowcount
            if posts:
                db.execute(_sql("UPDATE posts SET finished = NULL WHERE id = :post"), [{"post": p} for p in posts])
            return int(count)

    def sent_to(self, chat_id: int) -> int:
        """How many posts a chat has been sent (for /status)."""
        return int(self._read("SELECT COUNT(*) FROM deliveries WHERE chat_id = :chat AND state = 'sent'",
                              chat=chat_id).scalar_one())

    # ------------------------------------------------------------------ senders that share the work and the pace
    def heartbeat(self, worker: str, now: float) -> None:
        """A sender says it is alive; what it holds stays its own while it keeps saying so."""
        self._change("INSERT INTO workers (id, seen) VALUES (:worker, :now) "
                     "ON CONFLICT (id) DO UPDATE SET seen = excluded.seen", {"worker": worker, "now": now})

    def retire(self, worker: str) -> None:
        """A sender stops; what it still holds is settled by the next `settle_abandoned`."""
        self._change("DELETE FROM workers WHERE id = :worker", {"worker": worker})

    def settle_abandoned(self, post_id: int, alive_since: float) -> int:
        """What senders silent since before `alive_since` (killed, or stopped) held of a post: what was in
        flight becomes unconfirmed (the request may have reached Telegram), what was kept back to try again
        is free for any sender. Returns how many became unconfirmed."""
        alive = "worker IN (SELECT id FROM workers WHERE seen >= :since)"
        params = {"now": _now(), "post": post_id, "since": alive_since}
        with self._write() as db:
            db.execute(_sql(f"UPDATE deliveries SET worker = '' WHERE post_id = :post AND state = 'pending' "
                            f"AND worker != '' AND NOT {alive}"), params)
            return int(db.execute(_sql(
                f"""UPDATE deliveries SET state = 'unconfirmed', updated = :now,
                    detail = 'in flight when its sender stopped' WHERE post_id = :post AND state = 'sending'
                    AND NOT {alive}"""), params).rowcount)

    def in_hand(self, post_id: int) -> int:
        """Deliveries of a post that senders hold: in flight, or kept back to try again."""
        return int(self._read("SELECT COUNT(*) FROM deliveries WHERE post_id = :post AND (state = 'sending' OR "
                              "(state = 'pending' AND worker != ''))", post=post_id).scalar_one())

    def reserve(self, name: str, now: float, interval: float, count: int) -> float:
        """Take `count` send slots `interval` seconds apart from the budget all senders share; returns when
        the first one is (epoch seconds). A slot is never before `now` nor before one already handed out."""
        return float(self._returning("""INSERT INTO budget (name, next_at) VALUES (:name, :now + :span)
                                        ON CONFLICT (name) DO UPDATE SET next_at = CASE WHEN budget.next_at > :now
                                        THEN budget.next_at ELSE :now END + :span RETURNING next_at - :span""",
                                     {"name": name, "now": now, "span": interval * count}))

    def hold_budget(self, name: str, until: float) -> None:
        """No slot before `until` for anyone (Telegram said to wait)."""
        self._change("UPDATE budget SET next_at = :until WHERE name = :name AND next_at < :until",
                     {"name": name, "until": until})

    # ------------------------------------------------------------------ jobs done once, whoever runs them
    def start_job(self, name: str, period: str) -> bool:
        """Claim the job `name` for `period` (a week, say); True for the one process that gets it."""
        return self._change("INSERT INTO jobs (name, period, started) VALUES (:name, :period, :now) "
                            "ON CONFLICT (name, period) DO NOTHING",
                            {"name": name, "period": period, "now": _now()}) == 1

    # ------------------------------------------------------------------ each chat's memory
    def recall(self, chat_id: int, user_id: int) -> tuple[str, float] | None:
        """What was kept for a person in a chat (user 0: for the chat itself), and when."""
        row = self._read("SELECT state, at FROM memory WHERE chat_id = :chat AND user_id = :user",
                         chat=chat_id, user=user_id).first()
        return (row[0], row[1]) if row else None

    def remember(self, chat_id: int, states: Mapping[int, str], now: float) -> None:
        """Keep the state of each person (key: user id; 0 for the chat itself) in a chat."""
        with self._write() as db:
            db.execute(_sql("""INSERT INTO memory (chat_id, user_id, state, at) VALUES (:chat, :user, :state, :now)
                               ON CONFLICT (chat_id, user_id) DO UPDATE SET state = excluded.state,
                               at = excluded.at"""),
                       [{"chat": chat_id, "user": user, "state": state, "now": now} for user, state in states.items()])

    def forget_before(self, when: float) -> int:
        """Drop memory older than `when`; returns how much was dropped."""
        return self._change("DELETE FROM memory WHERE at < :when", {"when": when})

    # ------------------------------------------------------------------ the inbox of updates
    def receive(self, updates: list[tuple[int, str]], retake: bool = False) -> list[int]:
        """Keep fetched updates (id, JSON) until they are handled; returns the ids to handle: those not seen
        before and, with `retake`, those kept but not handled (a webhook's update that Telegram sends again
        because the replica that had it never answered)."""
        fresh = []
        with self._write() as db:
            for update_id, body in updates:
                params = {"id": update_id, "body": body, "now": _now()}
                if db.execute(_sql("INSERT INTO updates (update_id, body, received) VALUES (:id, :body, :now) "
                                   "ON CONFLICT (update_id) DO NOTHING"), params).rowcount == 1 or (
                        retake and db.execute(_sql("SELECT 1 FROM updates WHERE update_id = :id "
                                                   "AND handled IS NULL"), params).first()):
                    fresh.append(update_id)
        return fresh

    def handled(self, update_id: int) -> None:
        """An update was handled: forget its body, remember its id (a re-delivery is then dropped)."""
        with self._write() as db:
            db.execute(_sql("UPDATE updates SET body = NULL, handled = :now WHERE update_id = :id"),
                       {"now": _now(), "id": update_id})
            # Telegram numbers updates in sequence: ids far behind this one will not come again
            db.execute(_sql("DELETE FROM updates WHERE handled IS NOT NULL AND update_id < :old"),
                       {"old": update_id - HANDLED_KEPT})

    def unhandled(self) -> list[tuple[int, str]]:
        """Updates received but not handled (the bot stopped first), oldest first."""
        return [(row[0], row[1]) for row in self._read(
            "SELECT update_id, body FROM updates WHERE handled IS NULL ORDER BY update_id")]


DELIVERIES = sa.table("deliveries", sa.column("post_id"), sa.column("chat_id"), sa.column("state"),
                      sa.column("updated"))
