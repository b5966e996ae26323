"""Every country and region of the world by its names in English, Korean and Russian, typos forgiven.

Country names come from pycountry (ISO 3166) and babel (CLDR translations); regions are UN M49
codes (such as 002, Africa) named by babel; common aliases that neither knows ("Holland",
"PRC", "African") come from knowledge/vocabulary.yaml. North Korea is the subject of the brief,
never a partner: its names resolve to SUBJECT.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pycountry
from babel import Locale
from rapidfuzz import fuzz, process

from bot.engine.text import fold

SUBJECT = "KP"
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}
_PARENS = re.compile(r"\s*\(([^)]*)\)")
_HANGUL_TOKEN = re.compile(r"^[\uac00-\ud7a3]+$")
_MAX_PARTICLE = 3  # Korean particles such as 으로, 에서, 의 follow a name without a space


def skeleton(word: str) -> str:
    """A rough sound-alike key so that 'mozambik' meets 'mozambique' and 'columbia' 'colombia'."""
    for old, new in (("que", "k"), ("ck", "k"), ("ph", "f"), ("c", "k"), ("q", "k"), ("z", "s"), ("y", "i"),
                     ("w", "v")):
        word = word.replace(old, new)
    word = re.sub(r"(.)\1+", r"\1", word)
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def by_initial(words: Iterable[str]) -> dict[str, list[str]]:
    """Words grouped by their first letter, so a fuzzy search scores only the plausible ones."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word)
    return groups


@dataclass(frozen=True)
class Match:
    """A country found in a question: tokens [start, end) name ISO code `code`."""

    start: int
    end: int
    code: str
    exact: bool


class CountryIndex:
    """Looks up countries and regions by name, exactly or with a typo, in the bot's languages."""

    def __init__(self, aliases: dict[str, list[str]], subject: list[str], regions: frozenset[str] = frozenset(),
                 languages: tuple[str, ...] = ("en",)) -> None:
        self.display: dict[tuple[str, str], str] = {}
        self.names: dict[str, str] = {}
        babel = {lang: Locale(lang).territories for lang in languages}
        codes = {c.alpha_2 for c in pycountry.countries} | {"XK"} | set(regions)
        for code in sorted(codes):
            for lang in languages:
                if code in babel[lang]:
                    self.display[(code, lang)] = self._clean(babel[lang][code])
        for name in subject:
            self.names[fold(name)] = SUBJECT
        for code, names in aliases.items():
            for name in names:
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
        self.longest: dict[str, int] = {}  # first word of a name -> words in the longest such name
        for name in self.names:
            words = name.split()
            self.longest[words[0]] = max(self.longest.get(words[0], 0), len(words))
        # typos seldom change the first letter (and the sound-alike key folds c/k, ph/f): bucket by it
        self._spelled = by_initial(n for n in self.names if n.isascii() and len(n) >= 4)
        self._sounded: dict[str, dict[str, str]] = {}  # initial -> {name: its sound-alike key}
        for name in (n for n in self.names if n.isascii() and len(n) >= 4):
            self._sounded.setdefault(skeleton(name)[0], {})[name] = skeleton(name)
        self._cyrillic = [n for n in self.names if not n.isascii() and not _HANGUL_TOKEN.match(n.replace(" ", ""))]
        self._hangul = sorted((n for n in self.names if _HANGUL_TOKEN.match(n)), key=len, reverse=True)

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
        folded = {fold(v) for v in out}
        folded |= {v[4:] for v in folded if v.startswith("the ")}
        return {v for v in folded if v}

    def name(self, code: str, lang: str = "en") -> str:
        """A reader's name for `code` in `lang` (English when the language lacks it)."""
        return self.display.get((code, lang)) or self.display.get((code, "en")) or code

    def exact(self, tokens: list[str]) -> list[Match]:
        """Countries named exactly, longest names first, without overlaps."""
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self.longest.get(tokens[i], 0), len(tokens) - i), 0, -1):
                code = self.names.get(" ".join(tokens[i:i + size]))
                if code is not None:
                    found.append(Match(i, i + size, code, True))
                    i += size
                    break
            else:
                code = self._hangul_prefix(tokens[i])
                if code is not None:
                    found.append(Match(i, i + 1, code, True))
                i += 1
        return found

    def _hangul_prefix(self, token: str) -> str | None:
        """A Korean name with a particle attached ('스페인으로' is 'to Spain')."""
        if not _HANGUL_TOKEN.match(token):
            return None
        for name in self._hangul:
            if token.startswith(name) and len(token) - len(name) <= _MAX_PARTICLE:
                return self.names[name]
        return None

    def fuzzy(self, phrase: str) -> tuple[str, float] | None:
        """The country a misspelt `phrase` most likely names, with its score, or None."""
        if len(phrase) < 4:
            return None
        if not phrase.isascii():
            best = process.extractOne(phrase, self._cyrillic, scorer=fuzz.ratio, score_cutoff=80)
            return (self.names[best[0]], best[1]) if best else None
        cutoff = 80 if len(phrase) >= 5 else 85
        key = skeleton(phrase)
        spelled = process.extractOne(phrase, self._spelled.get(phrase[0], ()), scorer=fuzz.ratio,
                                     score_cutoff=cutoff)
        sounded = process.extractOne(key, self._sounded.get(key[0], {}), scorer=fuzz.ratio, score_cutoff=cutoff + 5)
        candidates = [(self.names[spelled[0]], spelled[1])] if spelled else []
        if sounded:
            candidates.append((self.names[sounded[2]], sounded[1] - 5))
        return max(candidates, key=lambda c: c[1]) if candidates else None
