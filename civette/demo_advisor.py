"""The advisor that `make run` and `make run-prod` log in with: « conseiller », whose password is
kept in var/console_password (made on first use, readable by this user only), created in the store
at CIVETTE_DATABASE_URL when that store does not have it yet.

    python -m civette.demo_advisor     (prints nothing; the scripts show the password file's content)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from civette import db
from civette.helpdesk.agents import create_agent
from civette.helpdesk.handoff import utc_now
from civette.helpdesk.models import Agent
from civette.settings import PROJECT_ROOT

USERNAME = "conseiller"
DISPLAY_NAME = "Conseiller (démo)"
PASSWORD_FILE = PROJECT_ROOT / "var" / "console_password"


def demo_password(path: Path = PASSWORD_FILE) -> str:
    if not path.exists() or not path.read_text().strip():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(12) + "\n")
    return path.read_text().strip()


def ensure_demo_advisor(sessions: sessionmaker, path: Path = PASSWORD_FILE) -> None:
    password = demo_password(path)
    with sessions() as session:
        exists = session.scalars(select(Agent.id).where(Agent.username == USERNAME)).first()
    if exists is None:
        create_agent(sessions, USERNAME, DISPLAY_NAME, password, utc_now())


if __name__ == "__main__":
    engine = db.make_engine()
    ensure_demo_advisor(db.make_session_factory(engine))
    engine.dispose()
