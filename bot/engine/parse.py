"""Reading the parts of a question before its intent: what it names (countries, regions, places that
are not countries), which years, flows and how many, and the units or measures it asks in.

Questions and the knowledge's example phrasings go through the same `Parser.parse`, so that they
compare alike: each named thing becomes a placeholder (<country>, <year>, ...) and what is left are
the words that say what is asked. A question's unknown words then go through `Parser.correct`,
which forgives typos (into a country, or the nearest known word), never turning an ordinary word
into a country.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from math import inf
from typing import NamedTuple, cast

import snowballstemmer
from rapidfuzz import fuzz, process

from bot.engine.facts import Flow
from bot.engine.knowledge import Knowledge
from bot.engine.places import KOREAN_PEOPLE, SUBJECT, Match, Place, PlaceIndex, by_initial, russian_stem
from bot.engine.text import ARTICLES, alternatives, fold, plain_any

COUNTRY, REGION, PLACE, YEAR, N, NUMBER, UNIT, AMOUNT, SUBJECT_TOKEN = (
    "<country>", "<region>", "<place>", "<year>", "<n>", "<num>", "<unit>", "<amount>", "dprk")
PLACEHOLDERS = frozenset({COUNTRY, REGION, PLACE, YEAR, N, NUMBER, UNIT, AMOUNT})
MAX_TOKENS = 60  # a question longer than this is read by its first 60 words
TERSE = 3  # words of a message short enough that a two-letter code in it names a country ("cn share tot")
NEXT = 3  # Slots.neighbour: the partner after the one named in the order asked, below it or, smallest first, above
MIN_FUZZY_LEN = 4
MIN_RUN_TOGETHER = 6  # syllables of a Korean word that is cut as a sentence typed without spaces
RECENT = 16  # parses kept: one message's clauses are parsed more than once (see Parser.parse)
ALL = 999  # the count of "all partners": more than any table has
MIN_STEM = 3
SHORT_YEARS = (15, 29)  # a bare 15..29 with no word of counting beside it is a year written short: 2015..2029
_BEING = frozenset({"is", "are", "was", "were"})  # English verbs of being, folded
# a dollar sign with no amount before or after it: "US$ value", "and the $?" (not "9.7 $mn", "140$ million")
_LONE_DOLLAR = re.compile(r"(?<![\d.,])(?<![\d.,]\s)(?:\bUS)?\$(?![\s\d.,]*\d)", re.IGNORECASE)
_PLUS = re.compile(r"\s\+\s|(?<=[^\W\d_])\+(?=[^\W\d_])")  # a plus sign between words
_US_DOLLARS = re.compile(r"\bU\.?\s?S\.?\s*(?=dollars?\b)", re.IGNORECASE)  # "in US dollars": the currency, no country
_RUNNER_UP = re.compile(r"\brunners?[\s-]+up\b", re.IGNORECASE)  # the second: "China and the runner-up"
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,60}>")  # pasted HTML (<span>) says nothing about the question
# a word written with a capital, not where a sentence after the first opens ("... 150 млн долл. Верно?": "right?", not
# the city Верный); the first word of a message is left out where it is read (Parser.parse)
# a word with a capital, but the English "I", whose capital says nothing ("can I say exports rose 72%?")
_CAPITALIZED = re.compile(r"(?<![\w'])(?<![.!?…]\s)(?!I\b)([A-ZА-ЯЁ][\w'-]*)")
_OPENING = re.compile(r"(?<=[.!?…]\s)([A-ZА-ЯЁ][\w'-]*)")  # and those, which may still be a name ("Спасибо. Того?")
_CODE = re.compile(r"(?<![\w'])[A-Z]{2,3}(?![\w'$])")  # not US$
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF]{2}")  # a flag emoji: two regional indicator letters, 🇰🇷 is KR
_ENGLISH = snowballstemmer.stemmer("english")
# years written short: '23, FY23, 23년(도), в 23-м, 23 г. -> 2023 (two digits need a mark that they are a year); a
# Russian case ending marks a year only of the years a short year may be (SHORT_YEARS), and not of a place in the
# table: "на 10-м месте", "с 15-го по 20-е место"
_SHORT_YEAR = re.compile(r"(?<![\w'])['’](\d{2})\b|\bfy ?(\d{2})\b|"
                         r"(?<!\d)(\d{2})\s*(?:년도|년|г\b\.?|году|года|год)|"
                         r"(?<!\d)(1[5-9]|2\d)\s*-?(?:му|м|й|го)\b(?![^.?!]{0,16}мест)", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# "No. 2 buyer", "#2": number 2, not the word "no"; but "top #5" is the top five
_NUMBER_SIGN = re.compile(r"(?:\bno\.|(?<!top )(?<!топ )(?<!상위 )#)\s*(?=\d)", re.IGNORECASE)
_YEAR_ENDING = re.compile(r"(?<!\d)((?:19|20)\d\d)-(?:ому|ом|му|м|й|го|х)\b")  # Russian 2023-м, 2019-го
# 2020s, 2023년 (with a particle: 2023년의, and the polite 요 after it: 2022년에는요), 2023г
# (2019년은, and 2019는 with the particle glued to the digits)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)(?:s|(?:년도?)?(?:꺼|거|것)?(?:의|에|은|는|이|가|도|부터|까지|보다|와|과"
                   r"|에서|엔|이랑|랑|하고|대비|에는|에도|에서는|부터는|까지는|엔가)?요?|г|гг)?$")
# 5, 5개국, 5개국은: Korean counts countries with 개국, and a particle may follow
_INT = re.compile(r"^(\d{1,3})(?:(?:개국|개|곳)(?:[은는이가을를도만의]|에서)?)?$")
# 4th, 4위, 4번째 (with a Korean particle glued on, and the polite 요 after it: 2위는요), 4-е: a place in a ranking
_POSITION = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|위|등|번째|е|й|ое|ий|ый)"
                       r"(?:[은는이가을를의도와과]|로|으로|부터|까지|에서|야|이야|예요|이에요|냐|이냐|지|죠|랑|이랑|하고)?"
                       r"(?:(?<=[가-힣])요)?$")
_EXACT = frozenset({"exact"})  # the marks of a word such as "exactly", "именно", which a "which ..." may hold
_RUSSIAN_ORDINAL = frozenset({"е", "й", "ое", "ий", "ый", "го", "ом", "м"})  # 4-е, written "4 е" once folded
_DECIMAL = re.compile(r"^\d[\d.]*%?$")
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
_DECIMAL_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)$")
_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)(\D*)$")  # 1.5, 1mn, 100만: a number and what is glued to it
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# how a sentence ends after a past tense (늘었어, 밝혔습니까): cut, the tense kept (늘었, 밝혔)
_AFTER_PAST = re.compile(r"(?<=[\uac00-\ud7a3])"
                         r"(?:어요|나요|지요|습니다|습니까|잖아요|잖아|는데|어|음|나|지|니|냐|다|네|대)$")
_SSANG_SIOT = 20  # ㅆ as the final consonant of a syllable: the past tense (었, 았, 였, and 혔, 졌, 웠 ...)
_LATIN = re.compile(r"[a-z]")
_THING = "object"  # the mark of a thing asked for (knowledge: object_words), kept apart as Slots.thing
COMPANIES = "companies"  # the unit of companies (knowledge: units), which after a place's name are the place's
NEAR_WORD = 70  # a word this near a known one (rapidfuzz ratio) may be it misspelt, and is no name
HEADLESS = 90  # a word without its first letter ("xports") is mended only this near the rest of a known one
_KOREAN_OF = "의"  # after a name, its owner: 한국의 최대 수출 상대국 (South Korea's largest export partner)
_COMPARED_WITH = ("보다", "대비")  # a Korean year with one of these is what something is compared with
_THAN = "보다"  # ... and any Korean noun with this one
_UNTIL = ("까지", "까지는")  # ... and with these, the year a change runs to
_MIXED_SCRIPT = re.compile(r"[а-яё][a-z]|[a-z][а-яё]", re.IGNORECASE)
_MIXED_WORD = re.compile(r"\b(?=\w*[а-яё])(?=\w*[a-z])\w+\b", re.IGNORECASE)
# Latin letters that look like Cyrillic ones, as a keyboard left on the other layout types them in a Russian word
_CYRILLIC_LOOKALIKES = str.maketrans("aceopxyABCEHKMOPTXk", "асеорхуАВСЕНКМОРТХк")
_VOWELS = re.compile(r"[aeiou]")
_INDEFINITE = ARTICLES - {"the"}
_POSSESSIVE = re.compile(r"((?:\w+\s+){0,2}\w+)['’]s\b")  # with the words before it: a name may be three
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_HELD = re.compile(r"(\w)\1{2,}")  # a letter held down: "hiii", "pleeease", "sooo"
_LATIN_RUNS = re.compile(r"[a-z]+|[^a-z]+")  # colombia랑, crink가: a Latin name apart from its particle
# a place or a year glued to the Korean words around it (북한수출1위국가어디임, 2023년수출): a word of its own
_GLUED_PLACE = re.compile(r"(\d+(?:위|등|번째|년도|년))")
_PERCENT_PARTICLE = re.compile(r"%(?=[\uac00-\ud7a3])")
_GLUED_COUNT = re.compile(r"(?<![^\W\d_])(top|топ|톱)(\d{1,2})(?!\d)", re.IGNORECASE)
_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
_HANGUL_ANY = re.compile(r"[\uac00-\ud7a3]")
_HOW_MANY = "몇"  # Korean "how many", often typed together with what it counts (몇톤, 몇위)
_JAMO = re.compile(r"[\u1100-\u11ff\u3131-\u318e]+")  # letters alone: ㅋㅋ (laughter), ㅠㅠ, ㅇㅇ (yes)
# 었, 았, 했, 였, 랬, 냈, 갔, 왔, 겠, 봤, 됐, 줬, 웠, 섰 typed with ㅅ for ㅆ, as phones often do (늘엇어, 그랫어)
_PAST_TYPED = frozenset("엇앗햇엿랫냇갓왓겟봣됏줫웟섯")


def normalise(word: str) -> str:
    """A word as the vocabulary keeps it: Russian words by their Snowball stems, so that case endings do not
    matter (торговле, торговля); others as they are. A stem of one or two letters says too little to be one
    ("иены" would become "и", which is "and")."""
    if not _CYRILLIC.search(word):
        return word
    stem = russian_stem(word)
    return stem if len(stem) >= MIN_STEM else word


class Range(NamedTuple):
    """Amounts in dollars between `low` and `high`: "more than $1mn" is (1e6, inf), "between $500k and $1mn"
    (5e5, 1e6) with its ends included; with `share`, shares of exports in percent ("at least 1%": 1 and up)."""

    low: float
    high: float
    inclusive: bool = False
    share: bool = False

    def holds(self, value: float) -> bool:
        """Whether `value` is in the range."""
        return self.low <= value <= self.high if self.inclusive else self.low < value < self.high


@dataclass(frozen=True)
class Slots:
    """What a question names besides its intent."""

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # UN M49 codes and groupings (EU)
    places: tuple[Place, ...] = ()  # named places that are not countries
    years: tuple[int, ...] = ()
    latest: bool = False
    flows: tuple[Flow, ...] = ()
    n: int | None = None
    ascending: bool = False
    unit: str | None = None  # a unit or measure the brief never gives
    others: bool = False  # "other than", "excluding": the rest of what is named
    money: bool = False  # asks for a value in money ("the dollar value of coal exports")
    # what kind of figure: products, share, ratio, sum (see vocabulary.yaml); and "against", a region's partners
    # together set against a country, which Understanding reads from the words around them
    asks: frozenset[str] = frozenset()
    unknown: tuple[str, ...] = ()  # names the question gives that the bot does not know ("exports to Xland")
    position: int | None = None  # a place in a ranking: "the 4th largest", "20위", "второй"
    # -1: "and the year before?", a year before the one asked about last (or the latest); 1: "the year after"
    year_shift: int = 0
    # -1: the partner ranked just above the country named ("who is above India"); 1: just below; 2: both ("its
    # neighbours in the table", "выше и ниже"); NEXT: the next in the order asked ("the smallest" - "who is next?")
    neighbour: int = 0
    threshold: Range | None = None  # dollars: "partners that bought more than $1mn", "between $500k and $1mn"
    ranks: tuple[int, int] | None = None  # places in the table from..to: "partners ranked 11 to 15"
    between: bool = False  # "between" two countries named: "which partners rank between Togo and Spain"
    dollars: bool = False  # dollars asked by name: "2019 trade in tonnes and in dollars"
    stated: float | None = None  # dollars the question states, with no bound: "were imports $1.79bn in 2023?"
    stated_pcts: tuple[float, ...] = ()  # the percentages a question states: "Poland takes 9.7%, right?"
    excluded: tuple[str, ...] = ()  # the countries a word of "others" leaves out: China in "non-China exports"
    speakers: tuple[str, ...] = ()  # countries (North Korea too) named before a word of saying ("what did China say")
    outside: tuple[str, ...] = ()  # sources the brief draws nothing from, by the vocabulary's names ("World Bank")
    # a name written with capitals beside a word of saying ("what did Kim Jong Un say?"): whoever it is, the composer
    # tells the brief's own speakers from the rest
    unquoted: tuple[str, ...] = ()
    # of more than two countries with a word of "than", how many are named before it: "Togo and Suriname together
    # bought more than Poland" sets two against one
    than_at: int | None = None
    thing: bool = False  # a thing asked for, not an amount: "what does North Korea sell to Poland?" (its goods?)
    addressed: bool = False  # a country asked what it said: "what did Beijing say about its share?"

    @property
    def stated_pct(self) -> float | None:
        """The one percentage the question states, if it states one."""
        return self.stated_pcts[0] if len(self.stated_pcts) == 1 else None

    @property
    def rest_of(self) -> tuple[str, ...]:
        """The countries left out when others are named beside them ("Poland's share of non-China exports"): then a
        share is of the rest; none when all named are left out ("other than Poland and China")."""
        return self.excluded if set(self.excluded) < set(self.countries) else ()

    @property
    def flow(self) -> Flow | None:
        """The first flow named, if any."""
        return self.flows[0] if self.flows else None

    def present(self) -> set[str]:
        """Names of the slots that hold a value, as intents.yaml calls them."""
        return {name for name, value in (("country", self.countries), ("region", self.regions),
                                         ("year", self.years or self.latest or self.year_shift), ("flow", self.flows),
                                         ("n", self.n or self.ranks),
                                         ("order", self.ascending), ("position", self.position)) if value}

    def merged_into(self, previous: Slots) -> Slots:
        """These slots laid over a previous question's: what is new replaces what was."""
        named = self.countries or self.regions or self.places
        return Slots(
            countries=self.countries or (() if named else previous.countries),
            regions=self.regions or (() if named else previous.regions),
            places=self.places or (() if named else previous.places),
            years=self.years or (() if self.latest else tuple(y + self.year_shift for y in previous.years)
                                 if self.year_shift else previous.years),
            latest=self.latest or (previous.latest and not self.years),
            flows=self.flows or previous.flows,
            n=self.n or previous.n,
            ascending=self.ascending or previous.ascending,
            unit=self.unit,
            others=self.others,
            money=self.money,
            asks=self.asks,
            unknown=self.unknown,
            position=self.position,
            neighbour=self.neighbour,
            year_shift=self.year_shift if not previous.years and not self.years else 0,
            threshold=self.threshold,
            speakers=self.speakers,  # "what did the White House say?" - "and North Korea?": who speaks now
        )


@dataclass(frozen=True)
class Parsed:
    """A text read for its parts: the words left to say what is asked, and the slots; and, for telling a name
    from a typo, the words that follow a preposition of place and those written with a capital."""

    words: tuple[str, ...]
    slots: Slots
    placed: frozenset[str] = frozenset()
    traded: frozenset[str] = frozenset()  # the words right after "to", "from" or "with": a partner may be named there
    capitalized: frozenset[str] = frozenset()
    subject: bool = False  # the text names North Korea ("tell me about north korea")
    buys: bool = False  # a buying word, the goods not said to come from a place: a country named buys its exports
    sells_to_subject: bool = False  # "what does Togo sell to North Korea": a country named sells it its imports
    # which of North Korea (SUBJECT_TOKEN) and a country named (COUNTRY) gives to the other, where a word says:
    # "what does North Korea supply to Russia", "what does Russia send North Korea"
    giver: str | None = None
    partners: bool = False  # a word for partner countries: "최대 수출국" is the largest export market, not item
    written: dict[str, str] = field(default_factory=dict)  # a word as kept (a Russian stem) -> as written
    asked: bool = False  # one word with a question mark ("pl?"): a code in it may name a country, unlike "ad" alone
    unvoweled: bool = False  # words typed without vowels were read ("hw mch"): so may its names be ("t chn")


def is_country(code: str) -> bool:
    """An ISO 3166 country code (PL), not a UN M49 region (002) or a grouping (eu)."""
    return len(code) == 2 and code.isalpha() and code.isupper()


def placeholder(found: str | Place) -> str:
    """The word that stands for a named thing among a question's words."""
    if isinstance(found, Place):
        return PLACE
    if found == SUBJECT:
        return SUBJECT_TOKEN
    return COUNTRY if is_country(found) else REGION


class Parser:
    """Turns text into words and slots with the knowledge's vocabulary and the place index."""

    def __init__(self, knowledge: Knowledge, places: PlaceIndex) -> None:
        vocab = knowledge.vocabulary
        self.places = places
        self.common = knowledge.common_words
        # Russian words are kept by their stems: an ordinary word is one that some common word begins with
        self._common_cyrillic = sorted(w for w in self.common if _CYRILLIC.search(w))
        self.case_sensitive = {re.compile(rf"\b{re.escape(alias)}\b(?!\$)"): places.name(code)  # not US$
                               for alias, code in vocab.case_sensitive_aliases.items()}
        self.not_codes = frozenset(vocab.not_codes)
        self.not_codes_lower = frozenset(vocab.not_codes_lower)
        self.ordinary_names = {name: frozenset(before) for name, before in vocab.ordinary_names.items()}
        self.case_sensitive_any = re.compile("|".join(re.escape(a) for a in vocab.case_sensitive_aliases) or "(?!)")
        self.flow_words = {normalise(fold(w)): flow for flow, words in vocab.flows.items() for w in words}
        # a Korean noun made a verb with 하다 is the noun: 수입하는 (importing), 제공해 (provide) are 수입, 제공
        self.verb_endings = sorted({fold(e) for e in vocab.verb_endings if fold(e)}, key=len, reverse=True)
        self.latest_phrases = _phrases(vocab.latest_year)
        self.before_phrases = _phrases(vocab.year_before)
        self.after_phrases = _phrases(vocab.year_after)
        self.before_of = {normalise(fold(w)) for w in vocab.year_before_of}
        self.years_words = {normalise(fold(w)) for w in vocab.years_words}
        self.years_moved = {normalise(fold(w)): 1 for w in vocab.years_later} | {
            normalise(fold(w)): -1 for w in vocab.years_earlier}
        self.partitive = {normalise(fold(w)) for w in vocab.partitive}
        self.list_and = {normalise(fold(w)) for w in vocab.clause_and if " " not in w.strip()}  # "and", "и"
        self.time_units = {normalise(fold(w)) for w in vocab.time_units}
        self.text_parts = {normalise(fold(w)) for w in vocab.text_parts}
        self.times = {normalise(fold(w)) for w in vocab.times}
        self.place_words = {normalise(fold(w)) for w in vocab.place_words}
        self.which_words, self.whom_words, self.person_nouns = (
            {normalise(fold(w)) for w in listed}
            for listed in (vocab.which_words, vocab.whom_words, vocab.person_nouns))
        self.place_before = {normalise(fold(w)) for w in vocab.place_before}
        self.courtesy = set(_phrases(vocab.courtesy + vocab.idioms))  # both are passed over: they ask nothing
        self.idioms = {phrase for phrase in _phrases(vocab.idioms) if len(phrase) > 1}
        self._idiom_starts = {phrase[0] for phrase in self.idioms}
        self.person_before, self.person_after, self.person_opening = (
            {tuple(fold(p).split()) for p in listed if fold(p)}
            for listed in (vocab.person_before, vocab.person_after, vocab.person_opening))
        # their lengths, longest first: a few slices of the question to look up, not one per phrase
        self._person_sizes = sorted({len(p) for p in self.person_before | self.person_after}, reverse=True)
        self.person_greeting = {fold(w) for w in vocab.person_greeting}
        # each phrase with the kind of place it makes of a country's name: "the city of Armenia", "the region of
        # Macedonia"
        self.city_before, self.city_after = (
            {tuple(fold(p).split()): kind for listed, kind in kinds for p in listed if fold(p)}
            for kinds in (((vocab.city_before, "city"), (vocab.region_before, "region")),
                          ((vocab.city_after, "city"), (vocab.region_after, "region"))))
        self._city_sizes = sorted({len(p) for p in self.city_before | self.city_after}, reverse=True)
        self.city_in = {fold(w) for w in vocab.city_in}
        self.other_phrases = _phrases(vocab.others)
        self.rest_words = frozenset(normalise(fold(w)) for w in vocab.rest_words)
        self.other_after_phrases = _phrases(vocab.others_after)  # "China aside": the country before is left out
        self.other_named_phrases = _phrases(vocab.others_named)
        # "leaving China out": the countries between the two words are left out
        self.others_around = dict(pair for pair in _phrases(vocab.others_around) if len(pair) == 2)
        self._example_words = {normalise(fold(w)) for w in vocab.example_words}
        self.unit_phrases = {words: unit for unit, listed in vocab.units.items() for words in _phrases(listed)}
        self.ordinals = {normalise(fold(w)): n for w, n in vocab.ordinals.items()}
        self.ascending = {normalise(fold(w)) for w in vocab.ascending if " " not in fold(w)}
        self.ascending_phrases = _phrases([w for w in vocab.ascending if " " in fold(w)])  # "가장 작은"
        self.buying = {normalise(fold(w)) for w in vocab.buying}
        self.selling = {normalise(fold(w)) for w in vocab.selling}
        self.whole_of = {normalise(fold(w)) for w in vocab.whole_of}
        self._topics = frozenset(vocab.off_the_books)  # the topics of the claims ("unofficial"), as asks
        self.flow_qualifiers = {normalise(fold(w)) for w in vocab.flow_qualifiers}
        self.giving = {normalise(fold(w)) for w in vocab.giving}
        self.getting = {normalise(fold(w)) for w in vocab.getting}
        self.from_words = {normalise(fold(w)) for w in vocab.from_words}
        self.until_words = {normalise(fold(w)) for w in vocab.until_words}
        self.auxiliaries = {normalise(fold(w)) for w in vocab.auxiliaries}
        self.measure_words = {normalise(w) for phrase in vocab.measure_words for w in fold(phrase).split()}
        self.since_year = {normalise(fold(w)) for w in vocab.since_year}
        self.owner_words = {normalise(fold(w)) for w in vocab.owner_words}
        self.to_words = {normalise(fold(w)) for w in vocab.to_words}
        # the words between a country's flow and another country: "Poland's exports to Togo", "trade with Russia"
        self._trades_with = self.to_words | self.from_words | {normalise(fold(w)) for w in vocab.with_words}
        self._compare = {normalise(fold(w)) for w in vocab.compare_words}
        self.arrival_words = {normalise(fold(w)) for w in vocab.arrival_words}
        self.made_goods = {normalise(fold(w)) for w in vocab.made_goods}
        self._korean_from = sorted((w for w in self.from_words if _HANGUL.match(w)), key=len, reverse=True)
        self._neighbour_nouns = {normalise(fold(w)) for w in vocab.neighbours if " " not in fold(w)}
        self.neighbour_words = ({normalise(fold(w)): -1 for w in vocab.above}
                                | {normalise(fold(w)): 1 for w in vocab.below}
                                | {normalise(fold(w)): NEXT for w in vocab.next_words})
        # (each of the goods the brief names asks of its goods: "grain imports", "wheat imports in 2023")
        goods = [phrase for phrases in vocab.goods_words.values() for phrase in phrases]
        self.marks = {name: _phrases(listed) for name, listed in (("products", [*vocab.products, *goods]),
                                                                  ("share", vocab.share_words),
                                                                  ("ratio", vocab.ratio_words),
                                                                  ("sum", vocab.sum_words),
                                                                  ("who", vocab.who_words),
                                                                  ("said", vocab.said_words),
                                                                  ("mean", vocab.mean_words),
                                                                  ("median", vocab.median_words),
                                                                  ("when", vocab.when_words),
                                                                  ("why", vocab.why_words),
                                                                  ("scale", vocab.scale_words),
                                                                  ("approximate", vocab.approximate_words),
                                                                  ("versus", vocab.versus_words),
                                                                  ("both", vocab.both_words),
                                                                  ("since", vocab.since_words),
                                                                  ("recovery", vocab.recovery_words),
                                                                  ("pandemic", vocab.pandemic_words),
                                                                  ("object", vocab.object_words),
                                                                  ("needed", vocab.needed_words),
                                                                  ("tied", vocab.tie_words),
                                                                  ("exact", vocab.exact_words),
                                                                  ("confirmed", vocab.confirmed_words),
                                                                  ("day", vocab.day_words),
                                                                  ("publication", vocab.publication_words),
                                                                  ("among", vocab.among_words),
                                                                  ("mismatch", vocab.mismatch_words),
                                                                  ("meaning", vocab.meaning_words),
                                                                  ("table", vocab.table_words),
                                                                  ("region", vocab.region_words),
                                                                  ("neighbours", vocab.neighbours),
                                                                  ("balance", vocab.balance_words),
                                                                  ("difference", vocab.difference_words),
                                                                  ("name", vocab.name_words),
                                                                  ("role", vocab.role_words),
                                                                  ("identifier", vocab.identifier_words),
                                                                  ("author", vocab.author_words),
                                                                  ("kinds", vocab.kinds_words),
                                                                  ("own_trade", vocab.own_trade_words),
                                                                  ("level", vocab.level_words),
                                                                  ("onward", vocab.onward_words),
                                                                  ("than", vocab.than_words),
                                                                  ("more", vocab.more_words),
                                                                  ("less", vocab.less_words),
                                                                  ("amount", vocab.amount_words),
                                                                  ("largest", vocab.largest_words),
                                                                  ("back", vocab.refer_back),
                                                                  ("back_share", vocab.refer_back_share),
                                                                  ("month", vocab.months),
                                                                  ("change", vocab.change_words),
                                                                  ("fall", vocab.fall_words),
                                                                  ("compound", vocab.compound_words),
                                                                  ("apart", vocab.apart_words),
                                                                  ("implied", vocab.implied_words),
                                                                  *vocab.off_the_books.items())}
        self.share_words = frozenset(phrase[0] for phrase in self.marks["share"] if len(phrase) == 1)  # "share", "доля"
        # "in total", "their total": a sum, where "total" is no flow
        self._sum_before_total = {phrase[0] for phrase in self.marks["sum"] if phrase[1:] == ("total",)}
        # first word -> each length of its phrases -> phrase -> the kinds it marks: one look-up a length, however
        # many phrases a common first word opens ("the two", "the source", "the date it was published")
        self._marks_at: dict[str, dict[int, dict[tuple[str, ...], list[str]]]] = {}
        for name, phrases in self.marks.items():
            for phrase in phrases:
                self._marks_at.setdefault(phrase[0], {}).setdefault(len(phrase), {}).setdefault(phrase, []).append(name)
        self.counting = {normalise(fold(w)) for w in vocab.counting}
        self.product_nouns = {normalise(fold(w)) for w in vocab.product_nouns}
        self.negations = {normalise(fold(w)) for w in vocab.negations}
        self.counted_things = {fold(w) for w in vocab.counted_things}
        self._partner_nouns = {normalise(fold(w)) for w in vocab.partner_nouns}
        # words of a ranking but the partners themselves: "top", "상위" ("상위 10위" is the top ten)
        self.ranking_words = self.counting - self._partner_nouns
        self.within = {normalise(fold(w)) for w in vocab.within}
        self.word_before = {fold(w) for w in vocab.word_before}
        self.word_after = {fold(w) for w in vocab.word_after}
        self.joining = {fold(w) for w in vocab.clause_and if len(fold(w).split()) == 1}  # "и": "польша и того"
        self.percent_signs = frozenset({"%"} | {normalise(fold(w)) for w in vocab.percent_words if " " not in w})
        self.follow_up = {normalise(fold(w)) for w in vocab.follow_up}
        self.places_after = {normalise(fold(w)) for w in vocab.places_after}
        self._place_follows = frozenset(self.to_words | self.from_words | self.places_after)  # "to", "from", "in"
        self.name_particles = tuple(sorted({fold(w) for w in vocab.name_particles}, key=len, reverse=True))
        self.money_phrases = _phrases([m for m in vocab.money if " " in m.strip()])
        # an amount with a bound ("more than $1mn", "100만 달러 이상"), matched on words as written, not stemmed
        self.bounds = [(op, tuple(fold(p).split())) for op, listed in ((">", vocab.more_than), ("<", vocab.less_than))
                       for p in listed if fold(p)]
        self.bounds.sort(key=lambda bound: -len(bound[1]))
        self.inclusive = {tuple(fold(p).split()) for p in vocab.inclusive_bounds if fold(p)}  # "at least": its end in
        self.leading = {tuple(fold(p).split()) for p in vocab.leading_bounds if fold(p)}  # "от 1%", not "38% от"
        self.range_before = [tuple(fold(p).split()) for p in vocab.range_before if fold(p)]  # "between", "от"
        self.range_and = {fold(w) for w in vocab.range_and}  # "and", "to", "до", "에서"
        self.range_after = [tuple(fold(p).split()) for p in vocab.range_after if fold(p)]  # "사이"
        # "between Togo and Spain" ("from" is no such word: "imports from China and Russia")
        self.range_words = {normalise(p[0]) for p in self.range_before if len(p) == 1} - self.from_words
        self.scales = {fold(word): scale for word, scale in vocab.amount_scales.items()}
        self.currency = sorted((tuple(fold(p).split()) for p in vocab.currency if fold(p)), key=len, reverse=True)
        self.dollar_words = {normalise(c[0]) for c in self.currency if len(c) == 1} | {"billions", "millions"}
        # $1.5mn, US$ 500,000: read as "1.5 mn usd", "500,000 usd", the sign being a word of currency
        scales = "|".join(re.escape(word) for word in sorted(self.scales, key=len, reverse=True))
        self.dollars = re.compile(rf"(?:US)?\$\s?(\d[\d,.]*\d|\d)(?:\s?({scales})\b)?", re.IGNORECASE)
        self.money_words = {normalise(fold(m)) for m in vocab.money if " " not in m.strip()}
        # Korean amounts typed without spaces ("1억5천만달러"): apart, as "1억 5천만 달러" is read
        korean_scales = alternatives([w for w in self.scales if _HANGUL.match(w)]) or "(?!)"
        korean_currency = alternatives([" ".join(c) for c in self.currency if _HANGUL.match("".join(c))]) or "(?!)"
        self._glued_amount = re.compile(rf"(?<=\d)({korean_scales})(?=\d|{korean_currency})")
        # "two billion", "сто сорок миллионов", "четыре с лишним миллиона": a number in words before a scale
        self.numerals = {fold(word): value for word, value in vocab.numerals.items()}
        # a number in words needs a scale after it: most questions are passed over by this quick search alone
        self._scale_word = plain_any([w for w in self.scales if len(w) > 1])
        numeral = alternatives([*vocab.numerals, *self.numerals])
        self.numeral = re.compile(rf"(?<!\w)(?:{numeral})(?!\w)", re.IGNORECASE)
        scale = alternatives([word for word in self.scales if len(word) > 1])  # not "m", "b": "two b" says little
        self.spelled = re.compile(rf"(?<!\w)((?:{numeral})(?:[\s-]+(?:and\s+)?(?:{numeral}))*)\s+"
                                  rf"(?:(?:{alternatives(vocab.numeral_about)})\s+)?(?=(?:{scale})(?!\w))",
                                  re.IGNORECASE)
        # "two thousand nineteen", "two thousand and twenty-three", "две тысячи двадцать третьем": a year said in full,
        # not two thousand of a thing
        thousand = alternatives([word for word, value in self.scales.items() if value == 1000 and len(word) > 1])
        ones = alternatives([word for word, value in vocab.numerals.items() if value >= 1 and len(word) > 1])
        self._spelled_year = re.compile(rf"(?<!\w)((?:{numeral})(?:[\s-]+(?:{numeral}))*)\s+(?:{thousand})"
                                        rf"(?:\s+and)?((?:[\s-]+(?:{ones}))*)(?:[\s-]+(\w+))?(?!\w)", re.IGNORECASE)
        self.numbers = {tuple(normalise(word) for word in fold(w).split()): n for w, n in vocab.number_words.items()}
        self.year_phrases = {tuple(normalise(word) for word in fold(w).split()): y for w, y in vocab.year_words.items()}
        self.stopwords = {normalise(fold(w)) for w in vocab.stopwords}
        self.joined = {tuple(fold(phrase).split()): fold(word) for phrase, word in vocab.joined.items()}
        self._joined_sizes = sorted({len(phrase) for phrase in self.joined}, reverse=True)
        self._joined_heads = {phrase[:-1] for phrase in self.joined}  # all but the last word, which may take a particle
        self._joined_starts = {phrase[0] for phrase in self.joined}
        self.suffixes = sorted({fold(w) for w in vocab.suffixes}, key=len, reverse=True)
        # sources the brief draws nothing from, by their first word, longest first, each with the vocabulary's name
        self._outside: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name in sorted(vocab.outside_sources, key=lambda n: len(fold(n).split()), reverse=True):
            phrase = tuple(fold(name).split())
            self._outside.setdefault(phrase[0], []).append((phrase, name))
        self._outside_with = {tuple(fold(phrase).split()) for phrase in vocab.outside_with}
        self._outside_with_sizes = sorted({len(phrase) for phrase in self._outside_with}, reverse=True)
        # a Korean name may take a particle: 세계은행에 (from the World Bank)
        self._outside_hangul = [entry for entries in self._outside.values() for entry in entries
                                if _HANGUL.match(entry[0][-1])]
        self._suffix_ends = frozenset(suffix[-1] for suffix in self.suffixes if suffix)
        self.vocabulary: set[str] = (set(self.stopwords) | set(self.flow_words) | self.ascending | set(self.ordinals)
                                     | {SUBJECT_TOKEN})
        self.vocabulary |= self.buying | self.from_words | self.to_words | self.counting | self.follow_up
        self.vocabulary |= set(self.neighbour_words) | self.money_words
        self.vocabulary |= {c[0] for c in self.currency if len(c) == 1}  # "54억 불에서": the currency, its particle off
        # a Korean person asked for takes a particle (대표는): known, so that it is taken off; the English ones are no
        # words to mend a typo into ("exprts" is not "experts")
        self.vocabulary |= {word for word in self.person_nouns | self.which_words | self.whom_words
                            if not word.isascii()}
        # "who said" and "shells" mark kinds of question, but their words are no vocabulary of trade: "intel estimate"
        # stays strange, and "missile" is still read as the examples' "missiles"
        self.vocabulary |= {w for name, phrases in self.marks.items()
                            if name != "who" and name not in vocab.off_the_books for phrase in phrases for w in phrase}
        for phrases in (self.latest_phrases, self.before_phrases, self.after_phrases, self.other_phrases,
                        self.other_after_phrases, self.other_named_phrases,
                        self.ascending_phrases,
                        list(self.courtesy), list(self.unit_phrases),
                        list(self.numbers), list(self.year_phrases), self.money_phrases):
            self.vocabulary |= {w for phrase in phrases for w in phrase}
        self._by_initial: dict[str, list[str]] = {}
        self._headless: dict[str, dict[str, str]] = {}
        self._english_stems: dict[str, str] = {}
        self._unvoweled: dict[str, str] = {}
        self._shorthand = {fold(typed): fold(word) for typed, word in vocab.shorthand.items()}  # "wat": what
        self._country_skeletons: dict[str, str] = {}
        self._apostrophe_less: dict[str, str] = {}
        self._loose: frozenset[str] = frozenset()
        # every phrase of a kind in one table, for _phrase: of two kinds of one phrase, the first listed wins
        self._phrases: dict[tuple[str, ...], tuple[str, object]] = {}
        for kind, table in (("shift", dict.fromkeys(self.before_phrases, -1) | dict.fromkeys(self.after_phrases, 1)),
                            ("latest", dict.fromkeys(self.latest_phrases, True)),
                            ("others", dict.fromkeys(self.other_phrases, True)
                             | dict.fromkeys(self.other_after_phrases, "before")),
                            ("others_named", dict.fromkeys(self.other_named_phrases, True)),
                            ("ascending", dict.fromkeys(self.ascending_phrases, True)), ("unit", self.unit_phrases),
                            ("n", self.numbers), ("year", self.year_phrases),
                            ("money", dict.fromkeys(self.money_phrases, True)),
                            ("courtesy", dict.fromkeys(self.courtesy, True))):
            for phrase, value in table.items():
                self._phrases.setdefault(phrase, (kind, value))
        self._starts = {phrase[0] for phrase in self._phrases}
        self._sizes = range(max(map(len, self._phrases)), 0, -1)  # the longest first: "do not go to", then "do"
        self._recent: dict[tuple[str, str | None], Parsed] = {}

    def learn(self, words: set[str]) -> None:
        """Add the words of the example phrasings to what typos are corrected into."""
        self.vocabulary |= words
        self._by_initial = by_initial(sorted(w for w in self.vocabulary if len(w) >= MIN_FUZZY_LEN))
        self._headless = {}  # the same words without their first letter, by the letter after it
        for word in sorted(w for w in self.vocabulary if len(w) > MIN_FUZZY_LEN):
            self._headless.setdefault(word[1], {})[word] = word[1:]
        # English words by their stems: "recovering" is a form of the known "recovered"
        self._english_stems = {_ENGLISH.stemWord(w): w for w in sorted(self.vocabulary) if w.isascii() and w.isalpha()}
        countries = {fold(name): code for (code, lang), name in self.places.display.items()
                     if lang == "en" and len(code) == 2}  # the English names of countries, folded
        self._unvoweled = self._skeletons(countries)
        # and the countries by theirs, of three letters too ("spn", "rss"), for a message typed so: a word left unread
        # there may be one
        typed: dict[str, set[str]] = {}
        for name, code in countries.items():
            if name.isalpha():
                typed.setdefault(_unvowel(name), set()).add(code)
        self._country_skeletons = {key: next(iter(codes)) for key, codes in typed.items()
                                   if len(codes) == 1 and len(key) >= 3}
        # a name with the "s" of its possessive and no apostrophe ("NKs exports", "chinas share"): the name
        names = {name for name, code in self.places.names.items() if code == SUBJECT} | set(countries)
        self._apostrophe_less = {f"{name}s": name for name in names if name.isascii() and name.isalpha()
                                 and f"{name}s" not in self.vocabulary and f"{name}s" not in self.common}
        # the words any of them mends
        self._loose = frozenset(self._unvoweled) | frozenset(self._apostrophe_less) | frozenset(self._shorthand)
        self._recent.clear()

    def _skeletons(self, countries: dict[str, str]) -> dict[str, str]:
        """The English words of the vocabulary and the names of `countries` by how they are typed without vowels: the
        first letter and the consonants after it ("exprt", "mch", "btwn", "blgm"). A skeleton of two words is taken
        only when one of them is among the most frequent words ("wht": what, not wheat); none of two letters ("bn",
        "cn"), and none that is itself a word ("hw", "pls"), a place, a place's with an "s" ("nks") or a country's code
        ("chn")."""
        words: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            if len(word) >= 3 and word.isascii() and word.isalpha() and len(typed := _unvowel(word)) >= 3:
                words.setdefault(typed, []).append(word)
        # a country's name only where no ordinary word but its own forms is typed so ("srnm": surname, not Suriname)
        ordinary: dict[str, list[str]] = {}
        for word in self.common:
            if word.isascii() and word.isalpha():
                ordinary.setdefault(_unvowel(word), []).append(word)
        for name in sorted(countries):
            if name.isalpha() and len(typed := _unvowel(name)) >= 4 and all(
                    word.startswith(name) or name.startswith(word) for word in ordinary.get(typed, ())):
                words.setdefault(typed, []).append(name)
        table: dict[str, str] = {}
        for typed, spelt in words.items():
            if (typed in spelt or typed in self.vocabulary or typed in self.common or typed in self.places.names
                    or typed.upper() in self.places.codes or typed[:-1] in self.places.names):
                continue  # (nor a name with an "s": "NKs" is North Korea's, not nukes; see _apostrophe_less)
            frequent = [word for word in spelt if word in self.places.frequent]
            if len(spelt) == 1 or len(frequent) == 1:
                table[typed] = spelt[0] if len(spelt) == 1 else frequent[0]
        return table

    # ------------------------------------------------------------------ parts
    def parse(self, text: str, numbers: str | None = None) -> Parsed:
        """Words and slots of `text`, without correcting anything. `numbers` says what a bare number is when the
        question's form says it (a command's argument): "n" a count, "year" a year, however odd (/total 9999)."""
        # the parse is pure, and a message's clauses are parsed more than once (whether a joint lists names, then
        # each side read): the last few parses are kept, which saves a third of the parsing of such messages
        key = (text, numbers)
        if (parsed := self._recent.get(key)) is None:
            if len(self._recent) >= RECENT:
                self._recent.clear()
            parsed = self._recent[key] = self._parse(text, numbers)
        return parsed

    def _parse(self, text: str, numbers: str | None) -> Parsed:
        # each pass only where it can find something: most questions are short lower-case ASCII
        if "<" in text:
            text = _TAG.sub(" ", text)
        if "ollar" in text:
            text = _US_DOLLARS.sub("", text)
        if "unner" in text:
            text = _RUNNER_UP.sub("second", text)
        if "$" in text:  # "and the $?": in dollars (a sign before an amount is read with it below)
            text = _LONE_DOLLAR.sub(" dollars ", text)
        if "+" in text:  # "date + source", "Poland+Spain": and; "imports + exports = ?": a sum; "+72%": a change
            text = _PLUS.sub(" plus " if "=" in text else " and ", text)
        if not text.isascii() and _JAMO.search(text):  # "토고가 왜 있어ㅋㅋ": the laughter says nothing
            text = _JAMO.sub(" ", text)
        if not text.isascii() and _MIXED_SCRIPT.search(text):  # "Бeнин" typed with a Latin e: the Cyrillic letter
            text = _MIXED_WORD.sub(lambda m: m.group().translate(_CYRILLIC_LOOKALIKES), text)
        if self._scale_word.search(text.lower()) and self.spelled.search(text):
            text = self.spelled.sub(self._digits, self._spelled_year.sub(self._year, text))
        if self.case_sensitive_any.search(text):
            for pattern, name in self.case_sensitive.items():
                text = pattern.sub(name, text)
        if _DIGIT.search(text):
            text = _GLUED_COUNT.sub(r"\1 \2", text)  # "top3", "топ3": a count glued to its word
            if "o." in text or "#" in text:
                text = _NUMBER_SIGN.sub(" number ", text)
            if not text.isascii():
                text = self._glued_amount.sub(r"\1 ", text)  # "1억5천만달러": 1억 5천만 달러
                text = _PERCENT_PARTICLE.sub("% ", text)  # "0.4%인 나라": a percentage, then its particle
            text = _SHORT_YEAR.sub(lambda m: f" 20{next(g for g in m.groups() if g)} ", text)
            text = _YEAR_ENDING.sub(r"\1", text)  # "в 2023-м", "2023-го": the year
        if not text.isascii():
            text = _FLAG.sub(lambda m: " " + self._code("".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in m.group()))
                             + " ", text)
        words = text.split()
        # a code in capitals in a sentence that is not shouted ("exports to IN", "CIV"), or standing alone ("NL?")
        if not text.islower() and (not text.isupper() or len(words) == 1):
            text = _CODE.sub(lambda m: self._code(m.group()), text)
            words = text.split()
        # a capital that opens a sentence says nothing, unless the word is the whole message ("Того")
        capitalized = frozenset(fold(w) for w in _CAPITALIZED.findall(text)) - (
            {fold(words[0])} if words and words[0][:1].isupper() and len(words) > 1 else set())
        tokens = fold(text).split()[:MAX_TOKENS]
        unvoweled = False
        if text.isascii() and not self._loose.isdisjoint(tokens):  # (most questions: no such word)
            # "hw mch nk exprts": typed without vowels, but not an abbreviation in capitals ("MND"; a message all in
            # capitals has none: "HW MCH DD NK EXPRT T CHN"); "NKs exports": North Korea's
            shouted = set() if text.islower() or text.isupper() else {fold(word) for word in _ACRONYM.findall(text)}
            typed = tokens
            tokens = [token if token in shouted else self._unvoweled.get(token, token) for token in tokens]
            unvoweled = tokens != typed
            tokens = [token if token in shouted else self._shorthand.get(token, token) for token in tokens]
            tokens = [self._apostrophe_less.get(token, token) for token in tokens]
        if self.joined and not text.isascii():
            tokens = self._join(tokens)
        threshold = stated = None
        if _DIGIT.search(text):  # "more than $1mn": the amount is one token; a "$50mn" with no bound stays as it was
            amounts = fold(self.dollars.sub(lambda m: f" {m.group(1)} {m.group(2) or ''} usd ", text)).split()[
                :MAX_TOKENS] if "$" in text else tokens
            threshold = self._threshold(amounts) or self._share_bound(tokens)
            if threshold is not None:
                tokens = amounts
                tokens[threshold[0]:threshold[1]] = [AMOUNT]
            elif (said := self._stated(amounts)) is not None:  # the amount is the reader's, not a word to score
                stated, start, end = said
                tokens = amounts[:start] + amounts[end:]
        than: list[str] = []
        if not text.isascii() and _HANGUL_ANY.search(text):  # 수출증가율 is 수출 증가율, 중국비중 is 중국 비중
            # a noun with 보다 is what something is compared with ("나머지 다 합친 것보다": than all the rest together)
            than = [token[:-len(_THAN)] for token in tokens if len(token) > len(_THAN) and token.endswith(_THAN)]
            tokens = [self._noun(part) for token in tokens for run in _korean_runs(token)
                      for part in self._korean_parts(run)]  # colombia랑 is colombia and its particle
        outside: tuple[str, ...] = ()
        if not self._outside.keys().isdisjoint(tokens) or (self._outside_hangul and _HANGUL_ANY.search(text)):
            tokens, outside = self._outside_sources(tokens)
        marked: list[str | None] = list(tokens)
        named: list[str | Place] = []
        found = self._find(tokens, capitalized)
        if not text.isascii() and (names := self._names_not_words(tokens, capitalized, found, text)):
            capitalized |= names
            found = self._find(tokens, capitalized)
        if found and (dropped := self._people(tokens, found) | self._towns(found) | self._idiomatic(tokens, found)):
            # "im polish", "Poland, Maine", "I need to polish my report"
            tokens = [token for i, token in enumerate(tokens) if i not in dropped]
            marked = list(tokens)
            found = self._find(tokens, capitalized)
        if found and (cities := self._cities(tokens, found))[0]:  # "the city of Armenia in Colombia": a city
            named_cities, containers = cities
            if containers:  # the country it is in is no country asked of (it comes after the city: no index moves)
                tokens = [token for i, token in enumerate(tokens) if i not in containers]
                marked = list(tokens)
                found = self._find(tokens, capitalized)
            found = [replace(m, found=named_cities[m.start]) if m.start in named_cities else m for m in found]
        owner: dict[int, str | Place] = {}  # place in `marked` -> what its placeholder stands for
        for match in found:
            marked[match.start] = placeholder(match.found)
            owner[match.start] = match.found
            for i in range(match.start + 1, match.end):
                marked[i] = None
            if match.found != SUBJECT and match.found not in named:
                named.append(match.found)
        owners = [owner.get(i) for i, t in enumerate(marked) if t is not None]
        words = [t if t in PLACEHOLDERS or t == SUBJECT_TOKEN else self._bare(normalise(t)) for t in marked
                 if t is not None]
        # the words written with "'s", each with the one or two before it ("South Korea's": korea, south korea)
        possessive = (frozenset(" ".join(owning[k:]) for m in _POSSESSIVE.finditer(text)
                                for owning in [fold(m.group(1)).split()] for k in range(len(owning)))
                      if "'s" in text or "’s" in text else frozenset())
        if _KOREAN_OF in text:  # 한국의: Korea's
            possessive |= {word[:-1] for word in fold(text).split() if word.endswith(_KOREAN_OF)}
        parsed = self._slots(words, named, owners, numbers, capitalized, possessive)
        if than:
            parsed = replace(parsed, slots=self._korean_than(parsed.slots, than, capitalized))
        if threshold is not None or stated is not None or outside:
            parsed = replace(parsed, slots=replace(parsed.slots, threshold=threshold[2] if threshold else None,
                                                   stated=stated, outside=outside))
        elif "approximate" in parsed.slots.asks:  # "tell me about Togo", "near me": no amount to be near
            parsed = replace(parsed, slots=replace(parsed.slots, asks=parsed.slots.asks - {"approximate"}))
        if "?" in text and len(parsed.words) == 1:
            parsed = replace(parsed, asked=True)
        if unvoweled:
            parsed = replace(parsed, unvoweled=True)
        if not text.isascii():  # a stem is no name to show a reader: keep the words as written ("ксландию")
            written = dict(zip(words, (t for t in marked if t is not None), strict=True))
            return replace(parsed, written={w: t for w, t in written.items() if w != t})
        return parsed

    def _korean_than(self, slots: Slots, compared: list[str], capitalized: frozenset[str]) -> Slots:
        """`slots` of a Korean question whose words before 보다 (`compared`) are what it compares with: asking "than",
        and of two countries, the one compared with last, as English names it ("수리남보다 토고가 더 많이 사?" claims
        that Togo buys more than Suriname)."""
        countries = slots.countries
        named = {match.found for match in self.places.find(compared, capitalized)}
        if len(countries) == 2 and countries[0] in named and countries[1] not in named:
            countries = countries[::-1]
        return replace(slots, asks=slots.asks | {"than"}, countries=countries)

    def _find(self, tokens: list[str], capitalized: frozenset[str]) -> list[Match]:
        """The places `tokens` name (PlaceIndex.find), less those that are ordinary words where they stand
        (운송 수단으로: by a means of transport, not Sudan), written without a capital ("a coffee togo", not "Togo")."""
        found = self.places.find(tokens, capitalized)
        if not self.ordinary_names or not found:
            return found
        return [match for match in found if not (match.end - match.start == 1 and tokens[match.start] not in capitalized
                                                 and any(
            tokens[match.start].startswith(name) and (not before or (match.start and tokens[match.start - 1] in before))
            for name, before in self.ordinary_names.items()))]

    def _outside_sources(self, tokens: list[str]) -> tuple[list[str], tuple[str, ...]]:
        """`tokens` less the names of sources the brief draws nothing from ("what do Chinese customs figures show",
        "세계은행에 따르면"), and those names: a name of such a source is no country asked of."""
        kept: list[str] = []
        names: list[str] = []
        i = 0
        while i < len(tokens):
            hangul = self._outside_hangul if _HANGUL.match(tokens[i]) else []
            found = next(((phrase, name) for phrase, name in [*self._outside.get(tokens[i], ()), *hangul]
                          if self._spells(tokens[i:i + len(phrase)], phrase)), None)
            if found is None:
                kept.append(tokens[i])
                i += 1
                continue
            names.append(found[1])
            i += len(found[0])
            # and the words that make a figure the source's: "according to the World Bank", "IMF data", "по данным МВФ"
            while kept and kept[-1] in ARTICLES:
                kept.pop()
            before = next((size for size in self._outside_with_sizes if tuple(kept[-size:]) in self._outside_with), 0)
            del kept[len(kept) - before:]
            i += next((size for size in self._outside_with_sizes if tuple(tokens[i:i + size]) in self._outside_with), 0)
        return kept, tuple(dict.fromkeys(names))

    def _spells(self, tokens: list[str], phrase: tuple[str, ...]) -> bool:
        """Whether `tokens` are `phrase`, a Korean particle on the last word allowed (세계은행에)."""
        if len(tokens) != len(phrase) or tokens[:-1] != list(phrase[:-1]):
            return False
        last, word = tokens[-1], phrase[-1]
        return last == word or (_HANGUL.match(word) is not None and last.startswith(word)
                                and last[len(word):] in self.suffixes)

    def _people(self, tokens: list[str], found: list[Match]) -> set[int]:
        """The places in `tokens` of names `found` that are a person's, not a place's, with the words that say so:
        after "my friend" or "I'm" ("my classmate Jordan", "I'm Polish"), before "from my class", or opening the
        message, perhaps after a greeting, before "here" ("Chad here 👋 what does NK import", "hi, Jordan here")."""
        people: set[int] = set()
        for match in found:
            start, end = match.start, match.end
            before = next((size for size in self._person_sizes
                           if size <= start and tuple(tokens[start - size:start]) in self.person_before), 0)
            after = next((size for size in self._person_sizes if tuple(tokens[end:end + size]) in self.person_after), 0)
            if (end + 1 < len(tokens) and tuple(tokens[end:end + 1]) in self.person_opening
                    and all(token in self.person_greeting for token in tokens[:start])):
                after = 1
            if before or after:
                people.update(range(start - before, end + after))
        return people

    def _past_idioms(self, words: list[str]) -> list[str]:
        """`words` without the idioms in them, whose words ask nothing of their own: what is done "in response to" a
        claim is no one's response ("what penalties were imposed in response to the transfers?")."""
        if self._idiom_starts.isdisjoint(words):  # (most questions)
            return words
        kept: list[str] = []
        i = 0
        while i < len(words):
            size = next((len(idiom) for idiom in self.idioms if tuple(words[i:i + len(idiom)]) == idiom), 0)
            if not size:
                kept.append(words[i])
            i += size or 1
        return kept

    def _idiomatic(self, tokens: list[str], found: list[Match]) -> set[int]:
        """The places in `tokens` of idioms that open with a name `found` ("polish off", "polish my report", "pole
        position"): the idiom's words, which name no place."""
        return {i for match in found for idiom in self.idioms
                if tuple(tokens[match.start:match.start + len(idiom)]) == idiom
                for i in range(match.start, match.start + len(idiom))}

    def _cities(self, tokens: list[str], found: list[Match]) -> tuple[dict[int, Place], set[int]]:
        """Countries' names `found` after "the city of" ("the port of Djibouti") or before "the city" ("Armenia - the
        city in Colombia"), each a city (or a region: "Macedonia, the region in Greece") of that name by its place in
        `tokens`, in the country named after it with "in" ("the city of Armenia in Colombia"); and the places of the
        words naming that country, which is not asked of."""
        cities: dict[int, Place] = {}
        containers: set[int] = set()
        for match, after in zip(found, [*found[1:], None], strict=True):
            start, end = match.start, match.end
            if not (isinstance(match.found, str) and is_country(match.found)):
                continue
            said = next((size for size in self._city_sizes if tuple(tokens[end:end + size]) in self.city_after), None)
            kind = self.city_after[tuple(tokens[end:end + said])] if said else next(
                (self.city_before[before] for size in self._city_sizes
                 if size <= start and (before := tuple(tokens[start - size:start])) in self.city_before
                 and not (start > size and tokens[start - size - 1] in _INDEFINITE)), None)
            if kind == "region" and said and end + said < len(tokens) and tokens[end + said] not in self.city_in:
                continue  # "China, the region's largest economy", "Indonesia, a region heavyweight": the country
            if kind is None:  # (and "Liaoning, a province of China" is in China, which is no province)
                continue
            end += said or 0
            country = ""
            if (after is not None and isinstance(after.found, str) and is_country(after.found)
                    and after.start in (end + 1, end + 2) and tokens[end] in self.city_in):  # ("in northern Greece")
                country = after.found
                containers.update(range(end, after.end))
            # named in the script the question names it in: "Армению" is the city Армения
            written = " ".join(tokens[match.start:match.end])
            lang = "ru" if _CYRILLIC.search(written) else "ko" if _HANGUL_ANY.search(written) else "en"
            name = self.places.name(match.found, lang)  # as written where it is not the country's name ("Macedonia")
            cities[start] = Place(name if lang != "en" or fold(name) == written else written.title(), kind, country)
        return cities, containers

    @staticmethod
    def _towns(found: list[Match]) -> set[int]:
        """The places of countries' names `found` right before a place in another country: a town's name there
        ("Poland, Maine", "China, Maine", "Lebanon, Pennsylvania"), not the country's."""
        return {i for match, after in zip(found, found[1:], strict=False)
                if isinstance(match.found, str) and is_country(match.found) and isinstance(after.found, Place)
                and after.start == match.end and after.found.country != match.found
                for i in range(match.start, match.end)}

    def _names_not_words(self, tokens: list[str], capitalized: frozenset[str], found: list[Match],
                         text: str) -> frozenset[str]:
        """Countries' names that are also frequent words ("того" is "of that"), written in lower case where only the
        name fits: opening or closing the message or a sentence ("того 3-е место?", "импорт из того", "Спасибо. Того
        сколько?"), or beside another country ("польша и того"); never before or after a word that makes them the word
        ("того же года", "сколько % от того")."""
        opening = frozenset(fold(w) for w in _OPENING.findall(text))
        starts = {m.start for m in found if isinstance(m.found, str) and is_country(m.found)}
        ends = {m.end for m in found if isinstance(m.found, str) and is_country(m.found)}
        names = set()
        for i, token in enumerate(tokens):
            if token in capitalized or token not in self.places.frequent or token not in self.places.names:
                continue
            if (i + 1 < len(tokens) and tokens[i + 1] in self.word_before) or (i and tokens[i - 1] in self.word_after):
                continue
            beside = (i in ends or (i - 1 in ends and tokens[i - 1] in self.joining) or i + 1 in starts
                      or (i + 2 in starts and tokens[i + 1] in self.joining))
            if i == 0 or i == len(tokens) - 1 or beside or token in opening:
                names.add(token)
        return frozenset(names)

    def _threshold(self, tokens: list[str]) -> tuple[int, int, Range] | None:
        """An amount of money with a bound before or after it ("more than 1mn", "500 000 usd or less", "100만 달러
        이상"), or two amounts around a range ("between 500k and 1mn usd", "от 500 тыс. до 1 млн долларов",
        "50만 달러에서 100만 달러 사이"): the tokens it spans and the range in dollars. A number is an amount only
        with a scale or a currency beside it, or beside the other end of its range: "before 2023" is no bound."""
        for i in range(len(tokens)):
            first = self._amount(tokens, i)
            if first is None:
                continue
            value, scale, money, end = first
            if not money and tokens[end:end + 1] and tokens[end] in self.counted_things:
                continue  # "more than 6.5 million shells": a count of things, no bound on dollars
            joined = end < len(tokens) and self._bare(tokens[end]) in self.range_and  # "and", "до"
            if (second := self._amount(tokens, end + 1 if joined else end)) is not None:
                high, high_scale, high_money, last = second
                low = value * (scale if scale > 1 or money else high_scale)
                starts = [len(b) for b in self.range_before if tuple(tokens[max(0, i - len(b)):i]) == b]
                after = next((len(b) for b in self.range_after if b in (tuple(tokens[last:last + len(b)]), tuple(
                    self._bare(t) for t in tokens[last:last + len(b)]))), 0)
                # "between 500k and 1mn usd"; 50만 달러에서 100만 달러 사이 (에서 glued to the first amount's currency)
                if ((starts and joined) or after) and (money or high_money or high_scale > 1):
                    span = (i - max(starts, default=0), last + after)
                    return *span, Range(min(low, high * high_scale), max(low, high * high_scale), inclusive=True)
            if (scale > 1 or money) and (bounded := self._bounded(tokens, i, end, value * scale)) is not None:
                return bounded
        return None

    def _bounded(self, tokens: list[str], start: int, end: int, value: float,
                 share: bool = False) -> tuple[int, int, Range] | None:
        """A bound before tokens[start:end], which give `value`, or after them ("more than 1mn", "1mn or more",
        "1% 이상"): the tokens bound and figure span and the range, its end included where the bound says so ("at
        least"), of dollars or with `share` of a share in percent; None when no bound is beside it."""
        for op, bound in self.bounds:
            limit = Range(value, inf, bound in self.inclusive, share) if op == ">" else Range(
                0.0, value, bound in self.inclusive, share)
            if tuple(tokens[max(0, start - len(bound)):start]) == bound and not (
                    start > len(bound) and tokens[start - len(bound) - 1].endswith("%")):
                # ("вырос на 72% до 140 млн": grew 72% to $140mn, the level reached, no bound)
                return start - len(bound), end, limit
            if bound not in self.leading and tuple(self._bare(t) for t in tokens[end:end + len(bound)]) == bound:
                return start, end + len(bound), limit
        return None

    def _digits(self, spelled: re.Match[str]) -> str:
        """A number in words as digits and a space: "one hundred forty " is "140 ", "четыре с лишним " is "4 "."""
        return f"{self._spelled_value(spelled.group(1)):g} "

    def _year(self, spelled: re.Match[str]) -> str:
        """A year said in full as digits ("two thousand nineteen" is "2019", "две тысячи двадцать третьем" 2023,
        "две тысячи девятнадцатом" 2019); any other number as it was ("две тысячи долларов")."""
        rest, after = self._spelled_value(spelled.group(2)), spelled.group(3) or ""
        ordinal = self.ordinals.get(self._bare(normalise(fold(after)))) if after else None
        if self._spelled_value(spelled.group(1)) != 2 or rest + (ordinal or 0) >= 100 or not (rest or ordinal):
            return spelled.group()
        return f"{2000 + rest + (ordinal or 0):g}" + ("" if ordinal or not after else f" {after}")

    def _spelled_value(self, words: str) -> float:
        """The number `words` say: "one hundred forty" is 140."""
        total = 0.0
        for word in self.numeral.findall(words):
            value = self.numerals[fold(word)]
            total = total * value if value == 100 and 0 < total < 100 else total + value  # "one hundred", "сто"
        return total

    def _share_bound(self, tokens: list[str]) -> tuple[int, int, Range] | None:
        """A share of exports with a bound before or after it ("at least 1%", "more than 0.5 percent", "1% 이상"):
        the tokens it spans and the range in percent, its end included where the bound says so ("at least")."""
        for i, token in enumerate(tokens):
            number, end = _PERCENT.match(token), i + 1
            if number is None and tokens[i + 1:i + 2] and tokens[i + 1] in self.percent_signs:  # "1 процент"
                number, end = _DECIMAL_NUMBER.match(token), i + 2
            if number is None:
                continue
            start = i - 1 if i and tokens[i - 1] in ARTICLES else i  # "at least a 1% share"
            if (bounded := self._bounded(tokens, start, end, float(number.group(1)), share=True)) is not None:
                return bounded
        return None

    def _join(self, tokens: list[str]) -> list[str]:
        """`tokens` with each phrase that is also written as one word as that word ("на сколько"), longest first,
        a Korean particle on its last word kept on the word ("두 번째는": 두번째는)."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            joined = None
            if tokens[i] in self._joined_starts:  # most words begin no such phrase
                joined = next(filter(None, (self._joined_at(tokens[i:i + n]) for n in self._joined_sizes
                                            if i + n <= len(tokens))), None)
            out.append(joined[0] if joined else tokens[i])
            i += joined[1] if joined else 1
        return out

    def _joined_at(self, phrase: list[str]) -> tuple[str, int] | None:
        """The one word `phrase` is written as, and its length; None when it is none."""
        if (word := self.joined.get(tuple(phrase))) is not None:
            return word, len(phrase)
        if tuple(phrase[:-1]) not in self._joined_heads:  # most places: no phrase begins here
            return None
        last = phrase[-1]
        for suffix in self.suffixes:
            if last.endswith(suffix) and (word := self.joined.get((*phrase[:-1], last[:-len(suffix)]))) is not None:
                return word + suffix, len(phrase)
        return None

    def _stated(self, tokens: list[str]) -> tuple[float, int, int] | None:
        """The one amount of money a question states without a bound ("were imports $1.79bn", "1,79 млрд долл.,
        так?"): dollars and the tokens it spans; None when it states none, or several."""
        found = []
        i = 0
        while i < len(tokens):
            amount = self._amount(tokens, i)
            if amount is not None and not amount[2] and tokens[amount[3]:amount[3] + 1] and (
                    tokens[amount[3]] in self.counted_things):  # "6.5mn shells": a count of things, not dollars
                i = amount[3]
            elif amount is not None and (amount[1] > 1 or (amount[2] and not _YEAR.match(tokens[i]))):  # "2019 dollars"
                found.append((amount[0] * amount[1], i, amount[3]))
                i = amount[3]
            else:
                i += 1
        return found[0] if len(found) == 1 else None

    def _amount(self, tokens: list[str], i: int) -> tuple[float, int, bool, int] | None:
        """A number at tokens[i] with what scales it and whether a currency follows ("500 000 usd", "1.5 mn",
        "100만 달러"): (value, scale, currency named, the token after it), or None."""
        number = _AMOUNT.match(tokens[i]) if i < len(tokens) else None
        if number is None or (number.group(2) and number.group(2) not in self.scales):
            return None
        value, end = float(number.group(1)), i + 1
        while not number.group(2) and end < len(tokens) and len(tokens[end]) == 3 and tokens[end].isdigit():
            value, end = value * 1000 + int(tokens[end]), end + 1  # 500 000: thousands written apart
        scale = self.scales.get(number.group(2), 1)
        if not number.group(2) and end < len(tokens) and tokens[end] in self.scales:
            scale, end = self.scales[tokens[end]], end + 1
        # a smaller unit after a larger one adds to it: 17억 9천만 is 1.79 billion
        while scale > 1 and end < len(tokens) and (more := _AMOUNT.match(tokens[end])) is not None and (
                self.scales.get(more.group(2), scale) < scale):
            value, end = value + float(more.group(1)) * self.scales[more.group(2)] / scale, end + 1
        currency = next((c for c in self.currency if tuple(self._bare(t) for t in tokens[end:end + len(c)]) == c), ())
        return value, scale, bool(currency), end + len(currency)

    def _partner_whole(self, words: list[str], owners: list[str | Place | None], possessive: frozenset[str]) -> bool:
        """Whether the share a question asks is of a country's own trade, North Korea's the part: the country before
        the flow, after a word of the whole and written as owning it, or with North Korea no whole itself ("of China's
        foreign trade", "North Korea share of China trade"; not "the share of China exports for North Korea"), or in
        Korean with North Korea after it ("중국 수입에서 북한이"), or in Russian after it ("в торговле Китая"), and
        North Korea named with no flow of its own after it ("North Korea's share in", not "of North Korea's
        exports"). `possessive`: the words written with "'s"."""
        if SUBJECT_TOKEN not in words or any(w == SUBJECT_TOKEN and self.flow_words.get(nxt)
                                             for w, nxt in zip(words, [*words[1:], ""], strict=True)):
            return False
        at = words.index(COUNTRY)
        after = at + 1
        while after < len(words) - 1 and words[after] in self.flow_qualifiers and words[after + 1] in self.flow_words:
            after += 1
        if after < len(words) and words[after] in self.flow_words:
            if _HANGUL_ANY.search(words[after]):  # (북한의 폴란드 수출 is North Korea's exports to Poland)
                return SUBJECT_TOKEN in words[after:]
            owned = self._possessed(owners[at], possessive)
            whole = any(next((b for b in reversed(words[:k]) if b not in ARTICLES), "") in self.whole_of
                        for k, w in enumerate(words) if w == SUBJECT_TOKEN)  # ("for the DPRK")
            return at > 0 and words[at - 1] in self.whole_of and (owned or not whole)
        return at > 0 and words[at - 1] in self.flow_words and _CYRILLIC.search(words[at - 1]) is not None

    def _possessed(self, owner: str | Place | None, possessive: frozenset[str]) -> bool:
        """Whether `owner` (a country named) is written as owning what follows: its name is among the words written
        with "'s" or 의 (`possessive`)."""
        return any(self.places.names.get(word) == owner for word in possessive)

    def _owns_partners(self, words: list[str], owners: list[str | Place | None], possessive: frozenset[str]) -> bool:
        """Whether a country named is written as owning the partner asked for: the largest or main one right after
        it, past words of flow, and nothing measured of that partner ("South Korea's largest export partner", "한국의
        최대 수출 상대국", "is China Japan's top trading partner?"; not "Poland's partner rank", "China's market share",
        "China's top partner share")."""
        between = self.flow_words.keys() | self.counting | self.flow_qualifiers
        for at in (j for j, word in enumerate(words) if word == COUNTRY and self._possessed(owners[j], possessive)):
            after = at + 1
            while after < len(words) and words[after] not in self._partner_nouns and words[after] in between:
                after += 1
            if (after < len(words) and after - at <= 4 and words[after] in self._partner_nouns
                    and not self.ranking_words.isdisjoint(words[at + 1:after])
                    and not (after + 1 < len(words) and words[after + 1] in self.measure_words)):
                return True
        return False

    def _between_others(self, words: list[str], i: int) -> bool:
        """Whether the flow word at words[i] is one country's trade with another, North Korea named nowhere: a country
        right before it that is no object of "to", "from" or "with" itself ("exports to Togo, exports to Spain"), and
        after it (past an article or "is") a word of "to", "from" or "with" and a country."""
        if not i or words[i - 1] != COUNTRY or SUBJECT_TOKEN in words:
            return False
        before = [w for w in words[max(i - 3, 0):i - 1] if w not in ARTICLES]
        if before and before[-1] in self._trades_with:
            return False
        # (past an article, and a verb of being: "South Korea's trade is with China")
        after = [w for w in words[i + 1:i + 5] if w not in ARTICLES and w not in _BEING]
        return len(after) >= 2 and after[0] in self._trades_with and after[1] == COUNTRY

    def _code(self, code: str) -> str:
        """The name of the country of an ISO code (PL, POL), or the code itself when it is none."""
        country = self._country_of(code)
        return code if country is None else self.places.name(country)

    def _country_of(self, code: str) -> str | None:
        """The country of an ISO code in capitals (PL, POL); None when it is none, or an abbreviation that is far
        more often a word (knowledge: not_codes)."""
        return None if code in self.not_codes else self.places.codes.get(code)

    def _slots(self, words: list[str], named: list[str | Place], owners: list[str | Place | None],
               numbers: str | None = None, capitalized: frozenset[str] = frozenset(),
               possessive: frozenset[str] = frozenset()) -> Parsed:
        years: list[int] = []
        flows: list[Flow] = []
        latest = ascending = others = money = bought = from_place = from_subject = origin = to_subject = False
        shift = 0  # -1: "the year before", 1: "the year after"
        shift_at = 0  # how many years were named before it
        apposed = False  # a year named after "the year before" is not its object: "a year earlier, in 2022"
        compared = False
        others_trade = False  # a flow between two other countries: "how much did Poland export to Togo"
        until = False  # a year named as the one a change runs to: "by 2023", "к 2023-му", "2023년까지"
        since = False  # a year named as the one a change runs from: "с 2021"
        counts: list[tuple[int, int]] = []  # (place in `out`, number) of each count: "top 5", "ranked 11 to 15"
        others_at: int | None = None  # where a word of the others stands in `out`: before a count, those beyond it
        n: int | None = None
        position: int | None = None
        places: list[int] = []  # the places in a ranking named, in order
        neighbour = 0
        sides: set[int] = set()  # the neighbour words seen, wherever they stand: above (-1), below (1)
        framing: int | None = None  # which country named is the one a neighbour is told from ("after China")
        percents: list[float] = []
        excluded: list[str] = []
        unit: str | None = None
        counting = numbers == "n" or any(w in self.counting for w in words)
        out: list[str] = []
        i = 0
        while i < len(words):
            word = words[i]
            if word in self.others_around and (around := self._left_around(words, owners, i)) is not None:
                others = True
                excluded.extend(around[0])
                words = [*words[:around[1]], *words[around[1] + 1:]]  # the closing "out" asks nothing
                owners = [*owners[:around[1]], *owners[around[1] + 1:]]
                i += 1
                continue
            if word in self._example_words and words[i + 1:i + 2] == [COUNTRY] and REGION in words[:i]:
                i += 1  # "North African countries like Egypt?": an example of the region asked of
                continue
            if word in self._starts:
                taken = self._phrase(words, i)
                if taken is not None and taken[0] == "others_named" and not self._names_left_out(words, i, taken[1]):
                    taken = None  # "не попадает в топ-3": no country or region left out, the words of the question
                if taken is not None:
                    kind, size, value = taken
                    if kind == "latest":
                        latest = True
                    elif kind == "shift":  # "the year before 2023" is 2022; "годом раньше, в 2022-м" is 2022
                        shift, shift_at = int(value), len(years)  # type: ignore[call-overload]
                        apposed = words[i + size - 1] not in self.before_of
                    elif kind == "courtesy":  # "could you", "I was wondering": asks nothing of its own
                        pass
                    elif kind == "others":
                        others = True
                        if others_at is None:  # (Korean puts it right after: "상위 10개국 밖으로")
                            others_at = len(out) - (1 if _HANGUL_ANY.search(word) and out and out[-1] == N else 0)
                        excluded.extend(self._left_out(words, owners, i, size, before=value == "before"))
                    elif kind == "others_named":
                        others = True
                        excluded.extend(self._left_out(words, owners, i, size))
                    elif kind == "ascending":
                        ascending = True
                    elif kind == "money":
                        money = True
                    elif kind == "unit" and value == COMPANIES and (
                            (i and words[i - 1] in (COUNTRY, REGION)) or (
                                words[i + size:i + size + 1] and words[i + size] in self._place_follows
                                and words[i + size + 1:i + size + 2] in ([COUNTRY], [REGION]))):
                        pass  # "how much do Surinamese companies / firms in Poland buy": the place's, no company's
                    elif kind == "unit":
                        unit = unit or str(value)
                        out.append(UNIT)
                    elif kind == "year":
                        years.append(int(value))  # type: ignore[call-overload]
                        out.append(YEAR)
                    elif (words[i + size:i + size + 1] and words[i + size] in self.place_words) or (
                            i and words[i - 1] in self.place_before):  # "пятое место", "number two": a place
                        position = int(value)  # type: ignore[call-overload]
                        out.append(N)
                    elif (moved := self._years_moved(words, i + size)) is not None:
                        shift, shift_at = moved * int(value), len(years)  # type: ignore[call-overload]
                        size += 2  # "and two years later?": the year asked before, moved by two
                    elif value == 1 and words[i + size:i + size + 1] and words[i + size] in self.partitive:
                        pass  # "is Togo one of its buyers?", "один из": one of several, no count
                    elif (value == ALL and not counting and words[i + size:i + size + 1]
                          and words[i + size] in self.flow_words):
                        pass  # "what share of all exports", "every export": the whole flow, no count of partners
                    else:
                        counts.append((len(out), int(value)))  # type: ignore[call-overload]
                        out.append(N)
                    i += size
                    continue
            if word in self.ascending and words[i + 1:i + 2] and words[i + 1] in self.times:
                i += 2  # "last summer": a time, neither the smallest partner nor a word of the question
                continue
            percent = None
            if word[0].isdigit():  # a percentage the reader states: "9.7%", "122 %", "72 процента"
                # ("2021 vs 2019 %": a year, and the % asks for the comparison in percent)
                signed = words[i + 1:i + 2] and words[i + 1] in self.percent_signs and not _YEAR.match(word)
                sign = "%" if signed else ""
                if (percent := _PERCENT.match(word + sign)) is not None:
                    percents.append(float(percent.group(1)))
            if not word[0].isdigit():  # most words: no number to read
                if word in self.ordinals and i and words[i - 1] in self.numerals:
                    out.append(word)  # "less than a tenth", "two-fifths": a fraction, no place
                elif word in self.ordinals:
                    position = self.ordinals[word]
                    places.append(position)  # "между вторым и третьим": two places
                    ascending = ascending or word in self.ascending  # "предпоследний": second from the end
                    out.append(N)
                elif word in self.flow_words and not (word == "total" and self._a_sum(words, i)):
                    flow = self.flow_words[word]
                    bought = bought or word in self.buying
                    # "what does Poland sell (them)?": the country sells; but not "кндр в индию продала", sold to it
                    to_subject = to_subject or (word in self.selling and i > 0 and words[i - 1] == COUNTRY
                                                and (i < 2 or words[i - 2] not in self._trades_with))
                    others_trade = others_trade or (not others and self._between_others(words, i))
                    money = money or word in self.money_words  # 수출액: the value of exports
                    if flow not in flows:
                        flows.append(flow)
                    out.append(flow)
                else:
                    ascending = ascending or word in self.ascending
                    money = money or word in self.money_words
                    # the word after, past an article ("from the DPRK")
                    after = next((w for w in words[i + 1:i + 3] if w not in ARTICLES), "")
                    # what a word of "from" takes: the word after it ("from the DPRK"), or in Korean, a postposition,
                    # the one before it (폴란드에서 북한이 수입: from Poland, not from North Korea)
                    source = words[i - 1] if word in self._korean_from and i else after
                    from_place = from_place or (word in self.from_words and source in (COUNTRY, PLACE))
                    if word in self.neighbour_words and not self._ends_difference(words, i):
                        # (but "how far behind Poland is it?" asks the gap to Poland, not who is just below it)
                        sides.add(self.neighbour_words[word])
                        korean = COUNTRY in words[max(i - 2, 0):i] and _HANGUL_ANY.search(word) is not None
                        if words[i + 1:i + 3] == ["of", COUNTRY]:  # "just ahead of India"
                            after = COUNTRY
                        if after == COUNTRY or korean:  # "just above India", "스페인 바로 아래"
                            neighbour = self.neighbour_words[word]
                            # the country it is told from: the next one named, or in Korean the one before
                            framing = out.count(COUNTRY) - (1 if after != COUNTRY else 0)
                    if word in self.from_words and source == SUBJECT_TOKEN:  # "from North Korea"
                        from_subject = True
                        # (goods that come from it: "из КНДР", not "у КНДР", which may be its own)
                        origin = origin or word not in self.owner_words
                    if word in self.to_words and after == SUBJECT_TOKEN:
                        # "to North Korea", not "в северокорейском экспорте" (in North Korean exports)
                        named_at = words.index(SUBJECT_TOKEN, i)
                        to_subject = to_subject or self.flow_words.get(
                            words[named_at + 1] if named_at + 1 < len(words) else "") != "exports"
                    out.append(word)
            elif (place := _POSITION.match(word)) is not None or (
                    word.isdigit() and len(word) <= 2 and i + 1 < len(words) and words[i + 1] in _RUSSIAN_ORDINAL):
                number = int(place.group(1) if place else word)
                if (out and out[-1] in self.ranking_words) or (i + 1 < len(words) and words[i + 1] in self.within):
                    counts.append((len(out), number))  # "상위 10위 (안에)": the top ten; "상대국 5위": the fifth
                else:
                    places.append(number)
                    position = number
                out.append(N)
                i += 0 if place else 1
            elif numbers == "year" and word.isdigit():
                number = int(word)  # "/total 23": 2023, a year written short; "/total 9999" stays as asked
                years.append(2000 + number if len(word) == 2 and SHORT_YEARS[0] <= number <= SHORT_YEARS[1]
                             else number)
                out.append(YEAR)
            elif (year := _YEAR.match(word)) is not None:
                years.append(int(year.group(1)))
                out.append(YEAR)
                compared = compared or word.endswith(_COMPARED_WITH)  # "2019년보다": than 2019
                until = until or (i > 0 and words[i - 1] in self.until_words) or word.endswith(_UNTIL)
                since = since or (i > 0 and words[i - 1] in self.since_year)  # "вырос с 2021": from 2021 on
            elif percent is not None and _INT.match(word) is not None:
                out.append(NUMBER)  # "72 процента": a percentage, no count
                i += 1
            elif _INT.match(word) is not None and words[i + 1:i + 2] and words[i + 1] in self.time_units:
                out.append(NUMBER)  # "filing in 10 min": how long, no count
                i += 1
            elif _INT.match(word) is not None and i and words[i - 1] in self.text_parts:
                out.append(NUMBER)  # "para 1 of our draft", "абзац 2": where in a text, no count
            elif word.isdigit() and (moved := self._years_moved(words, i + 1)) is not None:
                shift, shift_at = moved * int(word), len(years)  # "2 years earlier"
                i += 2
            elif (count := _INT.match(word)) is not None:
                number = int(count.group(1))
                if word.isdigit() and ((i and words[i - 1] in self.place_before) or (
                        words[i + 1:i + 2] and words[i + 1] in self.place_words
                        and not (out and out[-1] in self.ranking_words))):
                    # "number 2", "№ 2", "на 3 месте": a place (but "top 5 spots" is a count)
                    if counts and counts[-1][0] == len(out) - 2 and out[-1] in self.range_and:
                        places.append(counts.pop()[1])  # "с 11 по 15 место": the number before is a place too
                    position = number
                    places.append(number)  # ("#2 against #3": two)
                    out.append(N)
                elif (not counting and SHORT_YEARS[0] <= number <= SHORT_YEARS[1] and len(count.group(1)) == 2
                        and word.isdigit() and not (out and out[-1] == N)):  # (25개국 is a count of countries,
                    # whatever counts; "all 25" is a count after a count)
                    years.append(2000 + number)  # "imports 23": a year written short, not the top 23
                    out.append(YEAR)
                else:
                    counts.append((len(out), number))
                    out.append(N)
            elif _DECIMAL.match(word):
                out.append(NUMBER)
            else:
                out.append(word)  # "3rd"
            i += 1
        plain = self._past_idioms(words)
        asks = (self._marks(plain) | ({"versus"} if compared else set()) | ({"until"} if until else set())
                | ({"since"} if since else set()))
        if others_trade and not {"versus", "ratio", "difference"} & asks and self._compare.isdisjoint(words):
            # (but "compare Poland exports to Togo", "the ratio of China's exports to Poland's" compare two partners)
            asks |= {"others_trade"}
        if others_at is not None and counts and others_at <= counts[0][0] and not excluded:
            asks |= {"beyond"}  # "outside the top 10", "상위 10개국 밖으로"; not "the top 3, excluding the first"
        if "back_share" in asks:  # "what share of trade does it account for?": of the one before; "does it account
            # for unofficial trade?" asks of a topic of the claims, not of it
            asks = asks - {"back_share"} | (set() if self._topics & asks else {"back"})
        if "own_trade" in asks:  # "China's total trade with the world": that country's own, if North Korea is not named
            asks -= {"own_trade"}
            if words.count(COUNTRY) == 1 and SUBJECT_TOKEN not in words:
                asks |= {"others_trade"}
        if words.count(COUNTRY) in (1, 2) and self._owns_partners(words, owners, possessive):
            # "What is South Korea's largest export partner?": of its own trade; "Japan's top partner is China,
            # right?": of the trade between the two
            asks |= {"others_trade"}
        if "share" in asks and words.count(COUNTRY) == 1 and self._partner_whole(words, owners, possessive):
            asks |= {"others_trade"}  # "what share of China's trade is with North Korea": of China's own trade
        if (flows and "total" not in flows and not named and "amount" not in asks
                and any(word in self.product_nouns for word in words)):  # "main things NK imports": its goods
            asks |= {"products"}
        if any(word in self.stopwords for word in words):  # "кто это посчитал" is "кто посчитал" (who counted)
            asks |= self._marks([word for word in plain if word not in self.stopwords])
        thing = _THING in asks
        asks -= {_THING}
        if self._whose_person(words, capitalized):
            asks = asks - {"identifier"} | {"name"}  # "какие именно аналитики?": a person's name, not a resolution's
        if "neighbours" in asks and any(w in self._neighbour_nouns and out[j + 1:j + 2] == [COUNTRY]
                                        for j, w in enumerate(out)):
            asks -= {"neighbours"}  # "and its neighbour Benin?": Benin, a neighbour on the map, not in the table
        flows = self._total_as_word(words, flows, asks)
        if not flows and from_place and any(word in self.arrival_words for word in words):
            flows = ["imports"]  # "how much of that came from China": what comes from a country is an import
        # "who imported more North Korean goods", "북한 제품을 더 많이 산 나라": its goods, bought by the countries
        # named
        made = any(w == SUBJECT_TOKEN and nxt in self.made_goods and after not in self.flow_words
                   for w, nxt, after in zip(words, words[1:], [*words[2:], ""], strict=False))
        if made and named and {"more", "less", "largest", "amount", "versus", "ratio"} & asks:
            asks -= {"products"}
        buys = (bought and not from_place) or from_subject or made
        if named or origin:  # ("imports from North Korea": whoever's they are, its exports)
            flows = directed(flows, buys, to_subject)
        # the subject is in nearly every question and says nothing about the intent
        content = tuple(w for w in out if w not in self.stopwords and w != SUBJECT_TOKEN)
        placed = frozenset(words[j + 1] for j in range(len(words) - 1) if words[j] in self._place_follows) | {
            word for word, following in zip(words, words[1:], strict=False)  # 와칸다에 수출: a name before its particle
            if following in self.flow_words and word.endswith(self.name_particles) and _HANGUL.match(word)}
        ranks: tuple[int, int] | None = None
        if len(places) == 2 and places[0] != places[1]:  # "1위부터 3위까지", "from 2nd to 5th": the places between
            ranks, position = (min(places), max(places)), None
        elif len(set(places)) > 2:  # "#1, #2 and #3": those places; but beside a gap asked, more than one question
            ranks, position = (None if {"difference", "ratio"} & asks else (min(places), max(places))), None
        elif len(counts) >= 2 and counts[1][0] == counts[0][0] + 2 and out[counts[0][0] + 1] in self.range_and:
            ranks = (min(counts[0][1], counts[1][1]), max(counts[0][1], counts[1][1]))  # "ranked 11 to 15"
        elif counts:
            n = counts[0][1]  # the first count: "top three buyers and each one's share" is the top 3
        if (ranks or n) and "total" in words and "total" not in flows:  # "total exports of the top five": their sum,
            asks |= {"sum"}  # the word beside a flow ("total exports") and no total trade
        between = any(w in self.range_words and out[j + 1:j + 2] == [COUNTRY] for j, w in enumerate(out))
        if neighbour and (n is not None or "sum" in asks):  # "the five largest after China": the rest's top five
            neighbour, others = 0, True
        if shift and years[shift_at:] and abs(shift) > 1 and "change" in asks and len(years) == 1:
            years.append(years[0] + shift)  # "how much did trade grow in the two years after 2021?": 2021 to 2023
        elif shift and years[shift_at:]:  # "the year before 2023" is 2022, "a year earlier, in 2022" is 2022
            if not apposed:
                years[shift_at:] = [year + shift for year in years[shift_at:]]
        elif shift and years:  # "in 2023 compared with the year before": 2023 and 2022
            years.append(years[-1] + shift)
        codes = [c for c in named if isinstance(c, str)]
        taken_back = {owners[j] for j in range(1, len(words)) if words[j] == COUNTRY and words[j - 1] in self.negations}
        if taken_back and any(c not in taken_back for c in codes):  # "sorry, Togo not Tonga": Togo
            codes = [c for c in codes if c not in taken_back]
        countries = [c for c in codes if is_country(c)]
        if len(countries) <= 1 and (len(sides) == 2 or "neighbours" in asks):  # "who is above and below Benin"
            neighbour = 2
        elif not countries and not years and not flows and len(sides) == 1:  # "and who is just above?": of the
            neighbour = next(iter(sides))  # country asked about before
        if neighbour and position is not None and framing is not None and len(countries) > max(framing, 1):
            # "Вьетнам второй после Китая?", "is Poland 3rd after China and Togo": a place in the ranking claimed for
            # the country before, those after the word only where the count starts
            del countries[framing:]
            neighbour = 0
        elif (neighbour in (-1, 1) and position is None and "largest" in asks and framing is not None
              and len(countries) == 2 and framing <= 1):
            # "Togo is the biggest buyer after China, right?": Togo claimed just after China, which is named last
            countries.append(countries.pop(framing))
        if len(countries) == 2 and "than" in asks:
            # "is Suriname bigger than Togo?", "больше, чем Индонезия": the one told from (after "than", perhaps past
            # "to" or an article: "more to Togo than to Suriname") named last
            than = next((owners[j] for j in range(1, len(words)) if words[j] == COUNTRY and (
                "than" in self._marks(words[j - 1:j]) or (j > 1 and words[j - 1] in self._place_follows | ARTICLES
                                                          and "than" in self._marks(words[j - 2:j - 1])))), None)
            if than in countries:
                countries.append(countries.pop(countries.index(than)))
        than_at = next((words[:j].count(COUNTRY) for j in range(len(words)) if "than" in self._marks(words[j:j + 1])),
                       None) if len(countries) > 2 and "than" in asks else None
        said_at = next((j for j, word in enumerate(words) if "said" in self._marks(words[j:j + 1])),
                       None) if "said" in asks else None
        speakers = tuple(dict.fromkeys(owner for owner in owners[:said_at] if isinstance(owner, str)
                                       and (owner in countries or owner == SUBJECT))) if said_at is not None else ()
        unquoted = _speaker(words, capitalized, said_at) if said_at is not None and not speakers else ()
        if said_at is not None and not speakers and percents and flows and said_at < len(content) and any(
                "said" in self._marks([word]) for word in content[:said_at + 1]):
            # "KOTRA said trade jumped 220% in 2023, correct?", "Yonhap reports exports rose 27%?": a figure said to
            # be the brief's, to be checked as the reader's own would be; not a question of who said what
            start = next(j for j, word in enumerate(content) if "said" in self._marks([word]))
            content, asks = content[start + 1:], asks - {"said"}
            said_at = None
        # a country asked what it said: an auxiliary before it, the word of saying right after ("what did Beijing
        # say", "has Moscow commented"), not a figure said to be reported ("China's reported share", "as reported")
        addressed = said_at is not None and any(words[j] == COUNTRY and words[j - 1] in self.auxiliaries
                                                and 0 < said_at - j <= 2 for j in range(1, said_at))
        # (of what a speaker said: "what did the US say North Korea sent to Russia")
        giver = self._giver(words[said_at + 1 if said_at is not None else 0:]) if (
            COUNTRY in words and SUBJECT_TOKEN in words) else None
        if not flows and giver == COUNTRY:  # "how much did Poland send (to) North Korea": North Korea's imports
            flows = ["imports"]
        slots = Slots(countries=tuple(countries),
                      regions=tuple(c for c in codes if not is_country(c)),
                      places=tuple(p for p in named if isinstance(p, Place)),
                      years=tuple(dict.fromkeys(years)), latest=latest, flows=tuple(flows), n=n, ascending=ascending,
                      unit=unit, others=others, money=money, asks=asks, position=position,
                      year_shift=shift if not years else 0, neighbour=neighbour, ranks=ranks, between=between,
                      dollars=any(w in self.dollar_words for w in words),
                      stated_pcts=tuple(dict.fromkeys(percents)),  # (one figure said twice is one)
                      excluded=tuple(excluded), speakers=speakers, unquoted=unquoted,
                      than_at=than_at if than_at and than_at < len(countries) else None, thing=thing,
                      addressed=addressed)
        traded = frozenset(words[j + 1] for j in range(len(words) - 1) if words[j] in self._trades_with)
        return Parsed(content, slots, placed, traded, capitalized, subject=SUBJECT_TOKEN in out, buys=buys,
                      sells_to_subject=to_subject, partners=not self._partner_nouns.isdisjoint(words), giver=giver)

    def _giver(self, words: list[str]) -> str | None:
        """Which of North Korea and a country named gives, where a word of giving or getting says: the one named last
        before a giving word ("what does North Korea supply to Russia"), the other one before a getting word ("how many
        North Korean shells did Russia receive"), or in Korean, whose verb comes after both, the one named first
        (북한이 러시아에 보냈다); None where no such word follows either."""
        for i, word in enumerate(words):
            if word in self.giving or word in self.getting:
                named = [w for w in words[:i] if w in (SUBJECT_TOKEN, COUNTRY)]
                if named:
                    nearest = named[0] if _HANGUL_ANY.search(word) else named[-1]
                    return nearest if word in self.giving else COUNTRY if nearest == SUBJECT_TOKEN else SUBJECT_TOKEN
        return None

    def _a_sum(self, words: list[str], i: int) -> bool:
        """Whether "total" at words[i] is a sum, not total trade: after a word that makes it one ("how much do they
        take in total", "what's their total?"; but "their total trade" is trade), or before "of" and no flow ("the
        total of the partners ranked 11 to 25"; but "the total of trade" is trade)."""
        after = [w for w in words[i + 1:i + 4] if w not in ARTICLES]
        if after[:1] == ["of"]:
            return after[1:2] != [] and after[1] not in self.flow_words
        return i > 0 and words[i - 1] in self._sum_before_total and (not after or words[i + 1] not in self.flow_words)

    def _total_as_word(self, words: Sequence[str], flows: list[Flow], asks: frozenset[str]) -> list[Flow]:
        """`flows` without "total" where it stands right beside another flow: a word, not a third flow ("total
        exports", "exprts total"), unless the whole is what a part is asked of ("what share of total trade were
        exports"); "imports, exports and total" are three."""
        if len(flows) < 2 or "total" not in flows:  # most questions: nothing to drop, no words to look at
            return flows
        kinds = [self.flow_words.get(word) for word in words]
        pairs = list(zip(kinds, kinds[1:], strict=False))
        before = any(a == "total" and b not in ("total", None) for a, b in pairs)  # "total exports", "всего экспорта"
        beside = before or any(b == "total" and a not in ("total", None) for a, b in pairs)
        if beside and (not {"share", "ratio"} & asks or (before and "share" in asks)):
            return [flow for flow in flows if flow != "total"]
        return flows

    def _left_out(self, words: list[str], owners: list[str | Place | None], i: int, size: int,
                  before: bool = False) -> list[str]:
        """The countries the word of "others" at words[i:i + size] leaves out: those right after it (past an
        article), joined by "and" ("excluding China and Poland"), or, in Korean and where it says so (`before`), the
        one right before it (중국을 제외한, "China aside")."""
        if (before or _HANGUL_ANY.search(words[i])) and i and words[i - 1] == COUNTRY:
            return [owners[i - 1]]  # type: ignore[list-item]
        if _HANGUL_ANY.search(words[i]):
            return []
        return self._listed(words, owners, i + size + (i + size < len(words) and words[i + size] in ARTICLES))[0]

    def _names_left_out(self, words: list[str], i: int, size: int) -> bool:
        """Whether the phrase of leaving out at words[i:i + size] names a country or region: the one after it, or in
        Korean the one before it ("не идёт в Азию", "중국에 안 가는"), past a word of partners ("не идёт в страны
        Африки", "아프리카 나라들로 안 가는")."""
        named = (COUNTRY, REGION)
        if _HANGUL_ANY.search(words[i]):
            j = i - 1 - (i > 1 and words[i - 1] in self._partner_nouns)
            return j >= 0 and words[j] in named
        j = i + size + (i + size + 1 < len(words) and words[i + size] in self._partner_nouns)
        return j < len(words) and words[j] in named

    def _listed(self, words: list[str], owners: list[str | Place | None], j: int) -> tuple[list[str], int]:
        """The countries named from words[j] on, joined by "and" ("China and Poland"), and the place after them."""
        out = []
        while j < len(words) and words[j] == COUNTRY:
            out.append(owners[j])
            if not (words[j + 1:j + 2] and words[j + 1] in self.list_and):
                return out, j + 1  # type: ignore[return-value]
            j += 2
        return out, j  # type: ignore[return-value]

    def _years_moved(self, words: list[str], i: int) -> int | None:
        """1 or -1 when words[i:i + 2] are a word of years and one that moves the year on or back ("years later", "года
        раньше"): the count before them moves the year by that many; None when they are not."""
        if i + 1 < len(words) and words[i] in self.years_words:
            return self.years_moved.get(words[i + 1])
        return None

    def _left_around(self, words: list[str], owners: list[str | Place | None],
                     i: int) -> tuple[list[str], int] | None:
        """The countries between the word of leaving out at words[i] and its closing word ("leaving China out", "take
        China and Poland out"), and the place of the closing word; None when no country stands between them."""
        left, j = self._listed(words, owners, i + 1 + (i + 1 < len(words) and words[i + 1] in ARTICLES))
        if not left or words[j:j + 1] != [self.others_around[words[i]]]:
            return None
        return left, j

    def _whose_person(self, words: list[str], capitalized: frozenset[str]) -> bool:
        """Whether `words` ask for a person by the body they belong to, named between a word of "which" and the
        person ("which White House official", "which North Korean official"), or by a "which" and the person alone
        ("which analysts?", "какие именно аналитики?"), or after whom a word of "which" follows ("코트라 사장 누구야?"),
        or who a person is ("who was the official?"): a question of a name."""
        for j, word in enumerate(words):
            if word in self.person_nouns and words[j + 1:j + 2] and words[j + 1] in self.which_words:
                return True  # "코트라 사장 누구야?": the person, then who it is
            if word in self.whom_words:
                # "who was the official?", "who's the kotra official they quoted": any few words between, and the
                # person last or before a word of saying (not "who are the official sources")
                k = next((k for k in range(j + 1, min(len(words), j + 5)) if words[k] in self.person_nouns), None)
                if k is not None and (k + 1 == len(words) or words[k + 1] in self.stopwords
                                      or "said" in self._marks(words[k + 1:k + 2])):
                    return True
            if word in self.which_words:
                k = j + 1
                while k < min(len(words), j + 4) and (words[k] in PLACEHOLDERS or words[k] == SUBJECT_TOKEN
                                                      or words[k] in capitalized
                                                      or self._marks(words[k:k + 1]) == _EXACT):
                    k += 1
                if k < len(words) and words[k] in self.person_nouns and (
                        j + 1 < k or all(w in self.stopwords for w in words[k + 1:])):
                    return True  # "which White House official", "какие именно аналитики?", "which analysts?"
        return False

    def _ends_difference(self, words: list[str], i: int) -> bool:
        """Whether words[i] ends a phrase of difference ("how far behind"), not follows one ("the gap behind")."""
        return any("difference" in self._marks(words[j:i + 1]) and "difference" not in self._marks(words[j:i])
                   for j in range(max(i - 2, 0), i))

    def _marks(self, words: list[str]) -> frozenset[str]:
        """The kinds of figure or answer `words` ask for by a phrase of the vocabulary (see Slots.asks)."""
        found: set[str] = set()
        for j, word in enumerate(words):
            if (starting := self._marks_at.get(word)) is not None:
                for size, phrases in starting.items():
                    found.update(phrases.get(tuple(words[j:j + size]), ()))
        return frozenset(found)

    def _phrase(self, words: list[str], i: int) -> tuple[str, int, object] | None:
        """A phrase of the vocabulary that starts at words[i]: ('before' | 'latest' | 'others' | 'ascending' | 'unit'
        | 'n' | 'year' | 'money' | 'courtesy', size, value), the longest first."""
        for size in self._sizes:
            if i + size <= len(words) and (found := self._phrases.get(tuple(words[i:i + size]))) is not None:
                return found[0], size, found[1]
        return None

    # ------------------------------------------------------------------ typos
    def correct(self, parsed: Parsed) -> Parsed:
        """Fix typos in a question's unknown words: each becomes a country (never from an ordinary word) or the
        nearest known word."""
        words = list(parsed.words)
        named: list[str] = []
        unknown: list[str] = []
        out: list[str] = []
        mended: list[Flow] = []  # the flows of words mended
        i = 0
        # a message of a few words the bot knows and a short one ("cn share tot"), or of that one asked ("pl?", not
        # "ad" alone): that one may be a code
        terse = (len(words) <= TERSE and (len(words) > 1 or parsed.asked)
                 and sum(w not in self.vocabulary and w not in PLACEHOLDERS for w in words) == 1)
        while i < len(words):
            word = words[i]
            if word not in self.vocabulary and _HELD.search(word):  # "hiii": "hi", "goood": "good"
                word = next((held for held in (_HELD.sub(r"\1\1", word), _HELD.sub(r"\1", word))
                             if held in self.vocabulary), word)
            if (terse and len(word) == 2 and word not in self.not_codes_lower and self._short_name(word)
                    and (code := self._country_of(word.upper())) is not None):
                out.append(placeholder(code))  # "pl?": Poland
                named.append(code)
                i += 1
                continue
            if (parsed.unvoweled and word.isascii() and word.isalpha() and word not in self.vocabulary
                    and (word in parsed.traded or (i and len(words[i - 1]) == 1))
                    and (code := self._country_skeletons.get(word) or (
                        self._country_of(word.upper()) if len(word) in (2, 3) else None)) is not None):
                # "hw mch ds nk sll t spn", "nk trd wth rss", "... t chn": after "to" (or its one letter), a name
                # without vowels, or a code
                out.append(placeholder(code))
                named.append(code)
                i += 1
                continue
            if word in parsed.traded and self._short_name(word):  # "exports to pl": Poland; "to xq": a name unknown
                if (code := self._country_of(word.upper())) is not None:
                    out.append(placeholder(code))
                    named.append(code)
                else:
                    out.append(word)
                    unknown.append(word)
                i += 1
                continue
            if not self._unknown(word):
                out.append(word)
                i += 1
                continue
            pair = f"{word} {words[i + 1]}" if i + 1 < len(words) and self._unknown(words[i + 1]) else None
            best = self.places.fuzzy(word, parsed.written.get(word, word) in parsed.capitalized)
            pair_best = self.places.fuzzy(pair) if pair else None
            if pair_best and (best is None or pair_best[1] > best[1]):
                best = pair_best
                i += 1
            same = self._english_stems.get(_ENGLISH.stemWord(word)) if word.isascii() else None
            known = self._known_stem(word) or ((same, 100.0, 0) if same else None) or self._nearest_word(
                word, 80 if len(word) >= 5 else 86)
            if known and word in self.common and not _inflected(word, known[0]):
                known = None  # an ordinary word is no typo of another ("summer" is not "summed"), only another form of
                # the same word ("recovering" is "recovered"; "inform" is not "informal", though they share a stem)
            if best and (known is None or best[1] >= known[1]):
                out.append(placeholder(best[0]))
                if best[0] != SUBJECT:
                    named.append(best[0])
            elif known:
                out.append(self.flow_words.get(known[0], known[0]))
                if out[-1] in ("total", "imports", "exports"):
                    mended.append(cast(Flow, out[-1]))  # "exprts": exports
            else:
                out.append(word)
                if self._looks_like_a_name(word, parsed, words[i + 1] if i + 1 < len(words) else ""):
                    unknown.append(self._particle_less(parsed.written.get(word, word)))
            i += 1
        if unknown:
            parsed = replace(parsed, slots=replace(parsed.slots, unknown=tuple(unknown)))
        if not named and out == words:
            return parsed
        slots = parsed.slots
        countries = slots.countries + tuple(c for c in named if c not in slots.countries and is_country(c))
        regions = slots.regions + tuple(c for c in named if c not in slots.regions and not is_country(c))
        flows = self._total_as_word(out, list(dict.fromkeys([*slots.flows, *mended])), slots.asks)
        if named and not slots.countries:  # a country found only now ("the Indonesians buy"): who trades with whom
            flows = directed(flows, parsed.buys, parsed.sells_to_subject)
        return replace(parsed, words=tuple(w for w in out if w not in self.stopwords and w != SUBJECT_TOKEN),
                       slots=replace(slots, countries=countries, regions=regions, flows=tuple(flows)),
                       subject=parsed.subject or SUBJECT_TOKEN in out)

    def _looks_like_a_name(self, word: str, parsed: Parsed, following: str) -> bool:
        """An unknown word that names something: after "to" or "from", written with a capital, or right before a flow
        ("Wakanda buys"), and no ordinary word ("exports to Xland"; not "exports, wow"); or an ordinary word where a
        partner is named, near a country's name ("exports to surname"), which is not answered as if nothing were named
        there."""
        written = parsed.written.get(word, word)
        if _CYRILLIC.search(word):  # Russian writes names with a capital: "с доковидным 2019-м" names nothing
            return word.isalpha() and len(word) >= 3 and not self._ordinary(word) and written in parsed.capitalized
        if _HANGUL.match(word):  # Korean has no capitals: a name is known by the particle and the flow after it, or
            # the flow right after it and a country's name near it ("톡고 수출")
            near = following in ("exports", "imports") and self.places.near(word) is not None
            return ((word in parsed.placed or near)
                    and len(name := self._particle_less(word)) >= 2 and not self._ordinary(name))
        return word.isalpha() and len(word) >= 3 and (
            (not self._ordinary(word) and (word in parsed.placed or word in parsed.capitalized
                                           or (following in ("exports", "imports") and not parsed.written
                                               and self._nearest_word(word, NEAR_WORD) is None)))
            # ("Wakanda buys ...": who buys, in an English message, and no word misspelt: "waht exports"; "Jaki был
            # импорт" is Polish in Russian)
            or (word in parsed.traded and self.places.near(word) is not None))

    def _nearest_word(self, word: str, cutoff: float) -> tuple[str, float, int] | None:
        """The known word nearest `word` by rapidfuzz's ratio, with its score, if at least `cutoff`: what was meant
        where `word` is it typed wrong ("exprts", "waht"). Typos seldom change the first letter: only words that
        share it are scored, then, more strictly, those whose first letter was left out ("xports", "mprts")."""
        if (nearest := process.extractOne(word, self._by_initial.get(word[0], ()), scorer=fuzz.ratio,
                                          score_cutoff=cutoff)) is not None:
            return nearest
        headless = process.extractOne(word, self._headless.get(word[0], {}), scorer=fuzz.ratio,
                                      score_cutoff=max(cutoff, HEADLESS))
        return None if headless is None else (headless[2], headless[1], 0)

    def _particle_less(self, word: str) -> str:
        """A Korean name without the particle after it (와칸다에: 와칸다); any other word as it is."""
        particle = next((p for p in self.name_particles if word.endswith(p)), "") if _HANGUL.match(word) else ""
        return word[:len(word) - len(particle)]

    def _ordinary(self, word: str) -> bool:
        """An ordinary word of English or Russian (a Russian one may be a stem: 'недел' of 'неделю')."""
        if word in self.common:
            return True
        if not _CYRILLIC.search(word):
            return False
        at = bisect.bisect_left(self._common_cyrillic, word)
        return at < len(self._common_cyrillic) and self._common_cyrillic[at].startswith(word)

    def _short_name(self, word: str) -> bool:
        """A word too short to mend as a typo that may yet name a place: two or three Latin letters that are no word
        of the bot's nor one of the most frequent words ("pl", "xq"; not "us", "de", "me")."""
        return (len(word) in (2, 3) and word.isascii() and word.isalpha() and word not in self.vocabulary
                and word not in self.places.frequent)

    def _unknown(self, word: str) -> bool:
        return ((len(word) >= MIN_FUZZY_LEN or not word.isascii()) and word not in self.vocabulary
                and word not in PLACEHOLDERS and not word[0].isdigit())

    def _noun(self, token: str) -> str:
        """A Korean noun of two syllables or more made a verb with 하다, as the noun (제공해: 제공); any other word as
        it is: 말해 (one syllable before the ending), and a word of its own in the word list (최대한 is "as much as
        possible", not 최대, the largest)."""
        if _HANGUL.match(token) and token not in self.common:
            for ending in self.verb_endings:
                if token.endswith(ending) and len(token) - len(ending) >= 2:
                    return token[:-len(ending)]
            past = _AFTER_PAST.search(token)  # 늘었어, 늘었음, 늘었나: 늘었 (grew), however the sentence ends
            if past is not None and (ord(token[past.start() - 1]) - 0xAC00) % 28 == _SSANG_SIOT:
                return token[:past.start()]
            return token
        return token

    def _korean_parts(self, token: str) -> list[str]:
        """A Korean word run together from two known ones, as they are often typed, split (수출증가율: 수출 증가율),
        and a sentence typed without spaces cut into its words (see _korean_words); any other word as it is. 몇 (how
        many) glued to a known counter or unit is split off too (몇톤: 몇 톤)."""
        if not _HANGUL.match(token):
            return [token]
        for suffix in self._korean_from:  # 폴란드에서 (from Poland): the name, and "from" as a word of its own
            if token.endswith(suffix) and token[:-len(suffix)] in self.places.names:
                return [token[:-len(suffix)], suffix]
        if self._korean_known(token):
            return [token]
        # the past tense typed with ㅅ for ㅆ (늘엇어: 늘었어), a syllable before the ending: ㅅ (19) made ㅆ (20)
        token = "".join(chr(ord(c) + 1) if c in _PAST_TYPED and i + 1 < len(token) else c for i, c in enumerate(token))
        if self._korean_known(token):
            return [token]
        if token.startswith(_HOW_MANY) and len(token) > 1 and self._korean_known(token[1:]):
            return [_HOW_MANY, token[1:]]
        if len(token) < 4:
            return [token]
        for cut in range(len(token) - 2, 1, -1):  # the longest known first word, both parts two syllables or more
            if self._korean_known(token[:cut], bare=False) and self._korean_known(token[cut:]):
                return [token[:cut], token[cut:]]
        # a shorter word may be a compound the vocabulary lacks (남북교역: inter-Korean trade), not a sentence
        return self._korean_words(token) if len(token) >= MIN_RUN_TOGETHER else [token]

    def _korean_words(self, token: str) -> list[str]:
        """A Korean sentence typed without spaces (북한무역몇퍼늘었어, 토고가왜있어), cut into the known words of two
        syllables or more (a particle may follow one, but not make one: 한이 is no word of 북한이) and 몇, leaving as
        few syllables as can be in no known word, in as few parts as can be; the syllables between known words stay
        together (늘었어: the sentence's ending)."""
        size = len(token)
        # best[i]: ((syllables in no known word, parts), [(part, known)]) of the best cut of token[i:]
        best: list[tuple[tuple[int, int], list[tuple[str, bool]]]] = [((0, 0), [])] * (size + 1)
        for i in range(size - 1, -1, -1):
            (unknown, parts), rest = best[i + 1]
            if rest and not rest[0][1]:  # a syllable in no known word joins the run after it
                choice = ((unknown + 1, parts), [(token[i] + rest[0][0], False), *rest[1:]])
            else:
                choice = ((unknown + 1, parts + 1), [(token[i], False), *rest])
            for j in range(i + 1, size + 1):
                if (j - i >= 2 and len(self._bare(token[i:j])) >= 2 and self._korean_known(token[i:j])) or (
                        j == i + 1 and token[i] == _HOW_MANY):
                    (unknown, parts), rest = best[j]
                    if (unknown, parts + 1) < choice[0]:
                        choice = ((unknown, parts + 1), [(token[i:j], True), *rest])
            best[i] = choice
        return [part for part, _ in best[0][1]]

    def _korean_known(self, word: str, bare: bool = True) -> bool:
        """A known Korean word or name (with a particle when `bare`)."""
        stem = self._bare(word) if bare else word
        return stem in self.vocabulary or stem in self.flow_words or stem in self.places.names

    def _bare(self, word: str) -> str:
        """A Korean word without the particle glued on when the word itself is known (톤이나 is 톤, a unit)."""
        if _HANGUL.match(word) and word not in self.vocabulary:
            for suffix in self.suffixes:
                # (인 after a name is its people, 중국인: the Chinese; after another word, "that is": 꼴찌인 나라)
                if (word.endswith(suffix) and word[:-len(suffix)] in self.vocabulary
                        and not (suffix == KOREAN_PEOPLE and word[:-len(suffix)] in self.places.names)):
                    return word[:-len(suffix)]
        return word

    def _known_stem(self, word: str) -> tuple[str, float, int] | None:
        """A known word with an ending glued on, scored as an exact match: a listed particle (Korean 수출은 is
        수출), or, for Korean, any ending after a known word of two syllables or more (얼마였어 is 얼마)."""
        if word[-1:] in self._suffix_ends:  # most words end in no listed ending's last letter
            for suffix in self.suffixes:
                if word.endswith(suffix) and (stem := word[:-len(suffix)]) in self.vocabulary:
                    return stem, 100.0, 0
        if _HANGUL.match(word):
            for end in range(len(word) - 1, 1, -1):
                if word[:end] in self.vocabulary:
                    return word[:end], 100.0, 0
        return None


def _unvowel(word: str) -> str:
    """`word` as typed without vowels: its first letter and the consonants after it ("exports": "exprts")."""
    return word[0] + _VOWELS.sub("", word[1:])


def directed(flows: list[Flow], buys: bool, sells_to_subject: bool) -> list[Flow]:
    """Who trades with whom, when a question names a country: "how much does China buy (from North Korea)" is North
    Korea's exports, "what does it buy from China" its imports; "what does Togo sell to North Korea" its imports."""
    if "imports" in flows and buys:
        return list(dict.fromkeys("exports" if f == "imports" else f for f in flows))
    if "exports" in flows and sells_to_subject:
        return list(dict.fromkeys("imports" if f == "exports" else f for f in flows))
    return flows


# endings of one word's forms, and of its nouns and adverbs, which keep its meaning ("concentrated", "concentration")
_INFLECTIONS = frozenset({"", "e", "s", "es", "ed", "d", "ing", "ion", "ions", "ation", "ations", "ment", "ments", "er",
                          "ers", "ly"})


def _inflected(word: str, other: str) -> bool:
    """Whether two English words are forms of one word: the same stem, and past what they share, such endings only
    ("recovering", "recovered"; not "inform", "informal")."""
    if _ENGLISH.stemWord(word) != _ENGLISH.stemWord(other):
        return False
    shared = next((i for i, (a, b) in enumerate(zip(word, other, strict=False)) if a != b), min(len(word), len(other)))
    return word[shared:] in _INFLECTIONS and other[shared:] in _INFLECTIONS


def _phrases(listed: list[str]) -> list[tuple[str, ...]]:
    return sorted((tuple(normalise(w) for w in fold(p).split()) for p in listed if fold(p)), key=len, reverse=True)


def _speaker(words: list[str], capitalized: frozenset[str], said_at: int) -> tuple[str, ...]:
    """The name written with capitals right before the word of saying at `said_at` ("what did Kim Jong Un say"), or
    else right after it ("что сказал Путин"), capitalized again for the reader; none when no such name is there."""
    for run in (range(said_at - 1, -1, -1), range(said_at + 1, len(words))):
        name = sorted(itertools.takewhile(lambda j: words[j] in capitalized, run))
        if name:
            return (" ".join(words[j].capitalize() for j in name),)
    return ()


def _korean_runs(token: str) -> list[str]:
    """A token of a Korean question in the parts typed together: a Latin name and its particle (colombia랑), a
    place or a year and the words around it (북한수출1위국가어디임: 북한수출, 1위, 국가어디임); any other as it is (a
    placeholder such as <amount>, and a place or a year with its own particle: 1위는, 2023년의)."""
    if _LATIN.search(token) and _HANGUL_ANY.search(token):
        return _LATIN_RUNS.findall(token)
    if (_HANGUL_ANY.search(token) and _GLUED_PLACE.search(token) is not None and not _YEAR.match(token)
            and not _POSITION.match(token)):
        return [part for part in _GLUED_PLACE.split(token) if part]
    return [token]
