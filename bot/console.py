"""The console faces of the engine: ask, chat and check."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from bot.engine import Answer, Choice, Engine, Reading
from bot.errors import BotError


def answer_json(question: str, answer: Answer) -> str:
    """One answer as the JSON line that `ask --json` prints."""
    return json.dumps({
        "question": question,
        "answer": answer.plain,
        "html": answer.html,
        "intent": answer.intent,
        "confidence": round(answer.confidence, 3),
        "sources": list(answer.sources),
        "choices": [choice.label for choice in answer.choices],
    }, ensure_ascii=False)


def readable(text: str) -> str:
    """`text` with bytes that were not UTF-8 (kept as surrogates by Python) replaced by U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def lines(stream: BinaryIO) -> Iterator[str]:
    """The lines of a byte stream as text, each decoded on its own: a bad byte spoils one character, not the batch."""
    for raw in stream:
        yield raw.decode("utf-8", "replace").rstrip("\r\n")


def ask(engine: Engine, questions: Iterable[str], as_json: bool, out: TextIO = sys.stdout) -> None:
    """Answer each question, one output line (plain text, or JSON) per question."""
    for question in questions:
        answer = engine.answer(question)
        print(answer_json(question, answer) if as_json else answer.plain, file=out, flush=True)


def chat(engine: Engine, source: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    """An interactive chat; follow-up questions continue the previous one."""
    interactive = source.isatty()
    print("Ask about North Korea's foreign trade (an empty line or Ctrl-D ends).", file=out)
    context: Reading | None = None
    choices: tuple[Choice, ...] = ()
    while True:
        if interactive:
            print("> ", end="", file=out, flush=True)
        line = readable(source.readline())
        if not line.strip():
            break
        picked = int(line) if line.strip().isdigit() else 0
        chosen = engine.answer_choice(choices[picked - 1].data) if 0 < picked <= len(choices) else None
        answer = chosen or engine.answer(line.strip(), context)  # "1" picks the first choice offered, if any
        context = answer.reading
        print(answer.plain, end="\n\n", file=out, flush=True)
        if answer.chart is not None:
            print(f"  (the chart itself: python -m bot chart {answer.chart.kind} -o chart.png)", file=out)
        choices = answer.choices
        for number, choice in enumerate(choices, 1):
            print(f"  [{number}] {choice.label}", file=out)


def check(engine: Engine, out: TextIO = sys.stdout) -> None:
    """Report what was loaded; loading itself ran every check."""
    facts, knowledge = engine.facts, engine.knowledge
    examples = len(engine.understanding.example_text)
    print(f"data/ and knowledge/ are valid: {len(facts.partners)} export partners, {len(facts.totals)} totals, "
          f"{len(facts.statements)} statements from {len(facts.sources)} sources; {len(knowledge.intents)} intents "
          f"with {examples} example phrasings.", file=out)


def chart(engine: Engine, kind: str, top: int | None, output: str, out: TextIO = sys.stdout) -> None:
    """Draw the chart `kind` ('partners' or 'trend') into the PNG file `output`."""
    from bot.charts import draw

    answer = engine.answer(f"/chart {kind} {top or ''}")
    if answer.chart is None:
        raise BotError(f"no chart for {kind!r}")
    Path(output).write_bytes(draw(answer.chart))
    print(f"{answer.plain}\n\nWrote {output}", file=out)
