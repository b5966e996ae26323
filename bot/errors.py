"""Domain errors with messages a person can act on."""
from __future__ import annotations

from pathlib import Path


class BotError(Exception):
    """Base of every error the bot reports to a person instead of a traceback."""


class DataError(BotError):
    """A file in data/ or knowledge/ is missing or wrong; says which file, which line and why."""

    def __init__(self, path: Path | str, line: int | None, reason: str) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}" if line is None else f"{self.path} line {line}"
        super().__init__(f"{where}: {reason}")


class ConfigError(BotError):
    """A setting is missing or wrong."""
