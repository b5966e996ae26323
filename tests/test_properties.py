"""Any text at all gets an answer: no exception, valid Telegram HTML, within Telegram's limit."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import Engine
from tests.telegram_html import visible_text

TELEGRAM_LIMIT = 4096
WORDS = ["Poland", "share", "exports", "top", "2023", "vs", "<b>", "&", "/partner", "Belarus", "and", "스페인",
         "Польша", "growth", "@TradeBriefBot", "\n", "  ", "\u200b", "'s", "N. Korea"]


def _check(engine: Engine, text: str) -> None:
    answer = engine.answer(text)
    shown, errors = visible_text(answer.html)
    assert errors == [], answer.html
    assert 0 < len(shown) <= TELEGRAM_LIMIT
    assert answer.plain.strip()
    for choice in answer.choices:
        assert len(choice.data.encode()) <= 64


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=10_000))
def test_any_unicode_text(engine: Engine, text: str) -> None:
    _check(engine, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS), max_size=40))
def test_any_mix_of_meaningful_words(engine: Engine, words: list[str]) -> None:
    _check(engine, " ".join(words))


def test_html_in_a_question_is_escaped(engine: Engine) -> None:
    answer = engine.answer("/frobnicate<b>x</b>&")
    assert "<b>x</b>" not in answer.html
