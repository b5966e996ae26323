"""Translations of the brief's texts, one CSV per language in data/translations/ (`key,text`).

English lives in the data rows themselves; every other language is a file named by its code
(`ko.csv`, `ru.csv`), so adding a language is adding a file. A file must translate every text
that has an English original and nothing else: a missing key or a key that names no row is a
DataError with the file, the line and the key.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from bot.engine.loading import csv_rows
from bot.errors import DataError

TRANSLATIONS_DIR = "translations"
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")  # ISO 639 codes, as the language packs in knowledge/ use
_KINDS_HINT = "statement.<id>, goods.<flow>.<supplier>.<item>[.detail], source.<id>.name|full_name, topic.<topic>, " \
              "person.<name>"


class Translation(BaseModel):
    """One translated text: `key` names the original (statement.arms_denial), `text` is its translation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: Annotated[str, StringConstraints(min_length=1)]
    text: Annotated[str, StringConstraints(min_length=1)]


def load_translations(folder: Path, english: dict[str, str]) -> dict[str, dict[str, str]]:
    """Read data/translations/*.csv into {language: {key: text}}; each must cover exactly the keys of `english`."""
    directory = folder / TRANSLATIONS_DIR
    if not directory.is_dir():
        return {}
    languages: dict[str, dict[str, str]] = {}
    for path in sorted(directory.glob("*.csv")):
        language = path.stem
        if not _LANGUAGE.match(language) or language == "en":
            raise DataError(path, None, "a translation file is named by its language code, like ko.csv "
                                        "(English is in the data rows themselves)")
        texts: dict[str, str] = {}
        lines: dict[str, int] = {}
        for line, row in csv_rows(path, Translation):
            if row.key in lines:
                raise DataError(path, line, f"duplicate key {row.key!r} (first on line {lines[row.key]})")
            if row.key not in english:
                raise DataError(path, line, f"key {row.key!r} names no row of data/ (keys look like {_KINDS_HINT})")
            lines[row.key] = line
            texts[row.key] = row.text
        missing = [key for key in english if key not in texts]
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise DataError(path, None, f"no translation for key {missing[0]!r}{more}")
        languages[language] = texts
    return languages
