"""The shape of the code: the engine knows nothing of Telegram; only settings read the environment."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import PROJECT


def test_the_engine_imports_neither_telegram_nor_matplotlib() -> None:
    code = ("import sys; from pathlib import Path; from bot.engine import Engine; "
            "e = Engine.load(Path('data'), Path('knowledge')); e.answer('Poland'); "
            "e.answer('/chart trend'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('telegram', 'matplotlib')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_no_engine_module_mentions_telegram() -> None:
    for path in (PROJECT / "bot" / "engine").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import telegram" not in text and "from telegram" not in text, path


def test_only_settings_read_the_environment() -> None:
    for path in (PROJECT / "bot").rglob("*.py"):
        if path.name == "settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "os.environ" not in text and "getenv" not in text, path


def test_env_example_lists_every_setting() -> None:
    from bot.settings import Settings

    listed = (PROJECT / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert name.upper() in listed, f"{name.upper()} is missing from .env.example"
