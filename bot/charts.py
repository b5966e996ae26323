"""Drawing an engine Chart as a PNG. matplotlib is imported here, on first use, never on the hot path."""
from __future__ import annotations

import io
import textwrap

from bot.engine import Chart
from bot.engine.figures import money, percent

WIDTH_INCHES, DPI = 8.0, 150
COLOURS = ("#1f4e79", "#c0504d", "#9bbb59")


def draw(chart: Chart) -> bytes:
    """The chart as PNG bytes, clean enough to post in a channel as it is."""
    # the Figure API draws without pyplot's global state, so two chats may draw at once in threads
    from matplotlib.figure import Figure

    label = percent if chart.unit == "percent" else money
    if chart.kind == "partners":
        height = 1.6 + 0.38 * len(chart.categories)
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
        axes = figure.subplots()
        values = [v or 0.0 for v in chart.series[0].values]
        positions = range(len(values))[::-1]  # largest on top
        bars = axes.barh(list(positions), values, color=COLOURS[0])
        axes.set_yticks(list(positions), list(chart.categories))
        axes.bar_label(bars, labels=[label(v) for v in values], padding=3, fontsize=9)
        axes.set_xlabel(chart.series[0].name)
        axes.set_xlim(0, max(values) * 1.15)
    else:
        figure = Figure(figsize=(WIDTH_INCHES, 4.8), dpi=DPI)
        axes = figure.subplots()
        width = 0.8 / len(chart.series)
        present = [[s for s in chart.series if s.values[i] is not None] for i in range(len(chart.categories))]
        for number, series in enumerate(chart.series):
            points = []
            for i, value in enumerate(series.values):
                if value is not None:  # centre the bars a year has; a missing series leaves no gap
                    slot = present[i].index(series)
                    points.append((i + (slot - (len(present[i]) - 1) / 2) * width, value))
            bars = axes.bar([x for x, _ in points], [v / 1e9 for _, v in points], width, label=series.name,
                            color=COLOURS[number % len(COLOURS)])
            axes.bar_label(bars, labels=[label(v) for _, v in points], padding=2, fontsize=8)
        axes.set_xticks(range(len(chart.categories)), list(chart.categories))
        axes.set_ylabel("US$ bn")
        axes.legend(frameon=False)
        axes.margins(y=0.15)
    axes.set_title(chart.title, fontsize=12, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    figure.text(0.01, 0.01, textwrap.fill(chart.note, 120), fontsize=7, color="#555555", va="bottom")
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
