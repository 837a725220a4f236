"""Shared fixtures: the trained model served by a real Rasa server and a real action server."""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests
import sqlalchemy as sa
import yaml

from civette import db
from civette.faq import KnowledgeBase, load_knowledge_base
from civette.orders.demo import demo_records
from civette.orders.store import save_records
from civette.servers import MODEL_PATH, action_server, rasa_server
from civette.settings import PROJECT_ROOT
from civette.working_days import working_days_before
from fakes import chronopost_handler, http_server

RESULTS_DIR = PROJECT_ROOT / "results"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="session")
def domain_responses() -> Dict[str, List[str]]:
    """Every response text the bot can say, by response name."""
    documents = [PROJECT_ROOT / "domain.yml", PROJECT_ROOT / "data" / "faq_responses.yml"]
    responses: Dict[str, List[str]] = {}
    for path in documents:
        for name, variants in yaml.safe_load(path.read_text(encoding="utf-8"))["responses"].items():
            responses[name] = [variant["text"] for variant in variants]
    return responses


@pytest.fixture(scope="session")
def trained_model() -> Path:
    assert MODEL_PATH.exists(), "no trained model: run `make train` first"
    return MODEL_PATH


@pytest.fixture(scope="session")
def demo_order_store(tmp_path_factory) -> Path:
    """A SQLite order store holding the demo data set, dated from today."""
    path = tmp_path_factory.mktemp("orders") / "orders.db"
    url = f"sqlite:///{path}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with db.make_session_factory(engine)() as session, session.begin():
        save_records(session, demo_records(date.today()))
    engine.dispose()
    return path


def _chronopost_day(working_days_ago: int, hour: int) -> str:
    day = working_days_before(date.today(), working_days_ago)
    return f"{day.isoformat()}T{hour:02d}:10:00+01:00"


# The showcase parcels as the fake Chronopost knows them; other parcels are unknown to it.
PARCELS = {
    "XN081879383FR": [("DB", _chronopost_day(2, 18), "Envoi pris en charge", "Paris", "75001"),
                      ("TS", _chronopost_day(1, 6), "Envoi en transit", "Chilly-Mazarin", "91380")],
    "XN081879390FR": [("DB", _chronopost_day(9, 18), "Envoi pris en charge", "Paris", "75001"),
                      ("TS", _chronopost_day(8, 6), "Envoi en transit", "Lille", "59000")],
}


@pytest.fixture(scope="session")
def chronopost_url() -> Iterator[str]:
    with http_server(chronopost_handler(PARCELS)) as (url, _):
        yield url


@pytest.fixture(scope="session")
def action_server_url(demo_order_store, chronopost_url) -> Iterator[str]:
    env = {"CIVETTE_DATABASE_URL": f"sqlite:///{demo_order_store}",
           "CHRONOPOST_TRACKING_URL": chronopost_url}
    with action_server(RESULTS_DIR / "logs", env) as url:
        yield url


def write_endpoints(path: Path, action_url: str, tracker_db: Path) -> Path:
    path.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {"url": action_url},
                "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(tracker_db)},
                "lock_store": {"type": "in_memory"},
            }
        )
    )
    return path


@pytest.fixture(scope="session")
def auth_token() -> str:
    return secrets.token_urlsafe(16)


@pytest.fixture(scope="session")
def assistant(trained_model, action_server_url, auth_token, tmp_path_factory) -> Iterator[str]:
    """Base URL of a Rasa server on the embedded default profile (SQLite tracker store)."""
    workdir = tmp_path_factory.mktemp("assistant")
    endpoints = write_endpoints(workdir / "endpoints.yml", action_server_url, workdir / "tracker.db")
    with rasa_server(endpoints, RESULTS_DIR / "logs", auth_token) as server:
        yield server.url


class Conversation:
    """One customer talking to the bot through the REST channel."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.sender = f"pytest-{secrets.token_hex(6)}"

    def send(self, text: str) -> List[dict]:
        response = requests.post(
            f"{self.base_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def texts(self, text: str) -> List[str]:
        return [message.get("text", "") for message in self.send(text)]


@pytest.fixture
def conversation(assistant) -> Conversation:
    return Conversation(assistant)


POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """A fresh PostgreSQL database on the machine's server, dropped afterwards; yields its URL."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def order_store_url(request, tmp_path) -> Iterator[str]:
    """An empty order store, migrated with Alembic, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'orders.db'}"
        db.upgrade(url)
        yield url
    else:
        with postgres_database("civette_orders") as url:
            db.upgrade(url)
            yield url


@pytest.fixture
def order_sessions(order_store_url):
    engine = db.make_engine(order_store_url)
    yield db.make_session_factory(engine)
    engine.dispose()
