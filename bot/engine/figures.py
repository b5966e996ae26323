"""Figures written for readers: $9.7mn, $845,000, $2.06bn, 2.5%, +122%, 3rd."""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal


def _trim(number: float, decimals: int) -> str:
    written = repr(number)
    if written.endswith("5") and len(written) - written.find(".") - 1 == decimals + 1 and "e" not in written:
        # a half, rounded up as written: 348.3 + 0.35 is 348.65, whose float lies just below it ($348.7mn)
        text = f"{Decimal(written).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):,.{decimals}f}"
    else:
        text = f"{number:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def significant(value: float, digits: int = 3) -> float:
    """`value` rounded to `digits` significant digits, for computed figures."""
    if value == 0:
        return 0.0
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


BRIEF_PRECISION = 1e5  # dollars the brief's millions are written to: $9.7mn
THOUSANDS = 1e3  # ... and its smaller figures: $845,000


def precision(values: Iterable[float], finest: bool = False) -> float:
    """The dollars a sum of the brief's figures is precise to: its least precise figure's ($9.7mn: 100,000;
    $845,000: 1,000); with `finest`, its most precise figure's, to which the arithmetic is exact."""
    return (min if finest else max)((BRIEF_PRECISION if abs(v) >= 1e6 else THOUSANDS for v in values),
                                    default=BRIEF_PRECISION)


def added(values: list[float]) -> str:
    """The sum of the brief's figures `values` worked out: "$6.6mn + $768,000 = $7.368mn ≈ $7.4mn" (see _worked)."""
    return _worked(" + ".join(map(money, values)), sum(values), values)


def subtracted(first: float, second: float) -> str:
    """The difference of two of the brief's figures worked out: "$6.6mn - $768,000 = $5.832mn ≈ $5.8mn"."""
    return _worked(f"{money(first)} - {money(second)}", first - second, [first, second])


def _worked(terms: str, result: float, values: list[float]) -> str:
    """`terms` and their result, to the dollar the finest figure is written to, and where that differs, as precise as
    the least precise one: the arithmetic a reader checks, and the figure the answer gives."""
    exact, rounded = money(result, precision(values, finest=True)), money(result, precision(values))
    return f"{terms} = {exact}" + (f" ≈ {rounded}" if rounded != exact else "")


def shown(usd: float, precise: float = BRIEF_PRECISION) -> float:
    """`usd` as precise as `money` writes it: 13,183,000 is $13.2mn, so 13,200,000."""
    step = 1e7 if abs(usd) >= 1e9 else precise if abs(usd) >= 1e6 else 1.0
    return round(usd / step) * step


def money(usd: float, precise: float = BRIEF_PRECISION) -> str:
    """US dollars the way the brief writes them; a sum of figures known to the thousand (`precise`) keeps its
    thousands: $845,000 + $807,000 + $768,000 is $2.42mn, not $2.4mn."""
    sign = "-" if usd < 0 else ""
    usd = abs(usd)
    if usd >= 1e9:
        return f"{sign}${_trim(usd / 1e9, 2)}bn"
    if usd >= 1e6:
        return f"{sign}${_trim(usd / 1e6, millions_decimals(precise))}mn"
    return f"{sign}${usd:,.0f}"


def millions_decimals(precise: float) -> int:
    """Decimals of millions that write dollars to `precise`: 1 for 100,000, 3 for 1,000."""
    return max(1, round(6 - math.log10(precise)))


def percent(value: float) -> str:
    """A share: 2.5%, 89.8%, 1%."""
    return f"{_trim(value, 2)}%"


def change(value: float) -> str:
    """A change with its sign: +122%, -86.9%."""
    return f"{'+' if value >= 0 else ''}{_trim(value, 1)}%"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 22nd."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def day(date: dt.date | None, lang: str = "en") -> str:
    """A date for readers: January 25, 2026, 2026년 1월 25일, 25 января 2026 г."""
    if date is None:
        return "-"
    return partial_day(date.year, date.month, date.day, lang)


_LEAP_YEAR = 2024  # a year with 29 February, for dates given without their year


def partial_day(year: int | None, month: int | None, day_of_month: int | None, lang: str = "en") -> str:
    """A date as precise as it is known, written as the language writes it: in English as the brief does,
    'January 25, 2026', 'January 2022', '2020', 'January 25'; babel's CLDR patterns for the others."""
    if month is None:
        return str(year) if year is not None else "-"
    date = dt.date(year or _LEAP_YEAR, month, day_of_month or 1)
    if lang == "en":
        written = f"{date:%B} {day_of_month}" if day_of_month else f"{date:%B}"
        if year is None:
            return written
        return f"{written}, {year}" if day_of_month else f"{written} {year}"
    from babel.dates import format_skeleton  # imported when a date is written in another language

    skeleton = ("y" if year is not None else "") + "MMMM" + ("d" if day_of_month else "")
    return format_skeleton(skeleton, date, locale=lang)
