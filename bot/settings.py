"""The bot's settings: one pydantic-settings class, read from the environment and .env."""
from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every setting the bot reads; .env.example lists them with comments."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    data_dir: Path = PROJECT / "data"
    knowledge_dir: Path = PROJECT / "knowledge"
    log_level: str = "INFO"
    per_chat_messages_per_second: float = Field(default=1.0, gt=0)
    follow_up_minutes: float = Field(default=10.0, gt=0)
