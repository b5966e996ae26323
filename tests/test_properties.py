"""Any text at all gets an answer: no exception, valid Telegram HTML, within Telegram's limit.

The engine under test reads a copy of data/ whose names carry the characters HTML must escape
(a brief may well write "Trinidad & Tobago"), so that a lapse in escaping shows; the last tests
break escaping on purpose and check that these properties then fail.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.engine import Engine, knowledge
from tests.conftest import PROJECT
from tests.telegram_html import visible_text

TELEGRAM_LIMIT = 4096
WORDS = ["Poland", "share", "exports", "top", "2023", "vs", "<b>", "&", "/partner", "Belarus", "and", "스페인",
         "Польша", "growth", "@TradeBriefBot", "\n", "  ", "\u200b", "'s", "N. Korea", "Trinidad", "/top 25"]
MARKUP = {"Trinidad and Tobago": "Trinidad & Tobago <TT>", "Mozambique": "Mozambique > Malawi"}


@pytest.fixture(scope="module")
def marked_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine whose data/ has names with &, < and > in them."""
    data = tmp_path_factory.mktemp("markup") / "data"
    data.mkdir()
    for path in (PROJECT / "data").rglob("*.csv"):
        target = data / path.relative_to(PROJECT / "data")
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        if path.name == "export_partners.csv":
            for name, marked in MARKUP.items():
                text = text.replace(f",{name},", f',"{marked}",')
        target.write_text(text, encoding="utf-8")
    return Engine.load(data, PROJECT / "knowledge")


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
def test_any_unicode_text(marked_engine: Engine, text: str) -> None:
    _check(marked_engine, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS), max_size=40))
@example(words=["\n", "and", "Poland"])  # a clause of no words before "and" (found by this test in CI)
def test_any_mix_of_meaningful_words(marked_engine: Engine, words: list[str]) -> None:
    _check(marked_engine, " ".join(words))


def test_names_with_markup_reach_the_reader_as_written(marked_engine: Engine) -> None:
    shown, errors = visible_text(marked_engine.answer("/top 25").html)
    assert errors == [] and all(name in shown for name in MARKUP.values())


def test_the_html_check_fails_when_escaping_is_broken(marked_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The properties above guard escaping: with escaping switched off they must fail."""
    monkeypatch.setattr(knowledge.html, "escape", lambda text, quote=True: text)
    with pytest.raises(AssertionError):
        _check(marked_engine, "/top 25")
    monkeypatch.undo()
    _check(marked_engine, "/top 25")


def test_the_length_check_fails_on_an_answer_over_the_limit(marked_engine: Engine,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """And they guard the length: an answer over Telegram's limit must fail them."""
    real = Engine.answer

    def long_answer(self: Engine, question: str, context: object = None) -> object:
        answer = real(self, question)
        return type(answer)(answer.html * 200, answer.plain, answer.reading)

    monkeypatch.setattr(Engine, "answer", long_answer)
    with pytest.raises(AssertionError):
        _check(marked_engine, "Poland")


def test_question_set_checks_fail_on_a_wrong_answer() -> None:
    """The question-set checker itself: a partner's full answer is not a refusal, a refusal in a closing note is
    not one up front, and a refusal that goes on with another partner's figures is a confident wrong answer."""
    from tests.replies import problems

    poland = ("Poland bought $9.7mn of North Korea's exports, 2.5% of all its exports.\n"
              "Note: the brief does not say which year the partner table covers.")
    assert problems({"refuse": True}, poland) != []
    assert problems({"refuse": True}, "The brief has no figure for France.") == []
    assert problems({"refuse": True}, "The brief has no figure for France.\nPoland: $9.7mn") != []
    assert problems({"want": ["2.5"]}, "12.5%") != []
