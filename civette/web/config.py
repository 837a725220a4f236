"""Settings of the web server, from environment variables with local defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from civette.settings import PROJECT_ROOT

TOKEN_FILE = PROJECT_ROOT / "var" / "rasa_auth_token"


@dataclass(frozen=True)
class WebConfig:
    rasa_url: str          # where this server reaches Rasa's HTTP API
    rasa_public_url: str   # where customers' browsers reach Rasa's socket.io channel
    rasa_auth_token: str
    secure_cookies: bool   # set behind HTTPS
    widget_dir: Path
    outbox_retry_s: float  # how often the deliveries to Zendesk and Chatwoot are retried
    no_reply_timeout_s: float  # a live case unanswered this long turns into an email case

    @classmethod
    def from_env(cls) -> "WebConfig":
        env = os.environ
        rasa_url = env.get("RASA_URL", "http://localhost:5005")
        token = env.get("RASA_AUTH_TOKEN") or (TOKEN_FILE.read_text().strip() if TOKEN_FILE.exists() else "")
        return cls(
            rasa_url=rasa_url,
            rasa_public_url=env.get("RASA_PUBLIC_URL", rasa_url),
            rasa_auth_token=token,
            secure_cookies=env.get("CIVETTE_SECURE_COOKIES", "false").lower() == "true",
            widget_dir=Path(env.get("CIVETTE_WIDGET_DIR", PROJECT_ROOT / "widget" / "dist")),
            outbox_retry_s=float(env.get("CIVETTE_OUTBOX_RETRY_S", "30")),
            no_reply_timeout_s=float(env.get("CIVETTE_NO_REPLY_TIMEOUT_S", "180")),
        )
