"""The production profile: conversations kept in PostgreSQL, turns locked in Redis."""

import subprocess
import time

import pytest
import sqlalchemy as sa

from civette.servers import rasa_server
from civette.settings import PROJECT_ROOT

from conftest import RESULTS_DIR, Conversation, postgres_database

PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}


@pytest.fixture(scope="module")
def tracker_database():
    with postgres_database("civette_tracker") as url:
        yield url.rsplit("/", 1)[1]


@pytest.fixture(scope="module")
def production_assistant(trained_model, action_server_url, auth_token, tracker_database):
    env = {
        "ACTION_SERVER_URL": action_server_url,
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
