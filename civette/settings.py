"""Configuration read from environment variables, with safe local defaults."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def faq_path() -> Path:
    return Path(os.environ.get("CIVETTE_FAQ_PATH", PROJECT_ROOT / "faq" / "faq.yml"))
