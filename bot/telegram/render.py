"""Engine answers as Telegram messages: HTML split to fit, choices as inline buttons."""
from __future__ import annotations

import hashlib
import html

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from telegram.constants import InlineQueryLimit, MessageLimit, ParseMode

from bot.engine import Answer

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
CALLBACK_DATA_LIMIT = 64
BUTTON_LABEL_LIMIT = 60
DESCRIPTION_LIMIT = 120


def split_html(html: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """`html` in parts of at most `limit` characters, cut at line breaks (answers keep tags within a line)."""
    parts: list[str] = []
    current = ""
    for line in html.split("\n"):
        while len(line) > limit:  # a single line too long for one message: cut it where a space is
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            candidate = line
        current = candidate
    if current.strip():
        parts.append(current)
    return parts or ["…"]


def caption(answer: Answer) -> tuple[str, bool]:
    """A photo's caption: the whole answer when it fits (True), else the chart's title and source line (False),
    and the answer follows as text."""
    if len(answer.html) <= MessageLimit.CAPTION_LENGTH:
        return answer.html, True
    chart = answer.chart
    label = f"{html.escape(chart.title)}\n{html.escape(chart.note)}" if chart is not None else ""
    return label[:MessageLimit.CAPTION_LENGTH], False


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at a word with an ellipsis when it is longer."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    return (head.rsplit(" ", 1)[0] if " " in head else head).rstrip(" ,;:") + "…"


def keyboard(answer: Answer) -> InlineKeyboardMarkup | None:
    """The answer's choices as buttons, one a row; None when there are none."""
    rows = [[InlineKeyboardButton(cut(choice.label, BUTTON_LABEL_LIMIT), callback_data=choice.data)]
            for choice in answer.choices if 0 < len(choice.data.encode()) <= CALLBACK_DATA_LIMIT]
    return InlineKeyboardMarkup(rows) if rows else None


def article(answer: Answer) -> InlineQueryResultArticle:
    """An inline-mode result that posts `answer` into the chat, titled by its headline."""
    text = split_html(answer.html)[0]
    lines = [line for line in answer.plain.split("\n") if line]
    description = next((line for line in lines if line != answer.headline), "")
    return InlineQueryResultArticle(
        id=hashlib.sha1(text.encode()).hexdigest()[:32],
        title=cut(answer.headline, DESCRIPTION_LIMIT) or "North Korea's trade",
        description=cut(description, DESCRIPTION_LIMIT),
        input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML,
                                                      link_preview_options=NO_PREVIEW),
    )


MAX_INLINE_RESULTS = InlineQueryLimit.RESULTS
