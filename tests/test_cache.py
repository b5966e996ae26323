"""The built engine kept between launches: read back it answers as built, and it is never stale or in the way."""
from __future__ import annotations

import logging
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.cache import cached, fingerprint

QUESTIONS = ["Poland", "how much does NK export to polnad?", "what did the KOTRA official say", "비공식 무역 규모",
             "а доля Китая?", "/top 5", "trade with Togo", "who said shells fell"]


def test_an_engine_read_back_answers_as_the_one_built(engine: Engine) -> None:
    kept = pickle.loads(pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL))
    for question in QUESTIONS:
        assert kept.answer(question) == engine.answer(question), question


class Builds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> dict[str, int]:
        self.count += 1
        return {"built": self.count}


def test_built_once_then_read(tmp_path: Path) -> None:
    build = Builds()
    assert cached(tmp_path, "a", build) == {"built": 1}
    assert cached(tmp_path, "a", build) == {"built": 1}
    assert build.count == 1


def test_a_new_key_builds_anew_and_only_the_newest_file_is_kept(tmp_path: Path) -> None:
    build = Builds()
    cached(tmp_path, "a", build)
    assert cached(tmp_path, "b", build) == {"built": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["engine-b.pickle"]


def test_a_file_cut_short_is_built_anew(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    build = Builds()
    cached(tmp_path, "a", build)
    path = tmp_path / "engine-a.pickle"
    path.write_bytes(path.read_bytes()[:5])
    with caplog.at_level(logging.WARNING):
        assert cached(tmp_path, "a", build) == {"built": 2}
    assert "could not be read" in caplog.text
    assert cached(tmp_path, "a", build) == {"built": 2}  # and kept whole again


def test_a_folder_that_cannot_be_written_is_no_failure(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        assert cached(blocked / "cache", "a", Builds()) == {"built": 1}
    assert "not kept for the next launch" in caplog.text


def test_any_edit_to_what_is_read_changes_the_key(tmp_path: Path) -> None:
    data, knowledge = tmp_path / "data", tmp_path / "knowledge"
    (data / "sub").mkdir(parents=True)
    knowledge.mkdir()
    (data / "sub" / "a.csv").write_text("x\n1\n")
    (knowledge / "b.yaml").write_text("y: 1\n")
    before = fingerprint(data, knowledge)
    assert fingerprint(data, knowledge) == before
    (data / "sub" / "a.csv").write_text("x\n2\n")
    assert fingerprint(data, knowledge) != before
    (data / "sub" / "a.csv").write_text("x\n1\n")
    assert fingerprint(data, knowledge) == before
    (knowledge / "c.yaml").write_text("")
    assert fingerprint(data, knowledge) != before


def test_the_engine_is_kept_and_read_back(tmp_path: Path, data_copy: Path) -> None:
    knowledge = Path(__file__).resolve().parent.parent / "knowledge"
    built = Engine.load(data_copy, knowledge, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("engine-*.pickle"))) == 1
    read = Engine.load(data_copy, knowledge, tmp_path / "cache")
    assert read is not built
    assert read.answer("exports to Poland") == built.answer("exports to Poland")


def test_reading_the_kept_engine_imports_no_pandas(tmp_path: Path, data_copy: Path) -> None:
    """pandas alone takes longer to import than a launch of `python -m bot ask` may take: the pickle holds the
    validated rows and the lookups built from them, and the DataFrames are made again only when asked for."""
    knowledge = Path(__file__).resolve().parent.parent / "knowledge"
    built = Engine.load(data_copy, knowledge, tmp_path / "cache")
    folders = ", ".join(f"Path({str(folder)!r})" for folder in (data_copy, knowledge, tmp_path / "cache"))
    script = ("import sys; from pathlib import Path; from bot.engine import Engine; "
              f"e = Engine.load({folders}); "
              "print(e.answer('Poland').plain.splitlines()[0]); print('pandas' in sys.modules)")
    said = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent).stdout.splitlines()
    assert said == [built.answer("Poland").plain.splitlines()[0], "False"]
    kept = pickle.loads(pickle.dumps(built.facts, protocol=pickle.HIGHEST_PROTOCOL))
    assert "frames" not in kept.__dict__
    for name, frame in built.facts.frames.items():
        assert kept.frames[name].equals(frame), name
