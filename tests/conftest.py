"""Shared fixtures: the trained model served by a real Rasa server and a real action server."""

from __future__ import annotations

import queue
import secrets
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple

import pytest
import requests
import socketio
import sqlalchemy as sa
import yaml

from civette import db
from civette.faq import KnowledgeBase, load_knowledge_base
from civette.orders.demo import create_demo_store as make_demo_store
from civette.helpdesk.agents import create_agent, log_in
from civette.helpdesk.handoff import ask_contact_message, utc_now
from civette.helpdesk.models import Agent, AgentSession, Case
from civette.servers import (
    MODEL_PATH,
    RunningServer,
    action_server,
    free_port,
    rasa_server,
    web_server,
    write_endpoints,
)
from civette.settings import PROJECT_ROOT
from civette.working_days import working_days_before
from fakes import chatwoot_handler, chronopost_handler, http_server, zendesk_handler

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
    make_demo_store(path)
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


class FakeService(NamedTuple):
    url: str
    received: list


@pytest.fixture(scope="session")
def zendesk() -> Iterator[FakeService]:
    """The fake Zendesk the action server is configured with, and the tickets it received."""
    tickets: List[dict] = []
    with http_server(zendesk_handler("support@alacivette.com", "zd-token", tickets)) as (url, _):
        yield FakeService(url, tickets)


@pytest.fixture(scope="session")
def chatwoot() -> Iterator[FakeService]:
    """The fake Chatwoot the action server is configured with, and the calls it received."""
    calls: List[tuple] = []
    with http_server(chatwoot_handler("3", "cw-token", calls)) as (url, _):
        yield FakeService(url, calls)


@pytest.fixture(scope="session")
def action_server_url(demo_order_store, chronopost_url, zendesk, chatwoot) -> Iterator[str]:
    env = {"CIVETTE_DATABASE_URL": f"sqlite:///{demo_order_store}",
           "CHRONOPOST_TRACKING_URL": chronopost_url,
           # Advisors answer at any hour in tests: whether one is online decides live or email.
           "CIVETTE_OPENING_HOURS": "lun-dim 00:00-24:00", "CIVETTE_OPEN_ON_PUBLIC_HOLIDAYS": "true",
           # Every test conversation comes from 127.0.0.1 and many try wrong proofs on the same
           # showcase orders: the throttle's own tests use its real limits (test_order_privacy.py).
           "CIVETTE_LOOKUP_FAILURES_PER_ORDER": "100000", "CIVETTE_LOOKUP_FAILURES_PER_CLIENT": "100000",
           "CIVETTE_ZENDESK_URL": zendesk.url, "CIVETTE_ZENDESK_EMAIL": "support@alacivette.com",
           "CIVETTE_ZENDESK_API_TOKEN": "zd-token",
           "CIVETTE_CHATWOOT_URL": chatwoot.url, "CIVETTE_CHATWOOT_ACCOUNT_ID": "3",
           "CIVETTE_CHATWOOT_API_TOKEN": "cw-token"}
    with action_server(RESULTS_DIR / "logs", env) as url:
        yield url


@pytest.fixture(scope="session")
def store_sessions(demo_order_store):
    """Sessions on the store the action server uses (orders, cases, agents)."""
    engine = db.make_engine(f"sqlite:///{demo_order_store}")
    yield db.make_session_factory(engine)
    engine.dispose()


AGENT = ("claire", "Claire", "cigare-du-soir-2026")


@pytest.fixture
def agents_offline(store_sessions) -> None:
    """No agent has the console open: a handoff asks for an email address."""
    with store_sessions() as session, session.begin():
        session.execute(sa.delete(AgentSession))


@pytest.fixture
def agent_online(store_sessions, agents_offline) -> str:
    """Claire has the console open (a fresh session); returns her session token."""
    username, name, password = AGENT
    with store_sessions() as session:
        exists = session.execute(sa.select(Agent.id).where(Agent.username == username)).first()
    if not exists:
        create_agent(store_sessions, username, name, password, utc_now())
    return log_in(store_sessions, username, password, utc_now())


@pytest.fixture(scope="session")
def auth_token() -> str:
    return secrets.token_urlsafe(16)


@pytest.fixture(scope="session")
def web_port() -> int:
    """The port of the web pages, known before Rasa starts: Rasa's socket.io accepts that origin."""
    return free_port()


CHATWOOT_METADATA_SECRET = "cw-bridge-secret"


@pytest.fixture(scope="session")
def assistant_server(trained_model, action_server_url, auth_token, web_port,
                     tmp_path_factory) -> Iterator[RunningServer]:
    """A Rasa server on the embedded default profile (SQLite tracker store)."""
    workdir = tmp_path_factory.mktemp("assistant")
    endpoints = write_endpoints(workdir / "endpoints.yml", action_server_url, workdir / "tracker.db")
    env = {"CIVETTE_ALLOWED_ORIGINS": f"http://127.0.0.1:{web_port}",
           "CIVETTE_CHATWOOT_METADATA_SECRET": CHATWOOT_METADATA_SECRET}
    with rasa_server(endpoints, RESULTS_DIR / "logs", auth_token, env) as server:
        yield server


@pytest.fixture(scope="session")
def assistant(assistant_server) -> str:
    """Base URL of the Rasa server."""
    return assistant_server.url


@pytest.fixture(scope="session")
def web(assistant, auth_token, web_port, demo_order_store) -> Iterator[str]:
    """Base URL of the web pages (demo shop, widget, console), on the action server's store."""
    env = {"RASA_URL": assistant, "RASA_AUTH_TOKEN": auth_token,
           "CIVETTE_DATABASE_URL": f"sqlite:///{demo_order_store}"}
    with web_server(web_port, env, RESULTS_DIR / "logs") as url:
        yield url


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
        """The texts the bot answers (custom payloads, like the handoff signal, left out)."""
        return [message["text"] for message in self.send(text) if "text" in message]


# In tests advisors work at any hour: without one online, a reply by email is promised as soon
# as one is free.
REPLY_EXPECTED = "dès qu'un conseiller se libère"
ASK_EMAIL = ask_contact_message(REPLY_EXPECTED)


def case_of(sessions, conversation: Conversation) -> Case:
    """The latest case opened for this conversation."""
    with sessions() as session:
        query = sa.select(Case).where(Case.conversation_id == conversation.sender).order_by(Case.id.desc())
        return session.scalars(query).first()


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


class WidgetCustomer:
    """A customer in the chat widget: Rasa's socket.io channel, spoken as the widget speaks it."""

    def __init__(self, rasa_url: str, origin: str) -> None:
        self.sender = f"pytest-widget-{secrets.token_hex(6)}"
        self.received: "queue.Queue[dict]" = queue.Queue()
        confirmed = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self.received.put)
        self.client.on("session_confirm", lambda session_id: confirmed.set())
        self.client.connect(rasa_url, headers={"Origin": origin}, transports=["polling"])
        self.client.emit("session_request", {"session_id": self.sender})
        assert confirmed.wait(10), "no session_confirm"

    def send(self, text: str, answers: int) -> List[dict]:
        """Sends a message; returns the next `answers` messages it receives."""
        self.client.emit("user_uttered", {"message": text, "session_id": self.sender})
        return self.next(answers)

    def next(self, count: int) -> List[dict]:
        return [self.received.get(timeout=60) for _ in range(count)]


@pytest.fixture
def widget_customer(assistant, web) -> Iterator[WidgetCustomer]:
    customer = WidgetCustomer(assistant, web)
    yield customer
    customer.client.disconnect()


def wait_for(condition, timeout_s: float = 10) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
