"""Email triage settings, read once from the environment (CIVETTE_MAIL_*, SMTP_*, IMAP_*)."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseSettings


class MailSettings(BaseSettings):
    """Confidence bands: chosen on a split of the training data (python -m civette.mail.bands,
    results/mail/bands.md), never on the labelled email set."""

    # A mail is answered only when its topic is at least this likely.
    auto_reply_confidence: float = 0.90
    # A paragraph counts as asking a topic (a second topic, a sensitive one) from this likelihood.
    topic_confidence: float = 0.10
    max_bytes: int = 2_000_000  # larger mails are filed as cases without being read
    replies_per_sender_per_day: int = 1
    rasa_url: Optional[str] = None
    rasa_auth_token: Optional[str] = None
    rasa_timeout_s: float = 10.0

    class Config:
        env_prefix = "CIVETTE_MAIL_"
        fields = {"rasa_url": {"env": "RASA_URL"}, "rasa_auth_token": {"env": "RASA_AUTH_TOKEN"}}


class SmtpSettings(BaseSettings):
    host: Optional[str] = None
    port: int = 587
    starttls: bool = True
    ssl: bool = False  # implicit TLS (port 465)
    user: Optional[str] = None
    password: Optional[str] = None
    sender: str = "contact@alacivette.com"
    timeout_s: float = 20.0

    class Config:
        env_prefix = "SMTP_"


class ImapSettings(BaseSettings):
    host: Optional[str] = None
    port: int = 993
    ssl: bool = True  # implicit TLS; false: STARTTLS on the plain port
    starttls: bool = True
    user: Optional[str] = None
    password: Optional[str] = None
    folder: str = "INBOX"
    keyword: str = "$CivetteTriaged"  # the IMAP flag set on messages done ("": \\Seen only)
    poll_interval_s: float = 60.0
    timeout_s: float = 30.0

    class Config:
        env_prefix = "IMAP_"
