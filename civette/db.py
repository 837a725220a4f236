"""Database engine and sessions for the store (orders and helpdesk cases).

The URL comes from CIVETTE_DATABASE_URL (any SQLAlchemy URL: PostgreSQL in production); the
embedded default is a SQLite file under var/.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import declarative_base, sessionmaker

from civette.settings import PROJECT_ROOT

DEFAULT_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'orders.db'}"
CONNECT_TIMEOUT_S = 3

# One metadata for every table of the store (orders, helpdesk): one Alembic history.
Base = declarative_base()


def database_url() -> str:
    return os.environ.get("CIVETTE_DATABASE_URL", DEFAULT_URL)


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"timeout": CONNECT_TIMEOUT_S}
    elif url.startswith("postgresql"):
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_S}
    else:
        connect_args = {}
    return create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args)


def make_session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, future=True, expire_on_commit=False)


@lru_cache(maxsize=None)
def shared_session_factory() -> sessionmaker:
    """One engine and pool per process for the store at CIVETTE_DATABASE_URL (action server)."""
    return make_session_factory(make_engine())


def upgrade(url: str | None = None) -> None:
    """Brings the schema to the latest Alembic revision."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["url"] = url or database_url()
    command.upgrade(config, "head")
