"""The bot's settings: one pydantic-settings class, read from the environment and .env."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

PROJECT = Path(__file__).resolve().parent.parent
NO_TOKEN = ("TELEGRAM_BOT_TOKEN is not set. Put the token @BotFather gave you in .env (see .env.example) "
            "or in the environment. To try the bot without Telegram, run: python -m bot chat")


class Settings(BaseSettings):
    """Every setting the bot reads; .env.example lists them with comments."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    data_dir: Path = PROJECT / "data"
    knowledge_dir: Path = PROJECT / "knowledge"
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
    weekly_digest_day: int = Field(default=0, ge=0, le=6)  # 0 = Monday
    weekly_digest_time: dt.time = dt.time(9, 0, tzinfo=dt.UTC)

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
