"""Charts fit for a news channel: every language's glyphs, nothing cut or overlapping, titles wrap, a real PNG."""
from __future__ import annotations

import io
import logging
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from bot import charts
from bot.engine import Chart, Engine, Series

# How each language asks for each chart; the engine must route them to the chart intents in that language.
ASKED = {"en": ("/chart partners {n}", "/chart trend"),
         "ko": ("상대국 차트 {n}", "연도별 무역 그래프"),
         "ru": ("диаграмма партнеров {n}", "график торговли по годам")}
CASES = [(language, partners.format(n=n)) for language, (partners, _) in ASKED.items() for n in (3, 10, 25)]
CASES += [(language, trend) for language, (_, trend) in ASKED.items()]
WIDTH = charts.WIDTH_PX


@dataclass(frozen=True)
class Drawn:
    """A chart laid out and rendered, with what matplotlib complained of while doing it."""

    figure: Figure
    warnings: list[str]
    logged: list[str]


_drawn: dict[tuple[str, str], Drawn] = {}


def chart_for(engine: Engine, language: str, question: str) -> Chart:
    answer = engine.answer(question)
    assert answer.chart is not None, f"{question!r} drew no chart ({answer.intent})"
    assert answer.reading.language == language
    return answer.chart


def render(chart: Chart, caplog: pytest.LogCaptureFixture) -> Drawn:
    """Lay out and render `chart`, catching warnings (a missing glyph) and matplotlib's log (a missing font)."""
    caplog.clear()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("always")
        figure = charts.figure(chart)
        figure.canvas.draw()
    return Drawn(figure, [str(w.message) for w in caught], [r.getMessage() for r in caplog.records])


def drawn(engine: Engine, language: str, question: str, caplog: pytest.LogCaptureFixture) -> Drawn:
    """Each case is rendered once and shared by the tests below: drawing is the slow part."""
    if (language, question) not in _drawn:
        _drawn[(language, question)] = render(chart_for(engine, language, question), caplog)
    return _drawn[(language, question)]


def texts(figure: Figure) -> list[Text]:
    """Every text the figure draws: tick labels only for ticks inside the axis (matplotlib keeps spares)."""
    ticks: set[int] = set()
    shown: list[Text] = []
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks.update((id(tick.label1), id(tick.label2)))
            for tick, where in zip(axis.get_major_ticks(), axis.get_majorticklocs(), strict=False):
                if low - 1e-9 <= where <= high + 1e-9:
                    shown += [label for label in (tick.label1, tick.label2) if label.get_visible()]
    shown += [t for t in figure.findobj(Text) if id(t) not in ticks and t.get_visible()]
    return [t for t in shown if t.get_text().strip()]


def extents(figure: Figure) -> list[tuple[str, Bbox]]:
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts(figure)]


def assert_nothing_cut(figure: Figure) -> None:
    box = figure.bbox
    for text, extent in extents(figure):
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1 and box.y0 <= extent.y0 and extent.y1 <= box.y1, (
            f"{text!r} at {extent.bounds} is cut by the picture's edge {box.bounds}")


def assert_nothing_overlaps(figure: Figure) -> None:
    placed = extents(figure)
    for number, (text, extent) in enumerate(placed):
        for other, other_extent in placed[number + 1:]:
            overlap = Bbox.intersection(extent, other_extent)
            assert overlap is None or overlap.width < 1 or overlap.height < 1, f"{text!r} overlaps {other!r}"


@pytest.mark.parametrize(("language", "question"), CASES)
def test_every_chart_has_every_glyph(engine: Engine, caplog: pytest.LogCaptureFixture, language: str,
                                     question: str) -> None:
    done = drawn(engine, language, question, caplog)
    assert [w for w in done.warnings if "Glyph" in w or "font" in w] == []
    assert done.logged == []  # e.g. "findfont: Font family 'NanumGothic' not found"


@pytest.mark.parametrize(("language", "question"), CASES)
def test_no_text_is_cut_or_overlaps_another(engine: Engine, caplog: pytest.LogCaptureFixture, language: str,
                                            question: str) -> None:
    figure = drawn(engine, language, question, caplog).figure
    assert figure.bbox.width == WIDTH
    assert_nothing_cut(figure)
    assert_nothing_overlaps(figure)


@pytest.mark.parametrize(("language", "question"), CASES)
def test_text_is_readable_on_a_phone(engine: Engine, caplog: pytest.LogCaptureFixture, language: str,
                                     question: str) -> None:
    figure = drawn(engine, language, question, caplog).figure
    smallest = min(t.get_fontsize() for t in texts(figure)) * figure.dpi / 72  # in the picture's pixels
    assert smallest * 400 / WIDTH >= 9.5  # a phone shows the picture 400 px wide


def test_the_source_line_is_readable_and_wraps(caplog: pytest.LogCaptureFixture) -> None:
    note = "Source: " + "; ".join(["KOTRA (Korea Trade-Investment Promotion Agency)"] * 6) + "."
    figure = render(Chart("trend", "Trade", ("2023",), (Series("Total", (2e9,)),), "usd", note), caplog).figure
    [source] = [t for t in texts(figure) if t.get_text().startswith("Source:")]
    assert source.get_text().count("\n") >= 2 and source.get_text().replace("\n", " ") == note
    assert source.get_fontsize() * figure.dpi / 72 * 400 / WIDTH >= 9.5
    assert_nothing_cut(figure)


def test_a_very_long_title_wraps_instead_of_running_off_the_picture(caplog: pytest.LogCaptureFixture) -> None:
    title = ("North Korea's top 25 export partners by share of exports, in a year the brief does not state, "
             "with a great many words more than any title the knowledge files write today ") * 3
    names = ("Trinidad and Tobago", "Brunei Darussalam", "Saint Vincent and the Grenadines",
             "세인트빈센트 그레나딘", "Сент-Винсент и Гренадины", "Южно-Африканская Республика", "X" * 150)
    shares = Series("Share of exports (%)", (89.8, 2.5, 1.7, 1, 0.7, 0.1, None))
    chart = Chart("partners", title.strip(), names, (shares,), "percent",
                  "Source: https://example.org/" + "a-very-long-address-without-any-space/" * 8)
    figure = render(chart, caplog).figure
    [drawn_title] = [t for t in texts(figure) if t.get_text().startswith("North Korea's top 25")]
    assert drawn_title.get_text().count("\n") >= 3
    assert drawn_title.get_text().replace("\n", " ") == title.strip()  # wrapped at spaces, not a word lost
    assert figure.bbox.width == WIDTH
    assert_nothing_cut(figure)
    assert_nothing_overlaps(figure)


def test_many_years_and_long_flow_names_fit(caplog: pytest.LogCaptureFixture) -> None:
    years = tuple(str(y) for y in range(2008, 2024))
    series = tuple(Series(name, tuple(None if (y + n) % 3 == 0 else 1e8 * (y % 7 + 1) * (n + 1) for y in range(16)))
                   for n, name in enumerate(["Total trade with every partner the brief lists", "Imports (goods only)",
                                             "Exports, including re-exports through third countries"]))
    figure = render(Chart("trend", "North Korea's foreign trade by year (US$)", years, series, "usd",
                          "Source: KOTRA."), caplog).figure
    assert_nothing_cut(figure)
    assert_nothing_overlaps(figure)


def test_dollar_signs_are_money_not_mathematics(caplog: pytest.LogCaptureFixture) -> None:
    chart = Chart("trend", "From $5.42bn to $2.06bn", ("2019", "2023"), (Series("Total $ trade", (5.42e9, 2.06e9)),),
                  "usd", "Source: $ and $.")
    assert all(not t.get_parse_math() for t in texts(render(chart, caplog).figure))


@pytest.mark.parametrize("question", ["/chart partners 25", "상대국 차트 10", "график торговли по годам"])
def test_draw_gives_a_png_as_wide_as_designed(engine: Engine, question: str) -> None:
    png = charts.draw(engine.answer(question).chart)  # type: ignore[arg-type]
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == WIDTH and image.height > 300
    image.verify()
    pixels = Image.open(io.BytesIO(png)).convert("L")
    assert pixels.getextrema() == (pixels.getextrema()[0], 255) and pixels.getextrema()[0] < 64  # ink on white


def test_threads_draw_at_once_without_disturbing_each_other_or_matplotlib(engine: Engine) -> None:
    import matplotlib

    chart_list = [engine.answer(q).chart for q in ("/chart partners 10", "상대국 차트 3", "/chart trend")]
    draw = charts.draw.__wrapped__  # past the cache: every call draws
    alone = [draw(c) for c in chart_list]
    before = dict(matplotlib.rcParams)
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(draw, chart_list * 3))
    assert together == alone * 3
    assert dict(matplotlib.rcParams) == before  # fonts are set on the texts, never globally
    assert "koreanize_matplotlib" not in sys.modules  # its import would restyle every plot in the process


def test_a_chart_asked_for_again_is_not_drawn_again(engine: Engine) -> None:
    trend, partners = engine.answer("/chart trend").chart, engine.answer("/chart partners 4").chart
    assert trend is not None and partners is not None
    first = charts.draw(trend)
    assert charts.draw(engine.answer("/chart trend").chart) is first  # type: ignore[arg-type]
    assert charts.draw(partners) != first
