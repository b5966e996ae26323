"""Checking a reply against a question-set case, the way a reader would, and strictly.

A refusal counts only when the reply's first line says it, and only when the reply gives no
figure beyond those the case expects (`want`) or explicitly allows (`allow`): a refusal that goes
on to give another partner's, year's or measure's figures is a confident wrong answer.
"""
from __future__ import annotations

import re

REFUSAL = re.compile(r"\b(not|no|none|cannot|can't|don't|doesn't|isn't|unknown|sorry|only)\b|n't\b"
                     r"|\bнет\b|\bне\b|없", re.IGNORECASE)  # English, Russian, Korean
# a figure as the bot writes it: an amount of money ($9.7mn, $845,000) or a percentage (2.5%, +122%)
FIGURE = re.compile(r"\$\d[\d,]*(?:\.\d+)?(?:mn|bn)?|[+-]?\d+(?:\.\d+)?%")


def found(alternative: str, text: str) -> bool:
    """`alternative` appears in `text`; a number must stand alone ('2.5' is not in '12.5')."""
    alternative = alternative.strip()
    if alternative[0].isdigit() or alternative[0] in "$+-":
        return re.search(r"(?<![0-9.])" + re.escape(alternative) + r"(?![0-9])", text) is not None
    return alternative.lower() in text.lower()


def first_line(reply: str) -> str:
    """The first line a reader sees."""
    return next((line for line in reply.splitlines() if line.strip()), "")


def figures(reply: str) -> list[str]:
    """Every figure in `reply`."""
    return FIGURE.findall(reply)


def problems(case: dict, reply: str) -> list[str]:
    """What is wrong with `reply` for `case`; empty when it is right."""
    wrong = [f"missing {entry!r}" for entry in case.get("want", [])
             if not any(found(alt, reply) for alt in str(entry).split(" | "))]
    wrong += [f"contains {entry!r}" for entry in case.get("avoid", []) if found(str(entry), reply)]
    if case.get("cite") and case["cite"].lower() not in reply.lower():
        wrong.append(f"does not cite {case['cite']}")
    if case.get("refuse"):
        if not REFUSAL.search(first_line(reply)):
            wrong.append("does not say up front that the brief lacks it")
        expected = [alt.strip() for entry in case.get("want", []) + case.get("allow", [])
                    for alt in str(entry).split(" | ")]
        extra = [figure for figure in figures(reply) if not any(found(figure, alt) for alt in expected)]
        if extra:
            wrong.append(f"refuses but gives figures not asked for: {', '.join(extra)}")
    return wrong
