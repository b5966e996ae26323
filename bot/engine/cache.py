"""A built engine kept on disk between launches.

Building the engine reads and indexes 23,000 place names, 85,000 common words and 1,170 example
phrasings: about a second, more than the answer a `python -m bot ask` is launched for. Loading a
pickle of the built engine takes a fraction of that. The file's name is a hash of everything the
build reads (data/, knowledge/), of the code that builds it (bot/engine/) and of the Python, numpy
and pydantic whose objects it holds, so any edit makes a new name: a stale engine is never loaded.
It holds no pandas objects (see bot/engine/facts.py): reading it imports no pandas.
Only the newest file is kept.

The folder is the bot's own (var/cache by default): whoever can write there can already change the
code, so unpickling its files trusts no one new.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pydantic

log = logging.getLogger(__name__)
CODE = Path(__file__).resolve().parent  # bot/engine: the code that builds what is kept
PREFIX, SUFFIX = "engine-", ".pickle"
Built = TypeVar("Built")


def fingerprint(*folders: Path) -> str:
    """A hash of every file under `folders` (by path within its folder and content), of this engine's code, and of
    the versions of what the pickle holds objects of."""
    digest = hashlib.sha256(f"{sys.version}|{np.__version__}|{pydantic.VERSION}".encode())
    for folder in (*folders, CODE):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def cached(folder: Path, key: str, build: Callable[[], Built]) -> Built:
    """What `build` returns, read from `folder` when a launch before built it under `key`; otherwise built and
    kept there. A file that cannot be read is built anew; a folder that cannot be written to is only logged."""
    path = folder / f"{PREFIX}{key}{SUFFIX}"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - cut short by a full disk, or written by another version: build anew
        log.warning("Building the engine anew: %s could not be read (%s)", path, exc)
    built = build()
    _keep(folder, path, built)
    return built


def _keep(folder: Path, path: Path, built: object) -> None:
    """Write `built` to `path` whole or not at all (another process may be reading it), and remove older files."""
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".", suffix=SUFFIX, delete=False) as handle:
            temporary = Path(handle.name)
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for older in folder.glob(f"{PREFIX}*{SUFFIX}"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("The built engine is not kept for the next launch: %s (%s)", folder, exc.strerror or exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
