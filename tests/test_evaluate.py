"""`python -m bot eval` and `python -m bot bench`: the judge, the trust rates, the report, the benchmark's lines."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from bot.engine import Engine, Reading
from bot.errors import DataError
from bot.evaluate import Case, Outcome, figures, judge, load_cases, outcome, render, run
from tests.conftest import PROJECT

POLAND = ("Poland bought $9.7mn of North Korea's exports, 2.5% of all its exports.\n"
          "Note: the brief does not say which year the partner table covers.\nSource: KOTRA")
NO_FRANCE = "The brief has no figure for France: it is not among the 25 partners.\nSource: KOTRA"


def case(**fields: Any) -> Case:
    """A case from its fields, as a question set writes them."""
    return Case(**{"ask": "?", **fields})


# ---------------------------------------------------------------- the judge
@pytest.mark.parametrize("fields, reply", [
    ({"want": ["2.5"]}, "Poland: 12.5% of exports"),  # a number stands alone
    ({"want": ["2.5"]}, "Poland: 2.56% of exports"),
    ({"want": ["9.7", "2.5"]}, "Poland: $9.7mn"),  # every entry
    ({"want": ["third | 3rd"]}, "Togo ranks 4th"),
    ({"cite": "KOTRA"}, "Poland: $9.7mn"),
    ({"avoid": ["470"]}, "Belgium: $470,000"),
    ({"refuse": True}, POLAND),  # a full answer, with "not" only in its closing note
    ({"refuse": True}, NO_FRANCE.replace("\n", "\nPoland: $9.7mn, 2.5%\n")),  # then another partner's figures
    ({"refuse": True, "want": ["$9.7mn"]}, "No Germany.\nPoland: $9.7mn\nSpain: 0.7%"),  # Spain not asked
    ({"refuse": True}, "The brief has no tonnes; it gives values: 9,7 млн долл."),  # a figure as Russian writes it
    ({"refuse": True}, "브리프에 톤 단위 수치가 없습니다. 폴란드: 970만 달러"),  # and as Korean does
    ({"want": ["9.7"]}, ""),
])
def test_the_judge_fails_wrong_replies(fields: dict[str, Any], reply: str) -> None:
    assert judge(case(**fields), reply) != []


@pytest.mark.parametrize("fields, reply", [
    ({"want": ["2.5", "9.7"], "cite": "KOTRA"}, POLAND),
    ({"want": ["2.5"]}, "Poland: 2.50% of exports"),  # trailing zeros are the same number
    ({"want": ["3rd | third"]}, "Togo ranks third"),
    ({"want": ["845"]}, "Mozambique: $845,000"),
    ({"refuse": True}, NO_FRANCE),
    ({"refuse": True, "want": ["$6.6mn", "Tonga"], "allow": ["1.7%"]},
     "The brief has no figure for Tonga.\nTogo: $6.6mn, 1.7% of exports"),
    ({"refuse": True, "want": ["416"]}, "The brief has no figure for South Korea.\nSouth Africa: $416,000"),
    ({"refuse": True, "want": ["$9.7mn"]}, "No Germany.\nPoland: $9.7mn, 2.5%"),  # the wanted line, all of it
    ({"refuse": True}, "Германии нет в таблице партнеров обзора."),
    ({"refuse": True}, "독일은 표에 없어, 브리프에 해당 수치가 없습니다."),
    ({"refuse": True}, "<b>Sorry</b>, the brief doesn\u2019t cover that."),  # as a reader sees the HTML
])
def test_the_judge_passes_right_replies(fields: dict[str, Any], reply: str) -> None:
    assert judge(case(**fields), reply) == []


def test_figures_are_amounts_and_percentages_in_every_notation() -> None:
    reply = ("$9.7mn, $845,000, $2.06bn, 2.5%, +122%, -62%; 970만 달러, 19.7억 달러, 19억 7천만 달러; "
             "9,7 млн долл., 845 тыс. долларов, 2,5 %; not figures: 2023, 25 partners, 3rd")
    assert figures(reply) == ["$9.7mn", "$845,000", "$2.06bn", "2.5%", "+122%", "-62%", "970만 달러", "19.7억 달러",
                              "19억 7천만 달러", "9,7 млн долл.", "845 тыс. долларов", "2,5 %"]


def test_a_figure_is_excused_only_by_its_whole_number() -> None:
    assert judge(case(refuse=True, want=["2"]), "No Germany.\nSpain: $2.8mn") != []
    assert judge(case(refuse=True, want=["2.8"]), "No Germany.\nSpain: $2.8mn") == []


# ---------------------------------------------------------------- the trust rates
@pytest.mark.parametrize("fields, reply, asked_back, expected", [
    ({"want": ["9.7"]}, POLAND, False, Outcome.RIGHT),
    ({"want": ["9.7"]}, NO_FRANCE, False, Outcome.HONEST),  # wanted a figure, said up front it has none
    ({"want": ["9.7"]}, "Which did you mean?\nPoland\nPortugal", True, Outcome.HONEST),  # asked back
    ({"want": ["9.7"]}, "Did you mean Portugal? Its share is 1.5%", True, Outcome.CONFIDENT_WRONG),
    ({"refuse": True}, POLAND, False, Outcome.CONFIDENT_WRONG),  # a figure where it should refuse
    ({"refuse": True}, NO_FRANCE + "\nPoland: $9.7mn", False, Outcome.CONFIDENT_WRONG),
    ({"want": ["9.7"]}, "Togo bought $6.6mn", False, Outcome.CONFIDENT_WRONG),  # another figure than the one wanted
    ({"want": ["9.7"], "cite": "Yonhap"}, POLAND, False, Outcome.OTHER),  # right figure, wrong source
    ({"refuse": True}, "Poland is the second partner.", False, Outcome.OTHER),  # no refusal, but no figure
])
def test_every_reply_falls_in_one_rate(fields: dict[str, Any], reply: str, asked_back: bool,
                                       expected: Outcome) -> None:
    judged = case(**fields)
    assert outcome(judged, reply, judge(judged, reply), asked_back) is expected


# ---------------------------------------------------------------- a set through the engine
# Built so that the current engine's behaviour lands in each rate whatever it learns next: Poland is
# always answered with figures, Germany is never in the brief's table.
SET = """\
cases:
- {id: right, ask: "Poland share", want: ["9.7", "2.5"], cite: KOTRA, tier: core}
- {id: honest, ask: "Germany share of exports", want: ["4.2"], tier: core}
- {id: wrong, ask: "Poland share", refuse: true, tier: core}
- {id: first, ask: "What share goes to Togo?", want: ["1.7"], intent: partner, tier: core}
- {id: follow, after: first, ask: "what about Benin?", want: ["768"], tier: stretch}
- {id: group, chat: group, ask: "/partner@BOT Togo", want: ["6.6"], tier: core}
- {id: quiet, chat: group, ask: "anyone seen the match yesterday?", silent: true, tier: core}
- {id: russian, ask: "экспорт в Польшу", want: ["9.7"], tier: stretch}
"""


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    """The set above as a file."""
    path = tmp_path / "cases.yaml"
    path.write_text(SET, encoding="utf-8")
    return path


def test_a_set_lands_in_each_rate(engine: Engine, case_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, Reading | None]] = []
    real = Engine.answer

    def spy(self: Engine, question: str, context: Reading | None = None) -> Any:
        asked.append((question, context))
        return real(self, question, context)

    monkeypatch.setattr(Engine, "answer", spy)
    report = run(engine, load_cases([case_file]))
    outcomes = {result.case.id: result.outcome for result in report.results}
    assert outcomes == {"right": Outcome.RIGHT, "honest": Outcome.HONEST, "wrong": Outcome.CONFIDENT_WRONG,
                        "first": Outcome.RIGHT, "follow": Outcome.RIGHT, "group": Outcome.RIGHT,
                        "russian": Outcome.RIGHT}
    assert [case.id for case in report.not_asked] == ["quiet"]  # staying silent is the Telegram layer's business
    questions = [question for question, _ in asked]
    assert "/partner Togo" in questions and "anyone seen the match yesterday?" not in questions
    first = next(result for result in report.results if result.case.id == "first")
    assert asked[questions.index("what about Benin?")][1] == engine.answer("What share goes to Togo?").reading
    assert first.intent == "partner"


def squeezed(text: str) -> str:
    """`text` with runs of spaces as one, so a test reads figures, not column widths."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def test_the_report_shows_accuracy_and_the_three_rates(engine: Engine, case_file: Path) -> None:
    text = squeezed(render(run(engine, load_cases([case_file]))))
    for line in ("core 3/5 60.0%", "stretch 2/2 100.0%", "overall 5/7 71.4%",  # by tier
                 "en 4/6 66.7%", "ru 1/1 100.0%",  # by the language of the question
                 "partner 5/7 71.4%",  # by the intent the engine chose
                 "partner 1",  # the confusion table: the one case that states an intent
                 "right 5 71.4%", "honest refusal or ask-back 1 14.3%", "confident wrong 1 14.3%",
                 "other misses 0 0.0%"):
        assert line in text.splitlines(), line
    assert "1 not asked here" in text
    assert ("wrong [confident wrong] 'Poland share': does not say up front that the brief lacks it; "
            "refuses but gives figures not asked for: $9.7mn, 2.5%") in text
    assert "reply: Poland bought $9.7mn of North Korea's exports" in text
    assert "failing cases" not in render(run(engine, load_cases([case_file])), quiet=True)


def test_the_command_prints_the_rates_writes_json_and_exits_0(case_file: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.json"
    assert main(["eval", str(case_file), str(case_file), "--quiet", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "right" in printed and "honest refusal or ask-back" in printed and "confident wrong" in printed
    assert "overall 10/14 71.4%" in squeezed(printed)  # two files: each case asked twice, follow-ups within their file
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["summary"]["trust"] == {"right": 10, "honest refusal or ask-back": 2, "confident wrong": 2,
                                           "other misses": 0}
    assert {entry["id"] for entry in written["cases"]} >= {"right", "wrong", "follow"}
    assert written["summary"]["confusion"] == {"partner": {"partner": 2}}


@pytest.mark.parametrize("text, reason", [
    ("cases:\n- {ask: Poland, wnat: ['9.7']}\n", "case 1: wnat: Extra inputs are not permitted"),
    ("cases:\n- {id: a, after: b, ask: Poland}\n", "case a: after 'b' names no earlier case"),
    ("cases:\n- {id: a, ask: x}\n- {id: a, ask: y}\n", "case 2: id 'a' is used twice"),
    ("cases:\n- {id: a, ask: x, tier: hard}\n", "case 1: tier 'hard'"),
])
def test_a_malformed_set_names_file_case_and_reason(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=reason):
        load_cases([path])


# ---------------------------------------------------------------- the benchmark prints its lines (never timed here)
def test_bench_prints_the_engine_against_its_reference_and_the_targets() -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "bench", "--questions", "200"], cwd=PROJECT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for start in ("questions:", "answer time:", "reference:", "engine/reference:", "start-up in process:",
                  "python -m bot ask \"Poland\":", "peak memory:"):
        assert any(line.startswith(start) for line in done.stdout.splitlines()), done.stdout
    assert "target" in done.stdout
