"""Drawing an engine Chart as a PNG. matplotlib is imported here, on first use, never on the hot path."""
from __future__ import annotations

import dataclasses
import importlib.util
import io
import textwrap
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from bot.engine import Chart
from bot.engine.figures import money, percent
from bot.errors import BotError

WIDTH_INCHES, DPI = 8.0, 150
COLOURS = ("#1f4e79", "#c0504d", "#9bbb59")
# DejaVu Sans (matplotlib's own) draws Latin and Cyrillic; what it lacks, Hangul, falls back to NanumGothic.
FAMILY = ("DejaVu Sans", "NanumGothic")
# The NanumGothic files that koreanize-matplotlib ships, with the weight each stands for.
NANUM = (("NanumGothic.ttf", 400), ("NanumGothicBold.ttf", 700))

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_fonts_lock = threading.Lock()
_fonts_registered = False


def draw(chart: Chart) -> bytes:
    """The chart as PNG bytes, clean enough to post in a channel as it is."""
    # the Figure API draws without pyplot's global state, so two chats may draw at once in threads
    from matplotlib.figure import Figure

    register_fonts()
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
    _use_family(figure)
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def register_fonts() -> None:
    """Make NanumGothic known to matplotlib's font manager, once per process."""
    global _fonts_registered
    with _fonts_lock:  # the font manager is shared by every thread; the first chart registers, the rest wait
        if _fonts_registered:
            return
        from matplotlib import font_manager

        # Found by its spec, not imported: importing koreanize_matplotlib rewrites matplotlib's global
        # rcParams and imports distutils, which Python 3.12 no longer has.
        spec = importlib.util.find_spec("koreanize_matplotlib")
        if spec is None or not spec.submodule_search_locations:
            raise BotError("the Korean font is missing: install the project (pip install -e .), "
                           "which brings koreanize-matplotlib and its NanumGothic")
        folder = Path(next(iter(spec.submodule_search_locations))) / "fonts"
        for name, weight in NANUM:
            font_manager.fontManager.addfont(str(folder / name))
            entry = font_manager.fontManager.ttflist[-1]
            # NanumGothicBold says 600 in its OS/2 table; as 700 it is the bold that bold titles ask for,
            # instead of a "failed to find font weight" warning on every title. Replaced before any lookup
            # could cache it: no chart draws until this lock is released.
            font_manager.fontManager.ttflist[-1] = dataclasses.replace(entry, weight=weight)
        _fonts_registered = True


def _use_family(figure: Figure) -> None:
    """Every text of `figure` in FAMILY, set on the artists: rcParams are global and other threads draw too."""
    from matplotlib.text import Text

    for text in figure.findobj(Text):
        text.set_fontfamily(list(FAMILY))
