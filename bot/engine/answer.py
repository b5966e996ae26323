"""The engine's reply: one value that renders for Telegram (HTML) and for a console (plain)."""
from __future__ import annotations

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
    """Lines of an answer being written, kept as HTML and plain text side by side."""

    html: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    chart: Chart | None = None

    def add(self, template: Template, **values: object) -> None:
        """Append one filled template as a line."""
        html, plain = template.fill(**values)
        self.html.append(html)
        self.plain.append(plain)

    def cite(self, *source_ids: str) -> None:
        """Record the sources of the figures just written."""
        self.sources.extend(source_ids)

    def finish(self, reading: Reading, source_line: Template | None, names: list[str]) -> Answer:
        """The finished answer, ending with a line that names its sources."""
        chart = self.chart
        if source_line is not None and names:
            self.add(source_line, sources="; ".join(names))
            if chart is not None:
                chart = replace(chart, note=self.plain[-1])
        return Answer("\n".join(self.html), "\n".join(self.plain), reading, tuple(names), tuple(self.choices), chart)
