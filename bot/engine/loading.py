"""Reading the project's CSV and YAML files, turning every problem into a DataError."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.errors import DataError

Model = TypeVar("Model", bound=BaseModel)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; a missing or malformed file raises DataError with the line."""
    try:
        # as saved by editors that add a BOM; libyaml's loader when PyYAML has it (ten times faster at start-up)
        return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError:
        raise DataError(path, None, "file is missing") from None
    except UnicodeDecodeError as exc:
        raise DataError(path, None, f"not UTF-8 text ({exc.reason})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(path, mark.line + 1 if mark else None, f"not valid YAML: {problem}") from None


def validate(path: Path, line: int | None, model: type[Model], raw: Any) -> Model:
    """Validate `raw` as `model`; the first problem becomes a DataError at `path`, `line`."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"])
        value = error.get("input")
        shown = f" {value!r}" if isinstance(value, str | int | float) else ""
        where = "column " if line is not None else ""  # a CSV row's field is a column; a YAML file's is a key
        raise DataError(path, line, f"{where}{field}{shown}: {error['msg']}") from None


def csv_rows(path: Path, model: type[Model]) -> Iterator[tuple[int, Model]]:
    """Yield (line number, validated row) for each row of a CSV file with a header."""
    try:
        # utf-8-sig: a file saved by Excel as "CSV UTF-8" starts with a byte-order mark; newline="" reads CRLF too
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise DataError(path, None, "file is missing") from None
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
            expected = list(model.model_fields)
            missing = [name for name in expected if name not in header]
            if missing:
                raise DataError(path, 1, f"missing column(s) {', '.join(missing)}; expected {', '.join(expected)}")
            start = reader.line_num + 1
            for row in reader:
                if None in row or any(value is None for value in row.values()):
                    raise DataError(path, start, f"expected {len(header)} fields, found a different number")
                yield start, validate(path, start, model, {k: v.strip() for k, v in row.items()})
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise DataError(path, None, f"not UTF-8 text ({exc.reason})") from None
        except csv.Error as exc:
            raise DataError(path, reader.line_num, f"not valid CSV: {exc}") from None
