"""The engine's reply: one value that renders for Telegram (HTML) and for a console (plain)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.engine.knowledge import Template
from bot.engine.understand import Reading


@dataclass(frozen=True)
class Choice:
    """A suggestion a person can pick: its label and the reading it stands for (encoded)."""

    label: str
    data: str


@dataclass(frozen=True)
class Series:
    """One row of bars: a name and a value per category (None where the brief has none)."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """What to draw, computed from the facts; drawing it is the adapters' business."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # "usd" or "percent"
    note: str  # the source line, printed under the chart


@dataclass(frozen=True)
class Answer:
    """A composed answer with everything the adapters need."""

    html: str
    plain: str
    reading: Reading
    sources: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    chart: Chart | None = None
    headline: str = ""  # the answer in one short line ("Poland: $9.7mn, 2.5% of exports"), for a list of results
    notes: tuple[str, ...] = ()  # the notes it gave (table_caveat), which a chat need not read again soon

    @property
    def intent(self) -> str:
        """The intent the answer was composed for."""
        return self.reading.intent

    @property
    def confidence(self) -> float:
        """How sure the engine was of the intent, 0..1."""
        return self.reading.confidence


@dataclass
class Draft:
    """Lines of an answer being written in one language, kept as HTML and plain text side by side.

    What the question asks and the brief cannot cover goes in `gap` lines, which the finished answer
    puts first, whatever order they were written in: a reader must never take a partial answer for
    the whole one.
    """

    wording: Callable[[str], Template]  # the wording of the reader's language, by key
    html: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    asides: set[str] = field(default_factory=set)  # lines (html) that add what was not asked: see aside()
    gaps: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    given: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    chart: Chart | None = None
    headline: str = ""
    closing: tuple[str, str] | None = None  # a last line, above the buttons ("Did you mean one of these?")
    found: tuple[str, ...] = ()  # the country an answer found that its question did not name ("who is second?")
    quoted: tuple[str, ...] = ()  # the statement an answer quoted first (its id): see Reading.quoted
    verdict: tuple[str, str] | None = None  # a figure the question states, confirmed: see confirm()

    def add(self, key: str, **values: object) -> None:
        """Append the template `key`, filled, as a line."""
        html, plain = _capitalised(self.wording(key).fill(**values))
        self.html.append(html)
        self.plain.append(plain)

    def aside(self, key: str, **values: object) -> None:
        """Append a line of context beyond what was asked (a total's growth, its level against 2019). An answer
        that opens by saying part of the question is not in the brief leaves such lines out: beside a gap, a
        figure not asked for reads as the answer to the missing part."""
        self.add(key, **values)
        self.asides.add(self.html[-1])

    def extend(self, lines: list[tuple[str, str]]) -> None:
        """Append lines already written, as (html, plain)."""
        for html, plain in lines:
            self.html.append(html)
            self.plain.append(plain)

    def drop_repeated(self, start: int, cited: int) -> None:
        """Leave out the lines written from line `start` on that an answer before them already gave (a claim quoted
        by both answers of a two-part question), and all of them when their first (past a heading) is a statement
        already quoted: what ranks below it is no answer of its own, nor are its sources (cited from `cited` on). One
        reply says a thing once."""
        said = {line for line in self.html[:start] if line}
        if not said:  # a first part, or one after lines of nothing
            return
        first = next((i for i in range(start, len(self.html)) if self.html[i] and not self.plain[i].endswith(":")),
                     None)
        if first is not None and self.html[first] in said and self.plain[first].startswith(BULLET):
            kept = list(range(start))
            del self.sources[cited:]
        else:
            kept = [i for i in range(len(self.html)) if i < start or self.html[i] not in said]
        self.html = [self.html[i] for i in kept]
        self.plain = [self.plain[i] for i in kept]

    def separate(self, start: int) -> None:
        """A blank line before the lines written from line `start` on, when lines come both before and after it
        (two answers in one reply)."""
        if 0 < start < len(self.html):
            self.html.insert(start, "")
            self.plain.insert(start, "")

    def gap(self, key: str, **values: object) -> None:
        """Say that part of the question is not in the brief; such lines open the answer."""
        self.gaps.append(_capitalised(self.wording(key).fill(**values)))

    def confirm(self, key: str, **values: object) -> None:
        """Say that a figure the question states is the brief's ("Yes, that is the brief's figure"): once, in the
        first line, and only when nothing of the question is missing or stated otherwise than the brief has it."""
        if self.verdict is None:
            self.verdict = _capitalised(self.wording(key).fill(**values))

    def note(self, key: str, **values: object) -> None:
        """A note on the answer (how a figure was computed, what a table lacks): after the answer, set apart."""
        self.notes.append(self.wording(key).fill(**values))
        self.given.append(key)

    def close(self, key: str) -> None:
        """End the answer with the template `key`, after its notes and sources, just above the buttons."""
        self.closing = self.wording(key).fill()

    def cite(self, *source_ids: str) -> None:
        """Record the sources of the figures just written."""
        self.sources.extend(source_ids)

    def choose(self, label: str, data: str) -> None:
        """Offer a button, once."""
        if all(choice.data != data for choice in self.choices):
            self.choices.append(Choice(label, data))

    def finish(self, reading: Reading, names: list[str]) -> Answer:
        """The finished answer: what is missing first, the answer, then after a blank line its notes and sources."""
        gaps = list(dict.fromkeys(self.gaps))
        kept = [i for i, line in enumerate(self.html) if not (gaps and line in self.asides)]
        first = gaps or ([self.verdict] if self.verdict else [])
        html = [h for h, _ in first] + [self.html[i] for i in kept]
        plain = [p for _, p in first] + [self.plain[i] for i in kept]
        tail = list(dict.fromkeys(self.notes))
        chart = self.chart
        if names:
            tail.append(self.wording("source_line").fill(sources="; ".join(names)))
            if chart is not None:
                chart = replace(chart, note=tail[-1][1])
        if self.closing is not None:
            tail.append(self.closing)
        if tail:
            html += ([""] if html else []) + [h for h, _ in tail]
            plain += ([""] if plain else []) + [p for _, p in tail]
        headline = self.headline or next((line for line in plain if line), "")
        return Answer("\n".join(html), "\n".join(plain), reading, tuple(names), tuple(self.choices), chart, headline,
                      tuple(dict.fromkeys(self.given)))


BULLET = "•"  # opens a line of a list: a statement quoted, a row
_FIRST_LETTER = re.compile(r"^((?:<[^<>]*>)*)(\w)")  # a letter that opens the line, after any tags


def _capitalised(line: tuple[str, str]) -> tuple[str, str]:
    """A line that begins with a name written in lower case ("экспорт КНДР ...") begins with a capital."""
    def up(text: str) -> str:
        return _FIRST_LETTER.sub(lambda m: m.group(1) + m.group(2).upper(), text, count=1)
    first = line[1][:1]
    if not first.isalpha() or first.isupper():  # most lines: nothing to do
        return line
    return up(line[0]), up(line[1])
