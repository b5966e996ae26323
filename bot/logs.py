"""The process's output: one log format, secrets never shown, a library's error as one line.

Configured once, from `__main__`. Standard output and standard error are wrapped so that no
secret (the bot token, a database password) reaches them in any form a library or Python itself
may print: a log line, a traceback, an exception message at exit.
"""
from __future__ import annotations

import io
import logging
import sys
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"
# loggers whose errors are about the network or the Bot API: one line each, never a traceback
_LIBRARIES = ("telegram", "httpx", "httpcore", "apscheduler")


class RedactingStream(io.TextIOBase):
    """A text stream that replaces secrets in whole lines before they reach `target`."""

    def __init__(self, target: TextIO, secrets: list[str]) -> None:
        super().__init__()
        self.target = target
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)
        self._line = ""

    def write(self, text: str) -> int:
        """Buffer `text` and pass on every complete line, redacted."""
        self._line += text
        if "\n" in self._line:
            done, self._line = self._line.rsplit("\n", 1)
            self.target.write(self._redact(done + "\n"))
        return len(text)

    def flush(self) -> None:
        """Pass on what is buffered, redacted, and flush the target."""
        if self._line:
            self.target.write(self._redact(self._line))
            self._line = ""
        self.target.flush()

    def isatty(self) -> bool:
        """As the target."""
        return self.target.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """As the target."""
        return self.target.encoding

    def _redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


class OneLine(logging.Filter):
    """A library's error with a traceback becomes one line with the error's own message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None and record.name.split(".")[0] in _LIBRARIES:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args, record.exc_info, record.exc_text = None, None, None
        return True


def secrets_of(token: str) -> list[str]:
    """What of a bot token must never be shown: the whole token and its secret part after the colon."""
    token = token.strip()
    return [token, token.partition(":")[2]] if token else []


def configure(level: str, secrets: list[str]) -> None:
    """Wrap standard output and error, and send every log record through them as one format."""
    sys.stdout = RedactingStream(sys.stdout, secrets)
    sys.stderr = RedactingStream(sys.stderr, secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(OneLine())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.captureWarnings(True)
    # httpx logs every request URL, and Bot API URLs carry the token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # Alembic tells of every migration context it sets up, at every start: the bot says what matters itself
    logging.getLogger("alembic").setLevel(logging.WARNING)
