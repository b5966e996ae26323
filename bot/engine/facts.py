"""The brief's facts: loaded once from data/, validated row by row, kept as pandas tables.

The DataFrames are the store; a few dictionaries built from them at start-up serve the hot
path, because a DataFrame lookup costs more than the whole answer may take. A store kept on disk
(bot/engine/cache.py) keeps the validated rows and those dictionaries, not the DataFrames, which
are made again from the rows when something asks for them: a launch that only answers a question
(`python -m bot ask`) never imports pandas, which alone takes longer than the answer may.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from bot.engine.figures import partial_day
from bot.engine.loading import csv_rows
from bot.engine.text import fold
from bot.engine.translations import load_translations
from bot.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

Flow = Literal["total", "imports", "exports"]
FLOWS: tuple[Flow, ...] = ("total", "imports", "exports")
SHARE_TOLERANCE_PCT = 2.0  # rounded shares of a complete table add up to 100 within this
_COUNTRY_CODES = frozenset({c.alpha_2 for c in pycountry.countries} | {"XK"})


def _blank_to_none(value: object) -> object:
    return None if value == "" else value


def _whole_number(value: object) -> object:
    """'2023' is a year; '2023.0' and '2,023' are not (pydantic would round the first)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]+", value):
        raise ValueError("must be a whole number written with digits only")
    return value


def _country(value: object) -> object:
    if isinstance(value, str) and value not in _COUNTRY_CODES:
        raise ValueError(f"not an ISO 3166 country code (like PL or CN): {value!r}")
    return value


def _countries(value: object) -> object:
    return tuple(_country(code) for code in value.split()) if isinstance(value, str) else value


# "2026-01-25", "2025-11", "2023", or "--01-25" (ISO 8601's month and day without a year: the brief
# often says "on January 25" and no year, and a date must not claim more than the brief says)
_PARTIAL_DATE = re.compile(r"^(?:(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
                           r"|--(?P<md_month>[0-9]{2})-(?P<md_day>[0-9]{2}))$")
_LEAP_YEAR = 2000  # checks a month-and-day without a year: February 29 is allowed


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as the brief gives it: a year, a month of a year, a day, or a day without its year."""

    year: int | None
    month: int | None
    day: int | None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read an ISO 8601 date that may lack its day, month or year; ValueError if it is not a real one."""
        found = _PARTIAL_DATE.match(text)
        if found is None:
            raise ValueError("expected an ISO 8601 date: 2026-01-25, 2025-11, 2023 or --01-25")
        parts = found.groupdict()
        year = int(parts["year"]) if parts["year"] else None
        month_text, day_text = parts["month"] or parts["md_month"], parts["day"] or parts["md_day"]
        month, day = (int(month_text) if month_text else None), (int(day_text) if day_text else None)
        if month is not None:
            dt.date(year or _LEAP_YEAR, month, day or 1)  # raises ValueError for month 13 or April 31
        return cls(year, month, day)

    def english(self, with_year: bool = True) -> str:
        """The date the way the English answers write it: 'January 25, 2026', 'January 2022', '2020', 'January 25'."""
        return partial_day(self.year if with_year else None, self.month, self.day) if with_year or self.month else ""


def _partial_date(value: str | None) -> str | None:
    if value is not None:
        PartialDate.parse(value)
    return value


def _names(value: object) -> object:
    return tuple(name.strip() for name in value.split(";") if name.strip()) if isinstance(value, str) else value


Text = Annotated[str, StringConstraints(min_length=1)]
Optional = BeforeValidator(_blank_to_none)
Country = Annotated[str, BeforeValidator(_country)]
Whole = BeforeValidator(_whole_number)
Year = Annotated[int, Whole, Field(ge=1900, le=2100)]
Percent = Annotated[float, Field(ge=0, le=100)]
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class Row(BaseModel):
    """A validated row: unknown columns are refused, values are strictly typed."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# What a source is. A classification (UN M49) orders the world into regions and says nothing about it,
# so it may be cited for regions but can never be who made or reported a statement.
SourceKind = Literal["trade statistics", "news report", "news agency", "official remark", "government statement",
                     "government accusation", "intelligence estimate", "analyst estimate", "classification"]
CLASSIFICATION: SourceKind = "classification"


class Source(Row):
    id: SourceId
    name: Text
    full_name: Text
    kind: SourceKind
    published: Annotated[dt.date | None, Optional]
    country: Annotated[Country | None, Optional]  # whose government, agency or press it is (KR for Yonhap)
    note: str

    @property
    def makes_statements(self) -> bool:
        """Whether this source can say things (an agency, an outlet, a government), unlike a classification."""
        return self.kind != CLASSIFICATION


class Total(Row):
    year: Year
    flow: Flow
    value_usd: Annotated[float, Field(gt=0)]
    source: SourceId


class Growth(Row):
    year: Year
    flow: Flow
    change_pct: float
    base_year: Year
    source: SourceId


class LevelVsBase(Row):
    year: Year
    flow: Flow
    base_year: Year
    pct_of_base: Annotated[float, Field(gt=0)]
    source: SourceId


class TradeShare(Row):
    year: Year
    flow: Flow
    country: Country
    share_pct: Percent
    source: SourceId


class ExportPartner(Row):
    rank: Annotated[int, Whole, Field(ge=1)]
    year: Annotated[Year | None, Optional]
    country: Country
    name_in_brief: Text
    value_usd: Annotated[float, Field(gt=0)]
    share_pct: Percent
    source: SourceId


class Good(Row):
    flow: Flow
    supplier: Country
    item: Text
    detail: str
    top: bool
    source: SourceId


M49 = Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$")]


class Region(Row):
    country: Country
    region: M49
    intermediate: Annotated[M49 | None, Optional]  # UN M49's level between the two: 419, 202
    subregion: M49
    source: SourceId


class Grouping(Row):
    """A country's membership of a grouping (the EU), from the grouping's own public list."""

    grouping: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,10}$")]
    name: Text
    country: Country
    source: SourceId


class Statement(Row):
    """A claim or a piece of context of the brief: what, who made it, who passed it on, and when.

    `date` is when the reported event happened or the statement was made, only as precisely as the brief
    says it; `year_inferred` marks a year the brief does not state but its dateline implies ("on January
    25" in an article of January 27, 2026; "last summer"). Period words stay in `claim`. `source` made the
    claim; `reported_by` is the outlet the brief got it from, blank when the brief reports it first-hand.
    `quote` holds the brief's own quoted words, and any words `claim` puts in double quotes come from it.
    """

    id: SourceId
    topic: SourceId
    countries: Annotated[tuple[Country, ...], BeforeValidator(_countries)]
    people: Annotated[tuple[str, ...], BeforeValidator(_names)]
    date: Annotated[str | None, Optional, AfterValidator(_partial_date)]
    year_inferred: bool
    claim: Text
    quote: Annotated[str | None, Optional]
    source: SourceId
    reported_by: Annotated[SourceId | None, Optional]

    @property
    def dated(self) -> PartialDate | None:
        """`date` as its parts, for writing it in any language."""
        return None if self.date is None else PartialDate.parse(self.date)

    @property
    def when(self) -> str:
        """The date in English as the brief states it: an inferred year is left out, '' when there is no date."""
        dated = self.dated
        return "" if dated is None else dated.english(with_year=not self.year_inferred)


TABLES: dict[str, type[Row]] = {
    "sources": Source,
    "totals": Total,
    "growth": Growth,
    "level_vs_base": LevelVsBase,
    "trade_shares": TradeShare,
    "export_partners": ExportPartner,
    "goods": Good,
    "statements": Statement,
    "regions": Region,
    "groupings": Grouping,
}
_KEYS: dict[str, tuple[str, ...]] = {
    "sources": ("id",), "totals": ("year", "flow"), "growth": ("year", "flow"),
    "level_vs_base": ("year", "flow", "base_year"), "trade_shares": ("year", "flow", "country"),
    "export_partners": ("country",), "goods": ("flow", "supplier", "item"), "statements": ("id",),
    "groupings": ("grouping", "country"),
    "regions": ("country",),
}


@dataclass(frozen=True)
class Tables:
    """Every table of data/, as validated rows (with the line each came from, for error messages)."""

    sources: list[Source]
    totals: list[Total]
    growth: list[Growth]
    level_vs_base: list[LevelVsBase]
    trade_shares: list[TradeShare]
    export_partners: list[ExportPartner]
    goods: list[Good]
    statements: list[Statement]
    regions: list[Region]
    groupings: list[Grouping]
    lines: dict[str, list[int]]


@dataclass(frozen=True)
class Partner:
    """One row of the export-partner table, as the hot path reads it."""

    rank: int
    country: str
    name: str
    value_usd: float
    share_pct: float
    source: str


@dataclass(frozen=True)
class RegionSum:
    """The export partners of one UN M49 region or sub-region, and what they add up to."""

    level: str
    value_usd: float
    share_pct: float
    members: tuple[Partner, ...]


class FactStore:
    """All facts of the brief: pandas DataFrames, and lookups built from the validated rows."""

    def __init__(self, tables: Tables, translations: dict[str, dict[str, str]] | None = None) -> None:
        import pandas as pd  # here, not at the top: see the module's docstring

        self.tables = tables
        frames = self.frames
        self.english = translatable(tables)
        self.translations = translations or {}
        self.sources = {row.id: row for row in tables.sources}
        self._source_names: dict[tuple[str, str], str] = {}
        self.partners = tuple(Partner(r.rank, r.country, r.name_in_brief, r.value_usd, r.share_pct, r.source)
                              for r in sorted(tables.export_partners, key=lambda r: r.rank))
        self.partner_by_code = {p.country: p for p in self.partners}
        # the table's value and share columns as one array, for sums of any partners without pandas' indexing cost
        ranked = frames["export_partners"].sort_values("rank")
        self._partner_array = ranked[["value_usd", "share_pct"]].to_numpy(dtype=float)
        self._partner_row = {str(code): i for i, code in enumerate(ranked["country"])}
        self.totals: dict[tuple[int, Flow], Total] = {(r.year, r.flow): r for r in tables.totals}
        self.growth: dict[tuple[int, Flow], Growth] = {(r.year, r.flow): r for r in tables.growth}
        self.level_vs_base: dict[tuple[int, Flow], LevelVsBase] = {(r.year, r.flow): r for r in tables.level_vs_base}
        self.trade_shares: dict[tuple[int, Flow, str], TradeShare] = {(r.year, r.flow, r.country): r
                                                                      for r in tables.trade_shares}
        self.statements = tuple(tables.statements)
        self.statement_number = {s.id: number for number, s in enumerate(self.statements)}  # for buttons
        self.goods = tuple(tables.goods)
        self.partner_table_year = tables.export_partners[0].year
        self.partner_table_total = float(frames["export_partners"]["value_usd"].sum())
        self.partner_table_share = float(frames["export_partners"]["share_pct"].sum())
        self.region_sources = tuple(str(s) for s in frames["regions"]["source"].unique())  # UN M49, for citing
        self.latest_year = max(r.year for r in tables.totals)
        self.region_codes = frozenset(code for r in tables.regions for code in (r.region, r.intermediate, r.subregion)
                                      if code) | frozenset(g.grouping for g in tables.groupings)
        self.grouping_names = {g.grouping: g.name for g in tables.groupings}
        self.grouping_sources = {g.grouping: g.source for g in tables.groupings}
        # each partner with its region, intermediate region, sub-region and groupings, as rows of one long table
        placed = frames["export_partners"].merge(frames["regions"], on="country", suffixes=("", "_region"))
        memberships = pd.concat(
            [placed[["country", level]].rename(columns={level: "group"}).assign(level=level)
             for level in ("region", "intermediate", "subregion")]
            + [frames["groupings"][["country", "grouping"]].rename(columns={"grouping": "group"}).assign(
                level="grouping")]).dropna(subset=["group"])
        grouped = memberships.merge(frames["export_partners"], on="country")
        # each partner's UN M49 region, intermediate region and sub-region, broadest first ("where is Suriname")
        self.regions_of: dict[str, tuple[str, ...]] = {
            str(r.country): tuple(str(code) for code in (r.region, r.intermediate, r.subregion) if code)
            for r in tables.regions if r.country in self.partner_by_code}
        self.region_sums: dict[str, RegionSum] = {}  # pandas adds up each region and grouping once, at start-up
        for (level, code), rows in grouped.groupby(["level", "group"]):
            members = tuple(self.partner_by_code[str(c)] for c in rows.sort_values("rank")["country"])
            self.region_sums[str(code)] = RegionSum(str(level), float(rows["value_usd"].sum()),
                                                    float(rows["share_pct"].sum()), members)

    @classmethod
    def load(cls, folder: Path) -> FactStore:
        """Read and check every table in `folder`; raise DataError at the first problem."""
        records: dict[str, list[Row]] = {}
        lines: dict[str, list[int]] = {}
        for name, model in TABLES.items():
            path = folder / f"{name}.csv"
            rows: list[Row] = []
            seen: dict[tuple[object, ...], int] = {}
            for line, row in csv_rows(path, model):
                key = tuple(getattr(row, k) for k in _KEYS[name])
                if key in seen:
                    raise DataError(path, line, f"column {'/'.join(_KEYS[name])}: duplicate "
                                                f"{'/'.join(map(str, key))} (first on line {seen[key]})")
                seen[key] = line
                rows.append(row)
            if not rows:
                raise DataError(path, None, "has no rows")
            records[name] = rows
            lines[name] = list(seen.values())
        tables = Tables(**records, lines=lines)  # type: ignore[arg-type]  # each list holds its TABLES model
        _check(folder, tables)
        return cls(tables, load_translations(folder, translatable(tables)))

    @cached_property
    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table as a DataFrame, its columns those of its model, one row per validated row."""
        import pandas as pd

        return {name: pd.DataFrame([r.model_dump() for r in getattr(self.tables, name)],
                                   columns=list(model.model_fields)) for name, model in TABLES.items()}

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("frames", None)  # made again from the rows on first use: unpickling needs no pandas
        return state

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the brief's texts are in: English, then one per file of data/translations/."""
        return ("en", *sorted(self.translations))

    def text(self, kind: str, id: str, lang: str) -> str:
        """The text `kind`.`id` (statement.arms_denial, source.yonhap.name) in `lang`; KeyError/LookupError if none."""
        key = f"{kind}.{id}"
        english = self.english.get(key)
        if english is None:
            raise KeyError(f"no text {key!r}")
        if lang == "en":
            return english
        texts = self.translations.get(lang)
        if texts is None:  # English stands in for nothing else: a reader of another language is told, not misled
            raise LookupError(f"no translations in {lang!r}; languages: {', '.join(self.languages)}")
        return texts[key]  # load_translations checked that every language has every key

    def partner_sum(self, codes: list[str] | tuple[str, ...]) -> tuple[float, float]:
        """The summed export value and share of the partners `codes` (each must be in the table)."""
        value, share = self._partner_array[[self._partner_row[c] for c in codes]].sum(axis=0)
        return float(value), float(share)

    def source_names(self, ids: list[str] | tuple[str, ...], lang: str = "en") -> list[str]:
        """The display names of source ids in `lang`, in order, without repeats: 'KOTRA (Korea Trade-Investment
        Promotion Agency)', 'KOTRA (대한무역투자진흥공사)'."""
        return [self._source_name(i, lang) for i in dict.fromkeys(ids)]

    def _source_name(self, source: str, lang: str) -> str:
        key = (source, lang)
        if key not in self._source_names:  # written once per source and language
            name, full = self.text("source", f"{source}.name", lang), self.text("source", f"{source}.full_name", lang)
            self._source_names[key] = name if fold(name) in fold(full) else f"{name} ({full})"
        return self._source_names[key]

    def shares_of_trade(self, country: str) -> list[TradeShare]:
        """The shares of North Korea's total trade the brief states for `country` (China's 96.7% in 2023)."""
        return [row for (_, flow, code), row in self.trade_shares.items() if flow == "total" and code == country]

    def statements_on(self, topic: str | None = None, country: str | None = None) -> list[Statement]:
        """Statements on `topic` and/or mentioning `country`, in the order of the data."""
        return [s for s in self.statements
                if (topic is None or s.topic == topic) and (country is None or country in s.countries)]


def person_key(name: str) -> str:
    """The translation key id of a named person: 'Sergei Lavrov' -> 'sergei_lavrov'."""
    return "_".join(name.casefold().split())


def translatable(tables: Tables) -> dict[str, str]:
    """Every text of data/ that each translation file must translate, by key, with its English original."""
    texts: dict[str, str] = {}
    for s in tables.statements:
        texts[f"statement.{s.id}"] = s.claim
        texts[f"topic.{s.topic}"] = s.topic
        for person in s.people:
            texts[f"person.{person_key(person)}"] = person
    for g in tables.goods:
        key = f"goods.{g.flow}.{g.supplier}.{g.item}"
        texts[key] = g.item
        if g.detail:
            texts[f"{key}.detail"] = g.detail
    for source in tables.sources:
        texts[f"source.{source.id}.name"] = source.name
        texts[f"source.{source.id}.full_name"] = source.full_name
    for grouping in tables.groupings:
        texts[f"grouping.{grouping.grouping}"] = grouping.name
    return texts


_QUOTED = re.compile(r'"([^"]+)"')


def _check_statement(path: Path, line: int, s: Statement, sources: dict[str, Source]) -> None:
    """A statement's own rules: who made and reported it can say things, quotes are the brief's, names appear."""
    for column, value in (("source", s.source), ("reported_by", s.reported_by)):
        if value is not None and not sources[value].makes_statements:
            raise DataError(path, line, f"{column} {value!r} is a {sources[value].kind}, not a maker of statements")
    if s.reported_by == s.source:
        raise DataError(path, line, f"reported_by {s.reported_by!r} is the source itself; leave it blank")
    for quoted in _QUOTED.findall(s.claim):
        if s.quote is None or quoted not in s.quote:
            raise DataError(path, line, f"claim quotes {quoted!r}, which is not in the quote column "
                                        "(only the brief's own quoted words may be quoted)")
    for person in s.people:
        if person not in s.claim:
            raise DataError(path, line, f"people {person!r} is not named in the claim")
    if s.year_inferred and (s.dated is None or s.dated.year is None):
        raise DataError(path, line, "year_inferred is true but date has no year")


def _check(folder: Path, tables: Tables) -> None:
    """Cross-table checks: sources exist and fit, ranks follow values, shares add up, every partner has a region."""
    sources = {s.id: s for s in tables.sources}
    for name in TABLES:
        for line, row in zip(tables.lines[name], getattr(tables, name), strict=True):
            for column in ("source", "reported_by"):
                value = getattr(row, column, None)
                if value is not None and value not in sources:
                    raise DataError(folder / f"{name}.csv", line, f"{column} {value!r} is not an id in sources.csv")
            source = getattr(row, "source", None)
            # a classification places countries in regions; figures and statements come from those who make them
            if source is not None and name not in ("sources", "regions", "groupings", "statements") \
                    and not sources[source].makes_statements:
                raise DataError(folder / f"{name}.csv", line, f"source {source!r} is a classification, not a "
                                                              "source of figures")
            if isinstance(row, Region | Grouping) and sources[row.source].makes_statements:
                raise DataError(folder / f"{name}.csv", line, f"source {row.source!r} is a "
                                                              f"{sources[row.source].kind}, not a classification")
    for line, statement in zip(tables.lines["statements"], tables.statements, strict=True):
        _check_statement(folder / "statements.csv", line, statement, sources)
    path = folder / "export_partners.csv"
    partners = sorted(zip(tables.lines["export_partners"], tables.export_partners, strict=True),
                      key=lambda pair: pair[1].rank)
    if [p.rank for _, p in partners] != list(range(1, len(partners) + 1)):
        raise DataError(path, None, f"ranks must run 1..{len(partners)} without gaps or repeats")
    for (_, higher), (line, lower) in pairwise(partners):
        if lower.value_usd > higher.value_usd:
            raise DataError(path, line, f"rank {lower.rank} has a larger value_usd than rank {higher.rank}")
    unplaced = {p.country for _, p in partners} - {r.country for r in tables.regions}
    if unplaced:
        raise DataError(folder / "regions.csv", None, f"no region for partner(s) {', '.join(sorted(unplaced))}")
    share_sum = sum(p.share_pct for _, p in partners)
    if abs(share_sum - 100) > SHARE_TOLERANCE_PCT:
        raise DataError(path, None, f"shares add up to {share_sum:.1f}%, not about 100%")
    if len({p.year for _, p in partners}) > 1:
        raise DataError(path, None, "all rows must have the same year (or all leave it blank)")
    based: list[tuple[str, Sequence[Growth | LevelVsBase]]] = [("growth", tables.growth),
                                                                ("level_vs_base", tables.level_vs_base)]
    for name, rows in based:
        for line, change in zip(tables.lines[name], rows, strict=True):
            if change.base_year >= change.year:
                raise DataError(folder / f"{name}.csv", line,
                                f"base_year {change.base_year} is not before {change.year}")
