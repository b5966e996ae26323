"""What a failed Bot API request means for the message: the one reading shared by replies and broadcasts.

The question that matters is whether Telegram may have delivered the message. A 429, a 5xx answer
or a connection that never opened prove that nothing was sent: the request may be tried again. A
timeout or a connection lost after the request went out prove nothing: the message may have
arrived, so it is never sent again on our own (at most once).
"""
from __future__ import annotations

import datetime as dt
import enum
import warnings

import httpx
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

GONE_REASONS = ("chat not found", "bot was kicked", "user is deactivated", "have no rights to send",
                "not enough rights", "need administrator rights", "chat_write_forbidden", "peer_id_invalid",
                "bot was blocked", "group chat was deleted")
# httpx errors raised before a request left this machine
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


class Outcome(enum.Enum):
    """How a failed request ended, from the message's point of view."""

    WAIT = "wait"  # 429: nothing sent; wait as Telegram says, then try again
    RETRY = "retry"  # 5xx or no connection: nothing sent; try again after a backoff
    MIGRATED = "migrated"  # the group became a supergroup: send to its new id
    GONE = "gone"  # blocked, removed, chat not found: the chat is unsubscribed
    REFUSED = "refused"  # Telegram refused this request; trying again would not help
    UNCONFIRMED = "unconfirmed"  # the message may have arrived: never sent again on our own


def outcome(exc: TelegramError) -> Outcome:
    """What `exc`, raised by a send, means for the message."""
    if isinstance(exc, RetryAfter):
        return Outcome.WAIT
    if isinstance(exc, ChatMigrated):
        return Outcome.MIGRATED
    if isinstance(exc, Forbidden):
        return Outcome.GONE
    if isinstance(exc, BadRequest):  # before NetworkError: PTB's BadRequest is a NetworkError
        return Outcome.GONE if any(reason in str(exc).lower() for reason in GONE_REASONS) else Outcome.REFUSED
    if isinstance(exc, NetworkError):
        cause = exc.__cause__
        if cause is None or isinstance(cause, _NEVER_SENT):  # an HTTP error status, or no connection at all
            return Outcome.RETRY
        return Outcome.UNCONFIRMED
    return Outcome.UNCONFIRMED  # e.g. a reply that is not JSON: the request arrived, what it did is unknown


def retry_after(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait: PTB 22 gives an int and warns that it will become a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
