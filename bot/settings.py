"""The bot's settings: one pydantic-settings class, read from the environment and .env."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

PROJECT = Path(__file__).resolve().parent.parent
NO_TOKEN = ("TELEGRAM_BOT_TOKEN is not set. Put the token @BotFather gave you in .env (see .env.example) "
            "or in the environment. To try the bot without Telegram, run: python -m bot chat")
MAKE_SECRET = "make one with: python -c \"import secrets; print(secrets.token_urlsafe(32))\" and put it in .env"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a webhook's secret_token


class Settings(BaseSettings):
    """Every setting the bot reads; .env.example lists them with comments."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    data_dir: Path = PROJECT / "data"
    knowledge_dir: Path = PROJECT / "knowledge"
    cache_dir: Path = PROJECT / "var" / "cache"  # the built engine, kept between launches (see bot/engine/cache.py)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    per_chat_messages_per_second: float = Field(default=1.0, gt=0)
    follow_up_minutes: float = Field(default=10.0, gt=0)
    stop_grace_seconds: float = Field(default=5.0, ge=0)
    startup_retries: int = Field(default=3, ge=0)
    database_url: str = f"sqlite:///{PROJECT / 'var' / 'bot.db'}"
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    broadcast_per_second: float = Field(default=30.0, gt=0)
    broadcast_per_chat_per_minute: float = Field(default=20.0, gt=0)
    broadcast_retries: int = Field(default=5, ge=0)
    # requests in flight at once per sending process: enough for its share of the rate at Telegram's latency, few
    # enough that httpx's connection pool (whose upkeep grows with its connections) stays cheap
    broadcast_concurrency: int = Field(default=16, ge=1, le=256)
    broadcast_paid: bool = False  # allow_paid_broadcast: a higher rate, paid in Telegram Stars above the free one
    broadcast_paid_per_second: float = Field(default=1000.0, gt=0, le=1000)
    weekly_digest_day: int = Field(default=0, ge=0, le=6)  # 0 = Monday
    weekly_digest_time: dt.time = dt.time(9, 0, tzinfo=dt.UTC)
    webhook_secret: SecretStr | None = None
    webhook_url: str = ""
    webhook_path: str = Field(default="/telegram", pattern=r"^/")
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_max_connections: int = Field(default=40, ge=1, le=100)

    @field_validator("log_level", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
        return value

    @field_validator("weekly_digest_time")
    @classmethod
    def _utc_unless_said(cls, value: dt.time) -> dt.time:
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

    def require_token(self) -> str:
        """The bot token; a ConfigError that says where to put it when there is none."""
        token = self.telegram_bot_token.get_secret_value().strip() if self.telegram_bot_token else ""
        if not token:
            raise ConfigError(NO_TOKEN)
        return token

    @staticmethod
    def for_child(**settings: str) -> dict[str, str]:
        """The environment for a process of this bot's started from this one, with `settings` set (by name)."""
        return {**os.environ, **{name.upper(): value for name, value in settings.items()}}

    def require_webhook_secret(self) -> str:
        """The webhook's secret token; a ConfigError that says how to make one when it is missing or unfit."""
        secret = self.webhook_secret.get_secret_value().strip() if self.webhook_secret else ""
        if not secret:
            raise ConfigError(f"WEBHOOK_SECRET is not set, and webhook mode needs it: {MAKE_SECRET}")
        if not SECRET_TOKEN.fullmatch(secret):
            raise ConfigError(f"WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -: {MAKE_SECRET}")
        return secret

    def require_webhook_url(self) -> str:
        """The public HTTPS URL Telegram posts updates to (plain HTTP only on this machine, for a local Bot API
        server or emulator); a ConfigError when it is missing or not HTTPS."""
        url = self.webhook_url.strip()
        parts = urlsplit(url)
        if not (url.startswith("https://") or parts.scheme == "http" and parts.hostname in LOOPBACK):
            found = repr(url) if url else "not set"
            raise ConfigError(f"WEBHOOK_URL must be the public https:// address Telegram sends updates to (the TLS "
                              f"proxy's, e.g. https://bot.example.org/telegram); it is {found}")
        return url
