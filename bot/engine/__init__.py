"""The answer engine: pure, synchronous, no I/O after start-up, and nothing of Telegram."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from bot.engine.answer import Answer, Chart, Choice, Series
from bot.engine.cache import cached, fingerprint
from bot.engine.compose import PASSAGE_DATA, Composer
from bot.engine.digest import Bulletin, Digest
from bot.engine.facts import FactStore
from bot.engine.knowledge import Knowledge
from bot.engine.passages import Analyzer, Hit, PassageIndex
from bot.engine.places import PlaceIndex
from bot.engine.text import fold
from bot.engine.understand import Reading, Slots, Understanding

__all__ = ["Answer", "Bulletin", "Chart", "Choice", "Engine", "Hit", "PassageIndex", "Reading", "Series", "Slots"]


@dataclass(frozen=True)
class Engine:
    """Answers questions about the brief. Build it once with `Engine.load`."""

    facts: FactStore
    knowledge: Knowledge
    understanding: Understanding
    composer: Composer
    digest: Digest
    passages: PassageIndex  # the brief's prose, ranked against a question

    @classmethod
    def load(cls, data: Path, knowledge: Path, cache: Path | None = None) -> Engine:
        """Read and validate data/ and knowledge/; raises DataError with file, line and reason. With a `cache`
        folder, the engine a launch before built from the same files and code is read from there instead."""
        if cache is None:
            return cls._build(data, knowledge)
        return cached(cache, fingerprint(data, knowledge), lambda: cls._build(data, knowledge))

    @classmethod
    def _build(cls, data: Path, knowledge: Path) -> Engine:
        facts = FactStore.load(data)
        known = Knowledge.load(knowledge)
        vocabulary = known.vocabulary
        groupings = {(code, lang): facts.text("grouping", code, lang) for code in facts.grouping_names
                     for lang in facts.languages}
        places = PlaceIndex(vocabulary.country_aliases | vocabulary.region_aliases, vocabulary.subject,
                            facts.region_codes, known.wording.languages, known.places, known.common_words, groupings,
                            known.frequent_words, frozenset(fold(w) for w in vocabulary.suffixes),
                            frozenset(vocabulary.with_the), tuple(vocabulary.name_languages))
        passages = PassageIndex(facts, places.name, Analyzer().with_synonyms(vocabulary.same_words),
                                ordinary=known.common_words,
                                general=frozenset(word for phrase in vocabulary.general_words
                                                  for word in fold(phrase).split()))
        digest = Digest(facts, known, places)
        understanding = Understanding(known, places)
        return cls(facts, known, understanding, Composer(facts, known, places, passages, digest, understanding.read),
                   digest, passages)

    def answer(self, question: str, context: Reading | None = None, language: str = "en",
               shown: frozenset[str] = frozenset(), offer: bool = True) -> Answer:
        """Answer `question` (free text or a /command); `context` is the chat's previous reading, `language` the
        reader's own (for commands and buttons), `shown` the notes this reader was given lately (not repeated);
        without `offer`, close readings are not offered as choices (an answer posted where no button works)."""
        readings = self.understanding.read_all(question, context, language)
        return self.composer.compose_parts(readings if offer else tuple(replace(r, alternatives=()) for r in readings),
                                           shown)

    def answer_choice(self, data: str, shown: frozenset[str] = frozenset()) -> Answer | None:
        """Answer a choice a person picked (see Choice.data); None when `data` is stale or forged."""
        if data.startswith(PASSAGE_DATA + "|"):
            return self.composer.statements(data)
        reading = Reading.decode(data, set(self.knowledge.intents), self.knowledge.wording.languages)
        return None if reading is None else self.composer.compose(reading, shown)
