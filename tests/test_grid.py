"""Understanding at scale: every partner asked in everyday ways, and the commonest English words, which must
never be taken for a country."""
from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.figures import money
from bot.engine.text import fold
from tests.conftest import PROJECT

PHRASINGS = [
    "how much does North Korea trade with {x}", "{x} share", "exports to {x}", "how much does NK export to {x}?",
    "what does north korea sell to {x}", "{x}", "is {x} a big buyer of north korean goods", "{x} figures",
    "trade with {x}", "where does {x} rank", "how important is {x} for the DPRK", "{x}?",
    "north korean exports to {x} pls", "value of exports to {x}", "how much went to {x}", "tell me about {x}",
]
COMMON_WORDS = 5000


@pytest.mark.parametrize("phrasing", PHRASINGS)
def test_every_partner_in_every_phrasing_gets_its_own_figures(engine: Engine, phrasing: str) -> None:
    wrong = []
    for partner in engine.facts.partners:
        answer = engine.answer(phrasing.format(x=partner.name))
        if partner.country not in answer.reading.slots.countries or money(partner.value_usd) not in answer.plain:
            wrong.append(f"{partner.name}: {answer.plain.splitlines()[0]}")
    assert wrong == []


def test_the_commonest_english_words_are_not_countries(engine: Engine) -> None:
    """A word is read as a country only when it names one ('china', 'polish', 'dutch', 'moscow', 'australian')."""
    lines = (PROJECT / "knowledge" / "words" / "en.txt").read_text(encoding="utf-8").splitlines()
    words = [w for w in lines if w and not w.startswith("#")][:COMMON_WORDS]
    places = engine.understanding.places
    read_as_country = []
    for word in words:
        countries = engine.understanding.read(word).slots.countries
        if countries and places.names.get(fold(word)) is None and places.demonym(fold(word)) is None:
            read_as_country.append(f"{word}: {countries}")
    assert read_as_country == []
