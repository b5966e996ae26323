"""Figures are written the way readers expect."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.figures import added, change, day, money, ordinal, percent, precision, significant, subtracted
from bot.engine.writing import amount


@pytest.mark.parametrize(("usd", "text"), [
    (9_700_000, "$9.7mn"), (845_000, "$845,000"), (2_060_000_000, "$2.06bn"), (140_000_000, "$140mn"),
    (348_300_000, "$348.3mn"), (5_420_000_000, "$5.42bn"), (194_000, "$194,000"), (1_000_000, "$1mn"),
    (-6_900_000, "-$6.9mn"), (0, "$0"),
])
def test_money(usd: float, text: str) -> None:
    assert money(usd) == text


def test_a_sum_is_written_as_precisely_as_its_figures() -> None:
    thousands = precision([845_000, 807_000, 768_000])
    assert money(2_420_000, thousands) == "$2.42mn" and money(1_021_000, thousands) == "$1.021mn"
    assert amount(1_021_000, "ko", thousands) == "102만 1,000 달러($1.021mn)"
    assert amount(2_420_000, "ru", thousands) == "2,42 млн долл. ($2.42mn)"
    millions = precision([6_600_000, 768_000])  # $6.6mn is known to the hundred thousand: so is the sum
    assert money(7_368_000, millions) == "$7.4mn"


def test_worked_sums_show_the_arithmetic_then_the_figure_given() -> None:
    assert added([6_600_000, 768_000]) == "$6.6mn + $768,000 = $7.368mn ≈ $7.4mn"
    assert added([9_700_000, 6_600_000]) == "$9.7mn + $6.6mn = $16.3mn"  # nothing finer to show
    assert added([503_000, 500_000]) == "$503,000 + $500,000 = $1.003mn"
    assert subtracted(6_600_000, 768_000) == "$6.6mn - $768,000 = $5.832mn ≈ $5.8mn"


@pytest.mark.parametrize(("value", "text"), [(2.5, "2.5%"), (89.8, "89.8%"), (1.0, "1%"), (0.1, "0.1%"),
                                             (2.5 + 0.7, "3.2%"), (38.2, "38.2%")])
def test_percent(value: float, text: str) -> None:
    assert percent(value) == text


@pytest.mark.parametrize(("value", "text"), [(122, "+122%"), (72.0, "+72%"), (-86.9, "-86.9%"), (0, "+0%")])
def test_change(value: float, text: str) -> None:
    assert change(value) == text


@pytest.mark.parametrize(("number", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                              (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (25, "25th")])
def test_ordinal(number: int, text: str) -> None:
    assert ordinal(number) == text


def test_significant_rounds_computed_figures() -> None:
    assert significant(2_060_000_000 / 2.22) == 928_000_000
    assert significant(0.0) == 0.0


def test_day() -> None:
    assert day(dt.date(2026, 1, 25)) == "January 25, 2026"
    assert day(None) == "-"


@pytest.mark.parametrize(("usd", "lang", "text"), [
    (9.7e6, "ko", "970만 달러($9.7mn)"), (2.06e9, "ko", "20억 6,000만 달러($2.06bn)"),
    (-3.36e9, "ko", "-33억 6,000만 달러(-$3.36bn)"),  # a fall: the sign before the whole amount, not in its parts
    (-845_000, "ko", "-84만 5,000 달러(-$845,000)"), (-3.36e9, "ru", "-3,36 млрд долл. (-$3.36bn)"),
    (845_000, "ru", "845 тыс. долл. ($845,000)"), (-1.83e9, "en", "-$1.83bn")])
def test_amounts_in_each_language(usd: float, lang: str, text: str) -> None:
    assert amount(usd, lang) == text
