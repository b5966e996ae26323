"""Every place a question may name: countries and regions of the world, groupings of countries, and
the cities and provinces that are not countries, in English, Korean and Russian, typos forgiven.

Country names come from pycountry (ISO 3166) and babel (CLDR translations); regions are UN M49
codes (such as 002, Africa) named by babel; groupings (the EU) come from data/; cities and
provinces that are not countries from knowledge/places.csv (GeoNames and ISO 3166-2, written by
`python -m bot gazetteer`); common aliases that none of these know ("Holland", "PRC", "Inner
Mongolia") come from knowledge/vocabulary.yaml. North Korea is the subject of the brief, never a
partner: its names resolve to SUBJECT.

A word is taken for a place only when it names one. An ordinary word ("span", "pole") is never
corrected into a country, and a city whose name is also an ordinary word ("Nice", "Reading")
counts as a city only when the question writes it with a capital. Russian names are matched by
their Snowball stems, so that "в Польшу" and "Испании" find Poland and Spain; Korean names by
their first syllables, so that a particle may follow ("스페인으로").
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import pycountry
import snowballstemmer
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages
from babel.localedata import clear_caches
from rapidfuzz import fuzz, process

from bot.engine.text import ARTICLES, fold

SUBJECT = "KP"
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}
_PARENS = re.compile(r"\s*\(([^)]*)\)")
_HANGUL_TOKEN = re.compile(r"^[\uac00-\ud7a3]+$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_RUSSIAN = snowballstemmer.stemmer("russian")
MIN_RUSSIAN_FUZZY = 5  # letters of a Russian stem that may be a misspelt country
RUSSIAN_CUTOFF = 85  # how near a Russian stem must be to a country's
NEAR_SCORE = 90  # an ordinary word this near a country's name is offered as that country (liberal is 86 to Liberia)
MIN_JAMO = 6  # letters (jamo) of a Korean word that may be a misspelt country: 스패인 has 7
MIN_STEM = 4  # letters of a Russian stem taken off a stem that may still name a country
KOREAN_PEOPLE = "인"  # after a country's Korean name, its people (중국인); after another word, "that is" (꼴찌인 나라)
MIN_VOWEL_BLIND = 6  # letters of a name that may be typed with its vowels wrong and its consonants right ("hondorus")
_VOWEL = re.compile("[aeiouy]")


class Place(NamedTuple):
    """A named place that is not a country, and the country it is in (a named tuple: 23,000 are made at start-up,
    where a frozen dataclass would cost a tenth of a second)."""

    name: str
    kind: str  # capital (of a country), city, province or region
    country: str
    known: bool = False  # so well known that its name means it even in lower case (Madrid; not Nice)


@dataclass(frozen=True)
class Match:
    """A place found in a question: tokens [start, end) name `found` (a country, region or grouping code, or
    a Place that is not a country)."""

    start: int
    end: int
    found: str | Place


def skeleton(word: str) -> str:
    """A rough sound-alike key so that 'mozambik' meets 'mozambique' and 'columbia' 'colombia'."""
    for old, new in (("que", "k"), ("ck", "k"), ("ph", "f"), ("c", "k"), ("q", "k"), ("z", "s"), ("y", "i"),
                     ("w", "v")):
        word = word.replace(old, new)
    word = re.sub(r"(.)\1+", r"\1", word)
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def _vowel_blind(name: str) -> str:
    """`name` with each vowel after its first letter blanked: "hondorus" and "honduras" alike, not "andean" and
    "indian"."""
    return name[0] + _VOWEL.sub("*", name[1:])


def by_initial(words: Iterable[str]) -> dict[str, list[str]]:
    """Words grouped by their first letter, so a fuzzy search scores only the plausible ones."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word)
    return groups


def russian_stem(phrase: str) -> str:
    """A Russian phrase with each word stemmed: 'южной корее' and 'южная корея' meet."""
    return " ".join(_RUSSIAN.stemWord(word) for word in phrase.split())


# vowels modern Korean says alike, written one for the other (베넹 for 베냉, 스패인 for 스페인): ㅐ ㅔ, ㅒ ㅖ, ㅙ ㅚ ㅞ
_SAME_VOWEL = str.maketrans({"\u1162": "\u1166", "\u1164": "\u1168", "\u116b": "\u1170", "\u116c": "\u1170"})


def jamo(text: str) -> str:
    """Korean syllables split into letters, so that a typo costs one letter, not a syllable (스패인, 스페인), and
    vowels said alike written as one: a name spelt as it sounds is the name."""
    return unicodedata.normalize("NFD", text).translate(_SAME_VOWEL)


def _territories(languages: Iterable[str]) -> dict[str, dict[str, str]]:
    """CLDR's names of territories in each of `languages` that CLDR has a locale for. Babel keeps every locale it
    loads, and a locale is big (a hundred of them take 70 MB), so its caches are emptied after each: only the names
    are kept."""
    names: dict[str, dict[str, str]] = {}
    for lang in sorted(languages):
        try:
            names[lang] = dict(Locale.parse(lang).territories)
        except (UnknownLocaleError, ValueError):  # a language CLDR has no locale for (Samoan)
            continue
        finally:
            clear_caches()
    return names


# the endings English makes a people's or their things' word with, and what restores the country's name: Malaysian,
# Brazilian, Togolese, Chilean, Kenyan, Omani, Iraqis (irregular ones, "Polish", "Dutch", are aliases in knowledge/)
_DEMONYM_ENDINGS = (("ians", "ia"), ("ian", "ia"), ("ians", ""), ("ian", ""), ("lese", ""), ("ese", ""), ("ans", "a"),
                    ("an", "a"), ("ans", ""), ("an", ""), ("is", ""), ("i", ""))
_DEMONYM_LAST = frozenset("nsei")  # the last letters of those endings


class PlaceIndex:
    """Looks up countries, regions, groupings and other places by name, exactly or with a typo."""

    def __init__(self, aliases: dict[str, list[str]], subject: list[str], regions: frozenset[str] = frozenset(),
                 languages: tuple[str, ...] = ("en",), places: Iterable[tuple[str, Place]] = (),
                 common: frozenset[str] = frozenset(), names: dict[tuple[str, str], str] | None = None,
                 frequent: frozenset[str] = frozenset(), particles: frozenset[str] = frozenset(),
                 with_the: frozenset[str] = frozenset(), foreign: tuple[str, ...] = ()) -> None:
        self.with_the = with_the  # codes whose English name takes "the" in a sentence
        self.display: dict[tuple[str, str], str] = {}
        self.names: dict[str, str] = {}
        # ISO 3166 alpha-2 and alpha-3 codes, as written in capitals in a question ("CIV", "NL")
        self.codes = {c.alpha_2: c.alpha_2 for c in pycountry.countries} | {
            c.alpha_3: c.alpha_2 for c in pycountry.countries}
        self.codes.pop(SUBJECT, None)
        self.codes.pop("PRK", None)
        self.common = common
        self.frequent = frequent
        # Korean endings a name may carry: 스페인으로 is 'to Spain', but 중국집 is not China
        self.particles = (particles - {KOREAN_PEOPLE}) | {""}  # (중국인 is no 중국 with a particle: the Chinese)
        codes = {c.alpha_2 for c in pycountry.countries} | {"XK"} | set(regions)
        # countries as other languages name them ("Países Bajos", "Spanyol"), and each in its own official languages
        # ("Polska", "Deutschland", "Shqipëri"): read, never written
        foreign_languages = {code: (*foreign, *get_official_languages(code))
                             for code in sorted(c for c in codes if len(c) == 2 and c not in _NOT_COUNTRIES)}
        babel = _territories({*languages, *(lang for spoken in foreign_languages.values() for lang in spoken)})
        for code in sorted(codes):
            for lang in languages:
                if code in babel[lang]:
                    self.display[(code, lang)] = self._clean(babel[lang][code])
        self.display.update(names or {})
        for name in subject:
            self.names[fold(name)] = SUBJECT
        for code, listed in aliases.items():
            for name in listed:
                self.names.setdefault(fold(name), code)
        for country in pycountry.countries:
            for attr in ("common_name", "name", "official_name"):
                if (value := getattr(country, attr, None)) is not None:
                    for variant in self._variants(value):
                        self.names.setdefault(variant, country.alpha_2)
        for lang in languages:
            for code, value in babel[lang].items():
                if code in codes and code not in _NOT_COUNTRIES and (len(code) == 2 or code in regions):
                    for variant in self._variants(value):
                        self.names.setdefault(variant, code)
        # the foreign names, after every name the bot's own languages give
        known = set(self.names)
        for code, spoken in foreign_languages.items():
            for lang in spoken:
                value = babel.get(lang, {}).get(code)  # none for a language CLDR has no locale for (Samoan)
                for variant in self._variants(self._clean(value)) if value else ():
                    self.names.setdefault(variant, code)
        self._foreign = frozenset(self.names) - known  # an ordinary word in lower case is no such name ("cad")
        for (code, _), value in (names or {}).items():
            self.names.setdefault(fold(value), code)
        for name, code in list(self.names.items()):  # Korean writes names with or without their spaces
            if " " in name and _HANGUL_TOKEN.match(name.replace(" ", "")):
                self.names.setdefault(name.replace(" ", ""), code)
        self.places: dict[str, Place] = {}
        for key, place in places:  # by folded name; of two places of one name, the well-known one (Madrid, Spain)
            if key and key not in self.names and (key not in self.places or place.known > self.places[key].known):
                self.places[key] = place
        self.longest: dict[str, int] = {}  # first word of a name -> words in the longest such name
        for name in (*self.names, *self.places):
            words = name.split()
            self.longest[words[0]] = max(self.longest.get(words[0], 0), len(words))
        # Russian: every Cyrillic name by its stems, so that any case ending finds it. Snowball stems a name that ends
        # in -й one letter longer than its other cases (Китай: кита, Китая: кит), so a country is also found by its
        # stem less one letter; countries are looked up before cities, which have only their exact stems (Кито: кит).
        self.country_stems: dict[str, str] = {}
        self.place_stems: dict[str, Place] = {}
        for name, code in self.names.items():
            if _CYRILLIC.search(name):
                stem = russian_stem(name)
                self.country_stems[stem] = code
                if len(stem) >= 4 and name.endswith("й"):
                    self.country_stems.setdefault(stem[:-1], code)
        for name, place in self.places.items():
            if _CYRILLIC.search(name):
                self.place_stems.setdefault(russian_stem(name), place)
        self.longest_stem: dict[str, int] = {}
        for stem in (*self.country_stems, *self.place_stems):
            words = stem.split()
            self.longest_stem[words[0]] = max(self.longest_stem.get(words[0], 0), len(words))
        # typos seldom change the first letter (and the sound-alike key folds c/k, ph/f): bucket by it
        # (a typo is corrected into a name of the bot's own languages, not a foreign one: "chnia" is China, not Chine)
        spelled = [n for n in self.names if n.isascii() and len(n) >= 4 and n not in self._foreign]
        self._spelled = by_initial(spelled)
        self._sounded: dict[str, dict[str, str]] = {}  # initial -> {name: its sound-alike key}
        for name in spelled:
            self._sounded.setdefault(skeleton(name)[0], {})[name] = skeleton(name)
        # the name with each vowel blanked, where that names one country: a name's vowels are what a writer who has
        # only heard it gets wrong ("hondorus", "surinome"), its consonants in place
        self._vowel_blind: dict[str, str | None] = {}
        for name in spelled:
            if len(name) >= MIN_VOWEL_BLIND:
                key, code = _vowel_blind(name), self.names[name]
                self._vowel_blind[key] = code if self._vowel_blind.get(key, code) == code else None
        self._cyrillic = {russian_stem(n): self.names[n] for n in self.names if _CYRILLIC.search(n)}
        # and whole: a typo may change the stem Snowball finds (суринамм keeps its ending, суринам is сурин)
        self._cyrillic |= {n: self.names[n] for n in self.names if _CYRILLIC.search(n)}
        # Korean names by their first syllable, longest first; one syllable is too short to tell a place from the
        # start of a word (보냈다 is not Bo, Sierra Leone)
        self._hangul: dict[str, list[str]] = {}
        for name in sorted((n for n in (*self.names, *self.places) if _HANGUL_TOKEN.match(n) and len(n) > 1),
                           key=len, reverse=True):
            self._hangul.setdefault(name[0], []).append(name)
        self._jamo = {jamo(n): self.names[n] for n in self.names if _HANGUL_TOKEN.match(n) and len(n) >= 2}

    @staticmethod
    def _clean(name: str) -> str:
        return _PARENS.sub("", name).replace(" SAR China", "").replace("\u2019", "'").strip()

    @staticmethod
    def _variants(name: str) -> set[str]:
        """The ways a library name is written: 'Korea, Republic of' is also 'Republic of Korea'."""
        out = {name, _PARENS.sub("", name)}
        out |= {m.group(1) for m in _PARENS.finditer(name)}
        if " - " in name:
            out |= set(name.split(" - "))
        if ", " in name:
            head, tail = name.split(", ", 1)
            out |= {head, f"{tail} {head}"}
        out |= {v.replace("'", " ").replace("\u2019", " ") for v in out}  # "cote d ivoire", "кот д ивуар"
        folded = {fold(v) for v in out}
        folded |= {v[4:] for v in folded if v.startswith("the ")}
        return {v for v in folded if v}

    def name(self, code: str, lang: str = "en") -> str:
        """A reader's name for `code` in `lang` (English when the language lacks it)."""
        return self.display.get((code, lang)) or self.display.get((code, "en")) or code

    def find(self, tokens: list[str], capitalized: frozenset[str] = frozenset()) -> list[Match]:
        """Places named exactly (or by a Russian ending, or with a Korean particle), longest names first,
        without overlaps. A one-word city or province that is also an ordinary word counts only when
        the question writes it with a capital, and so does a one-word Russian country name that is an
        ordinary word ("того" is "of that"; "Того" is Togo)."""
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            match = self._at(tokens, i, capitalized)
            if match is not None:
                found.append(match)
                i = match.end
            else:
                i += 1
        return found

    def _at(self, tokens: list[str], i: int, capitalized: frozenset[str]) -> Match | None:
        for size in range(min(self.longest.get(tokens[i], 0), len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i:i + size])
            code = self.names.get(phrase)
            if code is not None and (size > 1 or self._means_it(phrase, capitalized, place=False)):
                return Match(i, i + size, code)
            place = self.places.get(phrase)
            # one word names the place when it is well known or written as a name, and is no frequent word after an
            # article ("the West" is no Cameroon province); but a longer name by its stems comes first ("Северный
            # Корея", North Korea with the wrong ending, is no town Severny)
            if place is not None and (size > 1 or (
                    (place.known or self._means_it(phrase, capitalized, place=True))
                    and not (i and tokens[i - 1] in ARTICLES and phrase in self.frequent))):
                longer = self._stemmed(tokens, i, capitalized) if size == 1 and _CYRILLIC.search(phrase) else None
                return longer if longer is not None and longer.end - longer.start > 1 else Match(i, i + size, place)
        if _CYRILLIC.search(tokens[i]):
            if (stemmed := self._stemmed(tokens, i, capitalized)) is not None:
                return stemmed
            stem = _RUSSIAN.stemWord(tokens[i])
            # Snowball takes one ending off at a time: 'вьетнам' is 'вьетн', but 'вьетнамом' only 'вьетнам'; only a
            # word written as a name is taken that far ('грузовое' is freight, not Грузия)
            again = _RUSSIAN.stemWord(stem)  # written as a name, a stem may be shorter: 'Ираном' is 'иран', 'ира'
            if (again != stem and len(again) >= MIN_STEM - 1 and (code := self.country_stems.get(again)) is not None
                    and tokens[i] in capitalized):
                return Match(i, i + 1, code)
        if tokens[i][-1:] in _DEMONYM_LAST and tokens[i].isascii() and (code := self.demonym(tokens[i])) is not None:
            return Match(i, i + 1, code)  # "Malaysian imports", "how much do Armenians buy"
        if _HANGUL_TOKEN.match(tokens[i]):
            for name in self._hangul.get(tokens[i][0], ()):
                if tokens[i].startswith(name) and self._particled(tokens[i][len(name):]):
                    if name in self.names:
                        return Match(i, i + 1, self.names[name])
                    if not self._korean_word(tokens[i], len(name)):  # 코로나 (corona) is no Coro (Venezuela) + 나
                        return Match(i, i + 1, self.places[name])
        return None

    def demonym(self, word: str) -> str | None:
        """The country an English word for its people or their things names, by the endings English makes them with
        ("malaysian", "armenians", "togolese", "omani": Malaysia, Armenia, Togo, Oman); None when none does. North
        Korea's own ("koreans") is left out: it is the subject, and "Korean" alone names neither Korea."""
        for ending, restored in _DEMONYM_ENDINGS:
            if word.endswith(ending):
                stem = word[:-len(ending)] + restored
                code = self.names.get(stem) if len(stem) >= MIN_STEM else None
                if code is not None and len(code) == 2 and code != SUBJECT:
                    return code
        return None

    def _stemmed(self, tokens: list[str], i: int, capitalized: frozenset[str]) -> Match | None:
        """The country or place whose name's stems the Russian words from `i` on are, longest first."""
        stem = _RUSSIAN.stemWord(tokens[i])
        for size in range(min(self.longest_stem.get(stem, 0), len(tokens) - i), 0, -1):
            stems = " ".join(_RUSSIAN.stemWord(t) for t in tokens[i:i + size])
            found = self.country_stems.get(stems) or self.place_stems.get(stems)
            # a stem is not a name: a city found by its stem alone counts only as any city does in lower case,
            # however well known ("рост" is growth, not Rostov)
            if found is not None and (size > 1 or self._means_it(tokens[i], capitalized, isinstance(found, Place))):
                return Match(i, i + size, found)
        return None

    def _particled(self, ending: str) -> bool:
        """Whether what follows a Korean name is nothing, a particle or two (폴란드, 폴란드로, 한국이랑은)."""
        return ending in self.particles or any(ending.startswith(p) and ending[len(p):] in self.particles
                                               for p in self.particles if p)

    def _korean_stems(self, token: str) -> list[str]:
        """A Korean word and what it is with its particles taken off (스패인이랑: 스패인), longest first."""
        stems = [token[:len(token) - len(p)] for p in self.particles if p and token.endswith(p)]
        stems += [s[:len(s) - len(p)] for s in list(stems) for p in self.particles if p and s.endswith(p)]
        return [token, *sorted({s for s in stems if len(s) >= 2}, key=len, reverse=True)]

    def _korean_word(self, token: str, name_length: int) -> bool:
        """Whether a Korean word, less its particles, is an ordinary word longer than the name it begins with."""
        return any(len(stem) > name_length and stem in self.common for stem in self._korean_stems(token))

    def _means_it(self, word: str, capitalized: frozenset[str], place: bool) -> bool:
        """Whether a one-word name in a question names the place: always, unless it is also an ordinary word
        written in lower case: any ordinary word for a city or province ("nice"), and for a country one of the most
        frequent words of Russian, whose names change case and may meet a pronoun ("того" is "of that")."""
        if word in capitalized:
            return True
        if place or word in self._foreign:
            return word not in self.common
        return not (_CYRILLIC.search(word) and word in self.frequent)

    @staticmethod
    def _nearest(key: str, known: dict[str, str], cutoff: float = 80) -> tuple[str, float] | None:
        """The code of the name in `known` (spelling key -> code) nearest to `key`, if near enough."""
        best = process.extractOne(key, list(known), scorer=fuzz.ratio, score_cutoff=cutoff)
        return (known[best[0]], best[1]) if best else None

    def near(self, word: str) -> str | None:
        """The country an ordinary word, where a partner is named, is near enough to be offered ("exports to surname":
        Suriname?), or None."""
        found = self.fuzzy(word, ordinary=True)  # (a Korean one is already held to a near sound: 톡고, Togo?)
        return found[0] if found is not None and len(found[0]) == 2 and (
            found[1] >= NEAR_SCORE or _HANGUL_TOKEN.match(word) is not None) else None

    def fuzzy(self, phrase: str, capitalised: bool = False, ordinary: bool = False) -> tuple[str, float] | None:
        """The country a misspelt `phrase` most likely names, with its score, or None. An ordinary word is
        never a misspelt country ("span" is not Spain), unless `ordinary` asks which one it is near ("surname":
        Suriname, to offer); a Russian word written with a capital may be shorter."""
        if _HANGUL_TOKEN.match(phrase.replace(" ", "")):  # a misspelt name with its particles: 폴랜드로, 스패인이랑
            stems = self._korean_stems(phrase)
            if not self.common.isdisjoint(stems):  # 통계가 is 통계 (statistics) and a particle, not 통가 (Tonga)
                return None
            keys = [jamo(stem) for stem in stems]
            # a short name only as it sounds (베넹: 베냉); a longer one also with a letter wrong
            # (a name only offered may be a letter shorter: 톡고, Togo?)
            found = [self._nearest(key, self._jamo) if len(key) >= MIN_JAMO - (1 if ordinary else 0) else
                     (self._jamo[key], 100.0) if key in self._jamo else None for key in keys]
            return max((f for f in found if f), key=lambda f: f[1], default=None)
        if len(phrase) < 4 or (phrase in self.common and not ordinary):
            return None
        if _CYRILLIC.search(phrase):  # a short stem is too near too many words: торг (trade) is not Того
            stem = russian_stem(phrase)
            # one letter in five is too many: больше (more) is not Польша
            shortest = MIN_RUSSIAN_FUZZY - 1 if capitalised else MIN_RUSSIAN_FUZZY  # "в Полшу" is a name, misspelt
            return self._nearest(stem, self._cyrillic, RUSSIAN_CUTOFF) if len(stem) >= shortest else None
        if not phrase.isascii():
            return None
        cutoff = 80 if len(phrase) >= 5 else 85
        key = skeleton(phrase)
        spelled = process.extractOne(phrase, self._spelled.get(phrase[0], ()), scorer=fuzz.ratio,
                                     score_cutoff=cutoff)
        sounded = process.extractOne(key, self._sounded.get(key[0], {}), scorer=fuzz.ratio, score_cutoff=cutoff + 5)
        candidates = [(self.names[spelled[0]], spelled[1])] if spelled else []
        if sounded:
            candidates.append((self.names[sounded[2]], sounded[1] - 5))
        if not candidates and len(phrase) >= MIN_VOWEL_BLIND and (
                code := self._vowel_blind.get(_vowel_blind(phrase))) is not None:
            candidates.append((code, float(cutoff)))  # only its vowels wrong: "hondorus" is Honduras
        return max(candidates, key=lambda c: c[1]) if candidates else None
