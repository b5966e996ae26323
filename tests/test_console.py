"""The console: ask, ask --json and chat, as a person or a script uses them."""
from __future__ import annotations

import io
import json
import subprocess
import sys

from bot import console
from bot.engine import Engine
from tests.conftest import PROJECT


def test_ask_prints_the_plain_answer() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "Poland"], capture_output=True, text=True,
                            cwd=PROJECT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "$9.7mn" in result.stdout and "<b>" not in result.stdout


def test_ask_json_reads_one_question_a_line() -> None:
    questions = "Poland share\n/partner Togo\n\nwhat's the weather\n"
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "-"], input=questions,
                            capture_output=True, text=True, cwd=PROJECT, timeout=60)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["question"] for row in rows] == ["Poland share", "/partner Togo", "", "what's the weather"]
    for row in rows:
        assert {"question", "answer", "intent", "confidence", "sources"} <= set(row)
    assert rows[0]["intent"] == "partner" and "KOTRA (Korea Trade-Investment Promotion Agency)" in rows[0]["sources"]
    assert "$6.6mn" in rows[1]["answer"]


def test_chat_keeps_the_thread(engine: Engine) -> None:
    out = io.StringIO()
    console.chat(engine, io.StringIO("What share goes to Togo?\nwhat about Benin?\n\n"), out)
    assert "$6.6mn" in out.getvalue() and "$768,000" in out.getvalue()


def test_chart_writes_a_png(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "partners.png"
    result = subprocess.run([sys.executable, "-m", "bot", "chart", "partners", "5", "-o", str(target)],
                            capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Indonesia" in result.stdout


def test_a_bad_setting_is_a_clear_message() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "check"], capture_output=True, text=True, cwd=PROJECT,
                            timeout=60, env={"PATH": "/usr/bin:/bin", "BROADCAST_PER_SECOND": "fast"})
    assert result.returncode == 2
    assert "BROADCAST_PER_SECOND 'fast'" in result.stderr and "Traceback" not in result.stderr


def test_bytes_that_are_not_utf8_spoil_one_character_not_the_batch() -> None:
    questions = b"Poland\n\xff\xfe bad \xed\xa0\x80 line\r\ntogo\n"  # invalid bytes, a lone surrogate, CRLF
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "-"], input=questions,
                            capture_output=True, cwd=PROJECT, timeout=60)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]  # strict: valid UTF-8 out
    assert [row["question"] for row in rows] == ["Poland", "\ufffd\ufffd bad \ufffd\ufffd\ufffd line", "togo"]
    assert "$6.6mn" in rows[2]["answer"]


def test_chat_picks_a_choice_by_its_number(engine: Engine) -> None:
    out = io.StringIO()
    console.chat(engine, io.StringIO("hello\n1\n\n"), out)
    assert "[1] Poland in the partner table" in out.getvalue() and "$9.7mn" in out.getvalue()


def test_chat_says_where_a_chart_is(engine: Engine) -> None:
    out = io.StringIO()
    console.chat(engine, io.StringIO("/chart trend\n\n"), out)
    assert "python -m bot chart trend -o chart.png" in out.getvalue()
