"""The passage index: every prose question of tests/passages.yaml finds its statement, unrelated ones do not."""
from __future__ import annotations

import builtins
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.engine import Engine
from bot.engine.passages import THRESHOLD, Analyzer, PassageIndex

SET = yaml.safe_load((Path(__file__).parent / "passages.yaml").read_text(encoding="utf-8"))
QUESTIONS: list[dict[str, Any]] = SET["questions"]
UNRELATED: list[dict[str, Any]] = SET["unrelated"]
# Top-1 accuracy measured when the index was chosen (python -m bot.passage_eval: en 82.9%, ko 83.3%, ru 70.8%),
# less a question's worth of slack: a change to data or analysis that costs more than that must say so.
TOP1_FLOOR = {"en": 0.80, "ko": 0.79, "ru": 0.66}
# Known misses, kept visible rather than dropped from the set: the statement is not among the five best.
NOT_IN_TOP5 = {
    "Which outlet wrote this report?": "no statement uses 'outlet' or 'wrote'; the article's has 'published'",
    "Which weapons did North Korea allegedly send to Russia?": "'send' and 'Russia' pull the shell statements ahead",
    "Why are North Korea and Russia getting closer?": "'getting closer' shares no word with 'have warmed'",
}
# Figure questions in the prose's own words; the intent reader sends them to the figures first.
ABOVE_THRESHOLD = {
    "What was total trade in 2019?": "matches 'trade ... far below 2019' (not_recovered)",
    "2019년 무역 총액은?": "matches '무역 ... 2019년' (not_recovered)",
    "общий объём торговли в 2023 году": "matches 'объём', 'торговли', '2023 года'",
    "рост импорта в 2023 году": "matches 'рост 2023 года ... импортом' (china_driven)",
    "growth of imports in 2023": "growth is increase (same_words): 'increase ... driven by imports' (china_driven)",
}


@pytest.fixture(scope="module")
def index(engine: Engine) -> PassageIndex:
    """The index as the engine builds it."""
    return engine.passages


def test_the_set_is_large_enough() -> None:
    counts = Counter(q["lang"] for q in QUESTIONS)
    assert counts["en"] >= 60 and counts["ko"] >= 20 and counts["ru"] >= 20


def test_every_statement_answers_some_question(engine: Engine) -> None:
    wanted = {doc for q in QUESTIONS for doc in q["want"]}
    ids = {s.id for s in engine.facts.statements}
    assert wanted <= ids
    assert ids <= wanted


@pytest.mark.parametrize("case", [
    pytest.param(q, marks=pytest.mark.xfail(strict=True, reason=NOT_IN_TOP5[q["ask"]])) if q["ask"] in NOT_IN_TOP5
    else q for q in QUESTIONS], ids=[q["ask"][:50] for q in QUESTIONS])
def test_question_finds_its_statement(index: PassageIndex, case: dict[str, Any]) -> None:
    hits = index.search(case["ask"], case["lang"])
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert any(h.statement.id in case["want"] for h in hits), [(h.statement.id, round(h.score, 2)) for h in hits]


@pytest.mark.parametrize("lang", ["en", "ko", "ru"])
def test_top1_accuracy_holds(index: PassageIndex, lang: str) -> None:
    cases = [q for q in QUESTIONS if q["lang"] == lang]
    right = sum(bool(hits := index.search(q["ask"], lang)) and hits[0].statement.id in q["want"] for q in cases)
    assert right / len(cases) >= TOP1_FLOOR[lang], f"{right}/{len(cases)}"


@pytest.mark.parametrize("case", [
    pytest.param(q, marks=pytest.mark.xfail(strict=True, reason=ABOVE_THRESHOLD[q["ask"]]))
    if q["ask"] in ABOVE_THRESHOLD else q for q in UNRELATED], ids=[q["ask"][:50] for q in UNRELATED])
def test_unrelated_question_scores_below_the_threshold(index: PassageIndex, case: dict[str, Any]) -> None:
    hits = index.search(case["ask"], case["lang"])
    assert not hits or hits[0].score < THRESHOLD, (hits[0].statement.id, hits[0].score)
    assert index.answers(case["ask"], case["lang"]) == []


def test_answers_come_with_who_said_them(index: PassageIndex) -> None:
    best = index.answers("What did the KOTRA official tell Yonhap?", "en")[0]
    assert best.statement.id == "single_country" and best.score >= THRESHOLD
    assert (best.statement.source, best.statement.reported_by) == ("kotra_official", "yonhap")


@pytest.mark.parametrize(("question", "lang", "want"), [
    ("연합뉴스", "ko", "single_country"),                 # a reporter's name in Korean
    ("우크라인스카 프라우다 보도", "ko", "shells_since_2023"),
    ("«Украинская правда»", "ru", "shells_since_2023"),
    ("Yonhap", "ko", "single_country"),                  # Latin names work in every language
    ("KOTRA official", "ru", "single_country"),
    ("세르게이 라브로프", "ko", "lavrov_visit"),            # people in each language
    ("Сергей Лавров", "ru", "lavrov_visit"),
    ("Иран", "ru", "crink"),                             # country names in each language
])
def test_names_are_searchable_in_each_language(index: PassageIndex, question: str, lang: str, want: str) -> None:
    assert want in [h.statement.id for h in index.search(question, lang)]


@pytest.mark.parametrize(("text", "terms"), [
    ("North Korea's shells", ["north", "korea", "shell"]),
    ("라브로프가", ["라브", "브로", "로프", "프가"]),     # bigrams survive the particle glued to the name
    ("2019년", ["2019"]),                                # digits split from the Hangul counter
    ("новый договор", ["нов", "договор"]),              # stemmed before fold drops the breve of й
    ("the", []),
])
def test_analyzer(text: str, terms: list[str]) -> None:
    assert Analyzer().terms(text) == terms


def test_synonyms_are_one_term() -> None:
    analyzer = Analyzer().with_synonyms([["fall", "drop", "dropped"], ["visit", "trip"]])
    assert analyzer.terms("the drop in shells") == analyzer.terms("the fall in shells") == ["fall", "shell"]
    assert analyzer.terms("Lavrov's trip") == ["lavrov", "visit"]


@pytest.mark.parametrize(("question", "want"), [
    ("who reported the drop in shell shipments and when?", "shells_halved"),  # the statement says "fell"
    ("why did Lavrov travel to Pyongyang?", "lavrov_visit"),                    # ... "visited"
])
def test_a_word_finds_a_statement_that_says_it_another_way(index: PassageIndex, question: str, want: str) -> None:
    assert want in [h.statement.id for h in index.answers(question, "en", limit=2)]


def test_search_does_no_io(index: PassageIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("search opened a file")
    monkeypatch.setattr(builtins, "open", refuse)
    assert index.search("When did Lavrov visit North Korea?", "en")[0].statement.id == "lavrov_visit"
    assert index.search("", "en") == [] and index.search("?!", "ko") == []
