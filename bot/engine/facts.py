"""The brief's facts: loaded once from data/, validated row by row, kept as pandas tables.

The DataFrames are the store; a few dictionaries built from them at start-up serve the hot
path, because a DataFrame lookup costs more than the whole answer may take.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
import pycountry
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from bot.engine.loading import csv_rows
from bot.errors import DataError

Flow = Literal["total", "imports", "exports"]
FLOWS: tuple[Flow, ...] = ("total", "imports", "exports")
SHARE_TOLERANCE_PCT = 2.0  # rounded shares of a complete table add up to 100 within this
_COUNTRY_CODES = frozenset({c.alpha_2 for c in pycountry.countries} | {"XK"})


def _blank_to_none(value: object) -> object:
    return None if value == "" else value


def _country(value: object) -> object:
    if isinstance(value, str) and value not in _COUNTRY_CODES:
        raise ValueError(f"not an ISO 3166 country code (like PL or CN): {value!r}")
    return value


def _countries(value: object) -> object:
    return tuple(_country(code) for code in value.split()) if isinstance(value, str) else value


Text = Annotated[str, StringConstraints(min_length=1)]
Optional = BeforeValidator(_blank_to_none)
Country = Annotated[str, BeforeValidator(_country)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Percent = Annotated[float, Field(ge=0, le=100)]
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class Row(BaseModel):
    """A validated row: unknown columns are refused, values are strictly typed."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Row):
    id: SourceId
    name: Text
    full_name: Text
    kind: Text
    published: Annotated[dt.date | None, Optional]
    note: str

    def cited(self) -> str:
        """How an answer names this source: 'KOTRA (Korea Trade-Investment Promotion Agency)'."""
        return self.name if self.name.lower() in self.full_name.lower() else f"{self.name} ({self.full_name})"


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
    rank: Annotated[int, Field(ge=1)]
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
    subregion: M49
    source: SourceId


class Statement(Row):
    id: SourceId
    topic: Text
    countries: Annotated[tuple[Country, ...], BeforeValidator(_countries)]
    when: str
    claim: Text
    source: SourceId
    reported_by: Annotated[SourceId | None, Optional]


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
}
_KEYS: dict[str, tuple[str, ...]] = {
    "sources": ("id",), "totals": ("year", "flow"), "growth": ("year", "flow"),
    "level_vs_base": ("year", "flow", "base_year"), "trade_shares": ("year", "flow", "country"),
    "export_partners": ("country",), "goods": ("flow", "supplier", "item"), "statements": ("id",),
    "regions": ("country",),
}


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
    """All facts of the brief, as DataFrames, with checked consistency."""

    def __init__(self, frames: dict[str, pd.DataFrame], rows: dict[str, list[Row]]) -> None:
        self.frames = frames
        self.sources: dict[str, Source] = {row.id: row for row in rows["sources"]}  # type: ignore[attr-defined]
        partners = frames["export_partners"].sort_values("rank")
        self.partners: tuple[Partner, ...] = tuple(
            Partner(int(r.rank), r.country, r.name_in_brief, float(r.value_usd), float(r.share_pct), r.source)
            for r in partners.itertuples(index=False))
        self.partner_by_code = {p.country: p for p in self.partners}
        # the table's value and share columns as one array, for sums of any partners without pandas' indexing cost
        self._partner_array = partners[["value_usd", "share_pct"]].to_numpy(dtype=float)
        self._partner_row = {code: i for i, code in enumerate(partners["country"])}
        self.totals = {(int(r.year), r.flow): (float(r.value_usd), r.source)
                       for r in frames["totals"].itertuples(index=False)}
        self.growth = {(int(r.year), r.flow): (float(r.change_pct), int(r.base_year), r.source)
                       for r in frames["growth"].itertuples(index=False)}
        self.level_vs_base = {(int(r.year), r.flow): (int(r.base_year), float(r.pct_of_base), r.source)
                              for r in frames["level_vs_base"].itertuples(index=False)}
        self.trade_shares = {(int(r.year), r.flow, r.country): (float(r.share_pct), r.source)
                             for r in frames["trade_shares"].itertuples(index=False)}
        self.statements: tuple[Statement, ...] = tuple(rows["statements"])  # type: ignore[arg-type]
        self.goods: tuple[Good, ...] = tuple(rows["goods"])  # type: ignore[arg-type]
        years = frames["export_partners"]["year"].dropna()
        self.partner_table_year: int | None = int(years.iloc[0]) if len(years) else None
        self.partner_table_total = float(frames["export_partners"]["value_usd"].sum())
        self.latest_year = int(frames["totals"]["year"].max())
        self.region_codes = frozenset(frames["regions"]["region"]) | frozenset(frames["regions"]["subregion"])
        placed = frames["export_partners"].merge(frames["regions"], on="country", suffixes=("", "_region"))
        self.region_sums: dict[str, RegionSum] = {}  # pandas adds up each region once, at start-up
        for level in ("region", "subregion"):
            sums = placed.groupby(level).agg(value_usd=("value_usd", "sum"), share_pct=("share_pct", "sum"))
            for code, row in sums.iterrows():
                members = tuple(self.partner_by_code[c] for c in placed.loc[placed[level] == code]
                                .sort_values("rank")["country"])
                self.region_sums[str(code)] = RegionSum(level, float(row["value_usd"]), float(row["share_pct"]),
                                                        members)

    @classmethod
    def load(cls, folder: Path) -> FactStore:
        """Read and check every table in `folder`; raise DataError at the first problem."""
        frames: dict[str, pd.DataFrame] = {}
        records: dict[str, list[Row]] = {}
        lines: dict[str, list[int]] = {}
        for name, model in TABLES.items():
            path = folder / f"{name}.csv"
            rows: list[Row] = []
            seen: dict[tuple[object, ...], int] = {}
            for line, row in csv_rows(path, model):
                key = tuple(getattr(row, k) for k in _KEYS[name])
                if key in seen:
                    raise DataError(path, line, f"duplicate {'/'.join(map(str, key))} (first on line {seen[key]})")
                seen[key] = line
                rows.append(row)
            if not rows:
                raise DataError(path, None, "has no rows")
            frames[name] = pd.DataFrame([r.model_dump() for r in rows], columns=list(model.model_fields))
            records[name] = rows
            lines[name] = list(seen.values())
        _check(folder, frames, lines)
        return cls(frames, records)

    def partner_sum(self, codes: list[str] | tuple[str, ...]) -> tuple[float, float]:
        """The summed export value and share of the partners `codes` (each must be in the table)."""
        value, share = self._partner_array[[self._partner_row[c] for c in codes]].sum(axis=0)
        return float(value), float(share)

    def source_names(self, ids: list[str] | tuple[str, ...]) -> list[str]:
        """The display names of source ids, in order, without repeats."""
        return [self.sources[i].cited() for i in dict.fromkeys(ids)]

    def statements_on(self, topic: str | None = None, country: str | None = None) -> list[Statement]:
        """Statements on `topic` and/or mentioning `country`, in the order of the data."""
        return [s for s in self.statements
                if (topic is None or s.topic == topic) and (country is None or country in s.countries)]


def _check(folder: Path, frames: dict[str, pd.DataFrame], lines: dict[str, list[int]]) -> None:
    """Cross-table checks: sources exist, ranks follow values, shares add up."""
    known = set(frames["sources"]["id"])
    for name, frame in frames.items():
        for column in ("source", "reported_by"):
            if column not in frame:
                continue
            for line, value in zip(lines[name], frame[column], strict=True):
                if not pd.isna(value) and value not in known:
                    raise DataError(folder / f"{name}.csv", line,
                                    f"{column} {value!r} is not an id in sources.csv")
    partners = frames["export_partners"]
    path = folder / "export_partners.csv"
    order = partners.assign(line=lines["export_partners"]).sort_values("rank")
    expected = list(range(1, len(order) + 1))
    if list(order["rank"]) != expected:
        raise DataError(path, None, f"ranks must run 1..{len(order)} without gaps or repeats")
    previous = None
    for row in order.itertuples(index=False):
        if previous is not None and row.value_usd > previous.value_usd:
            raise DataError(path, row.line, f"rank {row.rank} has a larger value_usd than rank {previous.rank}")
        previous = row
    unplaced = set(partners["country"]) - set(frames["regions"]["country"])
    if unplaced:
        raise DataError(folder / "regions.csv", None, f"no region for partner(s) {', '.join(sorted(unplaced))}")
    share_sum = float(partners["share_pct"].sum())
    if abs(share_sum - 100) > SHARE_TOLERANCE_PCT:
        raise DataError(path, None, f"shares add up to {share_sum:.1f}%, not about 100%")
    if partners["year"].nunique(dropna=False) > 1:
        raise DataError(path, None, "all rows must have the same year (or all leave it blank)")
    for name in ("growth", "level_vs_base"):
        for line, row in zip(lines[name], frames[name].itertuples(index=False), strict=True):
            if row.base_year >= row.year:
                raise DataError(folder / f"{name}.csv", line, f"base_year {row.base_year} is not before {row.year}")
