"""Drawing an engine Chart as a PNG news graphic. matplotlib is imported here, on first use, never on the hot path.

The layout is computed in pixels from measured text, not left to tight_layout: titles, names and
source lines of any length wrap to the picture's width, and the picture grows taller to hold them,
so no text is ever cut at an edge.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib.util
import io
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.engine import Chart
from bot.engine.figures import money, percent
from bot.errors import BotError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.legend import Legend
    from matplotlib.text import Text

# The picture is 1,200 px wide and a phone shows it about 400 px wide, a third of that: every size
# below is chosen as the pixels a reader sees on the phone, and converted to points by _pt.
WIDTH_INCHES, DPI = 8.0, 150
WIDTH_PX = WIDTH_INCHES * DPI
PHONE_SCALE = 400 / WIDTH_PX
TITLE, SUBTITLE, LABEL, VALUE, TICK, SOURCE = 15.0, 12.0, 11.0, 11.0, 10.0, 10.0
MARGIN_PX, GAP_PX = 36.0, 18.0
LONGEST_LABEL = 0.4  # of the width: a longer partner name wraps onto a second line

INK, MUTED, GRID = "#1a1a1a", "#595959", "#d9d9d9"  # MUTED still reads at 7:1 on white
COLOURS = ("#1f4e79", "#c0504d", "#9bbb59")
# DejaVu Sans (matplotlib's own) draws Latin and Cyrillic; what it lacks, Hangul, falls back to NanumGothic.
FAMILY = ("DejaVu Sans", "NanumGothic")
# The NanumGothic files that koreanize-matplotlib ships, with the weight each stands for.
NANUM = (("NanumGothic.ttf", 400), ("NanumGothicBold.ttf", 700))

_fonts_lock = threading.Lock()
_fonts_registered = False


# A chart is a frozen value computed from the facts, so the same question draws the same bytes: the last
# few are kept, and a chart asked for again (a post in a channel brings many) costs nothing.
@functools.lru_cache(maxsize=32)
def draw(chart: Chart) -> bytes:
    """The chart as PNG bytes, clean enough to post in a channel as it is."""
    out = io.BytesIO()
    # zlib level 3 makes a file a few per cent larger than the default 6, in two thirds of the time
    figure(chart).savefig(out, format="png", pil_kwargs={"compress_level": 3})
    return out.getvalue()


def figure(chart: Chart) -> Figure:
    """The chart laid out on a matplotlib Figure (thread-safe: the Figure API, never pyplot)."""
    register_fonts()
    canvas = _Canvas()
    _bars(canvas, chart)
    return canvas.figure


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


def _pt(phone_px: float) -> float:
    """The font size in points that a phone shows `phone_px` pixels tall."""
    return phone_px / PHONE_SCALE * 72 / DPI


def _font(phone_px: float, bold: bool = False) -> FontProperties:
    """Our font family at a size a phone reader sees as `phone_px`."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=list(FAMILY), size=_pt(phone_px), weight="bold" if bold else "normal")


def _wrap(text: str, fits: Callable[[str], bool]) -> str:
    """`text` broken into lines that fit: at spaces where it can, inside a word only where it must."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if fits(candidate):
                line = candidate
                continue
            if fits(word) or not line:
                if line:
                    lines.append(line)
                line = word
            else:
                line = candidate  # a word no line could hold (a URL, unspaced script) starts where it stands
            while len(line) > 1 and not fits(line):  # ... and breaks where the line is full
                low, high = 1, len(line) - 1  # the longest start of it that fits, and at least one character
                while low < high:
                    middle = (low + high + 1) // 2
                    low, high = (middle, high) if fits(line[:middle]) else (low, middle - 1)
                lines.append(line[:low])
                line = line[low:]
        lines.append(line)
    return "\n".join(lines)


class _Canvas:
    """A figure 1,200 px wide whose height follows what it holds, with a renderer to measure text by."""

    def __init__(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(WIDTH_INCHES, WIDTH_INCHES), dpi=DPI, facecolor="white")
        self.renderer: RendererAgg = FigureCanvasAgg(self.figure).get_renderer()
        self.inner = WIDTH_PX - 2 * MARGIN_PX
        self._widths: dict[tuple[str, FontProperties], float] = {}  # wrapping measures the same lines often

    def size(self, text: str, font: FontProperties) -> tuple[float, float]:
        """Width and height in pixels of `text` drawn in `font`."""
        from matplotlib.text import Text

        box = Text(0, 0, text, fontproperties=font, parse_math=False,
                   figure=self.figure).get_window_extent(self.renderer)
        return box.width, box.height

    def width(self, line: str, font: FontProperties) -> float:
        """Width in pixels of one line of text drawn in `font`."""
        key = (line, font)
        if key not in self._widths:
            self._widths[key] = self.renderer.get_text_width_height_descent(line, font, ismath=False)[0]
        return self._widths[key]

    def wrap(self, text: str, font: FontProperties, width: float) -> str:
        """`text` wrapped to `width` pixels."""
        return _wrap(text, lambda line: self.width(line, font) <= width)

    def text(self, text: str, font: FontProperties, colour: str = INK, balance: bool = False) -> Text:
        """A text on the figure, wrapped to its inner width; placed later by `place`. A balanced text's lines
        are of even length, as headlines are set, instead of a full line and a last word alone."""
        width = self.inner
        wrapped = self.wrap(text, font, width)
        if balance and "\n" in wrapped:
            lines, low = wrapped.count("\n"), 0.0
            while width - low > 4:  # the narrowest width that needs no more lines
                middle = (low + width) / 2
                if self.wrap(text, font, middle).count("\n") > lines:
                    low = middle
                else:
                    width = middle
            wrapped = self.wrap(text, font, width)
        return self.figure.text(0, 0, wrapped, fontproperties=font, color=colour, va="top", ha="left",
                                parse_math=False)

    def place(self, top: Sequence[Text | Legend], body: float, bottom: Sequence[Text]) -> tuple[float, float]:
        """Stack `top` (title, subtitle or legend) above a body `body` px tall and `bottom` (the source) below
        it, size the figure to fit, and return the body's bottom and top in px from the figure's bottom."""
        from matplotlib.legend import Legend

        tops = [item.get_window_extent(self.renderer).height for item in top]
        bottoms = [item.get_window_extent(self.renderer).height for item in bottom]
        height = 2 * MARGIN_PX + sum(tops) + sum(bottoms) + body + GAP_PX * (len(top) + len(bottom))
        self.figure.set_size_inches(WIDTH_INCHES, height / DPI)
        y = height - MARGIN_PX
        for item, h in zip(top, tops, strict=True):
            anchor = (MARGIN_PX / WIDTH_PX, y / height)
            if isinstance(item, Legend):
                item.set_bbox_to_anchor(anchor, transform=self.figure.transFigure)
            else:
                item.set_position(anchor)
            y -= h + GAP_PX
        body_top = y
        y -= body + GAP_PX
        for item, h in zip(bottom, bottoms, strict=True):
            item.set_position((MARGIN_PX / WIDTH_PX, y / height))
            y -= h + GAP_PX
        return body_top - body, body_top

    def axes(self, left: float, bottom: float, top: float) -> Axes:
        """Axes from `left` px to the right margin, from `bottom` to `top` px above the figure's bottom."""
        height = self.figure.get_figheight() * DPI
        axes = self.figure.add_axes((left / WIDTH_PX, bottom / height, (WIDTH_PX - MARGIN_PX - left) / WIDTH_PX,
                                     (top - bottom) / height))
        axes.set_facecolor("white")
        axes.spines[["top", "right"]].set_visible(False)
        return axes


def _ticks(top: float) -> list[float]:
    """A few round ticks from 0 to `top` for a value axis."""
    from matplotlib.ticker import MaxNLocator

    return [float(t) for t in MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]).tick_values(0, top) if 0 <= t <= top]


def _bars(canvas: _Canvas, chart: Chart) -> None:
    """Horizontal bars, a row of them for each category, each named on the left and labelled at its end."""
    # Both charts are drawn so, the years too: in a picture a phone shows 400 px wide, a year's three
    # columns (total, imports, exports) cannot hold their values side by side at a size one can read,
    # and turned on their side the values read worse. Rows have room for values and long names alike.
    shown = percent if chart.unit == "percent" else money
    name_font, value_font, tick_font = _font(LABEL), _font(VALUE), _font(TICK)
    names = [canvas.wrap(name, name_font, LONGEST_LABEL * WIDTH_PX) for name in chart.categories]
    name_heights = [canvas.size(name, name_font)[1] for name in names]
    line = canvas.size("Ag", value_font)[1]
    pad = 0.4 * line
    # each category's bars, one for every series that has a value: a missing flow leaves no gap; a
    # category with none at all keeps its row with a dash, so it is not mistaken for zero
    groups = [[(n, s.values[i]) for n, s in enumerate(chart.series) if s.values[i] is not None] or [(0, None)]
              for i in range(len(chart.categories))]
    row = 1.4 * line
    gap = 0.6 * line if len(chart.series) > 1 else 0.0  # sets years apart when each has several bars
    heights = [max(len(group) * row, h + 0.3 * line) for group, h in zip(groups, name_heights, strict=True)]
    body = sum(heights) + gap * (len(groups) - 1)
    under = canvas.size("0%", tick_font)[1] + pad  # the scale's numbers under the bars

    top: list[Text | Legend] = [canvas.text(chart.title, _font(TITLE, bold=True), balance=True)]
    if len(chart.series) > 1:
        top.append(_legend(canvas, [s.name for s in chart.series]))
    elif chart.series and chart.series[0].name:
        top.append(canvas.text(chart.series[0].name, _font(SUBTITLE), MUTED, balance=True))
    bottom, plot_top = canvas.place(top, body + under,
                                    [canvas.text(chart.note, _font(SOURCE), MUTED)] if chart.note else [])
    left = MARGIN_PX + max(canvas.width(part, name_font) for name in names for part in name.split("\n")) + pad
    axes = canvas.axes(left, bottom + under, plot_top)
    axes.set_ylim(0, body)  # the y axis counts pixels from the bottom, so rows keep their measured heights

    centres: list[float] = []  # of each category's rows, where its name goes
    bar_y: list[float] = []
    bar_values: list[float | None] = []
    bar_series: list[int] = []
    y = body
    for group, height in zip(groups, heights, strict=True):
        centres.append(y - height / 2)
        first = y - (height - len(group) * row) / 2 - row / 2
        for k, (n, value) in enumerate(group):
            bar_y.append(first - k * row)
            bar_values.append(value)
            bar_series.append(n)
        y -= height + gap
    texts = ["–" if v is None else shown(v) for v in bar_values]

    # The scale stays linear from zero (China's 89.8% dwarfs the rest, which is the truth); it ends just
    # far enough out that the widest value label still fits after its bar.
    plot_width = WIDTH_PX - MARGIN_PX - left
    ends = [(v or 0.0) * plot_width / max(plot_width - pad - canvas.width(t, value_font), 1.0)
            for v, t in zip(bar_values, texts, strict=True)]
    end = max([e for e in ends if e > 0] + [1e-9])
    axes.set_xlim(0, end)
    for n in sorted(set(bar_series)):
        rows = [k for k, s in enumerate(bar_series) if s == n]
        bars = axes.barh([bar_y[k] for k in rows], [bar_values[k] or 0.0 for k in rows], height=0.72 * row,
                         color=COLOURS[n % len(COLOURS)], zorder=2)
        labels = axes.bar_label(bars, labels=[texts[k] for k in rows], padding=_px_to_pt(pad),
                                fontproperties=value_font, color=INK, zorder=3,
                                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})  # over the grid
        for label in labels:
            label.set_parse_math(False)  # "$1bn to $2bn" is money, not mathematics
            label.set_verticalalignment("center_baseline")  # on the same line as the name beside it
    axes.set_yticks(centres, names, fontproperties=name_font, color=INK, parse_math=False)
    axes.tick_params(axis="y", length=0, pad=_px_to_pt(pad))
    ticks = _ticks(end)
    axes.set_xticks(ticks, [shown(t) for t in ticks], fontproperties=tick_font, color=MUTED, parse_math=False)
    axes.tick_params(axis="x", length=0, pad=_px_to_pt(pad))
    axes.grid(axis="x", color=GRID, linewidth=1, zorder=0)
    axes.spines["bottom"].set_visible(False)
    axes.spines["left"].set_color(INK)


def _legend(canvas: _Canvas, names: list[str]) -> Legend:
    """A key of the series' colours under the title: in one row if it fits, else in as many as it needs."""
    from matplotlib.patches import Patch

    font = _font(LABEL)
    # a name longer than the whole width wraps beside its colour patch (1 em) and the gap after it (0.5 em)
    names = [canvas.wrap(name, font, canvas.inner - 2 * LABEL / PHONE_SCALE) for name in names]
    columns = len(names)
    while True:  # made anew for each try: a Legend lays out its columns once, when it is made
        legend = canvas.figure.legend(
            handles=[Patch(color=COLOURS[n % len(COLOURS)]) for n in range(len(names))], labels=names,
            loc="upper left", frameon=False, prop=font, ncols=columns, borderpad=0, borderaxespad=0,
            handlelength=1.0, handleheight=1.0, handletextpad=0.5, columnspacing=1.6)
        for text in legend.get_texts():
            text.set_parse_math(False)
        if columns == 1 or legend.get_window_extent(canvas.renderer).width <= canvas.inner:
            return legend
        legend.remove()
        columns -= 1


def _px_to_pt(px: float) -> float:
    """Picture pixels as points, the unit matplotlib takes paddings in."""
    return px * 72 / DPI
