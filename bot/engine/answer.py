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
    gaps: list[tuple[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    chart: Chart | None = None

    def add(self, key: str, **values: object) -> None:
        """Append the template `key`, filled, as a line."""
        html, plain = _capitalised(self.wording(key).fill(**values))
        self.html.append(html)
        self.plain.append(plain)

    def extend(self, lines: list[tuple[str, str]]) -> None:
        """Append lines already written, as (html, plain)."""
        for html, plain in lines:
            self.html.append(html)
            self.plain.append(plain)

    def gap(self, key: str, **values: object) -> None:
        """Say that part of the question is not in the brief; such lines open the answer."""
        self.gaps.append(_capitalised(self.wording(key).fill(**values)))

    def cite(self, *source_ids: str) -> None:
        """Record the sources of the figures just written."""
        self.sources.extend(source_ids)

    def choose(self, label: str, data: str) -> None:
        """Offer a button, once."""
        if all(choice.data != data for choice in self.choices):
            self.choices.append(Choice(label, data))

    def finish(self, reading: Reading, names: list[str]) -> Answer:
        """The finished answer: what is missing first, the answer, a blank line, and its sources."""
        html = [h for h, _ in dict.fromkeys(self.gaps)] + self.html
        plain = [p for _, p in dict.fromkeys(self.gaps)] + self.plain
        chart = self.chart
        if names:
            source_html, source_plain = self.wording("source_line").fill(sources="; ".join(names))
            html += ["", source_html]
            plain += ["", source_plain]
            if chart is not None:
                chart = replace(chart, note=source_plain)
        return Answer("\n".join(html), "\n".join(plain), reading, tuple(names), tuple(self.choices), chart)


_FIRST_LETTER = re.compile(r"^((?:<[^<>]*>)*)(\w)")  # a letter that opens the line, after any tags


def _capitalised(line: tuple[str, str]) -> tuple[str, str]:
    """A line that begins with a name written in lower case ("экспорт КНДР ...") begins with a capital."""
    def up(text: str) -> str:
        return _FIRST_LETTER.sub(lambda m: m.group(1) + m.group(2).upper(), text, count=1)
    return up(line[0]), up(line[1])
