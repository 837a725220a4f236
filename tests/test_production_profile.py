"""The production profile: conversations kept in PostgreSQL, turns locked in Redis, orders and
handoff cases in PostgreSQL."""

import subprocess
import time

import pytest
import sqlalchemy as sa

from civette import db
from civette.helpdesk.agents import create_agent, log_in
from civette.helpdesk.handoff import email_message, utc_now
from civette.helpdesk.models import Case
from civette.servers import action_server, rasa_server
from civette.settings import PROJECT_ROOT

from conftest import REPLY_EXPECTED, RESULTS_DIR, Conversation, postgres_database

PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}


@pytest.fixture(scope="module")
def tracker_database():
    with postgres_database("civette_tracker") as url:
        yield url.rsplit("/", 1)[1]


@pytest.fixture(scope="module")
def store_url_pg():
    """The order and case store on PostgreSQL."""
    with postgres_database("civette_store") as url:
        db.upgrade(url)
        yield url


@pytest.fixture(scope="module")
def store_sessions_pg(store_url_pg):
    """Sessions on that store, where an agent has the console open."""
    engine = db.make_engine(store_url_pg)
    sessions = db.make_session_factory(engine)
    create_agent(sessions, "claire", "Claire", "cigare-du-soir-2026", utc_now())
    log_in(sessions, "claire", "cigare-du-soir-2026", utc_now())
    yield sessions
    engine.dispose()


@pytest.fixture(scope="module")
def production_actions(store_url_pg, store_sessions_pg, chronopost_url):
    env = {"CIVETTE_DATABASE_URL": store_url_pg, "CHRONOPOST_TRACKING_URL": chronopost_url,
           "CIVETTE_OPENING_HOURS": "lun-dim 00:00-24:00", "CIVETTE_OPEN_ON_PUBLIC_HOLIDAYS": "true"}
    with action_server(RESULTS_DIR / "logs" / "production", env) as url:
        yield url


@pytest.fixture(scope="module")
def production_assistant(trained_model, production_actions, auth_token, tracker_database):
    env = {
        "ACTION_SERVER_URL": production_actions,
        "TRACKER_DB_HOST": PG["host"], "TRACKER_DB_PORT": PG["port"],
        "TRACKER_DB_NAME": tracker_database, "TRACKER_DB_USER": PG["user"], "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": "0",
    }
    endpoints = PROJECT_ROOT / "endpoints.production.yml"
    with rasa_server(endpoints, RESULTS_DIR / "logs", auth_token, env=env) as server:
        yield server.url


def test_conversation_is_stored_in_postgresql(production_assistant, tracker_database, kb):
    conversation = Conversation(production_assistant)
    assert conversation.texts("quels moyens de paiement acceptez-vous ?") == [
        kb.get("payment_methods").chat
    ]
    engine = sa.create_engine(f"postgresql://{PG['user']}@{PG['host']}:{PG['port']}/{tracker_database}")
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT type_name, intent_name FROM events WHERE sender_id = :sender"),
            {"sender": conversation.sender},
        ).all()
    engine.dispose()
    assert ("user", "faq") in [tuple(row) for row in rows]


def test_each_turn_is_locked_in_redis(production_assistant):
    conversation = Conversation(production_assistant)
    monitor = subprocess.Popen(
        ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "monitor"], stdout=subprocess.PIPE, text=True
    )
    try:
        time.sleep(0.5)
        assert conversation.texts("bonjour")
    finally:
        monitor.terminate()
    commands = monitor.communicate(timeout=10)[0]
    lock_key = f"civette:lock:{conversation.sender}"
    assert f'"set" "{lock_key}"' in commands.lower()
    assert f'"del" "{lock_key}"' in commands.lower()


def test_handoff_case_is_stored_in_postgresql(production_assistant, store_sessions_pg, tracker_database):
    # A REST customer cannot receive an advisor's live replies: the reply goes by email.
    conversation = Conversation(production_assistant)
    conversation.texts("je veux parler à un conseiller")
    answer = conversation.texts("camille.martin@exemple.fr")
    with store_sessions_pg() as session:
        case = session.scalars(sa.select(Case).where(Case.conversation_id == conversation.sender)).one()
    assert answer == [email_message(case.id, "camille.martin@exemple.fr", REPLY_EXPECTED)]
    assert (case.mode, case.reason, case.transcript[0]["text"]) == ("email", "customer_request",
                                                                   "je veux parler à un conseiller")
    engine = sa.create_engine(f"postgresql://{PG['user']}@{PG['host']}:{PG['port']}/{tracker_database}")
    with engine.connect() as connection:
        texts = connection.execute(sa.text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user'"),
                                   {"sender": conversation.sender}).scalars().all()
    engine.dispose()
    assert len(texts) == 2 and "camille.martin@exemple.fr" in texts[1]
