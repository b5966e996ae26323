"""Understanding a question: text -> Reading(intent, slots, confidence, alternatives).

Slots are pulled first (countries, years, flow, N, order), leaving placeholders; what is left
is corrected for typos against the known vocabulary and scored with rapidfuzz against every
intent's example phrasings, which went through the same steps. The slots found then vote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import get_args

import numpy as np
from rapidfuzz import fuzz, process

from bot.engine.countries import SUBJECT, CountryIndex, by_initial
from bot.engine.facts import Flow
from bot.engine.knowledge import IntentSpec, Knowledge
from bot.engine.text import fold, script_language

COUNTRY, REGION, YEAR, N, NUMBER, SUBJECT_TOKEN = "<country>", "<region>", "<year>", "<n>", "<num>", "dprk"
PLACEHOLDERS = frozenset({COUNTRY, REGION, YEAR, N, NUMBER})
MAX_TOKENS = 60  # a question longer than this is read by its first 60 words
# Measured, not guessed (see the issue notes): on 30 unseen in-scope phrasings and 30 out-of-scope
# questions, thresholds 50-55 answered 29/30 and refused 27/30; 60 and above began to refuse
# in-scope questions, 45 and below to answer out-of-scope ones. Every threshold from 40 to 70
# passed the project's and the sample question sets; the gap only decides how often buttons show.
ABSOLUTE_THRESHOLD = 55.0  # below: an honest fallback with suggestions
GAP = 5.0  # two readings closer than this: answer the best, offer the other as a choice
DISTINCTIVE_VOTE = 8.0  # a word only one intent's examples use votes for that intent
MAX_DISTINCTIVE_VOTE = 16.0
FALLBACK = "fallback"
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)(?:s|년|г)?$")  # 2020s, 2023년, 2023г
_INT = re.compile(r"^(\d{1,3})(?:개국|개|곳|위)?$")  # 5, 5개국 (Korean counts countries with 개국)
_DECIMAL = re.compile(r"^\d[\d.]*%?$")
_FOLLOW_UP = frozenset({"and", "what", "about", "how", "also", "same", "for", "now", "then", "in", "of", "the",
                        "ok", "okay", "with"})
_MIN_FUZZY_LEN = 4
MAX_ENCODED_PLACES, MAX_ENCODED_YEARS = 4, 2  # keeps an encoded reading within 64 bytes
_DIRECTIONS = frozenset({"imports", "exports"})  # "and exports?" is all slots; "trade" is a word of its own
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class Slots:
    """What a question names besides its intent."""

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    latest: bool = False
    flow: Flow | None = None
    n: int | None = None
    ascending: bool = False

    def present(self) -> set[str]:
        """Names of the slots that hold a value, as intents.yaml calls them."""
        found = {name for name, value in (("country", self.countries), ("region", self.regions),
                                           ("year", self.years or self.latest),
                                           ("flow", self.flow), ("n", self.n), ("order", self.ascending)) if value}
        return found

    def merged_into(self, previous: Slots) -> Slots:
        """These slots laid over a previous question's: what is new replaces what was."""
        return Slots(
            countries=self.countries or (() if self.regions else previous.countries),
            regions=self.regions or (() if self.countries else previous.regions),
            years=self.years or (() if self.latest else previous.years),
            latest=self.latest or (previous.latest and not self.years),
            flow=self.flow or previous.flow,
            n=self.n or previous.n,
            ascending=self.ascending or previous.ascending,
        )


@dataclass(frozen=True)
class Reading:
    """How the engine understood a question."""

    intent: str
    confidence: float
    slots: Slots = field(default_factory=Slots)
    alternatives: tuple[tuple[str, float], ...] = ()
    language: str = "en"
    unknown_command: str | None = None

    def encode(self) -> str:
        """A compact form (at most 64 bytes for these slots) to carry in a button."""
        s = self.slots
        places = (s.countries + s.regions)[:MAX_ENCODED_PLACES]
        return "|".join([self.intent, ",".join(places), ",".join(map(str, s.years[:MAX_ENCODED_YEARS])),
                         "L" if s.latest else "", s.flow or "", str(s.n or ""), "A" if s.ascending else "",
                         self.language])

    @classmethod
    def decode(cls, data: str, intents: set[str], languages: tuple[str, ...]) -> Reading | None:
        """The reading `encode` made, or None when `data` is not one (stale or forged)."""
        parts = data.split("|")
        if len(parts) != 8 or parts[0] not in intents:
            return None
        intent, countries, years, latest, flow, n, ascending, language = parts
        try:
            slots = Slots(
                countries=tuple(c for c in countries.split(",") if re.fullmatch(r"[A-Z]{2}", c)),
                regions=tuple(c for c in countries.split(",") if re.fullmatch(r"[0-9]{3}", c)),
                years=tuple(int(y) for y in years.split(",") if y),
                latest=latest == "L",
                flow=flow if flow in get_args(Flow) else None,  # type: ignore[arg-type]
                n=int(n) if n else None,
                ascending=ascending == "A",
            )
        except ValueError:
            return None
        return cls(intent, 1.0, slots, language=language if language in languages else languages[0])


@dataclass(frozen=True)
class _Parsed:
    tokens: tuple[str, ...]
    slots: Slots


class Understanding:
    """Turns text into a Reading, using the knowledge/ intents and the country index."""

    def __init__(self, knowledge: Knowledge, countries: CountryIndex) -> None:
        vocab = knowledge.vocabulary
        self.intents: dict[str, IntentSpec] = knowledge.intents
        self.commands = knowledge.commands
        self.countries = countries
        self.case_sensitive = {re.compile(rf"\b{re.escape(alias)}\b"): countries.name(code)
                               for alias, code in vocab.case_sensitive_aliases.items()}
        self.flow_words = {fold(w): flow for flow, words in vocab.flows.items() for w in words}
        self.latest_phrases = sorted((tuple(fold(p).split()) for p in vocab.latest_year), key=len, reverse=True)
        self.ascending = {fold(w) for w in vocab.ascending}
        self.numbers = {tuple(fold(w).split()): n for w, n in vocab.number_words.items()}
        self.latest_starts = {p[0] for p in self.latest_phrases}
        self.number_starts = {words[0] for words in self.numbers}
        self.stopwords = {fold(w) for w in vocab.stopwords}
        self.suffixes = sorted({fold(w) for w in vocab.suffixes}, key=len, reverse=True)
        self.vocabulary: set[str] = set(self.stopwords) | set(self.flow_words) | self.ascending | {SUBJECT_TOKEN}
        self.vocabulary |= {w for phrase in vocab.latest_year for w in fold(phrase).split()}
        self.vocabulary |= {w for words in self.numbers for w in words}
        self.example_text: list[str] = []
        self.example_intent: list[str] = []
        self.example_size: list[int] = []
        self.index: dict[str, list[int]] = {}
        for name, by_language in knowledge.examples.items():
            for phrases in by_language.values():
                for phrase in phrases:
                    tokens = self._parse(phrase, learning=True).tokens
                    self._add_example(name, tokens)
        self.vocabulary_by_initial = by_initial(sorted(w for w in self.vocabulary if len(w) >= _MIN_FUZZY_LEN))
        owners: dict[str, set[str]] = {}
        for token, examples in self.index.items():
            owners[token] = {self.example_intent[i] for i in examples}
        # the same tables as arrays, for scoring every example at once
        self._postings = {token: np.array(examples, dtype=np.intp) for token, examples in self.index.items()}
        self._sizes = np.array(self.example_size, dtype=np.float64)
        # an example that names a place ("exports to <region>") cannot be the reading of a question that names none
        self._needs_place = {placeholder: np.array([placeholder in text.split() for text in self.example_text])
                             for placeholder in (COUNTRY, REGION)}
        self._intent_names = list(dict.fromkeys(self.example_intent))  # each intent's examples are contiguous
        self._intent_starts = np.array([self.example_intent.index(name) for name in self._intent_names])
        self.distinctive = {token: next(iter(names)) for token, names in owners.items()
                            if len(names) == 1 and token not in PLACEHOLDERS and token not in self.stopwords}

    def _add_example(self, intent: str, tokens: tuple[str, ...]) -> None:
        number = len(self.example_text)
        self.example_text.append(" ".join(sorted(tokens)))
        self.example_intent.append(intent)
        self.example_size.append(len(set(tokens)))
        for token in set(tokens):
            self.index.setdefault(token, []).append(number)

    # ------------------------------------------------------------------ slots
    def _parse(self, text: str, learning: bool = False) -> _Parsed:
        for pattern, name in self.case_sensitive.items():
            text = pattern.sub(name, text)
        tokens = fold(text).split()[:MAX_TOKENS]
        places: list[str] = []
        marked: list[str | None] = list(tokens)
        for match in self.countries.exact(tokens):
            marked[match.start] = _placeholder(match.code)
            for i in range(match.start + 1, match.end):
                marked[i] = None
            if match.code != SUBJECT and match.code not in places:
                places.append(match.code)
        words = [t for t in marked if t is not None]
        years: list[int] = []
        latest = ascending = False
        n: int | None = None
        flow: Flow | None = None
        out: list[str] = []
        i = 0
        while i < len(words):
            word = words[i]
            phrase = number = None
            if word in self.latest_starts:
                phrase = next((p for p in self.latest_phrases if tuple(words[i:i + len(p)]) == p), None)
            if word in self.number_starts:
                number = next(((size, value) for size in (2, 1)
                               if (value := self.numbers.get(tuple(words[i:i + size]))) is not None), None)
            if phrase is not None:
                latest = True
                i += len(phrase)
                continue
            if (year := _YEAR.match(word)) is not None:
                years.append(int(year.group(1)))
                out.append(YEAR)
            elif (count := _INT.match(word)) is not None or number is not None:
                n = int(count.group(1)) if count is not None else number[1]  # type: ignore[index]
                out.append(N)
                i += number[0] if number is not None else 1
                continue
            elif _DECIMAL.match(word):
                out.append(NUMBER)
            elif word in self.flow_words:
                found = self.flow_words[word]
                if flow is None or flow == "total":
                    flow = found
                out.append(found)
            else:
                if word in self.ascending:
                    ascending = True
                out.append(word)
            i += 1
        if learning:
            # an example's inflected country name ("Испанию") is a country, never a word to learn; examples
            # spell the subject right, so a word near it ("kotra" ~ "korea") is a word
            out = [_placeholder(place[0]) if self._unknown(w) and (place := self.countries.fuzzy(w))
                   and place[0] != SUBJECT else w for w in out]
            self.vocabulary |= {w for w in out if w not in PLACEHOLDERS}
        else:
            out, found_places = self._correct(out)
            places += [code for code in found_places if code not in places]
        # the subject is in nearly every question and says nothing about the intent
        content = tuple(w for w in out if w not in self.stopwords and w != SUBJECT_TOKEN)
        countries = tuple(c for c in places if not c.isdigit())
        regions = tuple(c for c in places if c.isdigit())
        return _Parsed(content, Slots(countries, regions, tuple(dict.fromkeys(years)), latest, flow, n, ascending))

    def _correct(self, words: list[str]) -> tuple[list[str], list[str]]:
        """Fix typos: unknown words become a country or the nearest known word."""
        out: list[str] = []
        places: list[str] = []
        i = 0
        while i < len(words):
            word = words[i]
            if not self._unknown(word):
                out.append(word)
                i += 1
                continue
            pair = f"{word} {words[i + 1]}" if i + 1 < len(words) and self._unknown(words[i + 1]) else None
            best = self.countries.fuzzy(word)
            pair_best = self.countries.fuzzy(pair) if pair else None
            if pair_best and (best is None or pair_best[1] > best[1]):
                best = pair_best
                i += 1
            known = self._known_stem(word) or process.extractOne(
                word, self.vocabulary_by_initial.get(word[0], ()), scorer=fuzz.ratio,
                score_cutoff=80 if len(word) >= 5 else 86)
            if best and (known is None or best[1] >= known[1]):
                out.append(_placeholder(best[0]))
                if best[0] != SUBJECT:
                    places.append(best[0])
            elif known:
                out.append(known[0])
            else:
                out.append(word)
            i += 1
        return out, places

    def _unknown(self, word: str) -> bool:
        return ((len(word) >= _MIN_FUZZY_LEN or not word.isascii()) and word not in self.vocabulary
                and word not in PLACEHOLDERS and not word[0].isdigit())

    def _known_stem(self, word: str) -> tuple[str, float, int] | None:
        """A known word with a suffix glued on (Korean 수출은 is 수출), scored as an exact match."""
        for suffix in self.suffixes:
            stem = word[:-len(suffix)]
            if word.endswith(suffix) and stem in self.vocabulary:
                return stem, 100.0, 0
        return None

    # ------------------------------------------------------------------ intents
    def read(self, text: str, context: Reading | None = None) -> Reading:
        """Understand `text`; `context` is the previous reading in this chat (for follow-ups)."""
        command = _COMMAND.match(text.strip())
        if command is not None:
            return self._command(command.group(1).lower(), command.group(2) or "")
        lang = script_language(text)
        parsed = self._parse(text)
        slots = parsed.slots
        words = [t for t in parsed.tokens if t not in PLACEHOLDERS and t not in _DIRECTIONS and t not in _FOLLOW_UP]
        if not words and slots.present():
            if context is not None and self._continues(context, slots):
                merged = slots.merged_into(context.slots)
                follow = context.intent
                if follow == "compare" and len(merged.countries) < 2:
                    follow = "partner"
                return Reading(follow, 1.0, merged, language=lang)
            return Reading(self._slot_only_intent(slots), 1.0, slots, language=lang)
        scores = self._score(parsed.tokens, slots)
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        if not ranked or ranked[0][1] < ABSOLUTE_THRESHOLD:
            return Reading(FALLBACK, (ranked[0][1] if ranked else 0.0) / 100, slots,
                           tuple((name, score / 100) for name, score in ranked[:3]), lang)
        best, score = ranked[0]
        close = tuple((name, s / 100) for name, s in ranked[1:3] if score - s < GAP and s >= ABSOLUTE_THRESHOLD)
        return Reading(best, min(score, 100.0) / 100, slots, close, lang)

    def _continues(self, context: Reading, slots: Slots) -> bool:
        """A question of slots alone continues the previous one when that intent uses them all."""
        spec = self.intents.get(context.intent)
        return spec is not None and slots.present() <= set(spec.slots)

    def _command(self, name: str, rest: str) -> Reading:
        """A slash command is a question whose intent is known; its arguments give the slots."""
        lang = script_language(rest)
        spec = self.commands.get(name)
        if spec is None:
            return Reading("greeting", 1.0, language=lang, unknown_command=name[:32])
        slots = self._parse(rest).slots
        if spec.flow is not None:
            slots = replace(slots, flow=spec.flow)
        first = fold(rest).split()[:1]
        intent = spec.keywords.get(first[0], spec.intent) if first else spec.intent
        return Reading(intent, 1.0, slots, language=lang)

    @staticmethod
    def _slot_only_intent(slots: Slots) -> str:
        if slots.regions and not slots.countries:
            return "region"
        if len(slots.countries) > 1:
            return "compare"
        if slots.countries:
            return "partner"
        if slots.n:
            return "ranking"
        return "volume"

    def _score(self, tokens: tuple[str, ...], slots: Slots) -> dict[str, float]:
        # Two views of similarity, averaged: the words a question and an example share, over the words of
        # both (Dice; unlike a token-set ratio it counts the words an example leaves unexplained, so
        # "weather in Poland" does not fully match the bare "<country>"), and rapidfuzz's ratio of the
        # sorted words (token_sort_ratio), which also forgives small typos.
        unique = set(tokens)
        hits = [self._postings[t] for t in unique if t in self._postings]
        if not hits:
            return {}
        shared = np.bincount(np.concatenate(hits), minlength=len(self.example_text))
        candidates = np.flatnonzero(shared)
        sorted_scores = process.cdist([" ".join(sorted(tokens))], [self.example_text[i] for i in candidates],
                                      scorer=fuzz.ratio)[0]
        scores = np.full(len(self.example_text), -1.0)
        scores[candidates] = (100.0 * shared[candidates] / (len(unique) + self._sizes[candidates])
                              + 0.5 * sorted_scores)
        for placeholder, needs in self._needs_place.items():
            if placeholder not in unique:
                scores[needs] = -1.0
        best = {name: float(score) for name, score in zip(self._intent_names,
                                                          np.maximum.reduceat(scores, self._intent_starts),
                                                          strict=True) if score >= 0}
        votes: dict[str, float] = {}
        for token in set(tokens):
            if (owner := self.distinctive.get(token)) is not None:
                votes[owner] = min(votes.get(owner, 0.0) + DISTINCTIVE_VOTE, MAX_DISTINCTIVE_VOTE)
        present = slots.present()
        for name in best:
            best[name] += votes.get(name, 0.0) + self._slot_vote(self.intents[name], present, len(slots.countries))
        return best

    @staticmethod
    def _slot_vote(spec: IntentSpec, present: set[str], countries: int) -> float:
        vote = 0.0
        use = spec.slots.get("country")
        if use == "required":
            vote += -25 if countries == 0 else (-10 if countries > 1 else 5)
        elif use == "many":
            vote += 15 if countries > 1 else (-15 if countries == 1 else -30)
        elif use is None and countries:
            vote -= 12
        if "region" in present:
            vote += 10 if "region" in spec.slots else -12
        for slot, bonus, malus in (("year", 3, 8), ("n", 8, 5), ("order", 4, 4)):
            if slot in present:
                vote += bonus if slot in spec.slots else -malus
        return vote


def _placeholder(code: str) -> str:
    if code == SUBJECT:
        return SUBJECT_TOKEN
    return REGION if code.isdigit() else COUNTRY
