"""Bulletins for subscribers: the facts as a snapshot, what changed between two, and a short digest.

A snapshot flattens every fact into a keyed record (label, value, unit, source), so that what
was published last time can be stored as JSON and compared with data/ as it is now.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.engine.facts import FactStore
from bot.engine.figures import change, money, percent
from bot.engine.knowledge import Knowledge, Template
from bot.engine.places import PlaceIndex
from bot.engine.writing import amount

Record = dict[str, Any]
MAX_POST = 4096
LANGUAGE = "en"  # posts go to groups and channels of every language; the brief's own is English
GLANCE_PARTNERS = 3


@dataclass(frozen=True)
class Bulletin:
    """A post for subscribers, in Telegram HTML and plain text."""

    html: str
    plain: str
    changes: int


class Digest:
    """Writes bulletins from the fact store."""

    def __init__(self, facts: FactStore, knowledge: Knowledge, countries: PlaceIndex) -> None:
        self.facts = facts
        self.wording = knowledge.wording
        self.countries = countries

    def _w(self, key: str) -> Template:
        return self.wording.get(key, LANGUAGE)

    def _label(self, key: str, **values: object) -> str:
        return self._w(key).plain.format(**values)

    def _flow(self, flow: str) -> str:
        return self._w(f"flow_{flow}").plain

    def snapshot(self) -> dict[str, Record]:
        """Every fact, keyed so that the same fact has the same key in the next brief."""
        f = self.facts
        out: dict[str, Record] = {}
        for (year, flow), total in f.totals.items():
            out[f"total/{year}/{flow}"] = _record(self._label("digest_total", flow=self._flow(flow), year=year),
                                                  total.value_usd, "usd", total.source)
        for (year, flow), growth in f.growth.items():
            out[f"growth/{year}/{flow}"] = _record(self._label("digest_growth", flow=self._flow(flow), year=year,
                                                               base_year=growth.base_year), growth.change_pct, "change",
                                                   growth.source)
        for (year, flow), level in f.level_vs_base.items():
            base, pct, source = level.base_year, level.pct_of_base, level.source
            out[f"level/{year}/{flow}/{base}"] = _record(self._label("digest_level", flow=self._flow(flow), year=year,
                                                                     base_year=base), pct, "percent", source)
        for (year, flow, code), row in f.trade_shares.items():
            share, source = row.share_pct, row.source
            out[f"share/{year}/{flow}/{code}"] = _record(self._label(
                "digest_trade_share", country=self.countries.name(code), flow=self._flow(flow), year=year),
                share, "percent", source)
        for p in f.partners:
            out[f"partner/{p.country}/value"] = _record(self._label("digest_partner_value", country=p.name),
                                                        p.value_usd, "usd", p.source)
            out[f"partner/{p.country}/share"] = _record(self._label("digest_partner_share", country=p.name),
                                                        p.share_pct, "percent", p.source)
        for g in f.goods:
            out[f"goods/{g.supplier}/{g.flow}/{g.item}"] = _record(self._label(
                "digest_goods", supplier=self.countries.name(g.supplier), flow=self._flow(g.flow)), None, "text",
                g.source, g.item + (f" ({g.detail})" if g.detail else ""))
        for s in f.statements:
            who = f.sources[s.source].name
            out[f"statement/{s.id}"] = _record(self._label("digest_statement", who=who), None, "text", s.source,
                                               s.claim)
        return out

    def changes(self, before: dict[str, Record]) -> Bulletin | None:
        """What changed since the snapshot `before`, or None when nothing did."""
        now = self.snapshot()
        lines: list[tuple[str, str]] = []
        sources: list[str] = []
        for key, new in now.items():
            old = before.get(key)
            if old is None:
                lines.append(self._w("digest_new").fill(label=new["label"], value=_shown(new)))
            elif (old["value"], old["text"]) != (new["value"], new["text"]):
                lines.append(self._w("digest_revised").fill(label=new["label"], old=_shown(old), new=_shown(new)))
            else:
                continue
            sources.append(new["source"])
        for key, old in before.items():
            if key not in now:
                lines.append(self._w("digest_removed").fill(label=old["label"], value=_shown(old)))
                sources.append(old["source"])
        if not lines:
            return None
        return self._bulletin("digest_changes_title", lines, sources)

    def glance(self, lang: str = LANGUAGE) -> Bulletin:
        """The brief at a glance: the headline figures and the largest partners."""
        lines, sources = self.glance_lines(lang)
        return self._bulletin("glance_title", lines, sources, lang)

    def glance_lines(self, lang: str) -> tuple[list[tuple[str, str]], list[str]]:
        """The lines of the brief at a glance in `lang`, as (html, plain), and the sources of their figures."""
        f = self.facts

        def line(key: str, **values: object) -> tuple[str, str]:
            return self.wording.get(key, lang).fill(**values)

        year = f.latest_year
        lines: list[tuple[str, str]] = []
        sources: list[str] = []
        for flow in ("total", "imports", "exports"):
            if (found := f.totals.get((year, flow))) is not None:
                growth = f.growth.get((year, flow))
                lines.append(line("glance_flow_growth" if growth else "glance_flow",
                                  flow=self.wording.get(f"flow_{flow}", lang).plain.capitalize(), year=year,
                                  value=amount(found.value_usd, lang),
                                  change=change(growth.change_pct) if growth else "",
                                  base_year=growth.base_year if growth else ""))
                sources.append(found.source)
        for (y, flow), level in f.level_vs_base.items():
            if (y, flow) == (year, "total"):
                lines.append(line("glance_level", year=year, pct=percent(level.pct_of_base), base_year=level.base_year))
                sources.append(level.source)
        for (y, flow, code), row in f.trade_shares.items():
            if (y, flow) == (year, "total"):
                lines.append(line("glance_share", country=self.countries.name(code, lang),
                                  share=percent(row.share_pct), year=year))
                sources.append(row.source)
        top = [f"{p.name if lang == 'en' else self.countries.name(p.country, lang)} {amount(p.value_usd, lang)}, "
               f"{percent(p.share_pct)}" for p in f.partners[:GLANCE_PARTNERS]]
        year_note = f.partner_table_year or self.wording.get("chart_year_unknown", lang).plain
        lines.append(line("glance_partners", partners="; ".join(top), year=year_note))
        sources.append(f.partners[0].source)
        return lines, sources

    def _bulletin(self, title: str, lines: list[tuple[str, str]], sources: list[str],
                  lang: str = LANGUAGE) -> Bulletin:
        head = self.wording.get(title, lang).fill()
        names = self.facts.source_names(sources, lang)
        foot = self.wording.get("source_line", lang).fill(sources="; ".join(names))
        html, plain, shown = [head[0]], [head[1]], 0
        budget = MAX_POST - len(foot[0]) - 100  # room for the footer and an "and N more" line
        for line_html, line_plain in lines:
            if sum(len(x) + 1 for x in html) + len(line_html) > budget:
                break
            html.append(line_html)
            plain.append(line_plain)
            shown += 1
        if shown < len(lines):
            more = self.wording.get("digest_more", lang).fill(count=len(lines) - shown)
            html.append(more[0])
            plain.append(more[1])
        html.append(foot[0])
        plain.append(foot[1])
        return Bulletin("\n".join(html), "\n".join(plain), len(lines))


def _record(label: str, value: float | None, unit: str, source: str, text: str | None = None) -> Record:
    return {"label": label, "value": value, "unit": unit, "source": source, "text": text}


def _shown(record: Record) -> str:
    value, unit = record["value"], record["unit"]
    if unit == "usd":
        return money(value)
    if unit == "percent":
        return percent(value)
    if unit == "change":
        return change(value)
    return str(record["text"])
