"""The project's question set through Engine.answer: every case must be answered right."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.engine import Engine
from tests.replies import problems

CASES = yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text(encoding="utf-8"))["cases"]


def test_the_set_is_large_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[c["ask"][:40] or "<empty>" for c in CASES])
def test_question(engine: Engine, case: dict) -> None:
    answer = engine.answer(case["ask"])
    if "intent" in case:
        assert answer.intent == case["intent"], answer.plain
    assert problems(case, answer.plain) == [], answer.plain

