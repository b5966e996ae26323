"""Checking a reply against a question-set case as a dict, for tests that write their cases inline.

One implementation: the judge lives in bot/evaluate.py, which `python -m bot eval` uses too.
"""
from __future__ import annotations

from typing import Any

from bot.evaluate import Case, judge


def problems(case: dict[str, Any], reply: str) -> list[str]:
    """What is wrong with `reply` for `case` (the fields of a question-set case); empty when it is right."""
    return judge(Case(**{"ask": "", **case}), reply)
