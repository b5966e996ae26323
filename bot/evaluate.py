"""`python -m bot eval CASES.yaml`: every case of a question set through `Engine.answer`, judged strictly.

The judge decides a case as the official one does (numbers stand alone, "a | b" alternatives, cite,
avoid, a refusal said in the reply's first line in English, Korean or Russian) and, for a refusal,
also as a reader would: a refusal that goes on to give a figure beyond those the case expects
(`want`) or explicitly allows (`allow`) is not a refusal but a confident wrong answer.
Beyond accuracy it sorts every reply into the rates that matter for trust: right, an honest
refusal or ask-back, confident wrong, other misses.

Pure: no Telegram, no I/O but reading the case files. The Telegram layer's own business (staying
silent in a group) is counted as "not asked here".
"""
from __future__ import annotations

import html
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bot.engine import Answer, Engine, Reading
from bot.engine.loading import read_yaml, validate
from bot.engine.text import script_language
from bot.engine.understand import FALLBACK
from bot.errors import DataError

log = logging.getLogger(__name__)

TIERS = ("core", "stretch")
LANGUAGES = ("en", "ko", "ru")
BOT_MENTION = "@BOT"  # stands for the bot's @username in a group case

# A refusal as the official judge reads one in a reply's first line: English, Russian, Korean.
REFUSAL = re.compile(
    r"\b(not|no|none|cannot|can't|don't|doesn't|isn't|aren't|unable|unknown|unavailable|sorry|only)\b|n't\b"
    r"|\b(нет|не|ни|никаких|только|неизвестно|отсутству\w*)\b|없|않|모르|모릅",
    re.IGNORECASE,
)
# A figure as a reply writes it, one entry a way of writing: a language that writes amounts its own
# way is one more entry. A figure must not start inside a number ("5%" of "2,5%").
_START = r"(?<![\d.,])"
FIGURE_FORMS: dict[str, str] = {
    "dollars": r"\$\d+(?:,\d{3})*(?:\.\d+)?(?:mn|bn)?",  # $9.7mn, $845,000, $2.06bn
    "percent": _START + r"[+\-\u2212]?\d+(?:[.,]\d+)?\s?%",  # 2.5%, +122%, 2,5 %
    "korean": _START + r"\d+(?:,\d{3})*(?:\.\d+)?\s?(?:천만|백만|만|억|조)"
              r"(?:\s?\d+(?:\.\d+)?\s?(?:천만|백만|천|만))?\s?달러",  # 970만 달러, 19.7억 달러, 19억 7천만 달러
    "russian": _START + r"\d{1,3}(?:[\s\u00a0]\d{3})*(?:,\d+)?\s?(?:тыс\.|млн|млрд)\s?(?:долл\.|долларов|\$)",
    # 9,7 млн долл., 845 тыс. долларов, 2,06 млрд $
}
FIGURE = re.compile("|".join(f"(?:{form})" for form in FIGURE_FORMS.values()))
_TAG = re.compile(r"<[^>]*>")
_NUMERIC = re.compile(r"^[$+\-\u2212]?\d")


class Case(BaseModel):
    """One case of a question set; the format of ../shared/eval/dev.yaml plus `allow` and `intent`."""

    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True)

    id: str = ""
    ask: str
    want: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()  # figures a refusal may give beyond `want`
    cite: str | None = None
    refuse: bool = False
    avoid: tuple[str, ...] = ()
    silent: bool = False
    after: str | None = None
    tier: Literal["core", "stretch"] = "core"
    chat: Literal["private", "group"] = "private"
    intent: str | None = None  # the intent the engine must pick
    file: str = ""  # set by the loader: which file the case came from

    @property
    def question(self) -> str:
        """What the engine is asked: a group message without the bot's @username."""
        return self.ask.replace(BOT_MENTION, "").strip()

    @property
    def language(self) -> str:
        """The language of the question, from its script: en, ko or ru."""
        return script_language(self.ask)


class CaseFile(BaseModel):
    """A question set file: a list of cases under `cases`."""

    model_config = ConfigDict(extra="ignore")  # a set may carry notes of its own beside the cases
    cases: list[dict[str, Any]]


def load_cases(paths: Iterable[Path]) -> list[Case]:
    """Every case of every file, in order; a malformed case raises DataError naming file and case."""
    cases: list[Case] = []
    for path in paths:
        raw = validate(path, None, CaseFile, read_yaml(path))
        seen: set[str] = set()
        for number, entry in enumerate(raw.cases, 1):
            # a set without ids (tests/questions.yaml) is still reported case by case
            entry = {"id": f"{path.stem}#{number}", **entry, "file": str(path)}
            try:
                case = validate(path, None, Case, entry)
            except DataError as exc:
                raise DataError(path, None, f"case {number}: {exc.reason}") from None
            if case.id in seen:
                raise DataError(path, None, f"case {number}: id {case.id!r} is used twice")
            if case.after is not None and case.after not in seen:
                raise DataError(path, None, f"case {case.id}: after {case.after!r} names no earlier case")
            seen.add(case.id)
            cases.append(case)
    return cases


# ---------------------------------------------------------------- judging one reply
def plain(reply: str) -> str:
    """A reply as a reader sees it: tags stripped, entities unescaped, quotes and spaces folded."""
    text = html.unescape(_TAG.sub("", reply))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def first_line(reply: str) -> str:
    """The reply's first line as a reader sees it: a refusal must be said there, not in a closing note."""
    lines = [line for line in (plain(part) for part in re.split(r"\n|<br\s*/?>", reply)) if line]
    return lines[0] if lines else ""


def found(alternative: str, text: str) -> bool:
    """`alternative` appears in `text`; a number stands alone ('2.5' is not in '12.5' or '2.56'; '2.50' is 2.5)."""
    alternative = alternative.strip()
    if not alternative:
        return False
    if alternative[0].isdigit():
        tail = r"0*(?![0-9])" if "." in alternative else r"(?![0-9])"
        return re.search(r"(?<![0-9])" + re.escape(alternative) + tail, text, re.IGNORECASE) is not None
    return alternative.lower() in text.lower()


def found_any(entry: str, text: str) -> bool:
    """Any of the " | " alternatives of `entry` appears in `text`."""
    return any(found(alternative, text) for alternative in entry.split(" | "))


def figures(reply: str) -> list[str]:
    """Every figure (an amount of money or a percentage) in `reply`."""
    return FIGURE.findall(reply)


def _names(needle: str, text: str) -> bool:
    # Stricter than `found`, because here a match excuses a figure: the whole number must match, so
    # "2" does not excuse "$2.8mn", while "845" does excuse "$845,000" (a thousands group follows).
    needle = needle.strip()
    if not _NUMERIC.match(needle):
        return bool(needle) and needle.lower() in text.lower()
    tail = r"0*" if "." in needle else ""
    pattern = _START + re.escape(needle) + tail + r"(?!\d|\.\d|,(?!\d{3}(?!\d))\d)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def unexpected_figures(case: Case, reply: str) -> list[str]:
    """The figures in `reply` that are neither in the case's `want` nor its `allow`, nor on a line that gives a
    figure the case wants: "Poland: $9.7mn, 2.5% of exports" answers the part of a question the brief has, share
    and all."""
    expected = [alternative.strip() for entry in case.want + case.allow for alternative in entry.split(" | ")]
    wanted = [alternative.strip() for entry in case.want for alternative in entry.split(" | ")
              if _NUMERIC.match(alternative.strip())]
    unexpected: list[str] = []
    for line in reply.splitlines():
        text = plain(line)
        shown = figures(text)
        if any(_names(alternative, figure) for alternative in wanted for figure in shown):
            continue
        unexpected += [figure for figure in shown
                       if not any(_names(alt, figure) or _names(figure, alt) for alt in expected)]
    return unexpected


def judge(case: Case, reply: str | None) -> list[str]:
    """What is wrong with `reply` for `case`, as the official judge says it; empty when it is right.

    A refusal case also fails when the reply gives a figure beyond `want` and `allow`."""
    if not reply:
        return ["no reply"]
    text = plain(reply)
    reasons = [f"missing {entry!r}" for entry in case.want if not found_any(entry, text)]
    if case.cite and case.cite.lower() not in text.lower():
        reasons.append(f"no citation of {case.cite}")
    reasons += [f"contains {entry!r}" for entry in case.avoid if found_any(entry, text)]
    if case.refuse:
        if not REFUSAL.search(first_line(reply)):
            reasons.append("does not say up front that the brief lacks it")
        extra = unexpected_figures(case, reply)
        if extra:
            reasons.append(f"refuses but gives figures not asked for: {', '.join(extra)}")
    return reasons


# ---------------------------------------------------------------- the rates that matter for trust
class Outcome(StrEnum):
    """Where a judged reply falls: the three rates that matter for trust, and the rest."""

    RIGHT = "right"
    HONEST = "honest refusal or ask-back"
    CONFIDENT_WRONG = "confident wrong"
    OTHER = "other misses"


def _is_figure(entry: str) -> bool:
    return any(_NUMERIC.match(alternative.strip()) for alternative in entry.split(" | "))


def outcome(case: Case, reply: str, reasons: Sequence[str], asked_back: bool) -> Outcome:
    """Sort a judged reply: `reasons` from `judge`; `asked_back` when the answer offered choices or fell back."""
    if not reasons:
        return Outcome.RIGHT
    extra = unexpected_figures(case, reply)
    if not extra and (asked_back or REFUSAL.search(first_line(reply))):
        return Outcome.HONEST
    text = plain(reply)
    missing_figure = any(_is_figure(entry) and not found_any(entry, text) for entry in case.want)
    if extra and (case.refuse or missing_figure):
        return Outcome.CONFIDENT_WRONG
    return Outcome.OTHER


# ---------------------------------------------------------------- running a set
@dataclass(frozen=True)
class Result:
    """One case asked and judged."""

    case: Case
    reply: str
    intent: str
    asked_back: bool
    reasons: tuple[str, ...]
    outcome: Outcome

    @property
    def right(self) -> bool:
        """The reply passed every check."""
        return self.outcome is Outcome.RIGHT


@dataclass(frozen=True)
class Report:
    """Every case judged, and the cases not asked here (silent ones: the Telegram layer's business)."""

    results: tuple[Result, ...]
    not_asked: tuple[Case, ...]


def _ask(engine: Engine, case: Case, context: Reading | None) -> Answer | str:
    try:
        return engine.answer(case.question, context)
    except Exception as exc:  # a crash is one failing case in a report, not the end of the report
        log.exception("the engine raised on case %s", case.id)
        return f"the engine raised {type(exc).__name__}: {exc}"


def run(engine: Engine, cases: Sequence[Case]) -> Report:
    """Ask every case (a follow-up in the context of the case it follows) and judge the replies."""
    readings: dict[tuple[str, str], Reading] = {}
    results: list[Result] = []
    not_asked: list[Case] = []
    for case in cases:
        if case.silent:
            not_asked.append(case)
            continue
        context = readings.get((case.file, case.after)) if case.after else None
        answer = _ask(engine, case, context)
        if isinstance(answer, str):
            results.append(Result(case, "", "(crashed)", False, (answer,), Outcome.OTHER))
            continue
        readings[(case.file, case.id)] = answer.reading
        asked_back = bool(answer.choices) or answer.intent == FALLBACK
        reasons = judge(case, answer.plain)
        if case.intent is not None and answer.intent != case.intent:
            reasons.append(f"intent {answer.intent}, not {case.intent}")
        results.append(Result(case, answer.plain, answer.intent, asked_back, tuple(reasons),
                              outcome(case, answer.plain, reasons, asked_back)))
    return Report(tuple(results), tuple(not_asked))


# ---------------------------------------------------------------- the report
def _share(right: int, asked: int) -> str:
    return f"{right:>4}/{asked:<4} {100 * right / asked if asked else 0:5.1f}%"


def _accuracy(results: Iterable[Result], key: Callable[[Result], str],
              order: Sequence[str] = ()) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = {}
    for result in results:
        tally = counts.setdefault(key(result), [0, 0])
        tally[0] += result.right
        tally[1] += 1
    ranked = sorted(counts, key=lambda name: (order.index(name) if name in order else len(order), name))
    return {name: (counts[name][0], counts[name][1]) for name in ranked}


def summary(report: Report) -> dict[str, Any]:
    """The report's figures as plain data: accuracy by tier, language and intent, confusion, trust rates."""
    results = report.results
    right = sum(result.right for result in results)
    confusion: dict[str, Counter[str]] = {}
    for result in results:
        if result.case.intent is not None:
            confusion.setdefault(result.case.intent, Counter())[result.intent] += 1
    rates = Counter(result.outcome for result in results)
    return {
        "judged": len(results),
        "not_asked": len(report.not_asked),
        "by_tier": {**_accuracy(results, lambda r: r.case.tier, TIERS), "overall": (right, len(results))},
        "by_language": _accuracy(results, lambda r: r.case.language, LANGUAGES),
        "by_intent": _accuracy(results, lambda r: r.intent),
        "confusion": {expected: dict(chosen) for expected, chosen in sorted(confusion.items())},
        "trust": {str(kind): rates[kind] for kind in Outcome},
    }


def _table(title: str, rows: dict[str, tuple[int, int]]) -> list[str]:
    width = max((len(name) for name in rows), default=0)
    return [title] + [f"  {name:<{width}}  {_share(*tally)}" for name, tally in rows.items()]


def _confusion(confusion: dict[str, dict[str, int]]) -> list[str]:
    title = "intents: the case's (rows) against the engine's (columns)"
    if not confusion:
        return [title, "  no case states an intent"]
    columns = sorted({chosen for row in confusion.values() for chosen in row})
    width = max(len(name) for name in [*confusion, "expected"])
    cell = max(4, *(len(name) for name in columns))
    lines = [title, "  " + " " * width + "".join(f" {name:>{cell}}" for name in columns)]
    for expected, row in confusion.items():
        lines.append(f"  {expected:<{width}}" + "".join(f" {row.get(name, 0) or '.':>{cell}}" for name in columns))
    return lines


def render(report: Report, quiet: bool = False) -> str:
    """The report as text: figures, then (unless `quiet`) every failing case with its reasons."""
    numbers = summary(report)
    judged = numbers["judged"]
    lines = [f"cases: {judged} judged, {numbers['not_asked']} not asked here (silent in a group: the Telegram "
             f"layer's business)"]
    lines += _table("accuracy by tier", numbers["by_tier"])
    lines += _table("accuracy by language of the question", numbers["by_language"])
    lines += _table("accuracy by the intent the engine chose", numbers["by_intent"])
    lines += _confusion(numbers["confusion"])
    lines.append(f"trust, over {judged} judged cases")
    width = max(len(kind) for kind in numbers["trust"])
    for kind, count in numbers["trust"].items():
        lines.append(f"  {kind:<{width}}  {count:>4}  {100 * count / judged if judged else 0:5.1f}%")
    if not quiet:
        failing = [result for result in report.results if not result.right]
        lines.append(f"failing cases ({len(failing)})")
        for result in failing:
            case = result.case
            lines.append(f"  {case.id} [{result.outcome}] {case.ask!r}: {'; '.join(result.reasons)}")
            lines.append(f"      reply: {first_line(result.reply)[:200]}")
    return "\n".join(lines)


def as_json(report: Report) -> dict[str, Any]:
    """Everything in the report as JSON-ready data: the figures and every case with its reply."""
    return {
        "summary": summary(report),
        "cases": [{"id": r.case.id, "file": r.case.file, "ask": r.case.ask, "tier": r.case.tier,
                   "chat": r.case.chat, "language": r.case.language, "expected_intent": r.case.intent,
                   "intent": r.intent, "asked_back": r.asked_back, "outcome": str(r.outcome),
                   "reasons": list(r.reasons), "reply": r.reply} for r in report.results],
        "not_asked": [{"id": case.id, "file": case.file, "ask": case.ask} for case in report.not_asked],
    }
