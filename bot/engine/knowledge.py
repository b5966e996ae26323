"""What the bot knows about language: intents, vocabulary and wording, from knowledge/."""
from __future__ import annotations

import csv
import html
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bot.engine.loading import read_yaml, validate
from bot.engine.places import Place
from bot.engine.text import fold
from bot.engine.writing import korean_particles
from bot.errors import DataError

SlotUse = Literal["required", "optional", "many"]
SLOT_NAMES = ("country", "region", "year", "flow", "n", "order", "position")
Phrase = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CYRILLIC_NAME = re.compile(r"[\u0400-\u04ff]")
FREQUENT_WORDS = 1000  # a name that is one of a language's 1,000 most frequent words needs a capital ("Того")


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IntentSpec(Strict):
    summary: Phrase
    slots: dict[str, SlotUse] = {}
    examples: list[Phrase] = Field(min_length=1)

    @field_validator("slots")
    @classmethod
    def _known_slots(cls, slots: dict[str, SlotUse]) -> dict[str, SlotUse]:
        unknown = set(slots) - set(SLOT_NAMES)
        if unknown:
            raise ValueError(f"unknown slot(s) {', '.join(sorted(unknown))}; known: {', '.join(SLOT_NAMES)}")
        return slots


class CommandSpec(Strict):
    intent: Phrase
    description: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    usage: Phrase | None = None
    example: Phrase | None = None
    flow: Literal["total", "imports", "exports"] | None = None
    required: Literal["country"] | None = None
    number: Literal["n", "year"] | None = None  # what a number in the argument is: /top 5, /total 2019
    default: Annotated[int, Field(ge=1)] | None = None  # the number when none is given: /top is /top 10
    keywords: dict[Phrase, Phrase] = {}  # a first argument that picks another intent: /chart trend


class CommandsFile(Strict):
    commands: dict[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,32}$")], CommandSpec]
    headlines: list[Phrase] = Field(min_length=1, max_length=50)
    try_: list[Phrase] = Field(default=[], alias="try", max_length=3)
    chat_commands: dict[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,32}$")],
                        Annotated[str, StringConstraints(min_length=1, max_length=256)]] = {}


class IntentsFile(Strict):
    intents: dict[str, IntentSpec] = Field(min_length=1)


class Words(Strict):
    """The words of one language; English's are in vocabulary.yaml, others' in languages/<code>.yaml."""

    subject: list[Phrase] = []
    flows: dict[Literal["total", "imports", "exports"], list[Phrase]] = {}
    latest_year: list[Phrase] = []
    year_before: list[Phrase] = []  # "the year before": a year less than the one named or asked about before
    year_after: list[Phrase] = []  # "the year after": a year more
    years_words: list[Phrase] = []  # after a count, before one of the next ("two years later"): years moved by it
    years_later: list[Phrase] = []
    years_earlier: list[Phrase] = []
    # the last word of such a phrase that takes a year after it: "the year before 2023" is 2022, "the year after 2020"
    # 2021, but "the previous year, 2022" and "годом раньше, в 2022-м" are 2022
    year_before_of: list[Phrase] = []
    partitive: list[Phrase] = []  # "of", "из": after "one", one of several ("one of the largest"), not a count
    ascending: list[Phrase] = []
    number_words: dict[str, Annotated[int, Field(ge=1, le=1000)]] = {}
    year_words: dict[str, Annotated[int, Field(ge=1900, le=2100)]] = {}  # a year in words: "в двадцать первом году"
    ordinals: dict[str, Annotated[int, Field(ge=2, le=99)]] = {}  # "second": a place in a ranking
    # a phrase written as one word too, read as that word: Russian "на сколько" (by how much) is "насколько", not
    # "сколько" (how much) after a stopword
    joined: dict[str, str] = {}
    stopwords: list[Phrase] = []
    suffixes: list[Phrase] = []  # endings glued to a word, such as Korean particles: 수출은 is 수출
    verb_endings: list[Phrase] = []  # endings that make a noun a verb: Korean 수입하는 (importing) is 수입
    months: list[Phrase] = []  # names of months: a figure asked for a month is a monthly figure, which the brief lacks
    # units and measures the brief never gives (tonnes, barrels, monthly figures): unit id -> words for it
    units: dict[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")], list[Phrase]] = {}
    others: list[Phrase] = []  # "other than", "excluding": the question is about the rest
    rest_words: list[Phrase] = []  # "other", "rest": with a sum and "than", one partner against the rest
    others_after: list[Phrase] = []  # and after the country they leave out ("China aside")
    # phrases that leave out a country only when they name it ("не идёт в Китай", "중국에 안 가는"), but not a
    # place in a list ("не попадает в топ-3")
    others_named: list[Phrase] = []
    others_around: list[Phrase] = []  # a word before and one after the countries left out ("leaving China out")
    example_words: list[Phrase] = []  # before a country after a region: an example of it ("African partners like Togo")
    own_trade_words: list[Phrase] = []  # a country's trade with the world: its own, not North Korea's
    # before a country whose trade is the whole of a share ("what share of China's imports"), and the words that may
    # stand between it and the flow ("of China's foreign trade")
    whole_of: list[Phrase] = []
    flow_qualifiers: list[Phrase] = []
    buying: list[Phrase] = []  # flow words that say who buys (see vocabulary.yaml)
    selling: list[Phrase] = []  # flow words that, after a country, say it sells (see vocabulary.yaml)
    giving: list[Phrase] = []  # words of giving goods, and of getting them: they tell who gives (vocabulary.yaml)
    getting: list[Phrase] = []
    from_words: list[Phrase] = []  # "from": the goods come from what follows
    owner_words: list[Phrase] = []  # from_words that also say whose a thing is ("импорт у КНДР": North Korea's own)
    made_goods: list[Phrase] = []  # after North Korea's name, its goods (see vocabulary.yaml)
    arrival_words: list[Phrase] = []  # "came": with "from" a country, goods it sends (North Korea's imports)
    to_words: list[Phrase] = []  # "to": the goods go to what follows
    with_words: list[Phrase] = []  # "with": a country's trade with what follows ("China's trade with Russia")
    compare_words: list[Phrase] = []  # "compare": two things are compared ("compare Poland exports to Togo")
    places_after: list[Phrase] = []  # "with", "in": a name of a place may follow
    name_particles: list[Phrase] = []  # Korean particles after a name that a flow follows: 와칸다에 수출
    products: list[Phrase] = []  # "which goods": the question asks what is traded
    # sources the brief draws nothing from ("the World Bank", "Chinese customs"): said first, never answered for
    outside_sources: list[Phrase] = []
    outside_with: list[Phrase] = []  # words beside such a source's name that make a figure its: "according to", "data"
    # words that ask of the brief as a whole ("summary", "headline figures"), not of a topic in it ("sanctions")
    general_words: list[Phrase] = []
    product_nouns: list[Phrase] = []  # "things": what is traded, beside a flow word
    # the words that name each of the goods of data/goods.csv, by its item: "coal" is of the mineral products
    goods_words: dict[str, list[Phrase]] = {}
    share_words: list[Phrase] = []  # "share": a part of a whole
    ratio_words: list[Phrase] = []  # "times": a multiple
    sum_words: list[Phrase] = []  # "combined": a sum
    who_words: list[Phrase] = []  # "who said": the question asks who made a claim
    said_words: list[Phrase] = []  # "what did ... say": the question asks what someone said
    largest_words: list[Phrase] = []  # "biggest": said of one country, a claim that it ranks first
    above: list[Phrase] = []  # "above", "ahead of": the partner ranked just before the country that follows
    below: list[Phrase] = []  # "below", "after": the partner ranked just after it
    next_words: list[Phrase] = []  # "next", "다음": the one after it in the order asked (above it, after "smallest")
    neighbours: list[Phrase] = []  # "its neighbours": the partners ranked just before and just after it
    within: list[Phrase] = []  # "within": a place after which a ranking ends ("10위 안에" is the top ten)
    counting: list[Phrase] = []  # "top": a bare number beside one is a count, not a year
    partner_nouns: list[Phrase] = []  # "partners", "상대국": a place after one is a place, not a count ("상대국 5위")
    money: list[Phrase] = []  # "value", "worth": the question asks for money
    follow_up: list[Phrase] = []  # "and", "what about": words of a follow-up that carry nothing of their own
    refer_back: list[Phrase] = []  # "its", "у неё": a follow-up about what the question before named
    # and these, but not beside a topic of the claims ("does it account for unofficial trade?")
    refer_back_share: list[Phrase] = []
    courtesy: list[Phrase] = []  # "could you", "I was wondering": politeness that asks nothing (3 words at most)
    # a name next to these is a person's, not a place ("my friend Jordan", "I'm Polish", "Jordan from my class"),
    # and so is one opening the message before person_opening ("Chad here 👋")
    person_before: list[Phrase] = []
    city_before: list[Phrase] = []  # "the city of": a country's name after it is a city's
    city_after: list[Phrase] = []  # "- the city in Colombia": the country's name before it is a city's
    city_in: list[Phrase] = []  # "in": the country a city named like a country is in follows
    region_before: list[Phrase] = []  # "the region of": as city_before, of a region within a country
    region_after: list[Phrase] = []  # "- the region in Greece": as city_after, of a region within a country
    person_after: list[Phrase] = []
    person_opening: list[Phrase] = []
    person_greeting: list[Phrase] = []  # "hi", "hey": before a name that opens a message ("hi, Chad here")
    idioms: list[Phrase] = []  # "think tank": words that together ask nothing of what each alone would (a weapon)
    mean_words: list[Phrase] = []  # "average": a mean over partners
    when_words: list[Phrase] = []  # "when", "on what date": the answer must say when
    versus_words: list[Phrase] = []  # "more than", "compared to": after a partner, another one named is compared
    mismatch_words: list[Phrase] = []  # "how does that add up": with the table, its total against the exports
    meaning_words: list[Phrase] = []  # "what does $710mn refer to": with a figure stated, the question of that figure
    table_words: list[Phrase] = []  # "the table", "таблица": the brief's partner table
    region_words: list[Phrase] = []  # "which region", "continent": of a country named, where UN M49 places it
    recovery_words: list[Phrase] = []  # "back to", "вернулась": a year's level against an earlier one
    needed_words: list[Phrase] = []  # "would have to", "нужно": the growth a recovery would take
    tie_words: list[Phrase] = []  # "tied", "the same amount": partners whose figures are equal
    exact_words: list[Phrase] = []  # "exactly": an exact figure asked, which claims seldom give
    confirmed_words: list[Phrase] = []  # "is that confirmed?": of a claim, whether anyone has confirmed it
    day_words: list[Phrase] = []  # "what day": the day of a date asked, which a month does not answer
    publication_words: list[Phrase] = []  # "the article": the report of the brief, not a claim in it
    counted_things: list[Phrase] = []  # "shells": a number before it counts things, not dollars
    negations: list[Phrase] = []  # "not": the country after it taken back, where another is named
    among_words: list[Phrase] = []  # "one of", "один из": one among several, not the one
    since_words: list[Phrase] = []  # "since", "이후": growth from a year on, not in it ("trade growth since 2021")
    until_words: list[Phrase] = []  # "by", "к": right before a year, the year a change runs to ("change by 2023")
    auxiliaries: list[Phrase] = []  # "did", "has": before a country and a word of saying, it is asked what it said
    since_year: list[Phrase] = []  # "с": right before a year, the year a change runs from ("вырос с 2021")
    pandemic_words: list[Phrase] = []  # "covid", "코로나": a year set against the pandemic, so against 2019
    both_words: list[Phrase] = []  # "the two", "эти две": the two countries asked about in turn
    those_words: list[Phrase] = []  # "those", "этих": with a count, the countries asked about before
    again_words: list[Phrase] = []  # "the same", "то же самое": the question before, asked again of what is named
    object_words: list[Phrase] = []  # "what does", "뭘": a thing asked for, of a flow perhaps its goods
    why_words: list[Phrase] = []  # "why", "for what": the statement giving a reason comes first
    # "about", "roughly": an amount the question states is near enough within APPROXIMATE (compose.py), not 1.5%
    approximate_words: list[Phrase] = []
    scale_words: list[Phrase] = []  # "is that a lot?": after a figure, that figure again with its share and rank
    # words that say the same thing in the brief's prose, the first of each group standing for them all: a question
    # that says "drop" finds the statement that says "fell" ("who reported the drop in shell shipments?")
    same_words: list[list[Phrase]] = []
    # how the brief's (English) statements give a reason: "as its stockpiles run out", "thanks to the conflict"
    translit_words: list[Phrase] = []  # Russian words typed in Latin letters: "skolko", "eksport"
    kinds_words: list[Phrase] = []  # "what weapons": the claims listing the most kinds first
    arms_kinds: list[Phrase] = []  # kinds of arms, as the brief's English claims name them
    reason_markers: list[Phrase] = []
    difference_words: list[Phrase] = []  # "difference", "minus": with imports and exports, the trade balance
    balance_words: list[Phrase] = []  # "deficit", "surplus": the trade balance, however else the question reads
    amount_words: list[Phrase] = []  # "how much", "how big": the answer must give a figure
    percent_words: list[Phrase] = []  # "percent", "процентов": a number before one is a percentage ("72 процента")
    change_words: list[Phrase] = []  # "grew", "fell": a percentage beside one is a rate of change the reader states
    implied_words: list[Phrase] = []  # "imply", "back out": a year's figure worked out from another's
    each_words: list[Phrase] = []  # "any", "each": of a region's partners one by one, not together
    apart_words: list[Phrase] = []  # "places apart": two partners' distance in the table, in places
    partner_wh: list[Phrase] = []  # "who", "where", "кому": of a flow, its partners, not its goods
    release_words: list[Phrase] = []  # "released", "공개": with a word of when, a question of the release
    compound_words: list[Phrase] = []  # a change between two years as a yearly rate, compounded ("CAGR")
    fall_words: list[Phrase] = []  # "fell": of those, the ones of a fall ("it fell 86.9%" states -86.9%)
    name_words: list[Phrase] = []  # "name the official": the answer must name someone
    role_words: list[Phrase] = []  # "minister": an office-holder asked for, not a total
    identifier_words: list[Phrase] = []  # "which resolutions", "formal name": what identifies a thing
    author_words: list[Phrase] = []  # "who wrote this article": its author
    level_words: list[Phrase] = []  # "how low did it fall": the level a change ended at
    onward_words: list[Phrase] = []  # "what's next?" after a ranking: the rows after those shown
    than_words: list[Phrase] = []  # "than": the country after it is the one another is claimed to beat
    more_words: list[Phrase] = []  # "more", "bigger": one partner claimed above another
    less_words: list[Phrase] = []  # "less", "smaller": one partner claimed below another
    median_words: list[Phrase] = []  # "median": the middle partner
    more_than: list[Phrase] = []  # "more than" before or after an amount: partners above it
    less_than: list[Phrase] = []  # "less than": partners below it
    inclusive_bounds: list[Phrase] = []  # "at least", "or more": bounds that include the figure named
    leading_bounds: list[Phrase] = []  # "от", "до": bounds only before an amount; after one, "of" and "to"
    # words that scale an amount ("mn", "million", "만"); digits only are dollars
    amount_scales: dict[str, Annotated[int, Field(ge=1000, le=10**12)]] = {}
    # numbers in words before a scale ("two billion", "сто сорок миллионов"), read as digits; "hundred" multiplies
    numerals: dict[str, Annotated[float, Field(gt=0, le=1000)]] = {}
    numeral_about: list[Phrase] = []  # between the number and its scale, adding nothing: "четыре с лишним миллиона"
    currency: list[Phrase] = []  # "dollars", "usd": a number beside one is an amount ("$" is read as "usd")
    # trade the official totals do not count, by the intent that answers it: "shells" (arms), "smuggling"
    off_the_books: dict[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")], list[Phrase]] = {}
    question_words: list[Phrase] = []  # "what", "сколько", "얼마": after a comma, a question of its own follows
    clause_and: list[Phrase] = []  # "and", "also": may join two questions ("exports to Poland and total trade in 2023")
    # asking, beside a figure, where it comes from and when it was published ("with the source and date"): the
    # figure is answered, and where it was released and reported
    citation_words: list[Phrase] = []
    check_words: list[Phrase] = []  # a sentence of these only asks whether what was said before is right
    measure_words: list[Phrase] = []  # and the words of what it checks, beside them
    statement_words: list[Phrase] = []  # these alone ask only of the statement quoted before ("who said that?")
    framing_words: list[Phrase] = []  # words opening a phrase of time or frame, no question (vocabulary.yaml)
    premise_words: list[Phrase] = []  # "if", "given that": a condition follows, not the question
    place_words: list[Phrase] = []  # "place", "место": a number in words before one is a place in the table
    which_words: list[Phrase] = []  # "which": with a body's name and one of person_nouns, the question asks a name
    whom_words: list[Phrase] = []  # "who": with one of person_nouns a few words after, the question asks a name
    person_nouns: list[Phrase] = []  # "official": "which White House official" asks who it was by name
    place_before: list[Phrase] = []  # "number", "номер": a number after one is a place ("number two after China")
    times: list[Phrase] = []  # "summer": after one, "last" is a time, not the bottom of a ranking
    time_units: list[Phrase] = []  # "min", "минут": a number before one is how long, not a count ("filing in 10 min")
    # "para", "абзац": a number after one is the part of a text it is in, not a count ("para 1 of our draft")
    text_parts: list[Phrase] = []
    # words after which a country's name that is also one of the language's most frequent words is that word, not the
    # name: "Того же года" is "of that same year"; "Того вроде второй?" asks about Togo
    word_before: list[Phrase] = []
    word_after: list[Phrase] = []  # and before which it is: "от того" is "of that", "кроме того" "besides"
    range_before: list[Phrase] = []  # "between": two amounts follow, joined by a word of range_and
    range_and: list[Phrase] = []  # "and", "to": between the two amounts of a range
    range_after: list[Phrase] = []  # "사이": after the two amounts of a range
    # places that are not countries, by the ISO code of their country: common names knowledge/places.csv lacks
    places: dict[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")], list[Phrase]] = {}

    def merged(self, other: Words) -> Self:
        """These words and `other`'s together: lists joined, mappings joined key by key."""
        update: dict[str, object] = {}
        for name in Words.model_fields:
            mine, theirs = getattr(self, name), getattr(other, name)
            if isinstance(mine, list):
                update[name] = mine + theirs
                continue
            joined = dict(mine)  # words by key joined; a number ("five": 5) is the other language's own
            for key, value in theirs.items():
                joined[key] = joined.get(key, []) + value if isinstance(value, list) else value
            update[name] = joined
        return self.model_copy(update=update)


class Vocabulary(Words):
    country_aliases: dict[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")], list[Phrase]]
    # UN M49 regions (002) and groupings of data/groupings.csv (eu)
    region_aliases: dict[Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$|^[a-z]{2,10}$")], list[Phrase]]
    case_sensitive_aliases: dict[str, Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]]
    shorthand: dict[str, str] = {}  # a phone typist's word and the word it stands for ("wat": what, "r": are)
    # countries, regions and groupings whose English name takes "the" in a sentence
    with_the: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$|^[0-9]{3}$|^[a-z]{2,10}$")]] = []
    # languages besides the bot's own whose names of countries are read (CLDR's, by babel): "Países Bajos", "Spanyol"
    name_languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]] = []
    # ISO codes that, written in capitals, are far more often a word or an abbreviation ("Poland AND Spain", "my IR
    # seminar", "what does IT stand for"): never read as a country
    not_codes: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}$")]] = []
    # ... and in lower case, in a message of a few words ("pl?"), those more often a sound or an abbreviation ("hm")
    not_codes_lower: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]] = []
    # names of places that are far more often ordinary words after the words listed, or always when none are (운송
    # 수단 is a means of transport, not Sudan; 건지 is "whether", not Guernsey)
    ordinary_names: dict[str, list[str]] = {}


_SPECIAL = re.compile(r"[&<>]")  # what HTML escaping changes (quotes are left as they are)


@dataclass(frozen=True)
class Template:
    """One answer wording, ready to fill for Telegram HTML and for plain text."""

    html: str
    plain: str
    finish: Callable[[str], str] | None = None  # what the language does to a filled line (Korean particles)

    def fill(self, **values: object) -> tuple[str, str]:
        """The wording with `values` in it, as (html, plain); values are escaped for HTML."""
        texts = {k: str(v) for k, v in values.items()}
        escaped = texts  # most values have nothing to escape: one dictionary serves both
        if any(_SPECIAL.search(t) for t in texts.values()):
            escaped = {k: html.escape(t, quote=False) for k, t in texts.items()}
        filled = self.html.format_map(escaped), self.plain.format_map(texts)
        return (self.finish(filled[0]), self.finish(filled[1])) if self.finish else filled


FINISHING: dict[str, Callable[[str], str]] = {"ko": korean_particles}  # by language


def compile_template(text: str, lang: str = "en") -> Template:
    """Turn '**bold** {x}' into an HTML and a plain template."""
    return Template(_BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False)), _BOLD.sub(r"\1", text),
                    FINISHING.get(lang))


class LanguagePack(Strict):
    """Everything one more language needs: its words, example phrasings by intent, and answer wording."""

    words: Words = Words()
    examples: dict[str, list[Phrase]] = {}
    answers: dict[str, str] = {}
    commands: dict[str, Annotated[str, StringConstraints(min_length=1, max_length=256)]] = {}  # the menu


class Wording:
    """Answer templates of one language, falling back to English."""

    def __init__(self, templates: dict[str, dict[str, Template]]) -> None:
        self.templates = templates

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages answers can be written in, English first."""
        return tuple(self.templates)

    def get(self, key: str, lang: str) -> Template:
        """The template `key` in `lang`, or in English when that language lacks it."""
        return self.templates.get(lang, {}).get(key) or self.templates["en"][key]


@dataclass(frozen=True)
class Knowledge:
    """Intents, vocabulary and wording, validated."""

    intents: dict[str, IntentSpec]
    examples: dict[str, dict[str, list[str]]]  # intent -> language -> phrasings
    vocabulary: Vocabulary
    wording: Wording
    commands: dict[str, CommandSpec]
    headlines: list[str]
    suggestions: list[str]  # questions offered as buttons to try
    chat_commands: dict[str, str]
    menus: dict[str, dict[str, str]]  # language -> command -> its description in the menu
    common_words: frozenset[str]  # ordinary words of the bot's languages, from knowledge/words/
    frequent_words: frozenset[str]  # the most frequent of them (the first lines of each list): "того", "the"
    places: tuple[tuple[str, Place], ...]  # places that are not countries, by folded name: places.csv, the vocabulary

    @classmethod
    def load(cls, folder: Path) -> Knowledge:
        """Read and validate knowledge/; raise DataError naming the file and the problem."""
        intents_path, vocab_path, answers_path, commands_path = (
            folder / f for f in ("intents.yaml", "vocabulary.yaml", "answers.yaml", "commands.yaml"))
        intents = validate(intents_path, None, IntentsFile, read_yaml(intents_path)).intents
        commands_file = validate(commands_path, None, CommandsFile, read_yaml(commands_path))
        commands = commands_file.commands
        for name, command in commands.items():
            if command.intent not in intents:
                raise DataError(commands_path, None,
                                f"commands.{name}: intent {command.intent!r} is not in intents.yaml")
            for intent in command.keywords.values():
                if intent not in intents:
                    raise DataError(commands_path, None,
                                    f"commands.{name}: keyword intent {intent!r} is not in intents.yaml")
            if command.required and not (command.usage and command.example):
                raise DataError(commands_path, None, f"commands.{name}: a required argument needs usage and example")
        vocabulary = validate(vocab_path, None, Vocabulary, read_yaml(vocab_path))
        raw = read_yaml(answers_path)
        if not isinstance(raw, dict) or not isinstance(raw.get("en"), dict):
            raise DataError(answers_path, None, "must map 'en' to templates")
        english = _templates(answers_path, "en", raw["en"], None)
        templates = {"en": english}
        examples = {name: {"en": list(spec.examples)} for name, spec in intents.items()}
        menus = {"en": {name: spec.description for name, spec in commands.items()} | commands_file.chat_commands}
        for path in sorted((folder / "languages").glob("*.yaml")):
            lang = path.stem
            pack = validate(path, None, LanguagePack, read_yaml(path))
            vocabulary = vocabulary.merged(pack.words)
            for intent, phrases in pack.examples.items():
                if intent not in intents:
                    raise DataError(path, None, f"examples.{intent}: no such intent in intents.yaml")
                examples[intent][lang] = list(phrases)
            templates[lang] = _templates(path, lang, pack.answers, raw["en"])
            unknown = set(pack.commands) - set(commands) - set(commands_file.chat_commands)
            if unknown:
                raise DataError(path, None, f"commands: no such command {', '.join(sorted(unknown))}")
            menus[lang] = pack.commands
        strange = set(vocabulary.off_the_books) - set(intents)
        if strange:
            raise DataError(vocab_path, None, f"off_the_books: no such intent {', '.join(sorted(strange))}")
        needed = [f"unit_{unit}" for unit in vocabulary.units] + [f"label_{intent}" for intent in intents]
        missing = [key for key in needed if key not in english]
        if missing:
            raise DataError(answers_path, None, f"en: no template {', '.join(missing)} (every unit of vocabulary.yaml "
                                                "and every intent needs one)")
        lists = [_word_list(path) for path in sorted((folder / "words").glob("*.txt"))]
        common = frozenset(word for listed in lists for word in listed)
        frequent = frozenset(word for listed in lists for word in listed[:FREQUENT_WORDS])
        places = _place_list(folder / "places.csv")
        # the vocabulary writes names in lower case, as questions are matched; a reader sees them capitalised
        places += [(fold(name), Place(_capitalised(name), "region", code, True))
                   for code, names in vocabulary.places.items() for name in names]
        menus = {lang: menus["en"] | menu for lang, menu in menus.items()}  # English where a language lacks one
        return cls(intents, examples, vocabulary, Wording(templates), commands, commands_file.headlines,
                   commands_file.try_, commands_file.chat_commands, menus, common, frequent, tuple(places))


PLACE_COLUMNS = ["name", "key", "kind", "country", "known"]
_PLACE_KINDS = frozenset({"capital", "city", "province", "region"})
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def _place_list(path: Path) -> list[tuple[str, Place]]:
    """knowledge/places.csv, checked row by row: 23,000 rows written by `python -m bot gazetteer`, read with
    the csv module rather than a pydantic model each, which would cost half a second at every start."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise DataError(path, None, "file is missing (python -m bot gazetteer writes it)") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(path, None, f"not a UTF-8 CSV file ({exc})") from None
    if not rows or rows[0] != PLACE_COLUMNS:
        raise DataError(path, 1, f"the columns must be {', '.join(PLACE_COLUMNS)}")
    places: list[tuple[str, Place]] = []
    for line, row in enumerate(rows[1:], 2):
        if len(row) != len(PLACE_COLUMNS):
            raise DataError(path, line, f"expected {len(PLACE_COLUMNS)} fields, found {len(row)}")
        name, key, kind, country, known = row
        if known not in ("0", "1"):
            raise DataError(path, line, f"column known {known!r}: must be 0 or 1")
        if not name or not key:
            raise DataError(path, line, "column name or key: empty")
        if kind not in _PLACE_KINDS:
            raise DataError(path, line, f"column kind {kind!r}: must be one of {', '.join(sorted(_PLACE_KINDS))}")
        if not _COUNTRY_CODE.match(country):
            raise DataError(path, line, f"column country {country!r}: not an ISO 3166 code like PL")
        places.append((key, Place(name, kind, country, known == "1")))
    return places


def _capitalised(name: str) -> str:
    """A place's name from the vocabulary, where it is written in lower case, as a reader expects it."""
    return name.title() if name.isascii() or _CYRILLIC_NAME.search(name) else name


def _word_list(path: Path) -> list[str]:
    """A word list: one word a line, most frequent first, `#` starts a comment; written folded (as questions are
    folded) by `python -m bot gazetteer`, so that loading it is only splitting it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise DataError(path, None, f"not UTF-8 text ({exc.reason})") from None
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _templates(path: Path, lang: str, entries: object, english: dict[str, str] | None) -> dict[str, Template]:
    """Compile one language's templates; each must use only placeholders its English original has."""
    if not isinstance(entries, dict):
        raise DataError(path, None, f"{lang}: must map template names to text")
    compiled: dict[str, Template] = {}
    for key, text in entries.items():
        if not isinstance(text, str) or not text.strip():
            raise DataError(path, None, f"{lang}.{key}: must be non-empty text")
        fields = _placeholders(path, f"{lang}.{key}", text)
        if english is not None:
            if key not in english:
                raise DataError(path, None, f"{lang}.{key}: no such template in answers.yaml")
            extra = fields - _placeholders(path, f"en.{key}", english[key])
            if extra:
                raise DataError(path, None, f"{lang}.{key}: placeholder(s) {', '.join(sorted(extra))} not in English")
        compiled[key] = compile_template(text, lang)
    return compiled


def _placeholders(path: Path, key: str, text: str) -> set[str]:
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError as exc:
        raise DataError(path, None, f"{key}: {exc}") from None
    for name in fields:
        if not name.isidentifier():
            raise DataError(path, None, f"{key}: placeholder {{{name}}} must be a plain name")
    return fields
