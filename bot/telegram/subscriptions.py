"""Handlers for subscriptions: /subscribe, /unsubscribe, /status, /publish, and the chat's membership."""
from __future__ import annotations

import datetime as dt
import logging

from telegram import Chat, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.settings import Settings
from bot.storage import Kind
from bot.telegram.broadcast import Broadcaster
from bot.telegram.handlers import engine_of, in_background, language_of, settings_of, storage_of, target_of
from bot.telegram.publishing import limits_of, publish, weekly
from bot.telegram.sending import send_text

logger = logging.getLogger(__name__)
MANAGERS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
UNCONFIRMED_SHOWN = 20
CATCH_UP = "weekly digest missed"  # the JobQueue's name for the run at start-up
CHANNEL_NOTE_SECONDS = 60  # how long a subscription note stays up in a channel, where it is a public post
KINDS = {"updates": "updates", "weekly": "weekly", "week": "weekly"}  # what /subscribe takes


def _html(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, **values: object) -> str:
    """A reply in the person's language (a channel's in English: a channel post has no person)."""
    engine = engine_of(context)
    return engine.knowledge.wording.get(key, language_of(update, engine)).fill(**values)[0]


def _plain(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> str:
    engine = engine_of(context)
    return engine.knowledge.wording.get(key, language_of(update, engine)).plain


async def _say(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, **values: object) -> None:
    """Reply; in a channel, where every reply is a public post, the note and the command go after a minute."""
    message = update.effective_message
    if message is None:
        return
    sent = await send_text(context.bot, storage_of(context), target_of(message), _html(update, context, key, **values))
    if message.chat.type == ChatType.CHANNEL and context.job_queue is not None:
        for posted in (message, sent):
            if posted is not None:
                context.job_queue.run_once(_delete, CHANNEL_NOTE_SECONDS, data=(posted.chat_id, posted.message_id))


async def _delete(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Take a channel's subscription note (or the command that asked for it) down again."""
    chat_id, message_id = context.job.data  # type: ignore[union-attr, misc]
    try:
        await context.bot.delete_message(chat_id, message_id)
    except TelegramError as exc:
        logger.info("could not delete message %s in channel %s: %s", message_id, chat_id, exc.message)


async def _may_manage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool | None:
    """Private chats manage themselves; a channel post comes from the channel's admins; in a group,
    the sender must be an administrator (an anonymous administrator posts as the group itself).
    None when Telegram could not say (getChatMember failed)."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return False
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return True
    if message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True
    if message.from_user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, message.from_user.id)
    except TelegramError as exc:
        logger.warning("could not check whether user %s administers chat %s: %s", message.from_user.id, chat.id,
                       exc.message)
        return None
    return member.status in MANAGERS


def _title(chat: Chat) -> str:
    return chat.title or chat.full_name or chat.username or str(chat.id)


async def _managed_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Chat | None:
    """The chat, when the sender may change its subscription; otherwise say why not and return None."""
    if update.effective_chat is None:
        return None
    allowed = await _may_manage(update, context)
    if not allowed:
        await _say(update, context, "telegram_admins_only" if allowed is False else "telegram_try_again")
        return None
    return update.effective_chat


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe [weekly]: this chat gets posts."""
    if (chat := await _managed_chat(update, context)) is None:
        return
    asked = " ".join(context.args or []).strip().lower()
    if asked and asked not in KINDS:  # /subscribe daily: say the choices rather than guess
        await _say(update, context, "subscribe_choices", asked=asked[:32])
        return
    kind: Kind = KINDS.get(asked, "updates")  # type: ignore[assignment]
    storage_of(context).subscribe(chat.id, kind, chat.type, _title(chat))
    await _say(update, context, "telegram_subscribed", kind=_plain(update, context, f"telegram_kind_name_{kind}"),
               what=_plain(update, context, f"telegram_kind_{kind}"))


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe: no more posts for this chat."""
    if (chat := await _managed_chat(update, context)) is None:
        return
    removed = storage_of(context).unsubscribe(chat.id)
    await _say(update, context, "telegram_unsubscribed" if removed else "telegram_not_subscribed")


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/status: what this chat is subscribed to; the bot's administrators also see unconfirmed deliveries."""
    chat = update.effective_chat
    if chat is None:
        return
    storage = storage_of(context)
    found = storage.subscription(chat.id)
    if found is None:
        await _say(update, context, "telegram_not_subscribed")
    else:
        await _say(update, context, "telegram_status", kind=_plain(update, context, f"telegram_kind_name_{found.kind}"),
                   since=found.since[:10],
                   count=storage.sent_to(chat.id))
    user = update.effective_user
    unconfirmed = storage.unconfirmed()
    if unconfirmed and user is not None and user.id in settings_of(context).admin_ids:
        chats = ", ".join(str(chat_id) for _, chat_id, _ in unconfirmed[:UNCONFIRMED_SHOWN])
        more = len(unconfirmed) - UNCONFIRMED_SHOWN
        await _say(update, context, "telegram_unconfirmed", count=len(unconfirmed),
                   chats=chats + (f" (+{more})" if more > 0 else ""))


async def publish_now(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/publish, for the user ids in ADMIN_IDS: the same publish as `python -m bot publish`."""
    user = update.effective_user
    if user is None or user.id not in settings_of(context).admin_ids:
        await _say(update, context, "telegram_publish_admins_only")
        return
    await _say(update, context, "telegram_publish_started")

    async def run() -> None:  # in the background: a long broadcast must not hold up this chat
        lines: list[str] = []
        storage = storage_of(context)
        broadcaster = Broadcaster(context.bot, storage, limits_of(settings_of(context)))
        await publish(engine_of(context), storage, broadcaster, lines.append)
        await _say(update, context, "telegram_publish_done", lines="\n".join(lines))

    in_background(context, run(), update)


def due_digest(settings: Settings, now: dt.datetime) -> dt.datetime:
    """When the weekly digest was last due at `now`: the latest WEEKLY_DIGEST_DAY and _TIME not after it."""
    at = settings.weekly_digest_time
    local = now.astimezone(at.tzinfo)
    due = dt.datetime.combine(local.date() - dt.timedelta(days=(local.weekday() - settings.weekly_digest_day) % 7),
                              at)
    return due if due <= local else due - dt.timedelta(days=7)


async def weekly_digest(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The weekly digest to every `weekly` subscriber, in the background, by one replica of however many run:
    the JobQueue's run at the digest's time, and the run at start-up that catches up a week missed while no
    replica ran (only once the digest has been posted before, so that a new install does not post at once)."""
    settings, storage = settings_of(context), storage_of(context)
    due = due_digest(settings, dt.datetime.now(dt.UTC))
    last = storage.last_post("weekly")
    catching_up = context.job is not None and context.job.name == CATCH_UP
    if (last is None and catching_up) or (last is not None and last >= due):
        return  # nothing to catch up: never posted before, or posted since it was due
    if not storage.start_job("weekly digest", due.isoformat()):  # another replica has it
        return
    in_background(context, weekly(engine_of(context), storage, Broadcaster(context.bot, storage, limits_of(settings)),
                                  lambda line: logger.info("weekly digest: %s", line)))


async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was removed from a chat, or blocked in a private one: forget its subscription."""
    change = update.my_chat_member
    if change is None:
        return
    if change.new_chat_member.status in GONE or (
            change.new_chat_member.status == ChatMemberStatus.RESTRICTED
            and not getattr(change.new_chat_member, "is_member", True)):
        if storage_of(context).unsubscribe(change.chat.id):
            logger.info("chat %s removed the bot; unsubscribed", change.chat.id)


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its subscription follows it to the new chat id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        storage_of(context).migrate_chat(message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id is not None:
        storage_of(context).migrate_chat(message.migrate_from_chat_id, message.chat.id)

