"""Composing answers: a Reading and the facts become an Answer, in the reader's language.

Every part of a question must be covered. What the brief cannot give (a unit it never uses, a
place that is not a country, a partner or a year it does not have, imports by country) is said in
the answer's first lines, with buttons for what the brief does have, and never papered over with
the figures of a smaller question.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import product
from math import floor, inf, isclose, log10

from bot.engine.answer import Answer, Chart, Draft, Series
from bot.engine.digest import Digest
from bot.engine.facts import FactStore, Flow, Good, Growth, Partner, RegionSum, Source, Statement, Total, TradeShare
from bot.engine.figures import (
    BRIEF_PRECISION,
    added,
    change,
    day,
    money,
    ordinal,
    partial_day,
    percent,
    precision,
    significant,
    subtracted,
)
from bot.engine.knowledge import Knowledge, Template, Wording
from bot.engine.parse import ALL, COMPANIES, NEXT, Range, Slots
from bot.engine.passages import Hit, PassageIndex
from bot.engine.places import SUBJECT, PlaceIndex
from bot.engine.text import alternatives, any_of, fold, script_language
from bot.engine.understand import CLAIM_TOPICS, EXPLAINED, FALLBACK, Reading
from bot.engine.writing import amount

DEFAULT_TOP = 10
DEFAULT_CHART_BARS = 10
CONTEXT_TOPICS = ("partners", "goods", "relations")  # what a partner-less country's answer adds first, in order
PROSE_INTENTS = {"arms": "arms", "borders": "borders", "unofficial": "unofficial", "relations": "relations"}
# intents that check a figure the question states themselves ("were exports $9.7mn?" is a question of exports)
STATED_ASKED = frozenset({"volume", "growth", "change", "vs2019", "balance", "china_share", "partner", "compare",
                          "statistic"})
# and those whose reading says little of what is asked: a stated figure of the brief may say it
NOT_UNDERSTOOD = frozenset({FALLBACK, "out_of_scope", "sources", "overview", "table", "ranking"})
MAX_FOUND = 2  # countries answers found that a follow-up may ask of ("together?")
PASSAGES_SHOWN = 3  # the best statements first; the rest behind a button
PASSAGES_LEAST = 2  # a topic's answer shows at least this many, the best match first
PASSAGE_CLOSE = 0.6  # a statement this close to the best score is shown with it
PASSAGE_FIGURE = 0.4  # and one stating a figure this close, first, for a question of how much or how many
PASSAGE_DATA = "p"  # Choice.data of a "more" button: p|<language>|<statement numbers>
BUTTON_DATA_LIMIT = 64  # bytes of a button's data, Telegram's limit
MAX_EXAMPLES = 3  # buttons to try under a greeting or a fallback
# intents whose answer a statement naming its maker can replace
TALK = frozenset({"sources", FALLBACK, "out_of_scope", "greeting", "help", "arms", "borders", "unofficial", "relations",
                  "goods", "russia_supplies", "overview"})
_ARTICLE = re.compile(r"^(?:the|an?) ")  # "a KOTRA official" is named as "the KOTRA official"
VS_YEARS = (2023,)  # the year the brief compares with 2019
# intents of the partner table that an average, a median or a bound on an amount turns into a statistic of it
TABLE_STATISTICS = frozenset({"ranking", "partner", "table", "region", "compare", "china_share", FALLBACK})
STATISTIC_ROWS = 10  # partners listed beyond a bound at most
_YEAR_IN = re.compile(r"\b(19|20)\d\d\b")  # a statement that names a year says when
_IDENTIFIED = re.compile(r"\b(?:resolutions?|no\.|number)\s*\d+", re.IGNORECASE)  # "Resolution 1718": a thing by number
_DIGIT = re.compile(r"\d")
_CHANGE_ASKED = frozenset({"change", "fall", "difference", "ratio", "versus", "until"})  # a change asked by its words
# a claim's figure or amount in words: 6.5mn, 96.7%, "hundreds of millions", "dozens of missiles"; no year
_FIGURE = re.compile(r"\d(?:[\d.,]*\d)?\s?(?:mn|bn|%)|\b(?:dozens?|hundreds?|thousands?|millions?|billions?)\b")
STATED_TOLERANCE = 0.015  # an amount a question states within 1.5% of the brief's is the brief's, rounded
APPROXIMATE = 0.1  # ... and within 10% when the question says it is approximate ("roughly half a million")
ROUNDED_TOLERANCE = 0.05  # and one within 5% that is the brief's rounded to the digits written ("two billion")
_LISTS = frozenset({"ranking", "region", "statistic", "table", "chart_partners"})  # answers of the table as a whole
# marks of a question that asks a figure, not a thing ("how much", "what share")
_MEASURED = frozenset({"amount", "share", "change", "ratio", "difference", "sum", "level", "largest", "versus", "than"})
FIGURE_INTENTS = frozenset({"partner", "compare", "ranking", "region", "table", "table_year", "statistic", "balance",
                            "change",
                            "volume", "growth", "vs2019", "china_share", "chart_partners", "chart_trend"})


@dataclass(frozen=True)
class Writer:
    """Writes for one reader: the wording of their language, and names, lists and ranks as it writes them."""

    wording: Wording
    places: PlaceIndex
    facts: FactStore
    lang: str
    shown: frozenset[str] = frozenset()  # notes the reader was given lately: a short mark instead
    def template(self, key: str) -> Template:
        """The template `key` in the reader's language."""
        return self.wording.get(key, self.lang)

    def text(self, key: str, **values: object) -> str:
        """The template `key` filled, as plain text."""
        return self.template(key).fill(**values)[1]

    def money(self, usd: float, precise: float = BRIEF_PRECISION) -> str:
        """An amount as the reader's language writes it, the brief's own figure kept: 970만 달러($9.7mn);
        `precise`: see figures.money."""
        return amount(usd, self.lang, precise)

    def name(self, code: str, bare: bool = False) -> str:
        """A country's, region's or grouping's name: the brief's own name for a partner in English, with the
        article English gives some names in a sentence ("the Netherlands"), not in a list's row (`bare`)."""
        partner = self.facts.partner_by_code.get(code)
        if partner is not None and self.lang == "en" and code != "CN":
            name = partner.name
        else:
            name = self.places.name(code, self.lang)
        return f"the {name}" if self.lang == "en" and not bare and code in self.places.with_the else name

    def join(self, items: list[str]) -> str:
        """'a, b and c' as the language writes it."""
        if len(items) < 2:
            return "".join(items)
        return self.text("list_join").join(items[:-1]) + self.text("list_last") + items[-1]

    def rank(self, rank: int) -> str:
        """'3rd' in English; other languages write their own suffix around the number ('3위')."""
        return ordinal(rank) if self.lang == "en" else str(rank)

    def flow(self, flow: Flow) -> str:
        """The name of a flow: total trade, imports, exports."""
        return self.text(f"flow_{flow}")

    def statement(self, s: Statement) -> str:
        """A claim in the reader's language."""
        return self.facts.text("statement", s.id, self.lang)

    def source(self, source_id: str) -> str:
        """Who made or reported a statement, by name, in the reader's language."""
        return self.facts.text("source", f"{source_id}.name", self.lang)

    def when(self, s: Statement) -> str:
        """A statement's date as the language writes it; '' when it has none."""
        dated = s.dated
        year = None if s.year_inferred else dated.year if dated else None
        if dated is None or (year is None and dated.month is None):
            return ""
        return partial_day(year, dated.month, dated.day, self.lang)


class Composer:
    """Writes the answer for each intent from the fact store."""

    def __init__(self, facts: FactStore, knowledge: Knowledge, places: PlaceIndex, passages: PassageIndex,
                 digest: Digest, read: Callable[[str], Reading]) -> None:
        self.facts = facts
        self.digest = digest
        self.suggestions = [read(question) for question in knowledge.suggestions]  # buttons to try
        self.wording = knowledge.wording
        self.places = places
        self.passages = passages
        self.off_the_books = frozenset(knowledge.vocabulary.off_the_books)  # arms, unofficial: see vocabulary.yaml
        # the makers that are the subject speaking: Pyongyang, "the North Korean government" (by the subject's names,
        # not "korea" or "korean", which end another country's name: South Korea)
        subject_names = [alias for alias in (fold(name) for name in knowledge.vocabulary.subject)
                         if not any(name.endswith(f" {alias}") for name in places.names)]
        self._subject_sources = frozenset(
            source for source, maker in facts.sources.items()
            if any(f" {alias} " in f" {fold(maker.name)} {fold(maker.full_name)} " for alias in subject_names))
        # the statements that give a reason ("as its own stockpiles run out"): first for a question of why
        reasons = any_of(knowledge.vocabulary.reason_markers)
        self._reasons = frozenset(s.id for s in facts.statements if reasons.search(s.claim))
        # and those that tell of a change ("fell by more than half", "reduced"): first for a question of one
        changing = any_of(knowledge.vocabulary.change_words)
        self._changes = frozenset(s.id for s in facts.statements if changing.search(s.claim))
        # how many kinds of arms each claim names ("artillery shells, rockets and ballistic missiles": four words of
        # them): for a question of which weapons, the claim that lists most comes first
        kinds = [re.compile(rf"\b{re.escape(kind)}\b", re.IGNORECASE) for kind in knowledge.vocabulary.arms_kinds]
        self._kinds_named = {s.id: n for s in facts.statements if (n := sum(bool(k.search(s.claim)) for k in kinds))}
        # the words that name each of the goods (a Korean one may take a particle: 석탄은)
        self._goods_named = {item: re.compile(
            rf"(?<!\w)(?:{alternatives([p for p in phrases if script_language(p) != 'ko'])})(?!\w)"
            rf"|{alternatives([p for p in phrases if script_language(p) == 'ko'])}", re.IGNORECASE)
            for item, phrases in knowledge.vocabulary.goods_words.items()}
        # the countries whose people the brief quotes (KR for Yonhap): of any other, "what did it say" is said missing
        self._quoted_countries = frozenset(facts.sources[s].country for statement in facts.statements
                                           for s in (statement.source, statement.reported_by) if s)
        # topics on which no claim of the brief has a figure (unofficial trade: only that it grew)
        self._figureless = {s.topic for s in facts.statements} - {s.topic for s in facts.statements
                                                                   if _DIGIT.search(s.claim)}
        self.handlers: dict[str, Callable[[Draft, Writer, Reading], None]] = {
            "partner": self._partner, "compare": self._compare, "ranking": self._ranking,
            "volume": self._volume, "growth": self._growth, "vs2019": self._vs2019,
            "china_share": self._china_share, "goods": self._goods, "russia_supplies": self._russia,
            **{intent: partial(self._topic, topic) for intent, topic in PROSE_INTENTS.items()},
            "sources": self._sources,
            "greeting": self._greeting, "help": self._help, "thanks": self._thanks, "out_of_scope": self._out_of_scope,
            FALLBACK: self._fallback,
            "region": self._region, "table": self._table, "table_year": self._table_year, "statistic": self._statistic,
            "balance": self._balance, "change": self._change,
            "chart_partners": self._chart_partners, "chart_trend": self._chart_trend, "overview": self._overview,
        }
        missing = set(knowledge.intents) - set(self.handlers)
        if missing:
            raise ValueError(f"intents without an answer: {', '.join(sorted(missing))}")

    def compose(self, reading: Reading, shown: frozenset[str] = frozenset()) -> Answer:
        """The answer to the question as understood in `reading`; `shown` are notes the reader had lately."""
        return self.compose_parts((reading,), shown)

    def compose_parts(self, readings: tuple[Reading, ...], shown: frozenset[str] = frozenset()) -> Answer:
        """One answer to several questions asked at once ("total trade in 2023? and China's share?"), each
        answered in turn; what any of them lacks opens the answer, and the last is what a follow-up continues."""
        w = Writer(self.wording, self.places, self.facts, readings[0].language, shown)
        draft = Draft(w.template)
        for reading in readings:
            before, cited = len(draft.html), len(draft.sources)
            last = self._write(draft, w, reading)
            draft.drop_repeated(before, cited)
            draft.separate(before)  # a blank line between two answers' lines
        return draft.finish(last, self.facts.source_names(draft.sources, w.lang))

    def _write(self, draft: Draft, w: Writer, reading: Reading) -> Reading:
        """Write the answer to one question into `draft`; returns the reading as refined."""
        draft.found = draft.quoted = ()
        slots = reading.slots
        if reading.quoted and reading.follow_up:  # "who said that?": the statement quoted before
            if self._quoted(draft, w, reading):
                return reading
            reading = replace(reading, quoted=())  # "when?" of a statement the brief dates nowhere: the claims again
        if (reading.intent not in STATED_ASKED and not slots.present() - {"flow", "n"} and not slots.places
                and slots.threshold is None and slots.unit is None  # ("2,06 млрд — это сколько в тенге?": no figure)
                and (named := self._figure_named(reading)) is not None
                and (not slots.n or self._count_at(named) == slots.n)  # "which two partners are tied at 0.7%?"
                and (named.intent in ("statistic", "partner") or "meaning" in slots.asks
                     or (reading.intent in NOT_UNDERSTOOD and not slots.present())
                     or (reading.intent == FALLBACK and "why" in slots.asks
                         and set(named.slots.flows) >= set(slots.flows)))):
            # "that 96.7% can't be right, can it?", "почему товарооборот упал на 122%?": the question of that figure;
            # "which partners bought $2.8mn?": the partners at that amount (a flow named beside another figure asks
            # of that flow, or of where the figure comes from: "does the table add up to the $140mn export figure?",
            # "which agency published the 122% growth and when?")
            reading = named
        elif ("tied" in slots.asks and not slots.countries and slots.stated is None and not slots.stated_pcts
              and len(slots.flows) <= 1 and "change" not in slots.asks  # not "did both flows grow by the same amount"
              and reading.intent in ("ranking", "statistic", "compare", FALLBACK)
              and (tied := self._equal_values(reading)) is not None):
            reading = tied  # "which partners bought exactly the same amount?": those at that amount
        reading = self._refine(reading)
        if "month" in reading.slots.asks and reading.slots.unit is None and reading.intent in FIGURE_INTENTS:
            # "exports in March 2023": a monthly figure, which the brief lacks; not "what Yonhap reported on January 25"
            reading = replace(reading, slots=replace(reading.slots, unit="monthly"))
        if reading.slots.unit == "transport" and reading.intent in (FALLBACK, "borders", "out_of_scope"):
            # "can goods still go in by sea?", "and by sea and air?": no figure by means of transport asked, but what
            # the brief says of routes
            reading = replace(reading, intent="borders", slots=replace(reading.slots, unit=None))
        slots = reading.slots
        if slots.unquoted:  # "what did Kim Jong Un say (about KOTRA's figures)?": no one the brief quotes
            unquoted = tuple(name for name in slots.unquoted if not self._reports(name, w.lang))
            slots = replace(slots, unquoted=(), outside=slots.outside + unquoted)
            reading = replace(reading, slots=slots)
        if slots.outside:  # "what do Chinese customs figures show?": the brief's own figures are no one else's
            reading = replace(reading, slots=replace(slots, outside=()))
            names = w.join([f"“{name}”" for name in slots.outside])
            if reading.intent in FIGURE_INTENTS or reading.intent == "overview":
                draft.gap("outside_source", names=names)
                self._choice(draft, w, replace(reading, alternatives=()))
                return reading
            draft.gap("outside_source_talk", names=names)  # then what the brief does say
            slots = reading.slots
        if slots.unit is not None and reading.intent not in ("greeting", "help", "thanks") and not (
                slots.unit == COMPANIES and reading.intent not in FIGURE_INTENTS and reading.intent != "goods"):
            # (companies asked of the brief's sources are its outlets: "which news companies reported it?")
            own = f"unit_missing_{slots.unit}"  # a measure of its own wording (arms the claims never name)
            if own in self.wording.templates["en"]:
                draft.gap(own)
            else:
                draft.gap("unit_missing", unit=w.text(f"unit_{slots.unit}"))
            if reading.intent == "out_of_scope":  # "did they send drones": what the brief lacks, in its own words
                return reading
            if slots.unit == "goods" and (reading.intent in FIGURE_INTENTS or reading.intent == FALLBACK):
                # "how much copper does NK export", "textile exports to China": not the flow's total, but the goods the
                # brief does name
                reading = replace(reading, intent="goods", slots=replace(slots, unit=None))
            elif reading.intent in FIGURE_INTENTS and not slots.dollars:
                # figures in dollars answer another question: offer it, do not give it (unless dollars were asked too:
                # "2019 trade in tonnes and in dollars"); a city alone ("the port of Djibouti") has none to offer
                if slots.countries or slots.regions or not slots.places:
                    self._choice(draft, w, replace(reading, slots=replace(slots, unit=None), alternatives=()))
                return reading
        if (slots.places or slots.unknown) and (reading.intent in FIGURE_INTENTS or reading.intent == "goods"):
            self._missing_places(draft, w, reading)
            if slots.unknown:
                draft.gap("unknown_name", names=w.join([f"“{name}”" for name in slots.unknown]),
                          count=len(self.facts.partners))
                # and the partner a name is near, offered ("exports to surname": Suriname?)
                near = [code for name in slots.unknown if (code := self.places.near(fold(name)))]
                self._offer_partners(draft, w, near)
            if not slots.countries and not slots.regions:  # nothing left the brief has figures for
                self._choice(draft, w, Reading("ranking", 1.0, language=w.lang))
                return reading
            if any(place.country == SUBJECT for place in slots.places):
                # "how much does South Pyongan export to China": a part of North Korea's trade with China, which the
                # whole is not; offered, not given
                self._offer_partners(draft, w, slots.countries[:2])
                return reading
            reading = replace(reading, slots=replace(slots, places=(), unknown=()))
        placed = [c for c in slots.countries if c in self.facts.partner_by_code]
        if (reading.intent in ("partner", "compare", "ranking") and len(placed) == 2 == len(slots.countries)
                and slots.neighbour in (-1, 1) and "largest" in slots.asks and slots.position is None
                and 0 < (place := self.facts.partner_by_code[placed[1]].rank + slots.neighbour)
                <= len(self.facts.partners)):
            # "Togo is the biggest buyer after China, right?": Togo's place checked, and who holds it (Parser._slots
            # names the country it is told from last)
            self._rank_claimed(draft, w, placed[0], place)
            reading = replace(reading, intent="partner", slots=replace(slots, countries=(placed[1],)))
            slots, placed = reading.slots, placed[1:]
        if (reading.intent in ("partner", "ranking") and len(placed) == 1 and slots.position and not slots.neighbour
                and not slots.ascending and slots.position <= len(self.facts.partners)):
            self._rank_claimed(draft, w, placed[0], slots.position)  # "Togo is second, right?": where it is
        if reading.intent in _LISTS and not slots.others:  # "why did Japan drop out of the top two": not in it at all
            for code in slots.countries:
                if code not in self.facts.partner_by_code:
                    draft.gap("partner_missing", country=w.name(code), count=len(self.facts.partners))
        if (slots.countries and "products" in slots.asks and not slots.money and slots.stated is None
                and (reading.intent in ("partner", "compare", "goods") or (reading.intent == "ranking"
                                                                           and not slots.others))):
            reading = replace(reading, intent="goods")  # "which products does Poland buy": goods, not by partner
        elif ("products" in slots.asks and slots.money and not slots.countries and slots.stated is None
              and reading.intent in ("table", "volume", FALLBACK)):
            reading = replace(reading, intent="goods")  # "how many dollars did coal bring in": no values by product
        asks_who = "who" in slots.asks  # "who said trade depends on one country": the statement, whatever the intent
        prose = (self.passages.answers(reading.text, w.lang, about=reading.intent == "overview")
                 if reading.text and (reading.intent in TALK or asks_who) else [])
        if not prose and "said" in slots.asks and reading.intent in TALK and reading.text:
            # "did Pyongyang admit anything?": what it said
            spoken = self._makers_named(reading.text, w.lang, speaking=SUBJECT in slots.speakers)
            prose = [Hit(s, 1.0, self.facts.statement_number[s.id]) for s in self.facts.statements if spoken(s)]
        # "what does the brief say about CRINK": the overview's words, but a statement answers it
        # "according to KOTRA, how much does NK earn from arms": a maker named beside a question of claims on another
        # topic is where the reader heard it, not what is asked
        elsewhere = reading.intent in CLAIM_TOPICS and bool(prose) and prose[0].statement.topic != reading.intent
        if prose and (asks_who or "said" in slots.asks or reading.intent in (FALLBACK, "overview")
                      or (self._names_its_maker(reading.text, prose[0].statement, w.lang) and not elsewhere)
                      or prose[0].number in self.passages.named(reading.text, w.lang, figures=True)):
            # "what did the KOTRA official tell Yonhap", "who reported the 6.5mn figure": the statement, not a summary;
            # and a question not understood otherwise that the brief's prose answers
            topic = self._prose(draft, w, prose, reading)
            if reading.intent == FALLBACK and topic in CLAIM_TOPICS:  # "when was Lavrov there?" - "and why?"
                reading = replace(reading, intent=topic, alternatives=())
        else:
            if reading.intent in FIGURE_INTENTS and slots.addressed:  # "what did Beijing say about its share?": no
                self._unquoted_speakers(draft, w, reading)  # one of China is quoted; then the figure
            self.handlers[reading.intent](draft, w, reading)
            if reading.intent == "vs2019" or ("why" in slots.asks and reading.intent in EXPLAINED):
                self._recovery(draft, w, reading)  # "why did trade grow in 2023?": the figure, and what drove it
        if "source" in slots.asks and reading.intent != "sources":  # "..., with the source and the date"
            self._released(draft, w)
        if draft.quoted != reading.quoted:
            reading = replace(reading, quoted=draft.quoted)
        if draft.found and (not slots.countries or slots.others or slots.neighbour):
            # "besides China, who buys most?", "who is just below Togo?": the one found, not the one named
            # and the one found before it, for "difference between them?" after "the largest?" - "and the smallest?"
            reading = replace(reading, also=tuple(dict.fromkeys((*reading.also, *draft.found)))[-MAX_FOUND:])
        others = [name for name, _ in reading.alternatives if name != reading.intent]  # the intent may be refined
        if others and reading.intent != FALLBACK:
            draft.close("clarify")
            for name in others:
                self._choice(draft, w, Reading(name, 1.0, reading.slots, language=reading.language))
        return reading

    def _figure_named(self, reading: Reading) -> Reading | None:
        """The question of the one figure of the brief that a question naming nothing else states ("that 96.7%
        can't be right, can it?", "where does the 122% come from?", "is $2.06bn right?"), or of the partners at a share
        several of them have (0.1% is the share of 13); None when the figure is none of the brief's, or several
        figures of different kinds."""
        slots, facts = reading.slots, self.facts
        # each figure of the brief as (what asks it, its slots, the figure)
        if slots.stated_pct is not None:
            figures = [*(("china_share", Slots(years=(y,), countries=(c,)), row.share_pct)
                         for (y, _, c), row in facts.trade_shares.items()),
                       *(("growth", Slots(years=(y,), flows=(f,)), g.change_pct) for (y, f), g in facts.growth.items()),
                       *(("vs2019", Slots(years=(y,), flows=(f,)), v.pct_of_base)
                         for (y, f), v in facts.level_vs_base.items()),
                       *(("partner", Slots(countries=(p.country,)), p.share_pct) for p in facts.partners)]
            found = [figure for figure in figures if abs(figure[2] - slots.stated_pct) < 0.05]
        elif slots.stated is not None:
            usd = slots.stated
            figures = [*(("volume", Slots(years=(y,), flows=(f,)), t.value_usd) for (y, f), t in facts.totals.items()),
                       *(("partner", Slots(countries=(p.country,)), p.value_usd) for p in facts.partners)]
            found = [figure for figure in figures if abs(figure[2] - usd) <= _tolerance(slots) * figure[2]]
        else:
            return None
        if len(found) > 1 and all(intent == "partner" for intent, _, _ in found):
            # "у скольких стран доля 0,1%?", "which partners are at $2.8mn?": the partners at that share or amount
            values = [value for _, _, value in found]
            bound = Range(min(values), max(values), inclusive=True, share=slots.stated_pct is not None)
            return Reading("statistic", 1.0, Slots(threshold=bound), language=reading.language, text=reading.text)
        if len(found) != 1:
            return None
        intent, asked, _ = found[0]
        return Reading(intent, 1.0, replace(asked, asks=slots.asks), language=reading.language, text=reading.text)

    def _mean(self, draft: Draft, w: Writer, partners: list[Partner], scope: str) -> None:
        """What the `partners` took on average, computed."""
        value = sum(p.value_usd for p in partners) / len(partners)
        draft.add("statistic_mean", count=len(partners), scope=scope, value=w.money(value),
                  share=percent(sum(p.share_pct for p in partners) / len(partners)))
        self._computed(draft, f"({' + '.join(money(p.value_usd) for p in partners)}) / {len(partners)} = "
                              f"{money(value)}" if len(partners) <= STATISTIC_ROWS else
                       f"{money(sum(p.value_usd for p in partners))} / {len(partners)} = {money(value)}")

    def _equal_values(self, reading: Reading) -> Reading | None:
        """The partners of the table whose values are equal, as a question of the partners at that value; None
        unless exactly one value is shared (several would be several questions)."""
        counts = Counter(p.value_usd for p in self.facts.partners)
        shared = [value for value, count in counts.items() if count > 1]
        if len(shared) != 1:
            return None
        bound = Range(shared[0], shared[0], inclusive=True)
        return Reading("statistic", 1.0, Slots(threshold=bound), language=reading.language, text=reading.text)

    def _count_at(self, reading: Reading) -> int:
        """How many partners a statistic's bound holds; 0 for any other reading."""
        bounds = reading.slots.threshold
        if reading.intent != "statistic" or bounds is None:
            return 0
        return sum(bounds.holds(p.share_pct if bounds.share else p.value_usd) for p in self.facts.partners)

    def _refine(self, reading: Reading) -> Reading:
        """What the slots show the intent to be: growth asked between two years is the brief's growth rate when it
        is measured between them ("2023 vs 2022"), else a change computed between them."""
        latest = self.facts.latest_year
        if reading.slots.latest and reading.slots.years and latest not in reading.slots.years:
            # "2019 vs now": the year named and the latest
            reading = replace(reading, slots=replace(reading.slots, years=(*reading.slots.years, latest)))
        if reading.slots.year_shift and not reading.slots.years:  # "and the year before?" with nothing before it
            reading = replace(reading, slots=replace(reading.slots, years=(latest + reading.slots.year_shift,),
                                                     year_shift=0))
        years = reading.slots.years
        if (reading.intent == "volume" and {"why", "change"} <= reading.slots.asks and not reading.slots.countries
                and len(years) <= 1 and any(year == (years or (latest,))[0] for year, _ in self.facts.growth)):
            # "why did imports grow 124%?", "2023년에 수출이 줄었던데 왜 그래?": of the change that year, whose reasons
            # follow
            reading = replace(reading, intent="growth")
        if reading.slots.countries and not reading.slots.others and (
                reading.intent in ("vs2019", "change")
                or (reading.intent in ("partner", "compare") and "change" in reading.slots.asks
                    and not reading.slots.stated_pcts and reading.slots.stated is None
                    and set(reading.slots.countries) <= set(self.facts.partner_by_code))):
            # "is trade with Russia back to 2019 levels", "Poland's change since 2019": a partner over the years, which
            # the brief lacks (the growth answer says so, and offers the partner's one figure); and "exports to Spain
            # doubled last year, what were they before?": a change, not the table's one figure (of a partner in it: of
            # Russia, what the brief says; a figure the reader states is checked)
            return replace(reading, intent="growth")
        if (reading.intent == "table" and (reading.slots.n not in (None, ALL) or reading.slots.ranks)
                and reading.slots.threshold is None and not reading.slots.countries):
            # "what do the bottom five partners in the table add up to?": those partners, not the whole table (all of
            # them: the table's total)
            return replace(reading, intent="ranking")
        if (reading.intent in CLAIM_TOPICS and reading.slots.stated_pcts and reading.slots.countries
                and set(reading.slots.countries) <= set(self.facts.partner_by_code)):
            # "Claim going around: China is 99% of North Korea's trade. True?": a partner's share stated, checked (no
            # claim of the brief states a partner's percentage)
            return self._refine(replace(reading, intent="partner"))
        told = sorted(self.off_the_books & reading.slots.asks)
        if (told and reading.intent in FIGURE_INTENTS and reading.slots.countries
                and not set(reading.slots.countries) & set(self.facts.partner_by_code)):
            # "how much did it earn on arms to Russia", "is Moscow bound by the pact to defend Pyongyang": a country
            # outside the table, with words of what the official figures do not count, is a question of those
            return replace(reading, intent=told[0])
        stated = reading.slots.stated
        if (stated is not None and reading.intent in ("table", "growth") and reading.slots.flows
                and not reading.slots.countries and not {"change", "table"} & reading.slots.asks
                and (reading.intent == "table" or any(
                    f in reading.slots.flows and abs(t.value_usd - stated) <= _tolerance(reading.slots) * t.value_usd
                    for (_, f), t in self.facts.totals.items()))):
            # "수출이 1.4억 달러 맞아?", "Экспорт составил 140 млн долларов, верно?": a flow's amount stated, checked
            # (but "exported $1.97bn in 2023, how much was that up?" asks the growth, the amount said wrong first)
            return replace(reading, intent="volume")
        if ("role" in reading.slots.asks and reading.intent in ("volume", "growth", "vs2019", "balance", "china_share")
                and not {"amount", "change", "share"} & reading.slots.asks and reading.slots.stated is None):
            return replace(reading, intent="out_of_scope")  # "who is in charge of foreign trade": a person, no total
        if ("difference" in reading.slots.asks and not {"ratio", "change"} & reading.slots.asks
                and {"imports", "exports"} <= set(reading.slots.flows)
                and not reading.slots.countries and len(years) <= 1
                and reading.intent in ("volume", "growth", "change", FALLBACK)):
            return replace(reading, intent="balance")  # "the difference between imports and exports in 2023"
        if (reading.intent == "volume" and reading.slots.stated_pct is not None and not reading.slots.countries
                and set(reading.slots.flows) <= {"total"}
                and any(set(years) in ({v.base_year}, {v.base_year, y})
                        for (y, _), v in self.facts.level_vs_base.items())):
            # "so trade is at about 38% of 2019?", "is it 50% of 2019 now?": a level against that year, not its total
            return replace(reading, intent="vs2019", slots=replace(reading.slots, years=()))
        if (reading.intent in ("volume", "vs2019") and (stated_pct := reading.slots.stated_pct) is not None
                and not reading.slots.countries and set(reading.slots.flows) <= {"total"}
                and any(_is_stated(stated_pct, v.pct_of_base) and len(other := set(years) - {y}) == 1
                        and v.base_year not in other for (y, _), v in self.facts.level_vs_base.items())):
            # "trade was 38% of the 2021 level, right?": the brief's level, but against another year (said first)
            return replace(reading, intent="vs2019")
        if reading.intent == "table" and reading.slots.regions and not years:
            return replace(reading, intent="region")  # "how many partners in the table are in Africa?": Africa's
        if (reading.intent in ("partner", "compare", "china_share") and reading.slots.regions and reading.slots.others
                and reading.slots.countries and not years):
            return replace(reading, intent="region")  # "Asia excluding China": Asia's partners but China
        ranks = reading.slots.ranks
        if (ranks and {"difference", "ratio"} & reading.slots.asks and not reading.slots.countries and not years
                and reading.intent not in CLAIM_TOPICS and ranks[1] <= len(self.facts.partners)):
            # "the gap between the 2nd and 3rd partner", "1위와 2위 차이": the two partners at those places compared
            at = (self.facts.partners[ranks[0] - 1].country, self.facts.partners[ranks[1] - 1].country)
            return replace(reading, intent="compare", slots=replace(reading.slots, countries=at, ranks=None))
        if reading.intent == "volume" and len(years) == 2 and "change" in reading.slots.asks and reading.slots.money:
            reading = replace(reading, intent="growth")  # "the absolute increase from 2022 to 2023": in dollars
        if reading.intent in ("change", "growth") and len(years) > 2 and "change" not in reading.slots.asks:
            return replace(reading, intent="volume")  # "a table of total trade for 2019, 2021 and 2023": each year's
        if reading.intent == "growth" and len(years) >= 2:
            later, earlier = max(years), min(years)
            if any(y == later and g.base_year == earlier for (y, _), g in self.facts.growth.items()):
                # "exports in 2022, if they grew 72% in 2023": the growth, and the earlier value it implies
                implied = any((earlier, f) not in self.facts.totals for f in reading.slots.flows or ("total",))
                return replace(reading, slots=replace(reading.slots, years=(later,),
                                                      money=reading.slots.money or implied))
            if any(y == later and v.base_year == earlier for (y, _), v in self.facts.level_vs_base.items()):
                return replace(reading, intent="vs2019")  # "how much has trade recovered from 2019": stated as a level
            return replace(reading, intent="change")
        if (reading.intent == "change" and "share" in reading.slots.asks and len(years) == 2
                and any(y == max(years) and v.base_year == min(years)
                        for (y, _), v in self.facts.level_vs_base.items())):
            return replace(reading, intent="vs2019")  # "2019's trade?" - "and 2023 as a percentage of that?": stated
        flows = reading.slots.flows or ("total",)
        if reading.intent == "change" and (
                (len(years) == 1 and all((years[0], flow) in self.facts.growth for flow in flows))
                or (not years and any(len([y for (y, f) in self.facts.totals if f == flow]) < 2 for flow in flows))):
            return replace(reading, intent="growth")  # "how did trade change in 2023": its stated growth rate
        # a growth rate asked for one year, which the brief does not state for that year ("exports growth in 2022")
        unstated = (reading.intent == "growth" and len(years) == 1
                    and not any((years[0], flow) in self.facts.growth for flow in flows))
        if unstated and any(g.base_year == years[0] and (
                abs(g.change_pct - reading.slots.stated_pct) < 0.5 if reading.slots.stated_pct is not None
                else "level" in reading.slots.asks) for (y, f), g in self.facts.growth.items() if f in flows):
            # "back out 2022 exports from the 72% increase", "2022년 수출액을 증가율로 역산하면?": the level the next
            # year's growth implies
            return replace(reading, intent="volume")
        if ("change" in reading.slots.asks and len(reading.slots.flows) >= 2 and not reading.slots.countries
                and "balance" not in reading.slots.asks and reading.intent in ("balance", "volume", "chart_trend",
                                                                                 FALLBACK)):
            return replace(reading, intent="growth")  # "did imports grow faster than exports?": the two rates
        measured = next((y for (y, f), g in self.facts.growth.items() if g.base_year == years[0] and f in flows
                         and (years[0], f) not in self.facts.growth), None) if (
            len(years) == 1 and {"since", "versus"} & reading.slots.asks) else None
        if measured is not None and (reading.intent == "growth"
                                     or (reading.intent == "volume" and "change" in reading.slots.asks)):
            # "전년대비 몇 % 늘었어?", "how much did imports grow compared with 2022": the rate measured against it
            return replace(reading, intent="growth", slots=replace(reading.slots, years=(measured,)))
        asks = reading.slots.asks
        if (reading.intent in ("volume", "growth", "vs2019") and len(years) == 1 and years[0] < latest
                and {"change", "ratio"} & asks and not reading.slots.countries and reading.slots.stated is None
                and ("since" in asks or ("versus" in asks and not {"fall", "less", "recovery", "pandemic"} & asks))
                and all(v.base_year != years[0] for v in self.facts.level_vs_base.values())
                and all((year, flow) in self.facts.totals for year in (years[0], latest) for flow in flows)):
            # "2021년 대비 몇 배 늘어난 거?", "во сколько раз вырос оборот с 2021": from that year to the latest, not
            # that year's own growth, which the brief lacks, nor 2019 to it (but "2021 against before covid" is that)
            return replace(reading, intent="change", slots=replace(reading.slots, years=(years[0], latest)))
        if (reading.intent == "volume" and len(years) == 1 and "versus" in reading.slots.asks
                and not reading.slots.countries and reading.slots.stated is None
                and any(v.base_year == years[0] for v in self.facts.level_vs_base.values())):
            # "сравни торговлю с 2019 годом": today's level against that year's, which the brief states
            return replace(reading, intent="vs2019")
        if (reading.intent == "volume" and "change" in reading.slots.asks and "level" not in reading.slots.asks
                and len(years) == 1 and not reading.slots.countries and reading.slots.stated is None
                and not reading.slots.stated_pcts
                and all((years[0], flow) in self.facts.totals and (years[0], flow) not in self.facts.growth
                        for flow in flows)):
            # "growth of total trade in 2021?", "рост торговли в 2021": a rate the brief does not give for that year,
            # said first, not the year's total in its place (but "how low did trade fall in 2021" asks that total)
            return replace(reading, intent="growth")
        if (reading.intent == "volume" and {"why", "change"} <= reading.slots.asks and len(years) == 1
                and all((years[0], flow) in self.facts.growth for flow in flows)):
            return replace(reading, intent="growth")  # "why did trade jump in 2023?": its growth, and what drove it
        if (unstated and years[0] < latest
                and {"since", "versus"} & reading.slots.asks  # "growth in 2021" is 2021's own: not in the brief
                and all((year, flow) in self.facts.totals for year in (years[0], latest) for flow in flows)):
            # "2019년보다 얼마나 늘었어?", "since the border opened in 2021, how much did trade grow?": from then on
            return self._refine(replace(reading, intent="change", slots=replace(reading.slots,
                                                                                years=(years[0], latest))))
        if (unstated and "change" not in reading.slots.asks
                and all((years[0] + 1, flow) in self.facts.growth for flow in flows)):
            return replace(reading, intent="volume")  # "roughly what were exports in 2022": the level, implied
        bases = {v.base_year for v in self.facts.level_vs_base.values()}
        # two years the brief states every flow asked of: the two can be compared
        two_stated = len(years) == 2 and all((year, flow) in self.facts.totals for year in years for flow in flows)
        if (reading.intent in ("volume", "growth") and years and set(years) & bases and set(years) <= bases | {latest}
                and ("recovery" in reading.slots.asks or (
                    (unstated or (reading.intent == "volume" and set(years) <= bases and not reading.slots.countries
                                  and set(reading.slots.flows) <= {"total"}))
                    and "share" in reading.slots.asks and "change" not in reading.slots.asks))):
            # "вернулась ли торговля к 2019?", and "what percentage of its 2019 level has trade reached?", "what % of
            # 2019 are they at" (a share of that year, not its growth rate or its total): the level against that year
            return replace(reading, intent="vs2019")
        if reading.intent == "vs2019" and "ratio" in reading.slots.asks and two_stated:
            return replace(reading, intent="change")  # "во сколько раз торговля 2019 больше 2023": a multiple
        if (reading.intent == "vs2019" and len(years) == 2 and {"difference", "ratio"} & reading.slots.asks
                and not any({y, v.base_year} == set(years) for (y, _), v in self.facts.level_vs_base.items())):
            return replace(reading, intent="change")  # "2022, and how far below 2019 was it?": the brief states no
            # level of the one against the other, so the change between them
        if reading.intent == "volume" and two_stated and ({"ratio", "change"} & reading.slots.asks or any(
                name in ("change", "growth") for name, _ in reading.alternatives)):
            # "how many times 2023's was 2019's trade", "by how much did trade fall from 2019 to 2021": compared;
            # but "trade in 2017 and 2023" is read as asked: a year's figure, and which the brief lacks
            return replace(reading, intent="change")
        if reading.intent == "vs2019" and years and not set(years) <= {2019, *VS_YEARS}:
            if two_stated and not reading.slots.stated_pcts:
                return replace(reading, intent="change")  # "2021 vs 2019 %": the two years compared
            base = (min(bases), *years)  # "/compare2019 2021": that year against 2019, if the brief states both
            if len(years) == 1 and all((year, flow) in self.facts.totals for year in base for flow in flows):
                return replace(reading, intent="change", slots=replace(reading.slots, years=base))
            return replace(reading, intent="volume")
        shares = {code for (_, flow, code) in self.facts.trade_shares if flow == "total"}
        countries = set(reading.slots.countries)
        slots = reading.slots
        if (reading.intent == "china_share" and countries and not countries & shares and not slots.others
                and "share" not in slots.asks):
            return replace(reading, intent="partner")  # "how much does North Korea trade with Poland"
        if (reading.intent == "china_share" and slots.others and (_names_partners(reading.text) or "sum" in slots.asks)
                and "total" not in slots.flows):
            return replace(reading, intent="partner")  # "all the partners except China": the table's rest
        if (reading.intent == "ranking" and "largest" in slots.asks and slots.ascending and not countries
                and not (slots.regions or slots.others or slots.n or slots.position)
                and {"versus", "ratio", "difference", "than"} & slots.asks):
            # "biggest partner versus smallest: how many times bigger?": the two ends of the table, compared
            ends = (self.facts.partners[0].country, self.facts.partners[-1].country)
            return replace(reading, intent="compare", slots=replace(slots, countries=ends, ascending=False))
        if {"mean", "median"} & slots.asks and (reading.intent == "ranking" or (
                reading.intent in ("partner", "china_share") and slots.others and slots.n)):
            # "mean export value across all 25 partners", "median of the 24 partners other than China": of them, not
            # a list of them
            return replace(reading, intent="statistic")
        if (reading.intent in ("partner", "china_share") and slots.others
                and ("largest" in slots.asks or 0 < (slots.n or 0) < len(self.facts.partners))
                and slots.position is None and not slots.ascending):
            # "biggest but China", "중국을 제외한 상위 3개국": the largest of the rest
            return replace(reading, intent="ranking", slots=replace(slots, n=slots.n or 1))
        if "products" in slots.asks and not countries and (reading.intent in (
                "ranking", "china_share", "volume", "growth", "balance", FALLBACK) or (
                reading.intent == "region" and not slots.regions)):
            # "which goods dominate its imports", "grain imports", "which categories dominate": goods, not partners or a
            # flow's total
            return replace(reading, intent="goods")
        if ("products" in slots.asks and countries and reading.intent in ("partner", "china_share")
                and not slots.others and len(countries) == 1):
            return replace(reading, intent="goods")  # "how many dollars of coal went to China": goods by partner
        if reading.intent == "russia_supplies" and countries and "RU" not in countries:
            return replace(reading, intent="partner")  # "what do they supply to Hong Kong": not Russia's supplies
        table = self.facts.partner_by_code
        if (slots.between and len(countries) == 2 and countries <= set(table) and reading.intent in TABLE_STATISTICS
                and "difference" not in slots.asks):  # "the difference between Poland and Spain": the two compared
            low, high = sorted(table[c].rank for c in countries)
            if high - low > 1:  # "which partners rank between Togo and Spain": those between, not the two
                return replace(reading, intent="ranking", slots=replace(slots, countries=(), between=False,
                                                                        ranks=(low + 1, high - 1)))
        if reading.intent == FALLBACK and slots.regions and not countries and "sum" in slots.asks:
            return replace(reading, intent="region")  # "EU countries in the list, how much all together"
        if (reading.intent == "ranking" and slots.regions and not countries and "amount" in slots.asks
                and "largest" not in slots.asks and not (slots.ascending or slots.n or slots.position or slots.ranks)):
            return replace(reading, intent="region")  # "how many EU countries are on the list?": the region's count
        if "balance" in slots.asks and not countries and reading.intent in ("volume", "growth", "change", FALLBACK):
            return replace(reading, intent="balance")  # "23년 무역적자 얼마냐", "дефицит торговли в 2023 году"
        if (reading.intent in ("ranking", "statistic") and (slots.n or 0) >= len(table) and "sum" in slots.asks
                and not countries and not slots.regions and not slots.others):
            return replace(reading, intent="table")  # "add up all the partners": the table's total
        if (reading.intent == "china_share" and countries - {"CN"} and "exports" in slots.flows
                and countries <= set(table)):
            return replace(reading, intent="partner")  # "Spain's export figure and its share of the total": the table
        if (reading.intent == "partner" and countries and not countries & set(table) and "total" in slots.flows
                and ("share" in slots.asks or slots.stated_pct is not None)):
            return replace(reading, intent="china_share")  # "у России 10% торговли КНДР?": shares of all trade
        talk = next((name for name, _ in reading.alternatives if name in CLAIM_TOPICS), None)
        if reading.intent in ("partner", "compare") and countries and not countries & set(table) and talk:
            # "how many shells went to Russia, says Ukraine's intelligence": countries outside the table named as
            # actors, in a question that reads nearly as one of claims, is that question
            return replace(reading, intent=talk)
        if reading.intent == "volume" and slots.ascending and not slots.years and not countries and not slots.latest:
            return replace(reading, intent="ranking")  # "제일 적게 수출하는 나라": the smallest partner, not a total
        if reading.intent == "overview" and (slots.years or slots.year_shift or slots.latest):
            return replace(reading, intent="volume")  # "북한 무역 재작년", "North Korea's trade in 2021": a total
        if reading.intent == "compare" and slots.flows and all(f == "imports" for f in slots.flows):
            return replace(reading, intent="partner")  # "imports from China and Russia": none by country, said first
        statistic = bool(slots.threshold or {"mean", "median"} & slots.asks)
        if reading.intent in TABLE_STATISTICS and statistic and (slots.others or not countries):
            return replace(reading, intent="statistic")  # "average export per partner excluding China"
        if reading.intent in TABLE_STATISTICS and statistic and countries and slots.regions and set(countries) <= {
                p.country for r in slots.regions if (g := self.facts.region_sums.get(r)) for p in g.members}:
            # "the median among Asian partners including China": of the region, China among them
            return replace(reading, intent="statistic", slots=replace(slots, countries=()))
        if (({"share", "ratio"} & slots.asks and len(slots.flows) >= 2 and not countries)
                and not (reading.intent == "growth" and "change" in slots.asks)):  # (how many points faster: rates)
            return replace(reading, intent="volume")  # "how many times bigger were imports than exports"
        return reading

    def _names_its_maker(self, text: str, statement: Statement, lang: str = "en") -> bool:
        """Whether a question names who made or reported a statement (Yonhap, the White House), or a person in it,
        in English or in the question's language `lang` ("представитель KOTRA", "KOTRA 관계자가": a particle on).
        North Korea itself does not count: nearly every question names it ("what does Pyongyang buy abroad")."""
        return self._makers_named(text, lang, subject=False)(statement)

    def _said_by_another(self, reading: Reading, lang: str) -> tuple[list[str], list[Statement]] | None:
        """The makers a question names and the statements of the figure it states, when that figure is none of
        theirs ("the White House said 6.5 million shells": Ukraine's military intelligence said so); else None."""
        asked = f" {fold(reading.text)} "
        named = [sid for sid, source in self.facts.sources.items() if source.makes_statements
                 and any(f" {name} " in asked for name in self._source_names(sid, lang))]
        stated = [self.facts.statements[n] for n in sorted(self.passages.named(reading.text, lang, figures=True))]
        if not named or not stated or any({s.source, s.reported_by} & set(named) for s in stated):
            return None
        return named, stated

    def _source_names(self, source_id: str, lang: str) -> list[str]:
        """A maker's names as a question writes them: folded, without an article ("the White House": "white
        house"), in English and in the reader's language `lang`."""
        names = [self.facts.sources[source_id].name]
        if lang != "en":
            names.append(self.facts.text("source", f"{source_id}.name", lang))
        return [name for name in (_ARTICLE.sub("", fold(n)) for n in names) if name]

    def _reports(self, name: str, lang: str) -> bool:
        """Whether the brief reports anything from `name`, as a question writes a speaker: a maker, a part of a maker's
        name ("Reuters" of "Reuters and The New York Times"), or a person it names ("Lavrov")."""
        said = f" {_ARTICLE.sub('', fold(name))} "
        return any(said in f" {known} " for source in self.facts.sources for known in self._source_names(source, lang)
                   ) or any(said in f" {fold(person)} " for statement in self.facts.statements
                            for person in statement.people)

    def _makers_named(self, text: str, lang: str, subject: bool = True,
                      speaking: bool = False) -> Callable[[Statement], bool]:
        """`_names_its_maker` for one question and any number of statements: the question read once; with
        `subject`, Pyongyang's statements are named by its name, and, `speaking`, by North Korea's named as the one
        that said something ("what did North Korea say?"; not "what does the brief say about North Korea?")."""
        asked = f" {fold(text)} "

        def named(statement: Statement) -> bool:
            makers = [s for s in (statement.source, statement.reported_by)
                      if s and (subject or s not in self._subject_sources)]
            people = (_ARTICLE.sub("", fold(name.split()[-1])) for name in statement.people)
            for name in [*(n for s in makers for n in self._source_names(s, lang)), *filter(None, people)]:
                if f" {name} " in asked or (lang == "ko" and all(f" {word}" in asked for word in name.split())):
                    return True
            return speaking and subject and bool(self._subject_sources.intersection(makers))
        return named

    def statements(self, data: str) -> Answer | None:
        """The statements a "more" button stands for (see _passages), or None when `data` is not one."""
        parts = data.split("|")
        if len(parts) != 3 or parts[0] != PASSAGE_DATA or parts[1] not in self.wording.languages:
            return None
        try:
            chosen = [self.facts.statements[int(n)] for n in parts[2].split(",") if n]
        except (ValueError, IndexError):
            return None
        w = Writer(self.wording, self.places, self.facts, parts[1])
        draft = Draft(w.template)
        self._statements(draft, w, chosen)
        return draft.finish(Reading("passages", 1.0, language=parts[1]), self.facts.source_names(draft.sources, w.lang))

    # ------------------------------------------------------------------ helpers
    def _choice(self, draft: Draft, w: Writer, reading: Reading, label: str | None = None) -> None:
        """Offer `reading` as a button, labelled by what it asks ("Exports in 2023")."""
        draft.choose(label or self._label(w, reading), reading.encode())

    def _label(self, w: Writer, reading: Reading) -> str:
        slots = reading.slots
        flow: Flow = slots.flow or "total"
        year = slots.years[0] if slots.years else self.facts.latest_year
        names = [w.name(c) for c in slots.countries + slots.regions]
        label = w.text(f"label_{reading.intent}", flow=w.flow(flow), year=year, country=w.join(names))
        return label[0].upper() + label[1:]

    def _statements(self, draft: Draft, w: Writer, statements: list[Statement]) -> None:
        for s in statements:
            who = w.source(s.source)
            if s.reported_by:
                who = f"{who}, {w.text('reported_by', outlet=w.source(s.reported_by))}"
            when = w.when(s)
            if when:
                draft.add("statement", who=who, when=when, claim=w.statement(s))
            else:
                draft.add("statement_nowhen", who=who, claim=w.statement(s))
            draft.cite(s.source, *([s.reported_by] if s.reported_by else []))

    def _table_exceeds_exports(self) -> bool:
        """Whether the undated partner table adds up to more than the brief's exports of its latest year: then it
        cannot be that year's exports, which answers about the table say."""
        exports = self.facts.totals.get((self.facts.latest_year, "exports"))
        return (self.facts.partner_table_year is None and exports is not None
                and exports.value_usd < self.facts.partner_table_total)

    def _table_caveat(self, draft: Draft, w: Writer, reading: Reading | None = None) -> None:
        if not self._table_exceeds_exports() or (reading and reading.slots.years):
            return  # a year asked for has had its own first line (_table_years)
        year = self.facts.latest_year
        # no figures here: this note goes with answers about one partner, and the sums are a question of their own;
        # a reader who had it lately gets a short mark
        draft.note("table_caveat_short" if "table_caveat" in w.shown else "table_caveat", year=year)

    def _computed(self, draft: Draft, formula: str) -> None:
        draft.note("computed_note", formula=formula)

    def _missing_places(self, draft: Draft, w: Writer, reading: Reading) -> None:
        """Say first that the places which are not countries have no figures; their countries in the table are
        offered as buttons, unless the question names them itself. A capital too: "exports to Warsaw" may mean
        Poland, but the brief has no figure for the city, and Poland's figure would answer another question."""
        found: list[str] = []
        for place in reading.slots.places:
            if place.kind == "capital":
                draft.gap("place_capital", place=place.name, country=w.name(place.country))
            elif not place.country:  # "the city of Armenia": named like a country, in none the question says
                draft.gap("place_named_like_country", place=place.name, kind=w.text(f"place_{place.kind}"))
            else:
                draft.gap("place_not_country", place=place.name, kind=w.text(f"place_{place.kind}"),
                          country=w.name(place.country))
            if place.country in self.facts.partner_by_code and place.country not in found:
                found.append(place.country)
        self._offer_partners(draft, w, [code for code in found if code not in reading.slots.countries])

    def _offer_partners(self, draft: Draft, w: Writer, codes: Iterable[str]) -> None:
        """Each of the table's partners among `codes` offered as a button: its figures, not given here."""
        for code in codes:
            if code in self.facts.partner_by_code:
                self._choice(draft, w, Reading("partner", 1.0, Slots(countries=(code,)), language=w.lang))

    def _table_years(self, draft: Draft, w: Writer, reading: Reading, countries: list[str]) -> bool:
        """A partner question for given years: the table states none, so no figures (True when said); for the brief's
        own year ("Poland in 2023") its undated figures, said first not to be confirmed for that year."""
        years = reading.slots.years
        if not years or self.facts.partner_table_year in years:
            return False
        if set(years) == {self.facts.latest_year}:
            draft.gap("partner_latest_year", year=self.facts.latest_year)
            return False
        draft.gap("partner_no_year", countries=w.join([w.name(c) for c in countries]) or w.text("the_partners"),
                  years=w.join([str(y) for y in years]))
        self._offer_partners(draft, w, countries[:2])
        if not countries:
            self._choice(draft, w, Reading("ranking", 1.0, language=w.lang))
        stated = tuple(y for y in years if any(year == y for (year, _) in self.facts.totals))
        if stated and reading.follow_up:  # "Togo" - "and in 2019?": what the brief has for that year instead
            draft.add("years_instead", years=w.join([str(y) for y in stated]))
            self._volume(draft, w, Reading("volume", 1.0, Slots(years=stated, flows=("total",)), language=w.lang))
        return True

    # ------------------------------------------------------------------ partners
    def _partner(self, draft: Draft, w: Writer, reading: Reading) -> None:
        slots = reading.slots
        codes = list(slots.countries)
        shares = {code for (_, flow, code) in self.facts.trade_shares if flow == "total"}
        partners_named = _names_partners(reading.text) or "sum" in slots.asks  # the table's rest, not trade's
        if (slots.others and codes and set(codes) <= shares and not {"exports", "imports"} & set(slots.flows)
                and not partners_named):
            self._china_share(draft, w, reading)  # "besides China, who makes up the rest of its trade"
            return
        if not codes:
            if not slots.places:
                draft.add("partner_need_country")
            return
        if (slots.others and len(codes) == 1 and {"than", "sum"} <= slots.asks and {"more", "less"} & slots.asks
                and (partner := self.facts.partner_by_code.get(codes[0])) is not None):
            self._against_rest(draft, w, partner, claims_more="less" not in slots.asks)
            return
        listed = [c for c in codes if c in self.facts.partner_by_code]
        for code in codes:
            if code not in self.facts.partner_by_code:
                self._not_a_partner(draft, w, code, reading.text)
        if not listed and slots.position is not None and 0 < slots.position <= len(self.facts.partners):
            # "Russia is North Korea's second biggest export market, right?": not in the table; who holds that place
            holder = self.facts.partners[-slots.position if slots.ascending else slots.position - 1]
            draft.gap("position_holder", place=w.rank(holder.rank), country=w.name(holder.country),
                      value=w.money(holder.value_usd), share=percent(holder.share_pct))
        if "largest" in slots.asks and not listed and not slots.ascending and slots.position is None:
            first = self.facts.partners[0]  # "isn't Russia the biggest partner?": which one is, said first
            draft.gap("largest_is", first=w.name(first.country), value=w.money(first.value_usd),
                      share=percent(first.share_pct))
            if "exports" not in slots.flows:  # "... the biggest trade partner": and its share of all trade
                self._total_share(draft, w, first.country, draft.gap)
        if listed and slots.thing and slots.flows and not _MEASURED & slots.asks:
            # "what does North Korea sell to Poland?": which goods, which the brief names for no partner (said
            # first), or how much, which the table gives (below)
            draft.gap("goods_by_partner", countries=w.join([w.name(c) for c in listed]))
        if listed and "why" in slots.asks:  # "why is Togo so high?": the table has figures, no reasons, said first
            draft.gap("partner_no_reason", countries=w.join([w.name(c) for c in listed]))
            if (slots.asks <= {"why", "back"} and not (slots.years or slots.money or slots.stated_pcts)
                    and slots.stated is None and "CN" not in listed):
                # and when that is all it asks, the figures the reader knows already are behind a button, not the
                # answer (but "why did Poland's exports fall in 2023?", "Spain buys $28mn, why?" are checked)
                for code in listed:
                    self._choice(draft, w, Reading("partner", 1.0, Slots(countries=(code,)), language=w.lang))
                return
        if self._imports_missing(draft, w, "partner", listed, slots.flows):  # imports from X: the brief has none
            return
        if not listed or self._table_years(draft, w, reading, listed):
            return
        first = self.facts.partners[0]
        in_region = self._largest_in_region(draft, w, reading)
        if (not in_region and "largest" in slots.asks and len(listed) == 1
                and listed[0] != first.country and not slots.ascending and slots.position is None
                and not slots.neighbour and "among" not in slots.asks):
            # "since Poland is the biggest partner, ...", but not "is Poland one of the biggest?": its rank says it
            draft.gap("not_largest", country=w.name(listed[0]), first=w.name(first.country),
                      value=w.money(first.value_usd), share=percent(first.share_pct))
        last = self.facts.partners[-1]
        if (slots.ascending and len(listed) == 1 and listed[0] != last.country and not {"than", "among"} & slots.asks
                and slots.position is None and not slots.neighbour and not slots.regions and not slots.n):
            # "Is Brunei the smallest partner in the table?": no, and which is
            draft.gap("not_smallest", country=w.name(listed[0]), last=w.name(last.country),
                      value=w.money(last.value_usd), share=percent(last.share_pct))
        if slots.neighbour and len(listed) == 1:  # "who is just above India"
            self._neighbour(draft, w, reading, self.facts.partner_by_code[listed[0]])
            return
        if "share" in slots.asks and "total" in slots.flows and "exports" not in slots.flows:
            no_share = [c for c in listed if c not in shares]
            if no_share:  # "Poland's share of North Korea's total trade": stated for China only
                draft.gap("share_missing", country=w.join([w.name(c) for c in no_share]),
                          stated=w.join([w.name(c) for c in sorted(shares)]))
                self._offer_partners(draft, w, no_share)
                listed = [c for c in listed if c in shares]
                if not listed:
                    return
        if (slots.flows == ("total",) and set(listed) <= shares and not slots.others and not slots.stated_pcts
                and slots.stated is None and not slots.neighbour and slots.position is None):
            # "China's exports?" - "and as a share of all trade?", "does North Korea only trade with China?": its share
            # of all trade first, and who makes up the rest
            self._china_share(draft, w, replace(reading, slots=replace(slots, countries=tuple(listed))))
            return
        if len(listed) == 1 and not slots.others:  # "Poland takes 9.7%, right?", "China is 50% of trade?"
            of_exports = [self.facts.partner_by_code[listed[0]].share_pct]
            of_trade = [row.share_pct for row in self.facts.shares_of_trade(listed[0])]
            self._stated_share(draft, w, slots,
                               of_trade + of_exports if "total" in slots.flows else of_exports + of_trade, percent)
        if "imports" in slots.flows:  # "exports to and imports from Poland": the imports are what is missing
            draft.gap("partner_no_imports")
        elif "total" in slots.flows and not set(listed) <= shares:
            draft.gap("partner_only_exports")  # trade with X: only exports are known (but China's share of all trade)
        if slots.others:
            self._all_but(draft, w, listed)
            return
        if len(listed) == 1:
            self._stated(draft, w, slots, self.facts.partner_by_code[listed[0]].value_usd)
        # "China share of exports": its share of all trade answers another question
        of_exports_only = slots.flows == ("exports",) and "share" in slots.asks and slots.stated_pcts == ()
        for code in listed:
            self._one_partner(draft, w, code, total_share=not of_exports_only)
            if not in_region and len(listed) == 1:
                self._rank_in_region(draft, w, code, slots.regions)
            if "region" in slots.asks and code in self.facts.regions_of:  # "which region is Suriname in"
                draft.add("partner_region", country=w.name(code),
                          regions=" / ".join(w.name(r) for r in self.facts.regions_of[code]))
                draft.cite(*self.facts.region_sources)
        if len(listed) == 1 and {"difference", "versus"} & slots.asks:  # "Китай: доля в торговле и в экспорте, разница"
            for row in self.facts.shares_of_trade(listed[0]):
                self._share_gap(draft, row, self.facts.partner_by_code[listed[0]])
        self._table_caveat(draft, w, reading)

    def _neighbour(self, draft: Draft, w: Writer, reading: Reading, partner: Partner) -> None:
        """The partner ranked just above (neighbour -1) or below (1) `partner` in the table, or both (2); with a
        region named, the nearest of that region's partners ("the largest European buyer after Poland": Spain)."""
        region = next((code for code in reading.slots.regions if code in self.facts.region_sums), None)
        among = self.facts.region_sums[region].members if region else self.facts.partners
        scope = {"region": w.name(region)} if region else {}
        suffix = "_in" if region else ""
        asked = reading.slots.neighbour
        for side in (-1, 1) if asked == 2 else (-1 if reading.slots.ascending else 1,) if asked == NEXT else (asked,):
            key = "neighbour_above" if side < 0 else "neighbour_below"
            beside = [p for p in among if (p.rank < partner.rank if side < 0 else p.rank > partner.rank)]
            if not beside:
                draft.add(f"{key}{suffix}_none", country=w.name(partner.country), rank=w.rank(partner.rank),
                          count=len(self.facts.partners), **scope)
            else:
                other = beside[-1] if side < 0 else beside[0]
                draft.found = (*draft.found, other.country)  # "who comes next?" - "what's its share?": that one's
                draft.add(f"{key}{suffix}", country=w.name(partner.country), rank=w.rank(partner.rank),
                          other=w.name(other.country), other_rank=w.rank(other.rank), value=w.money(other.value_usd),
                          share=percent(other.share_pct), own_value=w.money(partner.value_usd), **scope)
                if asked != 2 and {"difference", "ratio"} & reading.slots.asks:
                    # "who's second after China, and how many times smaller is it?"
                    self._apart(draft, w, *sorted((partner, other), key=lambda p: -p.value_usd))
        draft.cite(partner.source)
        self._table_caveat(draft, w, reading)

    def _rank_claimed(self, draft: Draft, w: Writer, code: str, place: int) -> None:
        """A place in the table the question gives a partner ("Togo is second, right?", "폴란드가 1위 맞지?"):
        confirmed, or corrected with the partner that holds it, first."""
        partner, holder = self.facts.partner_by_code[code], self.facts.partners[place - 1]
        if partner.rank == place:
            draft.gap("rank_matches", country=w.name(code), rank=w.rank(place))
        else:
            draft.gap("rank_differs", country=w.name(code), rank=w.rank(partner.rank), place=w.rank(place),
                      own_value=w.money(partner.value_usd), other=w.name(holder.country),
                      value=w.money(holder.value_usd), share=percent(holder.share_pct))

    def _stated(self, draft: Draft, w: Writer, slots: Slots, value: float) -> None:
        """An amount the question states ("were imports $1.79bn in 2023?") that is not the brief's figure: said
        first, the brief's beside it. One that is the figure rounded needs no word: the answer gives the figure."""
        if slots.stated is not None and not _states(slots, value):
            draft.gap("stated_differs", value=w.money(value))
            self._stated_elsewhere(draft, w, Slots(stated=slots.stated), w.money(slots.stated))
        elif slots.stated is not None:  # "trade hit $2.06bn in 2023, right?": yes, the figure
            draft.confirm("stated_matches")

    def _stated_level(self, draft: Draft, w: Writer, slots: Slots, value: float, growth: Growth | None) -> None:
        """An amount a question states of a flow in a year: its level ("imports rose to $2.5bn?": not quite, $1.97bn),
        or the rise its growth rate gives ("imports rose by $1.1bn?", $1.97bn less $880mn), which is right as said."""
        if (slots.stated is not None and growth is not None and "fall" not in slots.asks
                and _states(slots, value - value / (1 + growth.change_pct / 100))):
            draft.confirm("stated_matches")
            return
        self._stated(draft, w, slots, value)

    def _stated_share(self, draft: Draft, w: Writer, slots: Slots, figures: list[float],
                      write: Callable[[float], str]) -> None:
        """A percentage the question states ("Poland takes 9.7%, right?", "imports grew 72%?") that is none of the
        brief's `figures` for what was asked: said first, the brief's beside it (written by `write`)."""
        stated = slots.stated_pct
        if stated is None or not figures:
            return
        if not any(_is_stated(stated, f) for f in figures):
            draft.gap("stated_differs", value=write(figures[0]))
            self._stated_elsewhere(draft, w, Slots(stated_pcts=slots.stated_pcts), percent(stated))
        elif _is_stated(stated, figures[0]):  # the figure of what was asked, as stated: yes; stated otherwise than
            # the brief writes it ("96%", "97%" of 96.7%): close
            if isclose(stated, figures[0]):
                draft.confirm("stated_matches")
            else:
                draft.confirm("stated_close", value=write(figures[0]))

    def _stated_elsewhere(self, draft: Draft, w: Writer, slots: Slots, stated: str) -> None:
        """What a stated figure (the amount or the percentages `slots` state, written `stated`) that is not the one
        asked about is in the brief, when it is one figure of another thing: "exports were $1.97bn?" - that is its
        figure for imports; "exports grew 124%?" - imports did. ("imports were up 124% to $1.79bn?": $1.79bn is no
        figure of the brief, whatever 124% is.)"""
        named = self._figure_named(Reading(FALLBACK, 1.0, slots, language=w.lang))
        if named is None or named.intent == "statistic":
            return
        asked = named.slots
        year = asked.years[0] if asked.years else self.facts.latest_year
        flow = w.flow(asked.flows[0]) if asked.flows else ""
        country = w.name(asked.countries[0]) if asked.countries else ""
        growth = self.facts.growth.get((year, asked.flows[0] if asked.flows else "total"))
        kind = "share" if named.intent == "partner" and slots.stated_pct is not None else named.intent
        draft.gap("stated_is", stated=stated, what=w.text(f"stated_is_{kind}", flow=flow, year=year, country=country,
                                                          base=growth.base_year if growth else year - 1))

    def _not_a_partner(self, draft: Draft, w: Writer, code: str, text: str) -> None:
        """A country not in the table: said first; then what the brief says about it, the best match first."""
        draft.gap("partner_missing", country=w.name(code), count=len(self.facts.partners))
        draft.cite(self.facts.partners[0].source)
        self._about(draft, w, code, text)

    def _about(self, draft: Draft, w: Writer, code: str, text: str) -> None:
        """What the brief says about a country outside the table, if anything, the best match to `text` first."""
        facts = self.facts
        name = w.name(code)
        about = facts.statements_on(country=code)
        if not about:
            return
        # what the question asks for first (military exports), then trade and ties before the arms claims
        hits = _among([h.statement for h in self.passages.answers(text, w.lang)], about) if text else []
        ranked = hits + sorted((s for s in _besides(about, hits) if s.topic in CONTEXT_TOPICS),
                               key=lambda s: CONTEXT_TOPICS.index(s.topic))
        ranked += _besides(about, ranked)
        draft.add("partner_statements", country=name)
        self._passages(draft, w, ranked, PASSAGES_SHOWN, ranked[0].topic)

    def _one_partner(self, draft: Draft, w: Writer, code: str, total_share: bool = True) -> None:
        facts = self.facts
        partner = facts.partner_by_code[code]
        name = w.name(code)
        draft.add("partner", country=name, value=w.money(partner.value_usd), share=percent(partner.share_pct),
                  rank=w.rank(partner.rank), count=len(facts.partners))
        draft.headline = draft.headline or w.text("headline_partner", country=name, value=money(partner.value_usd),
                                                  share=percent(partner.share_pct))
        draft.cite(partner.source)
        self._tied(draft, w, partner)
        if total_share:
            self._total_share(draft, w, code, draft.add)

    def _tied(self, draft: Draft, w: Writer, partner: Partner) -> None:
        """The partners whose value is the same as `partner`'s (Indonesia and Spain, $2.8mn each), if any."""
        tied = [w.name(p.country) for p in self.facts.partners
                if p.value_usd == partner.value_usd and p.country != partner.country]
        if tied:
            draft.add("partner_tied", others=w.join(tied))

    def _total_share(self, draft: Draft, w: Writer, code: str, write: Callable[..., None]) -> None:
        """A partner's share of North Korea's total trade, where the brief states one (China's 96.7%), written with
        `write`: draft.add in its answer, draft.gap where it corrects a premise."""
        for row in self.facts.shares_of_trade(code):
            write("partner_total_share", country=w.name(code), share=percent(row.share_pct), year=row.year,
                  value=self._share_of_total(draft, w, row))
            draft.cite(row.source)

    def _share_gap(self, draft: Draft, row: TradeShare, partner: Partner) -> None:
        """How far a partner's share of total trade (`row`) is from its share of exports, in percentage points."""
        points = f"{row.share_pct - partner.share_pct:.1f}"
        draft.add("share_gap", points=points, trade=percent(row.share_pct), exports=percent(partner.share_pct))
        self._computed(draft, f"{percent(row.share_pct)} - {percent(partner.share_pct)} = {points} pp")

    def _share_of_total(self, draft: Draft, w: Writer, row: TradeShare) -> str:
        """What a share of the year's total trade comes to in dollars (computed, and said so), or "-"."""
        total = self.facts.totals.get((row.year, row.flow))
        if total is None:
            return "-"
        value = significant(total.value_usd * row.share_pct / 100)
        self._computed(draft, f"{percent(row.share_pct)} × {money(total.value_usd)} ≈ {money(value)}")
        draft.cite(total.source)
        return w.money(value)

    def _all_but(self, draft: Draft, w: Writer, codes: list[str], top: bool = False) -> None:
        """What the partners other than `codes` take together (computed); with `top`, `codes` are the table's first
        ones, and the others are told as those below them ("what share went outside the top 10?")."""
        value, share = self.facts.partner_sum(codes)
        rest_value, rest_share = self.facts.partner_table_total - value, percent(round(100.0 - share, 1))
        if top:
            draft.add("partners_beyond_top", n=len(codes), count=len(self.facts.partners) - len(codes),
                      value=w.money(rest_value), share=rest_share)
        else:
            draft.add("partners_but", countries=w.join([w.name(c) for c in codes]), value=w.money(rest_value),
                      share=rest_share)
        self._computed(draft, f"100% - {percent(share)} = {rest_share}; "
                              f"{money(self.facts.partner_table_total)} - {money(value)} = {money(rest_value)}")
        draft.cite(self.facts.partners[0].source)
        self._table_caveat(draft, w)

    def _share_of_rest(self, draft: Draft, w: Writer, found: list[Partner], left_out: tuple[str, ...]) -> None:
        """Each partner's share of the exports that do not go to the partners `left_out` ("Poland's share of
        non-China exports"), computed from the table's shares."""
        _, out_share = self.facts.partner_sum(list(left_out))
        rest = 100.0 - out_share
        for partner in found:
            of_rest = 100 * partner.share_pct / rest
            draft.add("share_of_rest", country=w.name(partner.country), share=percent(partner.share_pct),
                      left_out=w.join([w.name(c) for c in left_out]), left_out_share=percent(round(out_share, 1)),
                      of_rest=percent(round(of_rest, 1)))
            self._computed(draft, f"{percent(partner.share_pct)} / (100% - {percent(round(out_share, 1))}) = "
                                  f"{percent(round(of_rest, 1))}")
            draft.cite(partner.source)
        self._table_caveat(draft, w)

    def _compare(self, draft: Draft, w: Writer, reading: Reading) -> None:
        codes, asks, position = reading.slots.countries, reading.slots.asks, reading.slots.position
        partners = self.facts.partners
        other = partners[position - 1].country if position and 0 < position <= len(partners) else (
            partners[0].country if "largest" in asks else None)
        if (len(codes) == 1 and not reading.slots.places and codes[0] in self.facts.partner_by_code
                and other not in (None, codes[0]) and {"difference", "ratio"} & asks):
            # "who is second?" - "how much smaller is it than the biggest one?", "who buys most?" - "how many times
            # more than number two?": that one against the largest, or the one in that place
            codes = (codes[0], other) if position else (other, *codes)
            reading = replace(reading, slots=replace(reading.slots, countries=codes))
        elif not codes and position and "largest" in asks and 1 < position <= len(partners):
            # "how many times bigger is number one than number two?": the first against the one in that place
            codes = (partners[0].country, partners[position - 1].country)
            reading = replace(reading, slots=replace(reading.slots, countries=codes))
        if len(codes) + len(reading.slots.places) < 2:
            self._partner(draft, w, reading)
            return
        missing = [code for code in codes if code not in self.facts.partner_by_code]
        if missing:  # said first: the reader must not take the rows below for the whole answer
            draft.gap("compare_missing", countries=w.join([w.name(code) for code in missing]),
                      count=len(self.facts.partners))
        found = [self.facts.partner_by_code[c] for c in codes if c in self.facts.partner_by_code]
        if not found:
            draft.cite(self.facts.partners[0].source)
            return
        if missing and len(found) == 1 and {"ratio", "difference"} & asks:
            # "how many times larger are exports to Russia than to Poland?": no ratio without Russia, and Poland's
            # figure alone answers nothing asked: offered, not given (but "Belarus vs Belgium" gets Belgium's)
            self._offer_partners(draft, w, [found[0].country])
            for code in missing:
                self._about(draft, w, code, reading.text)
            return
        if self._table_years(draft, w, reading, [p.country for p in found]):
            return
        if (left_out := reading.slots.rest_of) and all(c in self.facts.partner_by_code for c in left_out):
            self._share_of_rest(draft, w, [p for p in found if p.country not in left_out], left_out)
            return
        if reading.slots.others:  # "what share goes outside China and Poland": all the others together
            self._all_but(draft, w, [p.country for p in found])
            return
        grouped = self._claim_checked(draft, w, reading, found, missing)
        draft.add("compare_intro")
        for partner in found:
            draft.add("compare_row", country=w.name(partner.country, bare=True), value=w.money(partner.value_usd),
                      share=percent(partner.share_pct), rank=partner.rank)
            draft.cite(partner.source)
        if len(found) >= 2 and not grouped:
            self._partner_sums(draft, w, found, "share" in reading.slots.asks)
            if "mean" in reading.slots.asks:  # "the average of Poland, Togo and Suriname"
                self._mean(draft, w, found, "")
            if "apart" in reading.slots.asks and len(found) == 2:  # "how many places apart are Togo and India?"
                ahead, behind = sorted(found, key=lambda p: p.rank)
                draft.add("compare_places_apart", first=w.name(ahead.country), second=w.name(behind.country),
                          first_rank=w.rank(ahead.rank), second_rank=w.rank(behind.rank),
                          places=behind.rank - ahead.rank)
                self._computed(draft, f"{behind.rank} - {ahead.rank} = {behind.rank - ahead.rank}")
        for code in missing:  # "Russia's role beside China's?": what the brief says of Russia, if it says anything
            self._about(draft, w, code, reading.text)
        self._table_caveat(draft, w, reading)

    def _claim_checked(self, draft: Draft, w: Writer, reading: Reading, found: list[Partner],
                       missing: list[str]) -> bool:
        """Of a claim that one partner takes more (or less) than another ("Togo buys more than Suriname, right?", "true
        or false: ..."), or some partners together than others ("Togo and Suriname together bought more than Poland",
        "Suriname bought more than Indonesia and Spain combined"), whether it holds, said first; the one told from is
        named last (see Parser._slots), a group's sum computed. Not of a question of how much more, which the rows
        answer. True when partners together were checked, whose sums stand in for the rows' own."""
        slots = reading.slots
        if (missing or "than" not in slots.asks or ("more" in slots.asks) == ("less" in slots.asks)
                or {"difference", "ratio"} & slots.asks):
            return False
        if slots.than_at is None:
            if len(found) == 2:
                self._pair_checked(draft, w, found[0], found[1], "more" in slots.asks)
            return False
        order = {code: i for i, code in enumerate(slots.countries)}
        ranked = sorted(found, key=lambda p: order.get(p.country, len(order)))
        sides = ranked[:slots.than_at], ranked[slots.than_at:]
        sums = [self.facts.partner_sum([p.country for p in side])[0] for side in sides]
        names = [w.join([w.name(p.country) for p in side]) if len(side) == 1 else
                 w.text("group_together", names=w.join([w.name(p.country) for p in side])) for side in sides]
        holds = sums[0] > sums[1] if "more" in slots.asks else sums[0] < sums[1]  # (equal sums: neither holds)
        draft.add("compare_check_sums", verdict=w.text("verdict_true" if holds else "verdict_false"),
                  first=names[0], first_value=w.money(sums[0]), second=names[1], second_value=w.money(sums[1]))
        self._computed(draft, "; ".join(added([p.value_usd for p in side]) for side in sides if len(side) > 1))
        return True

    def _against_rest(self, draft: Draft, w: Writer, partner: Partner, claims_more: bool) -> None:
        """Whether `partner` took more (`claims_more`) or less than all the table's other partners together ("is China
        more than all the others put together?"), with both values."""
        rest = [p for p in self.facts.partners if p.country != partner.country]
        value = sum(p.value_usd for p in rest)
        precise = precision(p.value_usd for p in rest)
        more = partner.value_usd > value
        draft.add("partner_more_than_rest" if more else "partner_less_than_rest",
                  verdict=w.text("verdict_true" if more == claims_more else "verdict_false"),
                  country=w.name(partner.country), value=w.money(partner.value_usd), rest=w.money(value, precise),
                  difference=w.money(abs(partner.value_usd - value), precise), count=len(rest))
        self._computed(draft, subtracted(self.facts.partner_table_total, partner.value_usd))
        draft.cite(partner.source)

    def _pair_checked(self, draft: Draft, w: Writer, subject: Partner, other: Partner, claims_more: bool) -> None:
        """Whether `subject` takes more (`claims_more`) or less than `other`, said with both values."""
        named = {"first": w.name(subject.country), "first_value": w.money(subject.value_usd),
                 "second": w.name(other.country), "second_value": w.money(other.value_usd)}
        if subject.value_usd == other.value_usd:  # Indonesia and Spain: $2.8mn each, ranked 5th and 6th
            draft.add("compare_check_same", first_rank=w.rank(subject.rank), second_rank=w.rank(other.rank), **named)
            return
        more = subject.value_usd > other.value_usd
        draft.add("compare_check_more" if more else "compare_check_less",
                  verdict=w.text("verdict_true" if more == claims_more else "verdict_false"), **named)

    def _together(self, draft: Draft, w: Writer, found: list[Partner]) -> None:
        """What the partners `found` took together, in dollars and as a share of exports, computed."""
        value, share = self.facts.partner_sum([p.country for p in found])
        precise = precision(p.value_usd for p in found)
        draft.add("compare_together", value=w.money(value, precise), share=percent(round(share, 1)))
        self._computed(draft, added([p.value_usd for p in found]) + "; "
                       + " + ".join(percent(p.share_pct) for p in found) + f" = {percent(share)}")

    def _partner_sums(self, draft: Draft, w: Writer, found: list[Partner], shares: bool = False) -> None:
        """What the partners `found` took together and, of two, how far apart they are (with `shares`, also in
        percentage points: "how much larger is Poland's share than Togo's")."""
        self._together(draft, w, found)
        if len(found) == 2:
            first, second = sorted(found, key=lambda p: p.value_usd, reverse=True)
            if shares and first.share_pct != second.share_pct:
                points = f"{first.share_pct - second.share_pct:.1f}"
                draft.add("compare_points", first=w.name(first.country), second=w.name(second.country), points=points,
                          first_share=percent(first.share_pct), second_share=percent(second.share_pct))
                self._computed(draft, f"{percent(first.share_pct)} - {percent(second.share_pct)} = {points} pp")
            if self._apart(draft, w, first, second) and shares:
                # "Poland's exports as a percentage of China's": the smaller, as a percentage of the larger
                part = percent(round(100 * second.value_usd / first.value_usd, 1))
                draft.add("compare_percent_of", first=w.name(first.country), second=w.name(second.country),
                          percent=part)
                self._computed(draft, f"{money(second.value_usd)} / {money(first.value_usd)} = {part}")
                # and the larger's lead in percent, not points: "by how many percent is Togo's value above Suriname's"
                above = percent(round(100 * (first.value_usd - second.value_usd) / second.value_usd, 1))
                draft.add("compare_percent_above", first=w.name(first.country), second=w.name(second.country),
                          percent=above)
                self._computed(draft, f"({money(first.value_usd)} - {money(second.value_usd)}) / "
                                      f"{money(second.value_usd)} = {above}")

    def _apart(self, draft: Draft, w: Writer, first: Partner, second: Partner) -> bool:
        """How far the larger partner `first` is ahead of `second`, in dollars and times, computed; False for a tie."""
        difference = first.value_usd - second.value_usd
        if difference == 0:
            draft.add("compare_tied", first=w.name(first.country), second=w.name(second.country))
            return False
        times = first.value_usd / second.value_usd
        ratio = f"{times:.2f}" if times < 1.1 else f"{times:.1f}"  # "1.01 times", never "1.0 times"
        draft.add("compare_difference", first=w.name(first.country), second=w.name(second.country),
                  difference=w.money(difference), ratio=ratio)
        self._computed(draft, f"{subtracted(first.value_usd, second.value_usd)}; "
                              f"{money(first.value_usd)} / {money(second.value_usd)} = {ratio}")
        return True

    def _outside(self, *groups: RegionSum) -> tuple[Partner, ...]:
        """The table's partners, best first, that are members of none of `groups`."""
        inside = {p.country for group in groups for p in group.members}  # (by code: pydantic's == is slow)
        return tuple(p for p in self.facts.partners if p.country not in inside)

    def _scoped(self, draft: Draft, w: Writer, slots: Slots) -> tuple[list[Partner], str] | None:
        """The table's partners, best first, within the region named ("which African country buys the most") and
        without the countries named as others ("the five largest after China"), with the words that say so; None
        when the region has no partner in the table (said first)."""
        partners = list(self.facts.partners)
        scope = ""
        if slots.regions:
            code = slots.regions[0]
            group = self.facts.region_sums.get(code)
            if group is None:
                draft.gap("region_none", region=w.name(code), count=len(partners))
                draft.cite(partners[0].source)
                return None
            if slots.others and not slots.countries:  # "partners not in Africa": the rest of the table
                partners = list(self._outside(group))
                scope = w.text("ranking_scope_outside", region=w.name(code))
            else:
                partners = sorted(group.members, key=lambda p: p.rank)
                scope = w.text("ranking_scope", region=w.name(code))
            if code in self.facts.grouping_sources:
                draft.cite(self.facts.grouping_sources[code])
            draft.cite(*self.facts.region_sources)
        if slots.others and slots.countries:
            partners = [p for p in partners if p.country not in slots.countries]
            scope += w.text("statistic_others", countries=w.join([w.name(c) for c in slots.countries]))
        return partners, scope

    def _ranking(self, draft: Draft, w: Writer, reading: Reading) -> None:
        if self._table_years(draft, w, reading, []):
            return
        slots = reading.slots
        if slots.flows and "exports" not in slots.flows:  # "top import partners", "main trading partners"
            draft.gap("ranking_exports_only", flow=w.join([w.flow(f) for f in slots.flows]))
            self._china_share(draft, w, replace(reading, slots=Slots()))  # what the brief does say of the rest
            if "imports" in slots.flows:
                self._choice(draft, w, replace(reading, slots=replace(slots, flows=("exports",)), alternatives=()))
                return
        scoped = self._scoped(draft, w, slots)
        if scoped is None:
            return
        partners, scope = scoped
        if slots.ascending:
            partners.reverse()
        count = len(partners)
        n = slots.n
        if n == 0:
            draft.gap("ranking_none", count=count)
            return
        first = partners[0]
        draft.cite(first.source)
        if slots.ranks is not None:  # "partners ranked 11 to 15"
            self._ranks(draft, w, reading, slots.ranks)
            return
        if "beyond" in slots.asks and n and not (slots.countries or slots.regions or slots.ascending) and n < count:
            self._all_but(draft, w, [p.country for p in partners[:n]], top=True)  # "what went outside the top 10?"
            return
        order = w.text("ranking_order_asc" if slots.ascending else "ranking_order_desc")
        if slots.position is not None:  # "the 4th largest": that partner alone
            if slots.position > count:
                draft.gap("ranking_no_position", count=count, scope=scope, place=w.rank(slots.position))
                return
            chosen = partners[slots.position - 1]
            draft.found = (chosen.country,)
            draft.add("ranking_position", country=w.name(chosen.country), place=w.rank(slots.position), order=order,
                      scope=scope, value=w.money(chosen.value_usd), share=percent(chosen.share_pct),
                      rank=w.rank(chosen.rank), total=len(self.facts.partners))
            self._tied(draft, w, chosen)  # "the 5th largest": Indonesia, level with Spain, which the table lists 6th
            self._table_caveat(draft, w, reading)
            return
        if n is None or n == 1:
            # the two after it, unless one was asked for by number ("/top 1")
            key = "ranking_last" if slots.ascending else "ranking_first_only" if n == 1 else "ranking_first"
            draft.found = (first.country,)
            following = [f"{w.name(p.country)} ({w.money(p.value_usd)})" for p in partners[1:3]]
            draft.add(key, country=w.name(first.country), value=w.money(first.value_usd), scope=scope,
                      share=percent(first.share_pct), next=w.join(following))
            if scope:  # "which African country buys the most, and where does it rank overall?"
                draft.add("ranking_overall", rank=w.rank(first.rank), count=len(self.facts.partners))
        if n is None or n > 1:
            shown = partners[:min(n or DEFAULT_TOP, count)]
            if n and not scope and not slots.ascending:  # "is Mongolia in the top ten": where it stands, first
                for code in slots.countries:
                    if (member := self.facts.partner_by_code.get(code)) is not None:
                        draft.add("ranking_within" if member.rank <= n else "ranking_outside", n=n, count=count,
                                  country=w.name(code), rank=w.rank(member.rank), value=w.money(member.value_usd))
            key = "ranking_bottom" if slots.ascending else "ranking_top"
            draft.add(key, n=len(shown), scope=scope)
            if not self._rows(draft, w, shown, slots) and len(shown) < count and not scope:
                draft.add("ranking_more", count=count)
        self._table_caveat(draft, w, reading)

    def _ranks(self, draft: Draft, w: Writer, reading: Reading, ranks: tuple[int, int]) -> None:
        """The partners at the places `ranks` (from, to) of the whole table."""
        count = len(self.facts.partners)
        low, high = ranks[0], min(ranks[1], count)
        if low > count:
            draft.gap("ranking_no_position", count=count, scope="", place=w.rank(low))
            return
        left_out = reading.slots.excluded  # "top 5" - "sum of those five?" - "and without China?"
        shown = [p for p in self.facts.partners if low <= p.rank <= high and p.country not in left_out]
        if left_out:
            draft.add("ranking_ranks_without", first=w.rank(low), last=w.rank(high), count=count,
                      countries=w.join([w.name(code) for code in left_out]))
        else:
            draft.add("ranking_ranks", first=w.rank(low), last=w.rank(high), count=count)
        self._rows(draft, w, shown, reading.slots)
        self._table_caveat(draft, w, reading)

    def _rows(self, draft: Draft, w: Writer, shown: list[Partner], slots: Slots) -> bool:
        """The partners `shown` as rows of the table, and their sum when one is asked ("top 3 combined", "what share
        do the top 3 take?"); True when the sum was given."""
        for p in shown:
            draft.add("ranking_row", rank=p.rank, country=w.name(p.country, bare=True), value=w.money(p.value_usd),
                      share=percent(p.share_pct))
        if not {"sum", "share"} & slots.asks or len(shown) < 2:
            return False
        self._together(draft, w, shown)
        return True

    def _largest_in_region(self, draft: Draft, w: Writer, reading: Reading) -> bool:
        """Whether the one partner named is the largest of the one region named, said first ("is Spain North
        Korea's biggest European market?": no, Poland is); False when the question claims no such thing."""
        slots = reading.slots
        group = self.facts.region_sums.get(slots.regions[0]) if len(slots.regions) == 1 else None
        if (group is None or "largest" not in slots.asks or len(slots.countries) != 1 or slots.ascending
                or slots.position is not None or slots.neighbour or slots.others
                or slots.countries[0] not in {p.country for p in group.members}):
            return False
        first, region = min(group.members, key=lambda p: p.rank), w.name(slots.regions[0], bare=True)
        if first.country == slots.countries[0]:
            draft.add("largest_in", country=w.name(first.country), region=region, value=w.money(first.value_usd),
                      share=percent(first.share_pct))
        else:
            draft.gap("not_largest_in", country=w.name(slots.countries[0]), region=region,
                      first=w.name(first.country), value=w.money(first.value_usd), share=percent(first.share_pct))
        return True

    def _rank_in_region(self, draft: Draft, w: Writer, code: str, regions: tuple[str, ...]) -> None:
        """Where the partner `code` ranks among those of the one region named, if it is one of them ("where does South
        Africa come among the African buyers?")."""
        group = self.facts.region_sums.get(regions[0]) if len(regions) == 1 else None
        members = sorted(group.members, key=lambda p: p.rank) if group is not None else []
        place = next((i for i, p in enumerate(members, 1) if p.country == code), None)
        if place is not None:
            draft.add("rank_in_region", region=w.name(regions[0], bare=True), country=w.name(code),
                      place=w.rank(place), count=len(members))
            draft.cite(*self.facts.region_sources)

    def _region(self, draft: Draft, w: Writer, reading: Reading) -> None:
        sums = self.facts.region_sums
        codes = reading.slots.regions
        if self._table_years(draft, w, reading, []):
            return
        if self._imports_missing(draft, w, "region", codes, reading.slots.flows):  # "imports from the EU"
            return
        self._largest_in_region(draft, w, reading)  # "is Benin the largest buyer in Africa?": no, Togo is
        if not codes:
            draft.add("region_breakdown")
            regions = sorted((c for c, r in sums.items() if r.level == "region"), key=lambda c: -sums[c].value_usd)
            for code in regions:
                draft.add("region_row", region=w.name(code, bare=True), value=w.money(sums[code].value_usd),
                          share=percent(sums[code].share_pct), count=len(sums[code].members))
            self._computed(draft, w.text("region_formula"))
        groups = []
        for code in codes:
            if code in self.facts.grouping_sources:  # a grouping's members are its own list's, not UN M49's
                draft.cite(self.facts.grouping_sources[code])
            if code not in sums:
                draft.gap("region_none", region=w.name(code), count=len(self.facts.partners))
            else:
                groups.append(code)
        blocks = [(sums[code].members, w.name(code, bare=True)) for code in groups]
        if reading.slots.others and reading.slots.countries:  # "Asia excluding China"
            blocks = [(tuple(p for p in members if p.country not in reading.slots.countries),
                       w.text("region_others", region=name,
                              countries=w.join([w.name(c) for c in reading.slots.countries])))
                      for members, name in blocks]
        elif reading.slots.others and groups:
            # "partners outside Africa", "아프리카 아닌 나라", "not in Africa, Asia or Europe": the rest of the table
            blocks = [(self._outside(*(sums[code] for code in groups)),
                       w.text("region_outside", region=w.join([name for _, name in blocks])))]
        for members, name in blocks:
            value, precise = sum(p.value_usd for p in members), precision(p.value_usd for p in members)
            draft.add("region_total" if len(members) != 1 else "region_total_one", region=name, count=len(members),
                      value=w.money(value, precise),
                      share=percent(sum(p.share_pct for p in members)))
            for p in members:
                draft.add("compare_row", country=w.name(p.country, bare=True), value=w.money(p.value_usd),
                          share=percent(p.share_pct), rank=p.rank)
            if len(members) > 1:  # (one partner's value is no sum: "Portuguese-speaking countries": Mozambique)
                self._computed(draft, added([p.value_usd for p in members]))
        if len(blocks) == 1 and reading.slots.countries and "against" in reading.slots.asks:
            self._against_region(draft, w, blocks[0], reading.slots.countries)
        draft.cite(self.facts.partners[0].source)
        if not codes or not set(codes) <= set(self.facts.grouping_sources):  # the continents and their parts: M49's
            draft.cite(*self.facts.region_sources)
        if groups or not codes:
            self._table_caveat(draft, w, reading)

    def _against_region(self, draft: Draft, w: Writer, block: tuple[tuple[Partner, ...], str],
                        codes: tuple[str, ...]) -> None:
        """A region's partners together set against each country named beside it ("does Africa as a whole take more
        than Poland?"): which takes more, with both values; a country not in the table said first."""
        members, name = block
        total = sum(p.value_usd for p in members)
        inside = {p.country for p in members}
        for code in codes:
            partner = self.facts.partner_by_code.get(code)
            if partner is None:
                draft.gap("partner_missing", country=w.name(code), count=len(self.facts.partners))
                continue
            if code in inside:  # (a member is part of the region's sum: no side of its own)
                continue
            sides = [(name, total), (w.name(code), partner.value_usd)]
            if partner.value_usd > total:
                sides.reverse()
            (first, first_value), (second, second_value) = sides
            draft.add("compare_more", first=first, second=second, first_value=w.money(first_value),
                      second_value=w.money(second_value))

    def _table(self, draft: Draft, w: Writer, reading: Reading) -> None:
        """What the partner table adds up to and, its year being unstated, how that sits beside the brief's exports."""
        count = len(self.facts.partners)
        if "why" in reading.slots.asks:  # "why does the table add up to more than the exports?": no reason given
            draft.gap("table_no_reason")
        draft.add("table_size", count=count, value=w.money(self.facts.partner_table_total),
                  share=percent(self.facts.partner_table_share))
        self._computed(draft, w.text("table_formula", count=count))
        draft.cite(self.facts.partners[0].source)
        year = self.facts.latest_year
        exports = self.facts.totals.get((year, "exports"))
        if self.facts.partner_table_year is None and exports is not None:
            first = self.facts.partners[0]
            draft.add("table_mismatch", exports=w.money(exports.value_usd), year=year, first=w.name(first.country),
                      first_value=w.money(first.value_usd))
            draft.cite(exports.source)

    def _statistic(self, draft: Draft, w: Writer, reading: Reading) -> None:
        """An average, a median, or the partners beyond an amount, of the table or a part of it: a region, all but
        the countries named ("excluding China"), the top n. Computed, with its formula."""
        slots = reading.slots
        if self._table_years(draft, w, reading, []):
            return
        scoped = self._scoped(draft, w, slots)  # countries come here only with "other than" (see _refine)
        if scoped is None:
            return
        partners, scope = scoped
        if slots.n and slots.n < len(partners) and not slots.threshold:  # (not "the median of all 25")
            partners = (partners[::-1] if slots.ascending else partners)[:slots.n]
            scope += w.text("statistic_top", n=slots.n)
        elif slots.ranks and not slots.threshold:  # "the average of the partners ranked 11 to 15"
            first, last = slots.ranks
            partners = [p for p in partners if first <= p.rank <= last]
            scope += w.text("statistic_ranks", low=first, high=last)
        draft.cite(self.facts.partners[0].source)
        if slots.threshold:
            bounds = slots.threshold
            total = len(partners)
            partners = [p for p in partners if bounds.holds(p.share_pct if bounds.share else p.value_usd)]
            write, kind = (percent, "_share") if bounds.share else (w.money, "")  # "at least 1%": of exports
            more, less = ("statistic_least", "statistic_most") if bounds.inclusive else ("statistic_more",
                                                                                          "statistic_less")
            if bounds.low == bounds.high:  # "the partners at 0.1%": as the table rounds shares; "at $2.8mn"
                bound = w.text("statistic_equal" + kind, amount=write(bounds.low))
            elif bounds.high == inf:
                bound = w.text(more + kind, amount=write(bounds.low))
            elif bounds.low == 0:
                bound = w.text(less + kind, amount=write(bounds.high))
            else:
                bound = w.text("statistic_range" + kind, low=write(bounds.low), high=write(bounds.high))
            draft.add("statistic_count" + kind, count=len(partners), total=total, scope=scope, bound=bound,
                      colon=":" if partners else ".")
            for p in partners[:STATISTIC_ROWS]:
                draft.add("compare_row", country=w.name(p.country, bare=True), value=w.money(p.value_usd),
                          share=percent(p.share_pct), rank=p.rank)
            if len(partners) > STATISTIC_ROWS:
                draft.add("statistic_rest", count=len(partners) - STATISTIC_ROWS)
        if len(partners) >= 2 and ("sum" in slots.asks or (  # "which two are tied at 0.7%?" - "sum them"
                "share" in slots.asks and slots.threshold and not {"mean", "median"} & slots.asks)):
            # ("what share do the partners under $1mn take?": theirs together)
            self._together(draft, w, partners)
        if partners and "mean" in slots.asks:
            self._mean(draft, w, partners, scope)
        if partners and "median" in slots.asks:
            ranked = sorted(partners, key=lambda p: p.value_usd)
            low, high = ranked[(len(ranked) - 1) // 2], ranked[len(ranked) // 2]
            middle = (w.name(low.country) if low is high else
                      w.text("statistic_halfway", first=w.name(high.country), second=w.name(low.country)))
            draft.add("statistic_median", count=len(partners), scope=scope,
                      value=w.money((low.value_usd + high.value_usd) / 2),
                      share=percent((low.share_pct + high.share_pct) / 2), middle=middle)
        self._table_caveat(draft, w, reading)

    def _table_year(self, draft: Draft, w: Writer, reading: Reading) -> None:
        """"Which year is the partner table for": the brief does not say, which is the answer's first line."""
        if self.facts.partner_table_year is not None:
            draft.add("table_year", year=self.facts.partner_table_year)
            draft.cite(self.facts.partners[0].source)
            return
        draft.gap("table_no_year", years=w.join([str(y) for y in sorted({y for (y, _) in self.facts.totals})]))
        if self._table_exceeds_exports():  # no figures: the sums are a question of their own (a button)
            draft.add("table_year_hint", year=self.facts.latest_year)
            draft.cite(self.facts.partners[0].source)
        self._choice(draft, w, Reading("table", 1.0, language=w.lang))

    # ------------------------------------------------------------------ totals
    def _volume(self, draft: Draft, w: Writer, reading: Reading) -> None:
        slots = reading.slots
        if self._not_by_country(draft, w, reading):
            return
        flows: tuple[Flow, ...] = slots.flows or ("total",)
        years = slots.years or (self.facts.latest_year,)
        self._flow_ratios(draft, w, reading)
        # a year of two related ("2023 imports as a percentage of 2019's") missing: the other's level was not asked
        related = _CHANGE_ASKED | ({"share"} if len(flows) == 1 else set())
        levels_asked = len(years) == 1 or related.isdisjoint(slots.asks) or all(
            (year, flow) in self.facts.totals for year, flow in product(years, flows))
        for year, flow in product(years, flows):
            found = self.facts.totals.get((year, flow))
            if found is None:
                self._missing_year(draft, w, year, flow)
                continue
            if not levels_asked:
                continue
            growth = self.facts.growth.get((year, flow))
            if len(years) * len(flows) == 1:
                self._stated_level(draft, w, slots, found.value_usd, growth)
                if growth is not None and "change" in slots.asks:  # "imports grew 122%?": +124%
                    self._stated_share(draft, w, _signed(slots), [growth.change_pct], change)
            draft.add("volume", flow=w.flow(flow), value=w.money(found.value_usd), year=year)
            draft.headline = draft.headline or w.text("headline_volume", flow=w.flow(flow).capitalize(), year=year,
                                                      value=money(found.value_usd))
            draft.cite(found.source)
            if growth is not None:
                draft.aside("volume_growth", change=change(growth.change_pct), base_year=growth.base_year)
                draft.cite(growth.source)
                if slots.money and any(name in ("growth", "change") for name, _ in reading.alternatives):
                    # "by how many dollars did imports grow": read as a total, and nearly as a growth
                    self._growth_amount(draft, w, found, growth)
            level = self.facts.level_vs_base.get((year, flow))
            if level is not None and (base := self.facts.totals.get((level.base_year, flow))) is not None:
                draft.aside("volume_vs_base", pct=percent(level.pct_of_base), base_year=level.base_year,
                          base_value=w.money(base.value_usd))
                draft.cite(level.source)
        if "sum" in slots.asks and {"imports", "exports"} <= set(flows):
            for year in years:
                self._flows_summed(draft, w, year)

    def _flows_summed(self, draft: Draft, w: Writer, year: int) -> None:
        """'Do imports plus exports equal the total': their sum, beside the total the brief states (computed)."""
        imports, exports = self.facts.totals.get((year, "imports")), self.facts.totals.get((year, "exports"))
        if imports is None or exports is None:
            return
        summed = imports.value_usd + exports.value_usd
        self._computed(draft, f"{money(imports.value_usd)} + {money(exports.value_usd)} = {money(summed)}")
        total = self.facts.totals.get((year, "total"))
        if total is None:
            draft.add("volume_sum", year=year, value=w.money(summed))
            return
        gap = summed - total.value_usd
        key = "volume_sum_matches" if abs(gap) < 0.005 * total.value_usd else "volume_sum_differs"
        draft.add(key, year=year, value=w.money(summed), total=w.money(total.value_usd), gap=w.money(abs(gap)),
                  more=w.text("volume_sum_more" if gap > 0 else "volume_sum_less"))
        draft.cite(total.source)

    def _flow_ratios(self, draft: Draft, w: Writer, reading: Reading) -> None:
        """'What share of total trade were exports', 'how many times bigger were imports than exports' (computed)."""
        slots = reading.slots
        year = slots.years[0] if slots.years else self.facts.latest_year
        found = {f: self.facts.totals[(year, f)] for f in slots.flows if (year, f) in self.facts.totals}
        if len(found) < 2:
            return
        if "share" in slots.asks and "total" in found:
            for flow, part in found.items():
                if flow != "total":
                    pct = round(part.value_usd / found["total"].value_usd * 100, 1)
                    draft.add("flow_share", flow=w.flow(flow), year=year, share=percent(pct))
                    self._computed(draft, f"{money(part.value_usd)} / {money(found['total'].value_usd)} = "
                                          f"{percent(pct)}")
        elif "share" in slots.asks and "total" not in found:  # "exports?" - "as a percentage of imports?"
            flow, of = (f for f in slots.flows if f in found)  # the part first, as asked: "exports of imports"
            part, base = found[flow], found[of]
            pct = round(part.value_usd / base.value_usd * 100, 1)
            draft.add("flow_share_of", flow=w.flow(flow), base=w.flow(of), year=year, share=percent(pct))
            self._computed(draft, f"{money(part.value_usd)} / {money(base.value_usd)} = {percent(pct)}")
        elif "ratio" in slots.asks and {"imports", "exports"} <= set(found):
            times = found["imports"].value_usd / found["exports"].value_usd
            draft.add("flow_ratio", year=year, times=f"{times:.1f}")
            self._computed(draft, f"{money(found['imports'].value_usd)} / {money(found['exports'].value_usd)} = "
                                  f"{times:.1f}")

    def _not_by_country(self, draft: Draft, w: Writer, reading: Reading) -> bool:
        """A total asked for a country or a place: the brief gives totals for North Korea as a whole only."""
        slots = reading.slots
        if not slots.countries:
            return False
        self._partner(draft, w, replace(reading, intent="partner"))
        return True

    def _missing_year(self, draft: Draft, w: Writer, year: int, flow: Flow) -> None:
        # the years the brief has, not their figures: a figure of a year not asked for is not an answer
        available = [y for (y, f) in sorted(self.facts.totals) if f == flow]
        draft.gap("volume_missing_year", flow=w.flow(flow), year=year, available=w.join([str(y) for y in available]))
        draft.cite(*(t.source for (_, f), t in self.facts.totals.items() if f == flow))
        for y in available:
            self._choice(draft, w, Reading("volume", 1.0, Slots(years=(y,), flows=(flow,)), language=w.lang),
                         w.text("choice_volume_year", flow=w.flow(flow).capitalize(), year=y))
        self._implied(draft, w, year, flow)

    def _implication(self, year: int, flow: Flow) -> tuple[Growth, Total] | None:
        """The growth rate whose base is `flow` in `year`, and the later year's row it leads to: what implies that
        year's figure, where the brief does not state it; None when nothing does."""
        for (later, f), growth in self.facts.growth.items():
            if f == flow and growth.base_year == year and (after := self.facts.totals.get((later, flow))) is not None:
                return growth, after
        return None

    def _implied(self, draft: Draft, w: Writer, year: int, flow: Flow) -> Total | None:
        """A year's figure the brief does not state but implies, as the base of a later year's growth (computed):
        written, and returned as a row of that year; None when the brief implies none."""
        if (implication := self._implication(year, flow)) is None:
            return None
        growth, after = implication
        implied = significant(after.value_usd / (1 + growth.change_pct / 100))
        draft.add("volume_implied", flow=w.flow(flow), year=year, value=w.money(implied))
        self._computed(draft, f"{money(after.value_usd)} / (1 + {percent(growth.change_pct)}) ≈ {money(implied)}")
        draft.cite(growth.source, after.source)
        return after.model_copy(update={"year": year, "value_usd": implied})

    def _growth(self, draft: Draft, w: Writer, reading: Reading) -> None:
        slots = reading.slots
        years = slots.years or (self.facts.latest_year,)
        flows = slots.flows
        if slots.countries:  # "growth of exports to China": the partner table has one undated value a partner
            draft.gap("growth_by_partner", countries=w.join([w.name(c) for c in slots.countries]))
            self._offer_partners(draft, w, slots.countries)
            self._choice(draft, w, Reading("growth", 1.0, Slots(flows=flows), language=w.lang))
            return
        if (slots.stated is not None and len(years) == 1 and not any(y == years[0] for y, _ in self.facts.growth)
                and (years[0], slots.flow or "total") in self.facts.totals):
            # "did trade fall to $710bn in 2021?": no rate for 2021, but the level stated is checked against its own
            self._volume(draft, w, replace(reading, intent="volume"))
            return
        for year in years:
            rows = {f: g for (y, f), g in self.facts.growth.items() if y == year}
            wanted = [f for f in flows if f in rows] if flows else list(rows)
            if not wanted or (flows and len(wanted) < len(flows)):
                self._no_growth(draft, w, reading, year, [f for f in flows if f not in rows] or ["total"])
                if not wanted:
                    continue
            if not flows and {"total", "imports", "exports"} <= set(rows):
                total = rows["total"]
                draft.add("growth_all", year=year, base_year=total.base_year,
                          **{f: change(rows[f].change_pct) for f in ("total", "imports", "exports")})
                draft.cite(*(g.source for g in rows.values()))
                continue
            if len(wanted) == 1 and len(years) == 1:  # "imports grew 72% in 2023?": no, +124%
                self._stated_share(draft, w, _signed(slots), [rows[wanted[0]].change_pct], change)
                if (level := self.facts.totals.get((year, wanted[0]))) is not None:  # "124%, to $2.5bn?": no, $1.97bn
                    self._stated_level(draft, w, slots, level.value_usd, rows[wanted[0]])
            for flow in wanted:
                g = rows[flow]
                value = self.facts.totals.get((year, flow))
                draft.add("growth", year=year, flow=w.flow(flow), change=change(g.change_pct), base_year=g.base_year,
                          value=w.money(value.value_usd) if value else "-")
                draft.cite(g.source)
                if value is not None and (slots.money or slots.dollars):  # "by how many dollars?"
                    self._growth_amount(draft, w, value, g)
            if len(wanted) == 2:  # "which grew faster, imports or exports": said, not left to the reader
                fast, slow = sorted(wanted, key=lambda f: -rows[f].change_pct)
                if rows[fast].change_pct != rows[slow].change_pct:
                    points = f"{rows[fast].change_pct - rows[slow].change_pct:g}"
                    draft.add("growth_faster", faster=w.flow(fast), slower=w.flow(slow), points=points,
                              fast=change(rows[fast].change_pct), slow=change(rows[slow].change_pct))
                    self._computed(draft, f"{percent(rows[fast].change_pct)} - {percent(rows[slow].change_pct)} = "
                                          f"{points}")

    def _growth_amount(self, draft: Draft, w: Writer, value: Total, growth: Growth) -> None:
        """"The dollar increase": the year's value less the one before, worked out from the rate."""
        base = significant(value.value_usd / (1 + growth.change_pct / 100))
        amount = significant(value.value_usd - base)
        draft.add("growth_amount", amount=w.money(amount), base_year=growth.base_year, base=w.money(base))
        rate = percent(growth.change_pct)
        self._computed(draft, f"{money(value.value_usd)} - {money(value.value_usd)} / (1 + {rate}) ≈ {money(amount)}")

    def _no_growth(self, draft: Draft, w: Writer, reading: Reading, year: int, flows: list[Flow]) -> None:
        have = sorted({y for y, _ in self.facts.growth})
        draft.gap("growth_missing", flow=w.join([w.flow(f) for f in flows]), year=year,
                  available=w.join([str(y) for y in have]))
        draft.cite(*(g.source for g in self.facts.growth.values()))
        if reading.follow_up:  # "and in 2021?" after a growth question: what the brief has for 2021
            for flow in flows:
                found = self.facts.totals.get((year, flow))
                if found is not None:
                    draft.add("volume", flow=w.flow(flow), value=w.money(found.value_usd), year=year)
                    draft.cite(found.source)
        for y in have:
            self._choice(draft, w, Reading("growth", 1.0, Slots(years=(y,), flows=tuple(flows)), language=w.lang),
                         w.text("choice_growth_year", year=y))

    def _vs2019(self, draft: Draft, w: Writer, reading: Reading) -> None:
        compared = {flow for (_, flow) in self.facts.level_vs_base}
        if reading.slots.flows and not compared & set(reading.slots.flows):
            # "imports in 2023?" - "vs 2019?": the brief compares total trade only, which is offered, not given
            for base_year in sorted({level.base_year for level in self.facts.level_vs_base.values()}):
                draft.gap("vs2019_flow_missing", flow=w.join([w.flow(f) for f in reading.slots.flows]),
                          base_year=base_year)
            stated = tuple(y for y in reading.slots.years
                           if all((y, f) in self.facts.totals for f in reading.slots.flows))
            if stated:  # "/compare2019" - "А импорт за 2023?": what is missing, then that year's figure
                self._volume(draft, w, Reading("volume", 1.0, Slots(years=stated, flows=reading.slots.flows),
                                               language=w.lang))
                return
            self._choice(draft, w, Reading("vs2019", 1.0, language=w.lang))
            return
        for (year, flow), level in self.facts.level_vs_base.items():
            value, base = self.facts.totals.get((year, flow)), self.facts.totals.get((level.base_year, flow))
            if value is None or base is None:
                continue
            if other := [y for y in reading.slots.years if y not in (year, level.base_year)]:
                # "38% of the 2021 level, right?": the brief's figure is of 2019's
                draft.gap("vs2019_other_base", pct=percent(level.pct_of_base), base_year=level.base_year,
                          years=w.join([str(y) for y in other]))
            else:
                self._stated_share(draft, w, reading.slots, [level.pct_of_base], percent)  # "about 38% of 2019?"
            if "mismatch" in reading.slots.asks:  # "does the 38.2% square with $2.06bn against $5.42bn?": checked
                self._level_checked(draft, w, value.value_usd, base.value_usd, level.pct_of_base)
            draft.add("vs2019", year=year, value=w.money(value.value_usd), pct=percent(level.pct_of_base),
                      base_year=level.base_year, base_value=w.money(base.value_usd))
            draft.cite(level.source, value.source, base.source)
            difference = value.value_usd - base.value_usd
            lower = percent(100 - level.pct_of_base)
            draft.add("vs2019_difference", difference=w.money(abs(difference)), base_year=level.base_year, year=year,
                      pct_lower=lower)
            self._computed(draft, f"{money(value.value_usd)} - {money(base.value_usd)} = {money(difference)}; "
                                  f"100% - {percent(level.pct_of_base)} = {lower}")
            if (growth := self.facts.growth.get((year, flow))) is not None:  # "is trade recovering?": it grew, too
                draft.aside("vs2019_growth", change=change(growth.change_pct), base_year=growth.base_year)
                draft.cite(growth.source)
            if "ratio" in reading.slots.asks:  # "how many times smaller is trade than before Covid?"
                self._times(draft, w, flow, base, value)
            between = [(y, t.value_usd) for (y, f), t in sorted(self.facts.totals.items())
                       if f == flow and level.base_year < y < year]
            if between:
                low_year, low_value = min(between, key=lambda item: item[1])
                draft.add("vs2019_low", low_year=low_year, low_value=w.money(low_value))
            if "needed" in reading.slots.asks:  # "how much would trade have to grow to get back to 2019?"
                times = base.value_usd / value.value_usd
                needed = percent(round(100 * times - 100, 1))
                draft.add("vs2019_needed", base_year=level.base_year, year=year, pct=needed, times=f"{times:.1f}")
                self._computed(draft, f"{money(base.value_usd)} / {money(value.value_usd)} = {times:.2f}; "
                                      f"({times:.2f} - 1) × 100% = {needed}")

    def _level_checked(self, draft: Draft, w: Writer, value: float, base: float, pct: float) -> None:
        """A level against a base year worked out again from the two totals as the brief writes them, said first:
        whether it is the percentage the brief states, within what rounding each total to three figures allows
        (computed)."""
        checked = f"{value / base * 100:.1f}%"  # to a tenth, as the brief writes it: 38.0%, not 38%
        half = [10 ** (floor(log10(amount)) - 2) / 2 for amount in (value, base)]  # $2.06bn: ± $0.005bn
        low, high = (value - half[0]) / (base + half[1]) * 100, (value + half[0]) / (base - half[1]) * 100
        draft.add("vs2019_checked_rounding" if low <= pct <= high else "vs2019_checked_gap", value=w.money(value),
                  base_value=w.money(base), checked=checked, pct=percent(pct))
        self._computed(draft, f"{money(value)} / {money(base)} = {checked}")

    def _recovery(self, draft: Draft, w: Writer, reading: Reading) -> None:
        """What the brief says of where trade stands and why (the claims on the recovery), the one matching the
        question best first, or of a question of why one that gives a reason; the rest behind a button."""
        recovery = self.facts.statements_on(topic="recovery")
        hits = [h.statement for h in self.passages.search(reading.text, w.lang, limit=len(self.facts.statements))
                if h.statement.topic == "recovery"] if reading.text else []  # (not `in`: pydantic's == is slow)
        ranked = hits + _besides(recovery, hits)
        years = reading.slots.years or (self.facts.latest_year,)
        if {"why", "fall"} <= reading.slots.asks and not any(
                g.change_pct > 0 for (year, _), g in self.facts.growth.items() if year in years):
            # "why did trade collapse after 2019?": the borders sealed first (but "why did exports fall 72% in 2023?"
            # asks of a rise, said first, and of what drove it)
            ranked = [s for s in self.facts.statements_on(topic="borders") if s.id in self._reasons] + ranked
        # of a question of why, any claim giving a reason may come first: one that says where trade stands matches
        # "why did trade grow" as well as the one that says what drove it
        ranked, _ = self._spoken_first(reading, ranked, len(ranked) if "why" in reading.slots.asks else 1)
        flows = set(reading.slots.flows) - {"total"}
        if {"why", "change"} <= reading.slots.asks and "fall" not in reading.slots.asks and len(flows) == 1:
            # "what explains the 72% rise in exports?": the brief's reasons are of trade as a whole, said first (of a
            # fall asked of, which was a rise, the figures come first)
            draft.gap("recovery_whole_only", flow=w.flow(flows.pop()))
        self._passages(draft, w, ranked, 1, "recovery")

    def _balance(self, draft: Draft, w: Writer, reading: Reading) -> None:
        if reading.slots.countries:  # a balance with one country needs imports from it, which the brief lacks
            draft.gap("balance_by_country", countries=w.join([w.name(c) for c in reading.slots.countries]))
            self._offer_partners(draft, w, reading.slots.countries)
            return
        for year in reading.slots.years or (self.facts.latest_year,):
            imports, exports = self.facts.totals.get((year, "imports")), self.facts.totals.get((year, "exports"))
            if imports is None or exports is None:
                years = sorted(y for (y, f) in self.facts.totals
                               if f == "imports" and (y, "exports") in self.facts.totals)
                if ((imports is None and self._implication(year, "imports") is None)
                        or (exports is None and self._implication(year, "exports") is None)):
                    draft.gap("balance_missing", year=year, available=w.join([str(y) for y in years]))
                    draft.cite(*(t.source for t in self.facts.totals.values()))
                    continue
                # "the 2022 deficit, backed out of 2023's figures and growth": each flow as 2023's growth implies it
                draft.gap("balance_implied", year=year, available=w.join([str(y) for y in years]))
                imports = imports or self._implied(draft, w, year, "imports")
                exports = exports or self._implied(draft, w, year, "exports")
                assert imports is not None and exports is not None  # (as _implication found)
                balance = significant(exports.value_usd - imports.value_usd)  # of figures implied to three digits
            else:
                balance = exports.value_usd - imports.value_usd
            draft.add("balance_deficit" if balance < 0 else "balance_surplus", year=year, value=w.money(abs(balance)),
                      imports=w.money(imports.value_usd), exports=w.money(exports.value_usd))
            self._computed(draft, f"{money(exports.value_usd)} - {money(imports.value_usd)} = {money(balance)}")
            draft.cite(imports.source, exports.source)
            if "ratio" in reading.slots.asks:  # "how many times bigger were imports, and what was the balance"
                self._flow_ratios(draft, w, replace(reading, slots=replace(reading.slots, years=(year,),
                                                                           flows=("imports", "exports"))))

    def _change(self, draft: Draft, w: Writer, reading: Reading) -> None:
        flows: tuple[Flow, ...] = reading.slots.flows or ("total",)
        for flow in flows:
            stated = sorted(y for (y, f) in self.facts.totals if f == flow)
            asked = sorted(reading.slots.years)
            if len(asked) >= 2 or not stated:
                years = asked
            elif asked:  # "since 2019": to the latest year; "up to 2021": from the first
                years = sorted({asked[0], stated[-1] if asked[0] != stated[-1] else stated[0]})
            else:
                years = [stated[0], stated[-1]]
            missing = [y for y in years if (y, flow) not in self.facts.totals]
            if len(years) < 2 or missing:
                draft.gap("change_missing", flow=w.flow(flow), years=w.join([str(y) for y in missing or years]),
                          available=w.join([str(y) for y in stated]))
                draft.cite(*(t.source for (_, f), t in self.facts.totals.items() if f == flow))
                # "2021 to 2023?" - "and 2022?": 2022's, as 2023's growth implies it; and with it the change asked
                # ("from 2021 to 2022", "2023 against 2022"), computed
                implied = {year: row for year in missing if (row := self._implied(draft, w, year, flow)) is not None}
                if len(years) >= 2 and len(implied) == len(missing):
                    self._changed(draft, w, reading, flow, [self.facts.totals.get((y, flow)) or implied[y]
                                                            for y in (years[0], years[-1])], len(flows))
                    continue
                present = tuple(y for y in asked if y not in missing)
                if present and not reading.follow_up and not _CHANGE_ASKED & reading.slots.asks:
                    # "2019 and 2018 both": 2019's, at least; but "the drop from 2019 to 2020" asks no 2019 figure,
                    # "since 2018" none of 2023, and "2021 vs 2023" - "what about 2020?" none of 2023, carried over
                    self._volume(draft, w, Reading("volume", 1.0, Slots(years=present, flows=(flow,)),
                                                   language=w.lang))
                continue
            self._changed(draft, w, reading, flow, [self.facts.totals[(years[0], flow)],
                                                    self.facts.totals[(years[-1], flow)]], len(flows))

    def _changed(self, draft: Draft, w: Writer, reading: Reading, flow: Flow, ends: list[Total],
                 flows_asked: int) -> None:
        """The change of `flow` between the two rows `ends` (a year's figure, or one the brief implies), with the
        ratio or the level it asks for; `flows_asked`: how many flows the question asks of."""
        start, end = ends
        given = self.facts.level_vs_base.get((end.year, flow))
        given = given if given is not None and given.base_year == start.year else None
        # the brief's own level against that year, where it states one (38.2% of 2019: -61.8%, not the -62% its
        # rounded totals give)
        pct = given.pct_of_base - 100 if given else (end.value_usd - start.value_usd) / start.value_usd * 100
        draft.add("change", flow=w.flow(flow), first=start.year, last=end.year, start=w.money(start.value_usd),
                  end=w.money(end.value_usd), difference=w.money(end.value_usd - start.value_usd),
                  pct=change(round(pct, 1)))
        self._computed(draft, f"{percent(given.pct_of_base)} - 100% = {change(round(pct, 1))}" if given else
                       f"({money(end.value_usd)} - {money(start.value_usd)}) / {money(start.value_usd)} = "
                       f"{change(round(pct, 1))}")
        if flows_asked == 1:  # "the 122% growth, that's from 2021 to 2023?": no, +190.1%; 122% is 2023 on 2022
            self._stated_share(draft, w, _signed(reading.slots), [round(pct, 1)], change)
        if "compound" in reading.slots.asks and end.year > start.year:  # "the compound annual growth rate"
            years = end.year - start.year
            yearly = change(round(((end.value_usd / start.value_usd) ** (1 / years) - 1) * 100, 1))
            draft.add("change_compound", rate=yearly, years=years)
            self._computed(draft, f"({money(end.value_usd)} / {money(start.value_usd)})^(1/{years}) - 1 = {yearly}")
        if "ratio" in reading.slots.asks:  # "how many times bigger was 2019 than 2023"
            self._times(draft, w, flow, start, end)
        elif end.value_usd >= start.value_usd:  # "by what factor did trade grow": 2.9 times
            ratio = f"{end.value_usd / start.value_usd:.1f}"
            draft.add("change_times", last=end.year, first=start.year, ratio=ratio)
            self._computed(draft, f"{money(end.value_usd)} / {money(start.value_usd)} = {ratio}")
        elif given:
            draft.add("change_level", last=end.year, first=start.year, pct=percent(given.pct_of_base))
        else:  # "2021 as a percentage of the 2019 level": 13.1%
            level = percent(round(end.value_usd / start.value_usd * 100, 1))
            draft.add("change_level", last=end.year, first=start.year, pct=level)
            self._computed(draft, f"{money(end.value_usd)} / {money(start.value_usd)} = {level}")
        draft.cite(start.source, end.source, *([given.source] if given else []))

    def _imports_missing(self, draft: Draft, w: Writer, intent: str, codes: Sequence[str],
                         flows: tuple[Flow, ...]) -> bool:
        """Imports asked from partners or regions (`intent` "partner" or "region"), which the brief has from no
        country, so from no region: said first, and each one's exports offered (True); else nothing (False)."""
        if not (codes and flows and all(f == "imports" for f in flows)):
            return False
        draft.gap("partner_no_imports")
        for code in codes:
            named = Slots(regions=(code,)) if intent == "region" else Slots(countries=(code,))
            self._choice(draft, w, Reading(intent, 1.0, replace(named, flows=("exports",)), language=w.lang),
                         w.text("choice_exports_to", country=w.name(code)))
        return True

    def _times(self, draft: Draft, w: Writer, flow: Flow, first: Total, second: Total) -> None:
        """The larger of two years' rows of `flow` as a multiple of the smaller (computed)."""
        big, small = (first, second) if first.value_usd >= second.value_usd else (second, first)
        ratio = f"{big.value_usd / small.value_usd:.1f}"
        draft.add("change_ratio", big=big.year, small=small.year, ratio=ratio, flow=w.flow(flow))
        self._computed(draft, f"{money(big.value_usd)} / {money(small.value_usd)} = {ratio}")

    def _china_share(self, draft: Draft, w: Writer, reading: Reading) -> None:
        if "imports" in reading.slots.flows and not reading.follow_up:  # (not a flow carried from the question before)
            # "North Korea's imports from China in 2023?", "China's share of total trade and of imports": the brief has
            # no imports by country, said first; then its share of all trade, if that was asked too
            if self._imports_missing(draft, w, "partner", ("CN",), ("imports",)) and "total" not in reading.slots.flows:
                return
        stated_years = sorted({year for (year, flow, _) in self.facts.trade_shares if flow == "total"})
        years = reading.slots.years
        if years and not set(years) & set(stated_years):  # "China's trade with North Korea in 2019"
            draft.gap("share_no_year", years=w.join([str(y) for y in years]),
                      stated=w.join([str(y) for y in stated_years]))
            self._choice(draft, w, Reading("china_share", 1.0, Slots(years=tuple(stated_years[-1:])), language=w.lang))
            return
        asked = [c for c in reading.slots.countries if c != "CN" and c not in reading.slots.excluded]
        stated = {code for (_, flow, code) in self.facts.trade_shares if flow == "total"}
        for code in asked:
            if code not in stated:
                draft.gap("share_missing", country=w.name(code), stated=w.join([w.name(c) for c in sorted(stated)]))
                self._offer_partners(draft, w, [code])
        if asked and "CN" not in reading.slots.countries and not reading.slots.others:
            # another country's share was asked, and is not in the brief: China's would answer another question; but
            # a share the question states is told for what it is ("Russia has 96.7% of its trade?": China's)
            if (stated_pct := reading.slots.stated_pct) is not None and not stated_pct.is_integer():
                # (a round share, "1%", may be anyone's: only one written as the brief writes it, "96.7%", is told)
                self._stated_elsewhere(draft, w, Slots(stated_pcts=reading.slots.stated_pcts), percent(stated_pct))
            return
        rest = [s for s in self.facts.statements_on(topic="partners") if "CN" not in s.countries]
        for (year, flow, code), row in self.facts.trade_shares.items():
            if flow != "total":
                continue
            if reading.slots.others or asked:  # the rest is what was asked: it comes first
                remainder = row.model_copy(update={"share_pct": round(100 - row.share_pct, 1)})
                self._computed(draft, f"100% - {percent(row.share_pct)} = {percent(remainder.share_pct)}")
                draft.add("china_rest_first", rest=percent(remainder.share_pct), share=percent(row.share_pct),
                          year=year, others=w.join([w.name(c) for s in rest for c in s.countries]),
                          value=self._share_of_total(draft, w, remainder))
                draft.cite(row.source, *(s.source for s in rest))
                continue
            self._stated_share(draft, w, reading.slots, [row.share_pct], percent)  # "China is 50% of trade, isn't it?"
            draft.add("china_share", share=percent(row.share_pct), year=year, value=self._share_of_total(draft, w, row))
            draft.cite(row.source)
            others = [w.name(c) for s in rest for c in s.countries]
            if others:
                draft.add("china_rest", rest=percent(round(100 - row.share_pct, 1)), others=w.join(others))
                self._computed(draft, f"100% - {percent(row.share_pct)} = {percent(round(100 - row.share_pct, 1))}")
                draft.cite(*(s.source for s in rest))
            partner = self.facts.partner_by_code.get(code)
            if partner is not None and not (reading.slots.flows and "exports" not in reading.slots.flows
                                            and "share" in reading.slots.asks
                                            and not {"difference", "versus"} & reading.slots.asks):
                # (not of "what share of total trade is China?": its share of exports answers another question)
                draft.add("china_exports", value=w.money(partner.value_usd), table_share=percent(partner.share_pct))
                if {"difference", "versus"} & reading.slots.asks:  # "the gap between its share of trade and of exports"
                    self._share_gap(draft, row, partner)
        self._statements(draft, w, [s for s in self.facts.statements_on(topic="partners") if "CN" in s.countries])

    # ------------------------------------------------------------------ goods and statements
    def _goods(self, draft: Draft, w: Writer, reading: Reading) -> None:
        countries = [c for c in reading.slots.countries if c != SUBJECT]
        if countries == ["RU"] and "exports" not in reading.slots.flows:  # "what does Russia give North Korea?"
            self._russia(draft, w, reading)
            return
        if countries:  # the brief names goods for North Korea's trade as a whole only
            draft.gap("goods_by_partner", countries=w.join([w.name(c) for c in countries]))
            self._offer_partners(draft, w, countries)
        flows: tuple[Flow, ...] = tuple(f for f in reading.slots.flows if f != "total") or ("exports", "imports")
        own = [g for g in self.facts.goods if g.supplier == SUBJECT]
        if len(flows) == 1 and reading.text:  # "is coal its biggest import?": coal is an export
            named = [g for g in own if (words := self._goods_named.get(g.item)) and words.search(reading.text)]
            if named and all(g.flow != flows[0] for g in named):
                draft.gap(f"goods_in_{named[0].flow}", items=w.join([self._good(w, g) for g in named]))
        for flow in flows:
            goods = [g for g in own if g.flow == flow]
            key = f"{flow}.KP"
            if flow == "exports":
                for g in (g for g in goods if g.top):
                    detail = self.facts.text("goods", f"{key}.{g.item}.detail", w.lang) if g.detail else "-"
                    draft.add("goods_exports", item=self.facts.text("goods", f"{key}.{g.item}", w.lang),
                              detail=detail)
            elif goods:
                draft.add("goods_imports", items=w.join([self.facts.text("goods", f"{key}.{g.item}", w.lang)
                                                         for g in goods]))
            draft.cite(*(g.source for g in goods))
        if reading.slots.money or {"share", "amount", "ratio", "sum"} & reading.slots.asks:
            draft.gap("goods_no_values")  # "the dollar value of coal exports", "coal's share": that part first
        else:
            draft.add("goods_no_values")

    def _good(self, w: Writer, good: Good) -> str:
        """The name of one of the goods in the reader's language, with its detail: "mineral products (including
        coal)"."""
        key = f"{good.flow}.{good.supplier}.{good.item}"
        name = self.facts.text("goods", key, w.lang)
        return f"{name} ({self.facts.text('goods', f'{key}.detail', w.lang)})" if good.detail else name

    def _russia(self, draft: Draft, w: Writer, reading: Reading) -> None:
        goods = [g for g in self.facts.goods if g.supplier == "RU"]
        items = [self.facts.text("goods", f"{g.flow}.RU.{g.item}", w.lang) for g in goods]
        slots = reading.slots
        valued = slots.money or slots.dollars or "amount" in slots.asks  # "the dollar value of Russia's food"
        if valued:
            draft.gap("russia_values_missing")
        draft.add("russia_supplies", items=w.join(items))
        if not valued:
            draft.add("russia_no_values")
        draft.cite(*(g.source for g in goods))

    def _topic(self, topic: str, draft: Draft, w: Writer, reading: Reading) -> None:
        """The claims on `topic` (a prose intent), the one matching the question best first."""
        hits = [h for h in self.passages.search(reading.text, w.lang, limit=len(self.facts.statements))
                if h.statement.topic == topic] if reading.text else []
        on_topic = [s for s in self.facts.statements if s.topic == topic]
        ranked = [h.statement for h in hits]
        matched = len([h for h in hits if h.score >= hits[0].score * PASSAGE_CLOSE]) if hits else 0
        counted: list[Statement] = []
        if ("amount" in reading.slots.asks and "change" not in reading.slots.asks and hits and not reading.slots.years
                and not _FIGURE.search(hits[0].statement.claim)):
            # "how many shells did they send": a claim that puts a figure on it, if one matches nearly as well ("has
            # sent ... more than 6.5mn shells" shares fewer words with "send" than "the volume of shells it sends");
            # not for a year asked, which the figure may not be of
            counted = [h.statement for h in hits[:matched + PASSAGES_SHOWN]
                       if _FIGURE.search(h.statement.claim) and h.score >= hits[0].score * PASSAGE_FIGURE]
            ranked, matched = counted + _besides(ranked, counted), matched + len(counted)
        ranked, matched = self._spoken_first(reading, ranked + _besides(on_topic, ranked), matched)
        if not self._says_what_is_missing(draft, w, reading, ranked[:matched] if matched else ranked):
            draft.add(f"{topic}_intro")  # (a line saying what is missing introduces the claims itself)
        self._passages(draft, w, ranked, matched, topic)
        self._quote(draft, ranked, len(counted) or matched)  # ("how many shells": the claim with a figure)

    def _spoken_first(self, reading: Reading, statements: list[Statement],
                      matched: int) -> tuple[list[Statement], int]:
        """`statements` with those of whoever the question asks what they said first ("what did North Korea say",
        "did Pyongyang admit ..."), or of a question of why those that give a reason ("why did shell shipments
        fall"), of the ones that answer best, or of a change asked after them those that tell of one; and how many of
        them answer best."""
        asks = reading.slots.asks
        if "said" in asks and "who" not in asks and reading.text:
            spoken = list(filter(self._makers_named(reading.text, reading.language,
                                                    speaking=SUBJECT in reading.slots.speakers), statements))
            if spoken:
                return spoken + _besides(statements, spoken), len(spoken)
        if "why" in asks:
            reasons = [s for s in statements[:matched] if s.id in self._reasons]
            if reasons:
                return reasons + _besides(statements, reasons), len(reasons)
        if "change" in asks and reading.follow_up and not any(s.id in self._changes for s in statements[:matched]):
            # "how many shells?" - "how much did that change?": the claims of a change, which its words ("how much")
            # may not match best
            changed = [s for s in statements if s.id in self._changes and s.topic == statements[0].topic]
            if changed:
                return changed + _besides(statements, changed), len(changed)
        if "kinds" in asks and (most := max((self._kinds_named.get(s.id, 0) for s in statements), default=0)) > 1:
            # "what weapons did it send?": the claim naming the most kinds of arms first
            listing = [s for s in statements if self._kinds_named.get(s.id, 0) == most]
            return listing + _besides(statements, listing), max(matched, len(listing))
        return statements, matched

    def _quoted(self, draft: Draft, w: Writer, reading: Reading) -> bool:
        """The statement an answer before quoted first, with who made it, who reported it and when, asked of by a
        follow-up ("who said that?", "when was that reported?"); False, writing nothing, when a date is asked and it
        has none, which another of the claims the question matches may have."""
        statements = [s for s in self.facts.statements if s.id in reading.quoted]
        asks = reading.slots.asks
        if ("when" in asks and not any(w.when(s) for s in statements)) or (
                "day" in asks and not any(s.dated and s.dated.day for s in statements)):
            return False
        if not self._says_what_is_missing(draft, w, reading, statements):
            draft.add("prose_intro")
        self._statements(draft, w, statements)
        draft.quoted = reading.quoted
        return True

    def _unquoted_speakers(self, draft: Draft, w: Writer, reading: Reading) -> bool:
        """What a country said, asked where the brief quotes no one of it ("what did Beijing say about the arms?"):
        said first (True when said)."""
        silent = [code for code in reading.slots.speakers if code not in self._quoted_countries]
        if "said" in reading.slots.asks and silent:
            draft.gap("prose_no_speaker", country=w.join([w.name(code) for code in silent]))
        return "said" in reading.slots.asks and bool(silent)

    def _says_what_is_missing(self, draft: Draft, w: Writer, reading: Reading,
                              statements: list[Statement]) -> bool:
        """A question of when ("when was the security pact signed") that the statements found date nowhere, of a
        name ("name the intelligence official") that they name no one for, or of how much on a topic no claim of the
        brief puts a figure on, or of what a country said whose people the brief quotes nowhere ("what did Beijing
        say?"): said first (True when said)."""
        asks = reading.slots.asks
        if self._unquoted_speakers(draft, w, reading):  # "what did Beijing say about the arms transfers?"
            return True
        if ("when" in asks and not any(w.when(s) or _YEAR_IN.search(s.claim) for s in statements[:1])) or (
                "day" in asks and not any(s.dated and s.dated.day for s in statements)):
            # ("what day exactly did the trains restart?": the brief says January 2022); the date of the statement
            # that answers best, not of one beside it ("when did flights resume?": air routes are still controlled,
            # though freight trains resumed in January 2022)
            draft.gap("prose_no_date")
            return True
        if "identifier" in asks and not any(_IDENTIFIED.search(s.claim) for s in statements):
            draft.gap("prose_no_identifier")  # "which UN resolutions, by number?", "the pact's formal name?"
            return True
        if "name" in asks and not any(s.people for s in statements):
            draft.gap("prose_no_name")
            return True
        if (("amount" in asks or reading.slots.money or reading.slots.dollars or reading.slots.stated is not None)
                and statements and all(s.topic in self._figureless for s in statements)):
            # "how big is unofficial trade", "unofficial trade is $500mn, right?", "any dollar figure for unofficial
            # trade?": the brief says only that it grew
            draft.gap("prose_no_figure")
            return True
        if "amount" in asks and "exact" in asks and statements:
            draft.gap("prose_no_exact")  # "how many missiles exactly?": its claims say "dozens", "millions of rounds"
            return True
        years = reading.slots.years
        if years and not any(str(y) in s.claim or str(y) == (s.date or "")[:4]
                             for s in statements[:PASSAGES_SHOWN] for y in years):
            # "how many shells did it send in 2024", "KOTRA 2025년 자료도 있어?": no claim of the brief is of that year
            draft.gap("prose_no_year", years=w.join([str(y) for y in years]))
            return True
        return False

    def _passages(self, draft: Draft, w: Writer, statements: list[Statement], matched: int, topic: str) -> None:
        """The statements that answer best first; the rest of the topic behind a "more" button."""
        shown = statements[:max(PASSAGES_LEAST, min(PASSAGES_SHOWN, matched)) if matched else PASSAGES_SHOWN]
        self._statements(draft, w, shown)
        rest = statements[len(shown):]
        if rest:
            data = f"{PASSAGE_DATA}|{w.lang}|"
            for s in rest:  # as many as fit in a button's 64 bytes
                number = str(self.facts.statement_number[s.id])
                if len(data) + len(number) + 1 > BUTTON_DATA_LIMIT:
                    break
                data += number if data.endswith("|") else f",{number}"
            draft.choose(w.text("choice_more", topic=w.text(f"topic_{topic}")), data)

    def _released(self, draft: Draft, w: Writer) -> tuple[Source, Source | None]:
        """Who released the trade figures and when, and who reported them when: a line, and the two sources."""
        facts = self.facts
        kotra = facts.sources[facts.partners[0].source]
        outlet = next((s for s in facts.sources.values() if s.kind == "news report" and s.published
                       and s.published >= (kotra.published or s.published)), None)
        draft.add("sources_intro", name=kotra.name, full_name=facts.text("source", f"{kotra.id}.full_name", w.lang),
                  released=day(kotra.published, w.lang), outlet=w.source(outlet.id) if outlet else "-",
                  published=day(outlet.published if outlet else None, w.lang))
        draft.cite(kotra.id, *([outlet.id] if outlet else []))
        return kotra, outlet

    def _sources(self, draft: Draft, w: Writer, reading: Reading) -> None:
        facts = self.facts
        if "author" in reading.slots.asks:  # "who wrote this article?": its outlet is known, no author
            draft.gap("sources_no_author")
        elif "name" in reading.slots.asks:  # "who heads KOTRA?": the brief names its sources' bodies, no one in them
            draft.gap("sources_no_name")
        years = sorted({year for (year, _) in facts.totals})
        if missing := [year for year in reading.slots.years if year not in years]:  # "did KOTRA publish 2024 data?"
            draft.gap("sources_no_year", years=w.join([str(y) for y in missing]), have=w.join([str(y) for y in years]))
        kotra, outlet = self._released(draft, w)
        bases = sorted({(g.year, g.base_year) for g in facts.growth.values()})
        if years and bases:
            draft.add("sources_years", years=w.join([str(y) for y in years]), latest=bases[-1][0], base=bases[-1][1])
        makers = [s for s in facts.sources.values() if s.makes_statements and s.id not in (kotra.id,)
                  and (outlet is None or s.id != outlet.id)]
        draft.add("sources_others", others=w.join([facts.text("source", f"{s.id}.full_name", w.lang)
                                                   for s in makers]))
        classifications = [s for s in facts.sources.values() if not s.makes_statements]
        if classifications:
            draft.add("sources_classifications", names=w.join([w.source(s.id) for s in classifications]))
        self._table_caveat(draft, w)

    # ------------------------------------------------------------------ conversation
    def _greeting(self, draft: Draft, w: Writer, reading: Reading) -> None:
        """A short greeting with questions to try as buttons (/start); /help is the longer guide."""
        if reading.unknown_command:
            draft.gap("unknown_command", command=reading.unknown_command)
        draft.add("greeting")
        self._examples(draft, w)
        self._choice(draft, w, Reading("help", 1.0, language=w.lang))

    def _help(self, draft: Draft, w: Writer, reading: Reading) -> None:
        draft.add("help")

    def _thanks(self, draft: Draft, w: Writer, reading: Reading) -> None:
        draft.add("thanks")

    def _out_of_scope(self, draft: Draft, w: Writer, reading: Reading) -> None:
        codes = reading.slots.countries
        if "others_trade" in reading.slots.asks and codes:  # "how much did Poland export to Togo"
            if len(codes) == 1:  # "China's total trade with the world"
                draft.gap("own_trade", country=w.name(codes[0]))
            else:
                draft.gap("others_trade", first=w.name(codes[0]), second=w.name(codes[1]))
            self._offer_partners(draft, w, codes)  # North Korea's exports to each, as buttons
            return
        draft.gap("out_of_scope")
        self._examples(draft, w)

    def _fallback(self, draft: Draft, w: Writer, reading: Reading) -> None:
        draft.gap("fallback")
        suggestions = [name for name, _ in reading.alternatives if name not in ("out_of_scope", FALLBACK)]
        for name in suggestions:
            self._choice(draft, w, Reading(name, 1.0, reading.slots, language=w.lang))
        self._examples(draft, w)

    def _prose(self, draft: Draft, w: Writer, hits: list[Hit], reading: Reading) -> str:
        """The statements that answer best, the rest of their topic behind "more"; returns the topic."""
        best = hits[0].score
        close = [h.statement for h in hits if h.score >= best * PASSAGE_CLOSE]
        topic = close[0].topic
        matching = [h.statement for h in self.passages.search(reading.text, w.lang, limit=len(self.facts.statements))
                    if h.statement.topic == topic]  # the rest of the topic, those the question matches at all first
        ranked = close + _besides(matching, close)
        ranked += _besides([s for s in self.facts.statements if s.topic == topic], ranked)
        ranked, matched = self._spoken_first(reading, ranked, len(close))
        if (other := self._said_by_another(reading, w.lang)) is not None:
            # "The White House said 6.5 million shells - can I run that?": whose figure it is, first
            named, stated = other
            draft.gap("prose_other_maker", named=w.join([w.source(s) for s in named]),
                      maker=w.join(list(dict.fromkeys(w.source(s.source) for s in stated))))
            ranked, matched = stated + _besides(ranked, stated), len(stated)
        elif not self._says_what_is_missing(draft, w, reading, ranked[:matched]):
            draft.add("prose_intro")
        self._passages(draft, w, ranked, matched, topic)
        self._quote(draft, ranked, max(matched, len(close)))
        return topic

    @staticmethod
    def _quote(draft: Draft, ranked: list[Statement], matched: int) -> None:
        """Keep the statement a claims answer quoted first, when it alone answers best: the one "who said that?"
        asks of."""
        if matched == 1:
            draft.quoted = (ranked[0].id,)

    def _examples(self, draft: Draft, w: Writer) -> None:
        """Questions the brief answers (knowledge/commands.yaml, try), as buttons in the reader's language."""
        for reading in self.suggestions:
            if len(draft.choices) >= MAX_EXAMPLES:
                break
            self._choice(draft, w, replace(reading, language=w.lang, alternatives=(), text=""))

    def _overview(self, draft: Draft, w: Writer, reading: Reading) -> None:
        """The brief at a glance: what a reader who names only the subject ("North Korea", "DPRK") wants first; of a
        country named ("key points on Russia"), its row of the table and what the brief says of it."""
        facts = self.facts
        codes = [c for c in reading.slots.countries if c in facts.partner_by_code or facts.statements_on(country=c)]
        if codes:
            for code in codes:
                if code in facts.partner_by_code:
                    self._one_partner(draft, w, code)
                self._about(draft, w, code, reading.text)
            return
        draft.add("overview_intro")
        lines, sources = self.digest.glance_lines(w.lang)
        draft.extend(lines)
        draft.cite(*sources)
        for intent in ("ranking", "arms", "sources"):
            self._choice(draft, w, Reading(intent, 1.0, language=w.lang))

    # ------------------------------------------------------------------ charts
    def _chart_partners(self, draft: Draft, w: Writer, reading: Reading) -> None:
        partners = self.facts.partners
        n = max(1, min(reading.slots.n or DEFAULT_CHART_BARS, len(partners)))
        shown, rest = partners[:n], partners[n:]
        labels = [w.name(p.country) for p in shown]
        values: list[float | None] = [p.share_pct for p in shown]
        if rest:
            labels.append(w.text("chart_others", count=len(rest)))
            values.append(sum(p.share_pct for p in rest))
        year = self.facts.partner_table_year
        title = w.text("chart_partners_title", n=len(shown), year=year or w.text("chart_year_unknown"))
        draft.chart = Chart("partners", title, tuple(labels), (Series(w.text("chart_share"), tuple(values)),),
                            "percent", "")
        self._ranking(draft, w, replace(reading, slots=replace(reading.slots, n=n)))
        if rest:
            self._computed(draft, w.text("chart_rest_formula", count=len(rest)))

    def _chart_trend(self, draft: Draft, w: Writer, reading: Reading) -> None:
        years = sorted({y for (y, _) in self.facts.totals})
        series = tuple(
            Series(w.flow(flow).capitalize(),
                   tuple(self.facts.totals[(y, flow)].value_usd if (y, flow) in self.facts.totals else None
                         for y in years))
            for flow in ("total", "imports", "exports") if any((y, flow) in self.facts.totals for y in years))
        draft.chart = Chart("trend", w.text("chart_trend_title"), tuple(map(str, years)), series, "usd", "")
        shown = [f"{y} {w.money(self.facts.totals[(y, 'total')].value_usd)}" for y in years
                 if (y, "total") in self.facts.totals]
        draft.add("chart_trend", years=w.join(shown))
        draft.cite(*(t.source for t in self.facts.totals.values()))
        for year in sorted(set(reading.slots.years) - set(years)):  # "the 2016 total too, for the long-run trend"
            draft.gap("volume_missing_year", flow=w.flow("total"), year=year,
                      available=w.join([str(y) for y in years if (y, "total") in self.facts.totals]))


def _names_partners(text: str) -> bool:
    """Whether a question asks for the sum of the table's partners ("the total of all the partners except China"),
    not who the rest of trade is with ("the other partners besides China")."""
    words = set(fold(text).split())
    return bool(words & {"partner", "partners", "buyers", "countries"}) and bool(words & {"total", "all", "sum"})


def _is_stated(stated: float, figure: float) -> bool:
    """Whether a percentage a question states is the brief's `figure`, rounded."""
    return abs(stated - figure) <= STATED_TOLERANCE * abs(figure) + 0.05


def _signed(slots: Slots) -> Slots:
    """`slots` with the rates of change they state below zero when a word of a fall states them ("it fell 86.9%")."""
    if "fall" not in slots.asks:
        return slots
    return replace(slots, stated_pcts=tuple(-abs(pct) for pct in slots.stated_pcts))


def _states(slots: Slots, value: float) -> bool:
    """Whether the amount a question states is `value`: within the tolerance, or `value` rounded to the digits
    written."""
    return slots.stated is not None and (abs(slots.stated - value) <= _tolerance(slots) * abs(value)
                                         or _rounded_from(slots.stated, value))


def _tolerance(slots: Slots) -> float:
    """How far from the brief's amount one a question states may be and still be it: said to be approximate
    ("roughly half a million"), or not."""
    return APPROXIMATE if "approximate" in slots.asks else STATED_TOLERANCE


def _rounded_from(stated: float, value: float) -> bool:
    """Whether `stated` is `value` rounded to the last digit the reader wrote, and not far from it: "over two
    billion" and "$2bn" are $2.06bn rounded, "4 million" is $4.1mn; "$1.79bn" is not $1.97bn, nor "$7mn" $6.6mn."""
    if stated <= 0 or abs(stated - value) > ROUNDED_TOLERANCE * value:
        return False
    step = 10 ** floor(log10(stated))
    while step > 1 and round(stated / step, 6) % 1:  # the last digit written: 140mn is to the ten million
        step /= 10
    return isclose(round(value / step) * step, stated, rel_tol=1e-9)


def _besides(statements: list[Statement], taken: list[Statement]) -> list[Statement]:
    """`statements` that are not in `taken`, in order (by identity: each statement is one object of the fact store,
    and comparing pydantic models field by field is slow)."""
    ids = {id(s) for s in taken}
    return [s for s in statements if id(s) not in ids]


def _among(statements: list[Statement], allowed: list[Statement]) -> list[Statement]:
    """`statements` that are in `allowed`, in order (by identity, as `_besides`)."""
    ids = {id(s) for s in allowed}
    return [s for s in statements if id(s) in ids]
