"""`make run-prod`'s layout (civette.prod_layout): two Rasa processes and two action servers behind
the real nginx, conversations in PostgreSQL, turns locked in Redis, orders in PostgreSQL."""

import asyncio
import json
import os
import secrets
import signal
import threading
import time
from typing import Dict, List, Tuple

import pytest
import requests
import sqlalchemy as sa
import websockets

from civette.orders.demo import SHOWCASES
from civette.orders.prompts import ask_order_number, ask_order_proof
from civette.prod_layout import production_layout
from civette.web.rasa_api import RasaApi

from conftest import PARCELS, RESULTS_DIR, WidgetCustomer, postgres_database
from fakes import chronopost_handler, http_server

SHOWCASE = {showcase.number: showcase for showcase in SHOWCASES}
JULIEN = SHOWCASE["48214"]  # in preparation: no parcel to track
CAMILLE = SHOWCASE["48213"]  # shipped: her answer waits for Chronopost
CHRONOPOST_DELAY_S = 1.0
WIDGET_ORIGIN = "http://shop.test"  # where the widget's page would be served


@pytest.fixture(scope="module")
def tracker_url():
    with postgres_database("civette_tracker") as url:
        yield url


@pytest.fixture(scope="module")
def layout(trained_model, auth_token, tracker_url):
    with postgres_database("civette_store") as store_url, \
            http_server(chronopost_handler(PARCELS, delay_s=CHRONOPOST_DELAY_S)) as (chronopost_url, _):
        env = {"TRACKER_DB_NAME": tracker_url.rsplit("/", 1)[1], "CIVETTE_DATABASE_URL": store_url,
               "CHRONOPOST_TRACKING_URL": chronopost_url, "CIVETTE_ALLOWED_ORIGINS": WIDGET_ORIGIN}
        with production_layout(RESULTS_DIR / "logs" / "prod", auth_token, env) as running:
            yield running


def new_sender() -> str:
    return f"pytest-prod-{secrets.token_hex(6)}"


def say(base_url: str, sender: str, text: str) -> List[str]:
    response = requests.post(f"{base_url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                             timeout=60)
    assert response.status_code == 200, response.text
    return [message["text"] for message in response.json() if "text" in message]


def turns(tracker_url: str, sender: str) -> List[Tuple[str, List[str]]]:
    """The conversation as the tracker store in PostgreSQL has it: each user text and the bot's texts after it."""
    engine = sa.create_engine(tracker_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT type_name, data FROM events WHERE sender_id = :sender "
                                          "AND type_name IN ('user', 'bot') ORDER BY id"), {"sender": sender}).all()
    engine.dispose()
    conversation: List[Tuple[str, List[str]]] = []
    for type_name, data in rows:
        text = json.loads(data).get("text")
        if type_name == "user":
            conversation.append((text, []))
        elif text:
            conversation[-1][1].append(text)
    return conversation


def status_shown(texts: List[str], showcase) -> bool:
    return f"« {showcase.status.label} »" in "\n".join(texts)


def test_a_form_started_on_one_process_is_finished_on_the_other(layout):
    first, second = (server.url for server in layout.rasa)
    sender = new_sender()
    assert say(first, sender, "je voudrais savoir où en est ma commande") == [ask_order_number(None)]
    assert say(second, sender, JULIEN.number) == [ask_order_proof(None, JULIEN.number)]
    assert status_shown(say(first, sender, JULIEN.postcode), JULIEN)


def test_messages_sent_during_a_turn_wait_for_it_and_are_answered_in_order(layout, tracker_url, kb):
    sender = new_sender()
    opening = f"où en est ma commande {CAMILLE.number} ?"
    assert say(layout.url, sender, opening) == [ask_order_proof(None, CAMILLE.number)]
    # The proof's turn waits a second for Chronopost; the two questions typed meanwhile go through
    # nginx to both processes, and wait for it.
    messages = [CAMILLE.email, "quels moyens de paiement acceptez-vous ?", "et comment je crée un compte ?"]
    answers: Dict[int, List[str]] = {}
    finished: Dict[int, float] = {}

    def send(index: int) -> None:
        answers[index] = say(layout.url, sender, messages[index])
        finished[index] = time.monotonic()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(messages))]
    for thread in threads:
        thread.start()
        time.sleep(0.3)
    for thread in threads:
        thread.join(timeout=90)
    expected = [kb.get("payment_methods").chat], [kb.get("create_account").chat]
    assert status_shown(answers[0], CAMILLE) and (answers[1], answers[2]) == expected
    assert finished[0] < finished[1] < finished[2]
    stored = turns(tracker_url, sender)
    assert [text for text, _ in stored] == [opening, *messages]
    assert status_shown(stored[1][1], CAMILLE) and (stored[2][1], stored[3][1]) == expected


def test_socketio_sessions_stick_to_their_process_and_upgrade_to_websocket(layout):
    origin = {"Origin": WIDGET_ORIGIN}

    async def upgrade(sid: str) -> str:
        url = f"{layout.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket&sid={sid}"
        async with websockets.connect(url, extra_headers=origin) as socket:
            await socket.send("2probe")
            return await asyncio.wait_for(socket.recv(), 10)

    # Round-robin would send every other upgrade to the process that does not know the session.
    for _ in range(4):
        opened = requests.get(f"{layout.url}/socket.io/?EIO=4&transport=polling", headers=origin, timeout=10)
        assert opened.status_code == 200 and opened.text.startswith("0")
        sid = json.loads(opened.text[1:])["sid"]
        assert asyncio.run(upgrade(sid)) == "3probe"


def test_an_advisor_reply_sent_through_one_process_reaches_a_widget_held_by_the_other(layout, auth_token):
    # The widget's socket lives in the first process; the console's API call lands on the second.
    customer = WidgetCustomer(layout.rasa[0].url, WIDGET_ORIGIN)
    try:
        reply = "Bonjour, ici Claire, conseillère de la boutique : je regarde votre commande."
        RasaApi(layout.rasa[1].url, auth_token).send_agent_message(customer.sender, reply, "Claire")
        assert customer.next(1)[0]["text"] == reply
    finally:
        customer.client.disconnect()


# Last: it leaves one Rasa process.
def test_a_process_killed_mid_conversation_the_other_carries_on_and_nothing_is_lost(layout, tracker_url, kb):
    sender = new_sender()
    messages = ["je voudrais savoir où en est ma commande", JULIEN.number]
    assert say(layout.url, sender, messages[0]) == [ask_order_number(None)]
    assert say(layout.url, sender, messages[1]) == [ask_order_proof(None, JULIEN.number)]
    victim = layout.rasa[0]
    os.kill(victim.pid, signal.SIGKILL)
    with pytest.raises(requests.ConnectionError):
        for _ in range(50):  # until the kernel has closed its socket
            requests.get(victim.url, timeout=2)
            time.sleep(0.1)
    assert status_shown(say(layout.url, sender, JULIEN.postcode), JULIEN)
    questions = ["quels moyens de paiement acceptez-vous ?", "et comment je crée un compte ?"]
    expected = [[kb.get("payment_methods").chat], [kb.get("create_account").chat]]
    assert [say(layout.url, sender, question) for question in questions] == expected
    stored = turns(tracker_url, sender)
    assert [text for text, _ in stored] == [*messages, JULIEN.postcode, *questions]
    assert stored[0][1] == [ask_order_number(None)] and stored[1][1] == [ask_order_proof(None, JULIEN.number)]
    assert status_shown(stored[2][1], JULIEN) and [answer for _, answer in stored[3:]] == expected
