"""The project's question set through Engine.answer: every case must be answered right."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.evaluate import Case, judge, load_cases

CASES = load_cases([Path(__file__).parent / "questions.yaml"])


def test_the_set_is_large_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[c.ask[:40] or "<empty>" for c in CASES])
def test_question(engine: Engine, case: Case) -> None:
    answer = engine.answer(case.question)
    if case.intent is not None:
        assert answer.intent == case.intent, answer.plain
    assert judge(case, answer.plain) == [], answer.plain
