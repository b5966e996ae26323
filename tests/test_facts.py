"""The fact store: what it loads, and how it refuses broken data with file, line and reason."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.facts import FactStore, PartialDate
from bot.errors import DataError
from tests.conftest import PROJECT


def test_loads_every_figure_of_the_brief(engine: Engine) -> None:
    facts = engine.facts
    assert facts.totals[(2023, "total")].value_usd == 2_060_000_000
    assert facts.totals[(2023, "imports")].value_usd == 1_970_000_000
    assert facts.totals[(2023, "exports")].value_usd == 140_000_000
    assert facts.totals[(2019, "total")].value_usd == 5_420_000_000
    assert facts.totals[(2021, "total")].value_usd == 710_000_000
    assert (facts.growth[(2023, "total")].change_pct, facts.growth[(2023, "total")].base_year) == (122, 2022)
    assert (facts.level_vs_base[(2023, "total")].base_year, facts.level_vs_base[(2023, "total")].pct_of_base) == (
        2019, 38.2)
    assert facts.trade_shares[(2023, "total", "CN")].share_pct == 96.7
    assert len(facts.partners) == 25
    assert [p.country for p in facts.partners[:3]] == ["CN", "PL", "TG"]
    assert facts.partner_table_year is None  # the brief does not say
    assert 380e6 < facts.partner_table_total < 390e6


def test_every_row_names_a_known_source(engine: Engine) -> None:
    for name, frame in engine.facts.frames.items():
        if "source" in frame:
            assert set(frame["source"]) <= set(engine.facts.sources), name


def test_statements_are_attributed_to_who_made_them(engine: Engine) -> None:
    by_id = {s.id: s for s in engine.facts.statements}
    assert by_id["shells_since_2023"].source == "ukraine_hur"
    assert by_id["missiles_dozens"].source == "white_house"
    assert by_id["arms_denial"].source == "pyongyang"
    assert all(s.source != "kotra" for s in engine.facts.statements if s.topic == "arms")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("file", "old", "new", "line", "reason"), [
    ("export_partners.csv", "9700000,2.5", "abc,2.5", 3, "value_usd 'abc'"),
    ("export_partners.csv", "2,,PL,Poland", "2,,XX,Poland", 3, "not an ISO 3166 country code"),
    ("export_partners.csv", "3,,TG,Togo", "3,,PL,Togo", 4, "duplicate PL (first on line 3)"),
    ("export_partners.csv", "6600000,1.7,kotra", "6600000,1.7,kotraa", 4, "source 'kotraa' is not an id"),
    ("export_partners.csv", "6600000,1.7", "9800000,1.7", 4, "rank 3 has a larger value_usd than rank 2"),
    ("export_partners.csv", "9700000,2.5", "9700000,25", None, "shares add up to"),
    ("totals.csv", "2021,total,710000000", "2021,everything,710000000", 3, "flow 'everything'"),
    ("totals.csv", "2021,total,710000000", "2023,total,710000000", 4, "duplicate 2023/total"),
    ("growth.csv", "2023,total,122,2022", "2023,total,122,2024", 2, "base_year 2024 is not before 2023"),
    ("statements.csv", "ukraine_hur,ukrainska_pravda", "ukraine_hur,nobody", 22, "reported_by 'nobody'"),
    ("sources.csv", "id,name,", "ident,name,", 1, "missing column(s) id"),
    ("trade_shares.csv", "96.7", "196.7", 2, "column share_pct"),
    ("totals.csv", "2021,total", "2021.0,total", 3, "column year '2021.0': Value error, must be a whole number"),
    ("growth.csv", "2023,total,122,2022", "2023,total,122,2022.5", 2, "column base_year '2022.5'"),
    ("export_partners.csv", "3,,TG,Togo", "3.0,,TG,Togo", 4, "column rank '3.0'"),
    ("statements.csv", "RU,,--01-25,false", "RU,,January 25,false", 16, "date 'January 25'"),
    ("statements.csv", "RU,,2025-11-15,true", "RU,,2025-11-31,true", 22, "date '2025-11-31'"),
    ("statements.csv", "borders,,,2020,false", "borders,,,,true", 31, "year_inferred is true but date has no year"),
    ("statements.csv", '",absurd fabrications,', '",absurd claims,', 20, "claim quotes 'absurd fabrications'"),
    ("statements.csv", "RU,Sergei Lavrov,", "RU,Sergey Lavrov,", 26, "people 'Sergey Lavrov' is not named"),
    ("statements.csv", "ukraine_hur,ukrainska_pravda", "un_m49,ukrainska_pravda", 22,
     "source 'un_m49' is a classification, not a maker of statements"),
    ("statements.csv", "kotra_official,yonhap", "kotra_official,kotra_official", 10, "is the source itself"),
    ("regions.csv", "AD,150,,039,un_m49", "AD,150,,039,kotra", 2, "source 'kotra' is a trade statistics, not a"),
    ("totals.csv", "2021,total,710000000,kotra", "2021,total,710000000,un_m49", 3, "is a classification"),
    ("sources.csv", "news agency", "wire service", 5, "kind 'wire service'"),
])
def test_broken_data_names_file_line_and_reason(data_copy: Path, file: str, old: str, new: str,
                                                line: int | None, reason: str) -> None:
    _edit(data_copy / file, old, new)
    with pytest.raises(DataError) as caught:
        FactStore.load(data_copy)
    assert caught.value.path.name == file
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_statements_and_sources_say_who_made_and_who_reported_each_claim(engine: Engine) -> None:
    facts = engine.facts
    by_id = {s.id: s for s in facts.statements}
    # the reasons for fewer shells are the article's; Ukraine's military intelligence gave only the figures
    assert by_id["shells_reduced"].source == "intellinews" and "stockpiles" in by_id["shells_reduced"].claim
    assert (by_id["shells_halved"].source, by_id["shells_halved"].reported_by) == ("ukraine_hur", "ukrainska_pravda")
    assert "stockpiles" not in by_id["shells_halved"].claim
    assert (by_id["single_country"].source, by_id["single_country"].reported_by) == ("kotra_official", "yonhap")
    assert by_id["lavrov_visit"].people == ("Sergei Lavrov",)
    assert by_id["missiles_dozens"].date == "--01-25" and by_id["missiles_dozens"].when == "January 25"
    assert by_id["article_published"].when == "January 27, 2026"
    assert by_id["lavrov_visit"].year_inferred and by_id["lavrov_visit"].when == ""  # "last summer" says no year
    assert by_id["arms_denial"].quote == "absurd fabrications"
    assert {g.source for g in facts.goods} == {"intellinews"}  # the article's own text, not KOTRA's
    assert not facts.sources["un_m49"].makes_statements and facts.sources["kotra"].makes_statements


@pytest.mark.parametrize(("text", "parts", "english"), [
    ("2026-01-25", (2026, 1, 25), "January 25, 2026"), ("2025-11", (2025, 11, None), "November 2025"),
    ("2023", (2023, None, None), "2023"), ("--01-25", (None, 1, 25), "January 25"),
    ("--02-29", (None, 2, 29), "February 29"),
])
def test_partial_dates(text: str, parts: tuple[int | None, ...], english: str) -> None:
    date = PartialDate.parse(text)
    assert (date.year, date.month, date.day) == parts and date.english() == english


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "25 January", "2025/11/15", "--13-01", "202"])
def test_partial_dates_refuse_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_every_text_is_translated_into_every_language(engine: Engine) -> None:
    facts = engine.facts
    assert facts.languages == ("en", "ko", "ru")
    for key in facts.english:
        kind, _, rest = key.partition(".")
        for lang in facts.languages:
            assert facts.text(kind, rest, lang).strip(), (key, lang)
    assert facts.text("source", "white_house.name", "ko") == "백악관"
    assert facts.text("source", "ukraine_hur.name", "ru") == "ГУР Минобороны Украины"
    assert facts.text("source", "yonhap.name", "ko") == "연합뉴스"
    assert facts.text("goods", "exports.KP.mineral products.detail", "en") == "including coal"
    assert facts.text("person", "sergei_lavrov", "ru") == "Сергей Лавров"
    with pytest.raises(LookupError):
        facts.text("statement", "arms_denial", "de")  # no silent English for a language the data lacks
    with pytest.raises(KeyError):
        facts.text("statement", "no_such_statement", "en")


@pytest.mark.parametrize(("file", "old", "new", "line", "reason"), [
    ("ko.csv", "statement.air_sea,", "statement.air_and_sea,", 33, "key 'statement.air_and_sea' names no row"),
    ("ru.csv", "source.yonhap.name,", "source.yonhap.title,", 60, "key 'source.yonhap.title' names no row"),
    ("ko.csv", "statement.air_sea,", "source.yonhap.name,", 60,
     "duplicate key 'source.yonhap.name' (first on line 33)"),
    ("ru.csv", "source.yonhap.name,«Ёнхап»", "source.yonhap.name,", 60, "text"),
])
def test_broken_translations_name_file_line_and_key(data_copy: Path, file: str, old: str, new: str, line: int,
                                                    reason: str) -> None:
    _edit(data_copy / "translations" / file, old, new)
    with pytest.raises(DataError) as caught:
        FactStore.load(data_copy)
    assert (caught.value.path.name, caught.value.line) == (file, line)
    assert reason in caught.value.reason


def test_a_missing_translation_names_file_and_key(data_copy: Path) -> None:
    path = data_copy / "translations" / "ru.csv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("person.sergei_lavrov,")), encoding="utf-8")
    with pytest.raises(DataError, match=r"ru\.csv: no translation for key 'person\.sergei_lavrov'"):
        FactStore.load(data_copy)


def test_a_new_row_needs_its_translations(data_copy: Path) -> None:
    with (data_copy / "goods.csv").open("a", encoding="utf-8") as handle:
        handle.write("imports,RU,fertiliser,,false,intellinews\n")
    with pytest.raises(DataError, match=r"ko\.csv: no translation for key 'goods\.imports\.RU\.fertiliser'"):
        FactStore.load(data_copy)


def test_adding_a_language_is_adding_a_file(data_copy: Path) -> None:
    english = FactStore.load(data_copy).english
    lines = ["key,text"] + [f'"{key}","[de] {text.replace(chr(34), chr(34) * 2)}"' for key, text in english.items()]
    (data_copy / "translations" / "de.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    facts = FactStore.load(data_copy)
    assert facts.languages == ("en", "de", "ko", "ru")
    assert facts.text("source", "white_house.name", "de") == "[de] the White House"


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "totals.csv").unlink()
    with pytest.raises(DataError, match="totals.csv: file is missing"):
        FactStore.load(data_copy)


def test_ragged_row(data_copy: Path) -> None:
    _edit(data_copy / "totals.csv", "2019,total,5420000000,kotra", "2019,total,5420000000,kotra,extra")
    with pytest.raises(DataError, match="line 2: expected 4 fields"):
        FactStore.load(data_copy)


def test_check_command_stops_on_broken_data(data_copy: Path) -> None:
    _edit(data_copy / "export_partners.csv", "9700000,2.5", "abc,2.5")
    result = subprocess.run([sys.executable, "-m", "bot", "check"], capture_output=True, text=True, cwd=PROJECT,
                            env={"DATA_DIR": str(data_copy), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 2
    assert "export_partners.csv line 3: column value_usd 'abc'" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_command_reports_valid_data() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "check"], capture_output=True, text=True, cwd=PROJECT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "25 export partners" in result.stdout


def test_a_csv_saved_by_excel_loads(data_copy: Path) -> None:
    """Excel's "CSV UTF-8" starts the file with a byte-order mark and ends lines with CRLF."""
    for path in data_copy.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    facts = FactStore.load(data_copy)
    assert facts.sources["kotra"].name == "KOTRA" and facts.partner_by_code["PL"].value_usd == 9_700_000
