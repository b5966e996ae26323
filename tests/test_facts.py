"""The fact store: what it loads, and how it refuses broken data with file, line and reason."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.facts import FactStore
from bot.errors import DataError
from tests.conftest import PROJECT


def test_loads_every_figure_of_the_brief(engine: Engine) -> None:
    facts = engine.facts
    assert facts.totals[(2023, "total")][0] == 2_060_000_000
    assert facts.totals[(2023, "imports")][0] == 1_970_000_000
    assert facts.totals[(2023, "exports")][0] == 140_000_000
    assert facts.totals[(2019, "total")][0] == 5_420_000_000
    assert facts.totals[(2021, "total")][0] == 710_000_000
    assert facts.growth[(2023, "total")][:2] == (122, 2022)
    assert facts.level_vs_base[(2023, "total")][:2] == (2019, 38.2)
    assert facts.trade_shares[(2023, "total", "CN")][0] == 96.7
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
    ("statements.csv", "ukraine_hur,ukrainska_pravda", "ukraine_hur,nobody", 2, "reported_by 'nobody'"),
    ("sources.csv", "id,name,", "ident,name,", 1, "missing column(s) id"),
    ("trade_shares.csv", "96.7", "196.7", 2, "column share_pct"),
    ("totals.csv", "2021,total", "2021.0,total", 3, "column year '2021.0': Value error, must be a whole number"),
    ("growth.csv", "2023,total,122,2022", "2023,total,122,2022.5", 2, "column base_year '2022.5'"),
    ("export_partners.csv", "3,,TG,Togo", "3.0,,TG,Togo", 4, "column rank '3.0'"),
])
def test_broken_data_names_file_line_and_reason(data_copy: Path, file: str, old: str, new: str,
                                                line: int | None, reason: str) -> None:
    _edit(data_copy / file, old, new)
    with pytest.raises(DataError) as caught:
        FactStore.load(data_copy)
    assert caught.value.path.name == file
    assert caught.value.line == line
    assert reason in caught.value.reason


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
