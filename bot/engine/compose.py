"""Composing answers: a Reading and the facts become an Answer, in the reader's language."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.engine.answer import Answer, Chart, Choice, Draft, Series
from bot.engine.countries import CountryIndex
from bot.engine.facts import FactStore, Flow, Partner, Statement
from bot.engine.figures import change, day, money, ordinal, percent, significant
from bot.engine.knowledge import Knowledge, Template
from bot.engine.understand import FALLBACK, Reading, Slots

DEFAULT_TOP = 10
DEFAULT_CHART_BARS = 10
CONTEXT_TOPICS = ("partners", "relations")  # what a partner-less country's answer may add


class Composer:
    """Writes the answer for each intent from the fact store."""

    def __init__(self, facts: FactStore, knowledge: Knowledge, countries: CountryIndex) -> None:
        self.facts = facts
        self.wording = knowledge.wording
        self.summaries = {name: spec.summary for name, spec in knowledge.intents.items()}
        self.countries = countries
        self.handlers: dict[str, Callable[[Draft, Reading, str], None]] = {
            "partner": self._partner, "compare": self._compare, "ranking": self._ranking,
            "volume": self._volume, "growth": self._growth, "vs2019": self._vs2019,
            "china_share": self._china_share, "goods": self._goods, "russia_supplies": self._russia,
            "arms": self._topic("arms", "arms_intro"), "borders": self._topic("borders", "borders_intro"),
            "unofficial": self._topic("unofficial", "unofficial_intro"),
            "relations": self._topic("relations", "relations_intro"), "sources": self._sources,
            "greeting": self._greeting, "thanks": self._thanks, "out_of_scope": self._out_of_scope,
            FALLBACK: self._fallback,
            "region": self._region, "table": self._table, "balance": self._balance, "change": self._change,
            "chart_partners": self._chart_partners, "chart_trend": self._chart_trend,
        }
        missing = set(knowledge.intents) - set(self.handlers)
        if missing:
            raise ValueError(f"intents without an answer: {', '.join(sorted(missing))}")

    def compose(self, reading: Reading, question: str) -> Answer:
        """The answer to `question` as understood in `reading`."""
        draft = Draft()
        self.handlers[reading.intent](draft, reading, question)
        if reading.alternatives and reading.intent != FALLBACK:
            draft.add(self._w("clarify", reading))
            draft.choices.extend(self._choice(name, reading) for name, _ in reading.alternatives)
        names = self.facts.source_names(draft.sources)
        return draft.finish(reading, self._w("source_line", reading), names)

    # ------------------------------------------------------------------ helpers
    def _w(self, key: str, reading: Reading) -> Template:
        return self.wording.get(key, reading.language)

    def _choice(self, intent: str, reading: Reading) -> Choice:
        label = self.summaries[intent]
        return Choice(label[0].upper() + label[1:], Reading(intent, 1.0, reading.slots,
                                                            language=reading.language).encode())

    def _name(self, code: str, reading: Reading) -> str:
        partner = self.facts.partner_by_code.get(code)
        if partner is not None and reading.language == "en":
            return partner.name
        return self.countries.name(code, reading.language)

    def _join(self, items: list[str], reading: Reading) -> str:
        if len(items) < 2:
            return "".join(items)
        sep, last = self._w("list_join", reading).plain, self._w("list_last", reading).plain
        return sep.join(items[:-1]) + last + items[-1]

    @staticmethod
    def _rank(rank: int, reading: Reading) -> str:
        """'3rd' in English; other languages write their own suffix around the number ('3위')."""
        return ordinal(rank) if reading.language == "en" else str(rank)

    def _flow_name(self, flow: Flow, reading: Reading) -> str:
        return self._w(f"flow_{flow}", reading).plain

    def _year(self, slots: Slots) -> int:
        return slots.years[0] if slots.years else self.facts.latest_year

    def _statements(self, draft: Draft, reading: Reading, statements: list[Statement]) -> None:
        for s in statements:
            who = self.facts.sources[s.source].name
            if s.reported_by:
                outlet = self._w("reported_by", reading).plain.format(outlet=self.facts.sources[s.reported_by].name)
                who = f"{who}, {outlet}"
            if s.when:
                draft.add(self._w("statement", reading), who=who, when=s.when, claim=s.claim)
            else:
                draft.add(self._w("statement_nowhen", reading), who=who, claim=s.claim)
            draft.cite(s.source, *([s.reported_by] if s.reported_by else []))

    def _table_caveat(self, draft: Draft, reading: Reading) -> None:
        if self.facts.partner_table_year is not None:
            return
        year = self.facts.latest_year
        exports = self.facts.totals.get((year, "exports"))
        if exports is None or exports[0] >= self.facts.partner_table_total:
            return
        # no figures here: this note goes with answers about one partner, and the sums are a question of their own
        draft.add(self._w("table_caveat", reading), year=year)

    def _computed(self, draft: Draft, reading: Reading, formula: str) -> None:
        draft.add(self._w("computed_note", reading), formula=formula)

    # ------------------------------------------------------------------ partners
    def _partner(self, draft: Draft, reading: Reading, question: str) -> None:
        codes = reading.slots.countries
        if not codes:
            draft.add(self._w("partner_need_country", reading))
            return
        for code in codes:
            self._one_partner(draft, reading, code)
        if any(code in self.facts.partner_by_code for code in codes):
            self._table_caveat(draft, reading)

    def _one_partner(self, draft: Draft, reading: Reading, code: str) -> None:
        facts = self.facts
        partner = facts.partner_by_code.get(code)
        name = self._name(code, reading)
        if partner is None:
            draft.add(self._w("partner_missing", reading), country=name, count=len(facts.partners))
            draft.cite(facts.partners[0].source)
            said = [s for s in facts.statements_on(country=code) if s.topic in CONTEXT_TOPICS]
            supplies = [g.item for g in facts.goods if g.supplier == code]
            if said or supplies:
                draft.add(self._w("partner_statements", reading), country=name)
                self._statements(draft, reading, said)
            if supplies:
                draft.add(self._w("partner_supplies", reading), country=name, items=self._join(supplies, reading))
                draft.cite(*(g.source for g in facts.goods if g.supplier == code))
            if facts.statements_on(topic="arms", country=code):
                draft.add(self._w("partner_arms_hint", reading), country=name)
            return
        draft.add(self._w("partner", reading), country=name, value=money(partner.value_usd),
                  share=percent(partner.share_pct), rank=self._rank(partner.rank, reading), count=len(facts.partners))
        draft.cite(partner.source)
        if reading.slots.flow == "imports":
            draft.add(self._w("partner_exports_only", reading))
        tied = [self._name(p.country, reading) for p in facts.partners
                if p.value_usd == partner.value_usd and p.country != code]
        if tied:
            draft.add(self._w("partner_tied", reading), others=self._join(tied, reading))
        for (year, flow, country), (share, source) in facts.trade_shares.items():
            if country == code and flow == "total":
                draft.add(self._w("partner_total_share", reading), country=name, share=percent(share), year=year)
                draft.cite(source)

    def _compare(self, draft: Draft, reading: Reading, question: str) -> None:
        codes = reading.slots.countries
        if len(codes) < 2:
            self._partner(draft, reading, question)
            return
        missing = [code for code in codes if code not in self.facts.partner_by_code]
        if missing:  # said first: the reader must not take the rows below for the whole answer
            draft.add(self._w("compare_missing", reading), countries=self._join(
                [self._name(code, reading) for code in missing], reading), count=len(self.facts.partners))
        draft.add(self._w("compare_intro", reading))
        found: list[Partner] = []
        for code in codes:
            partner = self.facts.partner_by_code.get(code)
            if partner is None:
                continue
            found.append(partner)
            draft.add(self._w("compare_row", reading), country=self._name(code, reading),
                      value=money(partner.value_usd), share=percent(partner.share_pct), rank=partner.rank)
            draft.cite(partner.source)
        if len(found) >= 2:
            self._partner_sums(draft, reading, found)
        if found:
            self._table_caveat(draft, reading)
        else:
            draft.cite(self.facts.partners[0].source)

    def _partner_sums(self, draft: Draft, reading: Reading, found: list[Partner]) -> None:
        value, share = self.facts.partner_sum([p.country for p in found])
        draft.add(self._w("compare_together", reading), value=money(value), share=percent(share))
        self._computed(draft, reading, " + ".join(money(p.value_usd) for p in found) + f" = {money(value)}; "
                       + " + ".join(percent(p.share_pct) for p in found) + f" = {percent(share)}")
        if len(found) == 2:
            first, second = sorted(found, key=lambda p: p.value_usd, reverse=True)
            difference = first.value_usd - second.value_usd
            if difference > 0:
                ratio = f"{first.value_usd / second.value_usd:.1f}"
                draft.add(self._w("compare_difference", reading), first=self._name(first.country, reading),
                          second=self._name(second.country, reading), difference=money(difference), ratio=ratio)
                self._computed(draft, reading, f"{money(first.value_usd)} - {money(second.value_usd)} = "
                               f"{money(difference)}; {money(first.value_usd)} / {money(second.value_usd)} = {ratio}")

    def _ranking(self, draft: Draft, reading: Reading, question: str) -> None:
        partners = list(self.facts.partners)
        if reading.slots.ascending:
            partners.reverse()
        count = len(partners)
        n = reading.slots.n
        first = partners[0]
        if n is None or n == 1:
            key = "ranking_last" if reading.slots.ascending else "ranking_first"
            following = [f"{self._name(p.country, reading)} ({money(p.value_usd)})" for p in partners[1:3]]
            draft.add(self._w(key, reading), country=self._name(first.country, reading), value=money(first.value_usd),
                      share=percent(first.share_pct), next=self._join(following, reading))
        if n is None or n > 1:
            shown = partners[:min(n or DEFAULT_TOP, count)]
            key = "ranking_bottom" if reading.slots.ascending else "ranking_top"
            draft.add(self._w(key, reading), n=len(shown))
            for p in shown:
                draft.add(self._w("ranking_row", reading), rank=p.rank, country=self._name(p.country, reading),
                          value=money(p.value_usd), share=percent(p.share_pct))
            if len(shown) < count:
                draft.add(self._w("ranking_more", reading), count=count)
        draft.cite(first.source)
        self._table_caveat(draft, reading)

    def _region(self, draft: Draft, reading: Reading, question: str) -> None:
        sums = self.facts.region_sums
        codes = reading.slots.regions
        if not codes:
            draft.add(self._w("region_breakdown", reading))
            regions = sorted((c for c, r in sums.items() if r.level == "region"), key=lambda c: -sums[c].value_usd)
            for code in regions:
                draft.add(self._w("region_row", reading), region=self.countries.name(code, reading.language),
                          value=money(sums[code].value_usd), share=percent(sums[code].share_pct),
                          count=len(sums[code].members))
            self._computed(draft, reading, self._w("region_formula", reading).plain)
        found = not codes
        for code in codes:
            name = self.countries.name(code, reading.language)
            group = sums.get(code)
            if group is None:
                draft.add(self._w("region_none", reading), region=name, count=len(self.facts.partners))
                continue
            found = True
            draft.add(self._w("region_total", reading), region=name, count=len(group.members),
                      value=money(group.value_usd), share=percent(group.share_pct))
            for p in group.members:
                draft.add(self._w("compare_row", reading), country=self._name(p.country, reading),
                          value=money(p.value_usd), share=percent(p.share_pct), rank=p.rank)
            self._computed(draft, reading, " + ".join(money(p.value_usd) for p in group.members)
                           + f" = {money(group.value_usd)}")
        draft.cite(self.facts.partners[0].source, *self.facts.frames["regions"]["source"].unique())
        if found:
            self._table_caveat(draft, reading)

    def _table(self, draft: Draft, reading: Reading, question: str) -> None:
        frame = self.facts.frames["export_partners"]
        draft.add(self._w("table_size", reading), count=len(frame), value=money(float(frame["value_usd"].sum())),
                  share=percent(float(frame["share_pct"].sum())))
        self._computed(draft, reading, self._w("table_formula", reading).plain.format(count=len(frame)))
        draft.cite(self.facts.partners[0].source)
        year = self.facts.latest_year
        exports = self.facts.totals.get((year, "exports"))
        if self.facts.partner_table_year is None and exports is not None:
            draft.add(self._w("table_mismatch", reading), exports=money(exports[0]), year=year)
            draft.cite(exports[1])

    def _balance(self, draft: Draft, reading: Reading, question: str) -> None:
        year = self._year(reading.slots)
        imports, exports = self.facts.totals.get((year, "imports")), self.facts.totals.get((year, "exports"))
        if imports is None or exports is None:
            years = sorted(y for (y, f) in self.facts.totals if f == "imports" and (y, "exports") in self.facts.totals)
            draft.add(self._w("balance_missing", reading), year=year, available=self._join(list(map(str, years)),
                                                                                          reading))
            draft.cite(*(s for (_, _), (_, s) in self.facts.totals.items()))
            return
        balance = exports[0] - imports[0]
        key = "balance_deficit" if balance < 0 else "balance_surplus"
        draft.add(self._w(key, reading), year=year, value=money(abs(balance)), imports=money(imports[0]),
                  exports=money(exports[0]))
        self._computed(draft, reading, f"{money(exports[0])} - {money(imports[0])} = {money(balance)}")
        draft.cite(imports[1], exports[1])

    def _change(self, draft: Draft, reading: Reading, question: str) -> None:
        flow: Flow = reading.slots.flow or "total"
        stated = sorted(y for (y, f) in self.facts.totals if f == flow)
        years = sorted(reading.slots.years) if len(reading.slots.years) >= 2 else (
            [stated[0], stated[-1]] if len(stated) >= 2 else [])
        if len(reading.slots.years) == 1 and len(stated) >= 2:
            years = sorted({reading.slots.years[0], stated[0]})
        missing = [y for y in years if (y, flow) not in self.facts.totals]
        if len(years) < 2 or missing:
            draft.add(self._w("change_missing", reading), flow=self._flow_name(flow, reading),
                      years=self._join([str(y) for y in missing or years], reading),
                      available=self._join([str(y) for y in stated], reading))
            draft.cite(*(s for (_, f), (_, s) in self.facts.totals.items() if f == flow))
            return
        first, last = years[0], years[-1]
        (start, s1), (end, s2) = self.facts.totals[(first, flow)], self.facts.totals[(last, flow)]
        pct = (end - start) / start * 100
        draft.add(self._w("change", reading), flow=self._flow_name(flow, reading), first=first, last=last,
                  start=money(start), end=money(end), difference=money(end - start), pct=change(round(pct, 1)))
        self._computed(draft, reading, f"({money(end)} - {money(start)}) / {money(start)} = {change(round(pct, 1))}")
        draft.cite(s1, s2)

    def _chart_partners(self, draft: Draft, reading: Reading, question: str) -> None:
        partners = self.facts.partners
        n = max(1, min(reading.slots.n or DEFAULT_CHART_BARS, len(partners)))
        shown, rest = partners[:n], partners[n:]
        labels = [self._name(p.country, reading) for p in shown]
        values: list[float | None] = [p.share_pct for p in shown]
        if rest:
            labels.append(self._w("chart_others", reading).plain.format(count=len(rest)))
            values.append(float(self.facts.frames["export_partners"].sort_values("rank")["share_pct"].iloc[n:].sum()))
        year = self.facts.partner_table_year
        title = self._w("chart_partners_title", reading).plain.format(
            n=len(shown), year=year or self._w("chart_year_unknown", reading).plain)
        draft.chart = Chart("partners", title, tuple(labels), (Series(self._w("chart_share", reading).plain,
                                                                       tuple(values)),), "percent", "")
        self._ranking(draft, replace(reading, slots=replace(reading.slots, n=n)), question)
        if rest:
            self._computed(draft, reading, self._w("chart_rest_formula", reading).plain.format(count=len(rest)))

    def _chart_trend(self, draft: Draft, reading: Reading, question: str) -> None:
        years = sorted({y for (y, _) in self.facts.totals})
        series = tuple(
            Series(self._flow_name(flow, reading).capitalize(),
                   tuple(self.facts.totals[(y, flow)][0] if (y, flow) in self.facts.totals else None for y in years))
            for flow in ("total", "imports", "exports") if any((y, flow) in self.facts.totals for y in years))
        title = self._w("chart_trend_title", reading).plain
        draft.chart = Chart("trend", title, tuple(map(str, years)), series, "usd", "")
        shown = [f"{y} {money(self.facts.totals[(y, 'total')][0])}" for y in years if (y, "total") in self.facts.totals]
        draft.add(self._w("chart_trend", reading), years=self._join(shown, reading))
        draft.cite(*(s for (_, s) in self.facts.totals.values()))

    # ------------------------------------------------------------------ totals
    def _volume(self, draft: Draft, reading: Reading, question: str) -> None:
        flow: Flow = reading.slots.flow or "total"
        for year in reading.slots.years or (self.facts.latest_year,):
            found = self.facts.totals.get((year, flow))
            if found is None:
                self._missing_year(draft, reading, year, flow)
                continue
            value, source = found
            draft.add(self._w("volume", reading), flow=self._flow_name(flow, reading), value=money(value), year=year)
            draft.cite(source)
            growth = self.facts.growth.get((year, flow))
            if growth is not None:
                draft.add(self._w("volume_growth", reading), change=change(growth[0]), base_year=growth[1])
                draft.cite(growth[2])
            level = self.facts.level_vs_base.get((year, flow))
            if level is not None and (base := self.facts.totals.get((level[0], flow))) is not None:
                draft.add(self._w("volume_vs_base", reading), pct=percent(level[1]), base_year=level[0],
                          base_value=money(base[0]))
                draft.cite(level[2])

    def _missing_year(self, draft: Draft, reading: Reading, year: int, flow: Flow) -> None:
        # the years the brief has, not their figures: a figure of a year not asked for is not an answer
        available = [y for (y, f) in sorted(self.facts.totals) if f == flow]
        draft.add(self._w("volume_missing_year", reading), flow=self._flow_name(flow, reading), year=year,
                  available=self._join([str(y) for y in available], reading) or "-")
        draft.cite(*(s for (_, f), (_, s) in self.facts.totals.items() if f == flow))
        label = self._w("choice_volume", reading).plain
        draft.choices.extend(
            Choice(label.format(flow=self._flow_name(flow, reading).capitalize(), year=y),
                   Reading("volume", 1.0, Slots(years=(y,), flow=flow), language=reading.language).encode())
            for y in available)
        for (later, f), (pct, base_year, source) in self.facts.growth.items():
            if f == flow and base_year == year and (after := self.facts.totals.get((later, flow))) is not None:
                implied = significant(after[0] / (1 + pct / 100))
                draft.add(self._w("volume_implied", reading), flow=self._flow_name(flow, reading), year=year,
                          value=money(implied))
                self._computed(draft, reading, f"{money(after[0])} / (1 + {percent(pct)}) ≈ {money(implied)}")
                draft.cite(source, after[1])

    def _growth(self, draft: Draft, reading: Reading, question: str) -> None:
        year = self._year(reading.slots)
        flow = reading.slots.flow
        rows = {f: g for (y, f), g in self.facts.growth.items() if y == year}
        if not rows or (flow is not None and flow not in rows):
            years = sorted({y for y, _ in self.facts.growth})
            flows = {y: [self._flow_name(f, reading) for (g, f) in self.facts.growth if g == y] for y in years}
            have = [f"{y} ({self._join(flows[y], reading)})" for y in years]
            draft.add(self._w("growth_missing", reading), flow=self._flow_name(flow or "total", reading), year=year,
                      available=self._join(have, reading))
            draft.cite(*(g[2] for g in self.facts.growth.values()))
            return
        if flow is None and {"total", "imports", "exports"} <= set(rows):
            draft.add(self._w("growth_all", reading), year=year, base_year=rows["total"][1],
                      **{f: change(rows[f][0]) for f in ("total", "imports", "exports")})
            draft.cite(*(g[2] for g in rows.values()))
            return
        chosen: Flow = flow or "total"
        pct, base_year, source = rows[chosen]
        value = self.facts.totals.get((year, chosen))
        draft.add(self._w("growth", reading), year=year, flow=self._flow_name(chosen, reading), change=change(pct),
                  base_year=base_year, value=money(value[0]) if value else "-")
        draft.cite(source)

    def _vs2019(self, draft: Draft, reading: Reading, question: str) -> None:
        for (year, flow), (base_year, pct, source) in self.facts.level_vs_base.items():
            value, base = self.facts.totals.get((year, flow)), self.facts.totals.get((base_year, flow))
            if value is None or base is None:
                continue
            draft.add(self._w("vs2019", reading), year=year, value=money(value[0]), pct=percent(pct),
                      base_year=base_year, base_value=money(base[0]))
            draft.cite(source, value[1], base[1])
            between = [(y, v) for (y, f), (v, _) in sorted(self.facts.totals.items())
                       if f == flow and base_year < y < year]
            if between:
                low_year, low_value = min(between, key=lambda item: item[1])
                draft.add(self._w("vs2019_low", reading), low_year=low_year, low_value=money(low_value))
        self._statements(draft, reading, self.facts.statements_on(topic="recovery"))

    def _china_share(self, draft: Draft, reading: Reading, question: str) -> None:
        for (year, flow, code), (share, source) in self.facts.trade_shares.items():
            if flow != "total":
                continue
            draft.add(self._w("china_share", reading), share=percent(share), year=year)
            draft.cite(source)
            rest = [s for s in self.facts.statements_on(topic="partners") if code not in s.countries]
            others = [self._name(c, reading) for s in rest for c in s.countries]
            if others:
                draft.add(self._w("china_rest", reading), rest=percent(100 - share), others=self._join(others, reading))
                self._computed(draft, reading, f"100% - {percent(share)} = {percent(100 - share)}")
                draft.cite(*(s.source for s in rest))
            partner = self.facts.partner_by_code.get(code)
            if partner is not None:
                draft.add(self._w("china_exports", reading), value=money(partner.value_usd),
                          table_share=percent(partner.share_pct))
        self._statements(draft, reading, [s for s in self.facts.statements_on(topic="partners")
                                          if "CN" in s.countries])

    # ------------------------------------------------------------------ goods and statements
    def _goods(self, draft: Draft, reading: Reading, question: str) -> None:
        flows: tuple[Flow, ...] = (reading.slots.flow,) if reading.slots.flow in ("exports", "imports") else (
            "exports", "imports")
        own = [g for g in self.facts.goods if g.supplier == "KP"]
        for flow in flows:
            goods = [g for g in own if g.flow == flow]
            if flow == "exports":
                for g in (g for g in goods if g.top):
                    draft.add(self._w("goods_exports", reading), item=g.item, detail=g.detail or "-")
            elif goods:
                draft.add(self._w("goods_imports", reading), items=self._join([g.item for g in goods], reading))
            draft.cite(*(g.source for g in goods))
        draft.add(self._w("goods_no_values", reading))

    def _russia(self, draft: Draft, reading: Reading, question: str) -> None:
        goods = [g for g in self.facts.goods if g.supplier == "RU"]
        draft.add(self._w("russia_supplies", reading), items=self._join([g.item for g in goods], reading))
        draft.add(self._w("russia_no_values", reading))
        draft.cite(*(g.source for g in goods))

    def _topic(self, topic: str, intro: str) -> Callable[[Draft, Reading, str], None]:
        def compose(draft: Draft, reading: Reading, question: str) -> None:
            draft.add(self._w(intro, reading))
            self._statements(draft, reading, self.facts.statements_on(topic=topic))
        return compose

    def _sources(self, draft: Draft, reading: Reading, question: str) -> None:
        kotra = self.facts.sources[self.facts.partners[0].source]
        outlet = next((s for s in self.facts.sources.values() if s.kind == "news report" and s.published
                       and s.published >= (kotra.published or s.published)), None)
        draft.add(self._w("sources_intro", reading), name=kotra.name, full_name=kotra.full_name,
                  released=day(kotra.published), outlet=outlet.name if outlet else "-",
                  published=day(outlet.published if outlet else None))
        others = [s.full_name for s in self.facts.sources.values() if s.kind not in ("trade statistics", "news report")]
        draft.add(self._w("sources_others", reading), others=self._join(others, reading))
        self._table_caveat(draft, reading)
        draft.cite(kotra.id, *([outlet.id] if outlet else []))

    # ------------------------------------------------------------------ conversation
    def _greeting(self, draft: Draft, reading: Reading, question: str) -> None:
        if reading.unknown_command:
            draft.add(self._w("unknown_command", reading), command=reading.unknown_command)
        else:
            draft.add(self._w("greeting", reading))
        draft.add(self._w("help_lines", reading))

    def _thanks(self, draft: Draft, reading: Reading, question: str) -> None:
        draft.add(self._w("thanks", reading))

    def _out_of_scope(self, draft: Draft, reading: Reading, question: str) -> None:
        draft.add(self._w("out_of_scope", reading))

    def _fallback(self, draft: Draft, reading: Reading, question: str) -> None:
        draft.add(self._w("fallback", reading))
        draft.add(self._w("out_of_scope", reading))
        suggestions = [name for name, _ in reading.alternatives if name not in ("out_of_scope", FALLBACK)]
        if suggestions:
            draft.add(self._w("fallback_suggest", reading))
            draft.choices.extend(self._choice(name, reading) for name in suggestions)
