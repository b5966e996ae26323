"""Measures passage ranking on tests/passages.yaml: BM25 against TF-IDF and rapidfuzz, per language.

Run `python -m bot.passage_eval`. Prints, for each method, top-1 accuracy on the dev half and on the
held-out half of each language, and how many unrelated questions score at or above a threshold set so
that a chosen share of the dev questions' right answers clear it. Not used by the bot at run time.
"""
from __future__ import annotations

import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from bot.engine import Engine
from bot.engine.passages import THRESHOLD, Analyzer, KoreanMode, PassageIndex, _word_terms, passage_texts

PROJECT = Path(__file__).resolve().parent.parent
Ranker = Callable[[str, str], list[tuple[str, float]]]  # (question, lang) -> [(statement id, score)], best first


@dataclass(frozen=True)
class Case:
    """One question of the set: its language, the ids that answer it (none for an unrelated one), its half."""

    ask: str
    lang: str
    want: tuple[str, ...]
    held_out: bool


def load_cases(path: Path = PROJECT / "tests" / "passages.yaml") -> tuple[list[Case], list[Case]]:
    """The prose questions and the unrelated ones; odd positions within a language are held out."""
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[list[Case]] = []
    for group in ("questions", "unrelated"):
        seen: Counter[str] = Counter()
        cases = []
        for item in raw[group]:
            cases.append(Case(item["ask"], item["lang"], tuple(item.get("want", ())), seen[item["lang"]] % 2 == 1))
            seen[item["lang"]] += 1
        out.append(cases)
    return out[0], out[1]


def bm25_ranker(engine: Engine, korean: KoreanMode = "bigrams", k1: float = 1.5, b: float = 0.75) -> Ranker:
    """The shipped index, with its Korean analysis and BM25 parameters open to comparison."""
    index = PassageIndex(engine.facts, engine.composer.places.name, replace(engine.passages.analyzer, korean=korean),
                         k1, b)
    return lambda q, lang: [(h.statement.id, h.score) for h in index.search(q, lang, limit=len(index.statements))]


def tfidf_ranker(engine: Engine, korean: KoreanMode = "bigrams") -> Ranker:
    """TF-IDF with cosine similarity (smoothed idf, l2-normalised, as scikit-learn's TfidfVectorizer)."""
    analyzer = replace(engine.passages.analyzer, korean=korean)
    ids = [s.id for s in engine.facts.statements]
    tables: dict[str, tuple[dict[str, float], list[dict[str, float]]]] = {}
    for lang in engine.facts.languages:
        docs = [Counter(analyzer.terms(t)) for t in passage_texts(engine.facts, engine.composer.places.name, lang)]
        df = Counter(term for doc in docs for term in doc)
        idf = {term: math.log((1 + len(docs)) / (1 + n)) + 1 for term, n in df.items()}
        vectors = []
        for doc in docs:
            vector = {term: count * idf[term] for term, count in doc.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            vectors.append({term: v / norm for term, v in vector.items()})
        tables[lang] = (idf, vectors)

    def rank(question: str, lang: str) -> list[tuple[str, float]]:
        idf, vectors = tables[lang]
        query = {t: c * idf[t] for t, c in Counter(analyzer.terms(question)).items() if t in idf}
        norm = math.sqrt(sum(v * v for v in query.values())) or 1.0
        scored = [(ids[i], sum(w * vec.get(t, 0.0) for t, w in query.items()) / norm) for i, vec in enumerate(vectors)]
        return sorted((p for p in scored if p[1] > 0), key=lambda p: -p[1])
    return rank


def fuzz_ranker(engine: Engine, analysed: bool) -> Ranker:
    """rapidfuzz's token_set_ratio between the question and each passage, on index terms or on folded words."""
    analyzer = Analyzer("bigrams")
    ids = [s.id for s in engine.facts.statements]
    prepare: Callable[[str], str] = (lambda t: " ".join(analyzer.terms(t))) if analysed else (
        lambda t: " ".join(Analyzer("words").terms(t)))
    texts = {lang: [prepare(t) for t in passage_texts(engine.facts, engine.composer.places.name, lang)]
             for lang in engine.facts.languages}

    def rank(question: str, lang: str) -> list[tuple[str, float]]:
        q = prepare(question)
        scored = [(ids[i], fuzz.token_set_ratio(q, text)) for i, text in enumerate(texts[lang])]
        return sorted((p for p in scored if p[1] > 0), key=lambda p: -p[1])
    return rank


@dataclass(frozen=True)
class Report:
    """The figures of one method."""

    name: str
    top1: dict[tuple[str, bool], tuple[int, int]]  # (lang, held_out) -> (right, asked)
    top3: tuple[int, int]
    threshold: float
    above: dict[str, tuple[int, int]]  # "right"/"wrong"/"unrelated" x half -> (at or above the threshold, asked)
    misses: list[str]


def evaluate(name: str, rank: Ranker, questions: Sequence[Case], unrelated: Sequence[Case],
             threshold: float | None = None) -> Report:
    """Top-1 accuracy per language and half, and what clears a threshold: unless given, the lowest score above
    every unrelated question of the dev half (so each method is held to the same rule)."""
    top1: dict[tuple[str, bool], list[int]] = {}
    top3 = 0
    tops: list[tuple[Case, bool, float]] = []  # case, right at the top, top score
    misses: list[str] = []
    for case in questions:
        ranked = rank(case.ask, case.lang)
        ok = bool(ranked) and ranked[0][0] in case.want
        top3 += any(doc in case.want for doc, _ in ranked[:3])
        tally = top1.setdefault((case.lang, case.held_out), [0, 0])
        tally[0] += ok
        tally[1] += 1
        tops.append((case, ok, ranked[0][1] if ranked else 0.0))
        if not ok:
            misses.append(f"{case.lang} {'held' if case.held_out else 'dev '} {case.ask!r} -> "
                          f"{ranked[0][0] if ranked else '-'} ({ranked[0][1] if ranked else 0:.2f}), want {case.want}")
    others = [(case, (rank(case.ask, case.lang) or [("", 0.0)])[0][1]) for case in unrelated]
    if threshold is None:
        threshold = max((score for case, score in others if not case.held_out), default=0.0) + 1e-6
    above: dict[str, list[int]] = {}
    for case, ok, score in tops:
        tally = above.setdefault(f"{'right' if ok else 'wrong'} {'held' if case.held_out else 'dev'}", [0, 0])
        tally[0] += score >= threshold
        tally[1] += 1
    for case, score in others:
        tally = above.setdefault(f"unrelated {'held' if case.held_out else 'dev'}", [0, 0])
        tally[0] += score >= threshold
        tally[1] += 1
    return Report(name, {k: (v[0], v[1]) for k, v in top1.items()}, (top3, len(questions)), threshold,
                  {k: (v[0], v[1]) for k, v in above.items()}, misses)


def _pct(pair: tuple[int, int]) -> str:
    return f"{100 * pair[0] / pair[1]:5.1f}% ({pair[0]}/{pair[1]})" if pair[1] else "-"


def print_report(report: Report, out: Any = sys.stdout, misses: bool = False) -> None:
    """One method's figures as a few lines of text."""
    langs = sorted({lang for lang, _ in report.top1})
    print(f"== {report.name}", file=out)
    for half, held in (("dev ", False), ("held", True)):
        cells = "  ".join(f"{lang} {_pct(report.top1.get((lang, held), (0, 0)))}" for lang in langs)
        total = (sum(v[0] for (_, h), v in report.top1.items() if h == held),
                 sum(v[1] for (_, h), v in report.top1.items() if h == held))
        print(f"   top-1 {half}: {cells}  all {_pct(total)}", file=out)
    print(f"   top-3 all: {_pct(report.top3)}", file=out)
    cleared = "  ".join(f"{key} {v[0]}/{v[1]}" for key, v in sorted(report.above.items()))
    print(f"   at or above {report.threshold:.3f}: {cleared}", file=out)
    if misses:
        for line in report.misses:
            print(f"     miss {line}", file=out)


def tradeoff(rank: Ranker, questions: Sequence[Case], unrelated: Sequence[Case], thresholds: Sequence[float],
             out: Any = sys.stdout) -> None:
    """What clears each threshold: right and wrong top answers and unrelated questions, dev/held."""
    tops = [(case, ranked[0] if (ranked := rank(case.ask, case.lang)) else ("", 0.0)) for case in questions]
    others = [(case, (rank(case.ask, case.lang) or [("", 0.0)])[0][1]) for case in unrelated]
    print("   threshold   right dev/held   wrong dev/held   unrelated dev/held", file=out)
    for threshold in thresholds:
        def count(right: bool | None, held: bool, t: float = threshold) -> int:
            if right is None:
                return sum(c.held_out == held and s >= t for c, s in others)
            return sum(c.held_out == held and (top[0] in c.want) == right and top[1] >= t for c, top in tops)
        print(f"   {threshold:9.2f}   {count(True, False):5d}/{count(True, True):<5d}    "
              f"{count(False, False):5d}/{count(False, True):<5d}    {count(None, False):5d}/{count(None, True)}",
              file=out)


def time_search(index: PassageIndex, questions: Sequence[Case], rounds: int = 20) -> tuple[float, float]:
    """Median and worst microseconds per search over the question set."""
    samples = []
    for _ in range(rounds):
        for case in questions:
            start = time.perf_counter()
            index.search(case.ask, case.lang)
            samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)]


def main(argv: Sequence[str] = ()) -> None:
    """Print the comparison."""
    engine = Engine.load(PROJECT / "data", PROJECT / "knowledge")
    questions, unrelated = load_cases()
    show = "--misses" in argv
    methods: list[tuple[str, Ranker]] = [
        ("BM25 (bm25s, Lucene, k1=1.5, b=0.75), Korean bigrams: shipped", bm25_ranker(engine)),
        ("BM25, Korean particles stripped and bigrams", bm25_ranker(engine, "particles+bigrams")),
        ("BM25, Korean particles stripped", bm25_ranker(engine, "particles")),
        ("BM25, Korean whole words", bm25_ranker(engine, "words")),
        ("TF-IDF cosine (smoothed idf, l2), Korean bigrams", tfidf_ranker(engine)),
        ("rapidfuzz token_set_ratio on index terms", fuzz_ranker(engine, analysed=True)),
        ("rapidfuzz token_set_ratio on folded words", fuzz_ranker(engine, analysed=False)),
    ]
    for name, rank in methods:
        print_report(evaluate(name, rank, questions, unrelated), misses=show)
    print(f"== shipped index at its THRESHOLD {THRESHOLD}")
    print_report(evaluate("shipped", methods[0][1], questions, unrelated, THRESHOLD), misses=show)
    tradeoff(methods[0][1], questions, unrelated, (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0))
    index = engine.passages
    median, p99 = time_search(index, questions)
    print(f"search time, shipped index: median {median:.1f} µs, p99 {p99:.1f} µs "
          f"({len(index.statements)} passages, {len(questions)} questions x 20, word cache warm)")
    _word_terms.cache_clear()
    start = time.perf_counter()
    for case in questions:
        index.search(case.ask, case.lang)
    print(f"  with a cold word cache: {(time.perf_counter() - start) / len(questions) * 1e6:.1f} µs a search")


if __name__ == "__main__":
    main(sys.argv[1:])
