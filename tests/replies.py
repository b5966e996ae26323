"""Checking a reply against a question-set case, the way a reader would."""
from __future__ import annotations

import re

REFUSAL = re.compile(r"\b(not|no|none|cannot|can't|don't|doesn't|isn't|unknown|sorry|only)\b|n't\b"
                     r"|\bнет\b|\bне\b|없", re.IGNORECASE)  # English, Russian, Korean


def found(alternative: str, text: str) -> bool:
    """`alternative` appears in `text`; a number must stand alone ('2.5' is not in '12.5')."""
    alternative = alternative.strip()
    if alternative[0].isdigit():
        return re.search(r"(?<![0-9.])" + re.escape(alternative) + r"(?![0-9])", text) is not None
    return alternative.lower() in text.lower()


def problems(case: dict, reply: str) -> list[str]:
    """What is wrong with `reply` for `case`; empty when it is right."""
    wrong = [f"missing {entry!r}" for entry in case.get("want", [])
             if not any(found(alt, reply) for alt in str(entry).split(" | "))]
    wrong += [f"contains {entry!r}" for entry in case.get("avoid", []) if found(str(entry), reply)]
    if case.get("cite") and case["cite"].lower() not in reply.lower():
        wrong.append(f"does not cite {case['cite']}")
    if case.get("refuse") and not REFUSAL.search(reply):
        wrong.append("does not say the brief lacks it")
    return wrong
