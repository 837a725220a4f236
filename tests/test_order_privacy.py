"""Order data for its owner only, tried as an attacker would, against a real action server with the
throttle's real limits, its own SQLite store and a local Chronopost that hangs."""

from __future__ import annotations

import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, Iterator, List, Optional

import pytest
import requests
import sqlalchemy as sa
import yaml

from civette import db
from civette.orders.demo import SHOWCASES
from civette.orders.lookup import DatabaseOrderLookup
from civette.servers import ACTION_TOKEN, action_server
from civette.settings import PROJECT_ROOT
from conftest import PARCELS, RESULTS_DIR, make_demo_store
from fakes import chronopost_handler, http_server

CAMILLE = next(showcase for showcase in SHOWCASES if showcase.number == "48213")
PARIS_POSTCODES = [f"750{district:02d}" for district in range(1, 21)]
CHRONOPOST_HANG_S = 10
CHRONOPOST_TIMEOUT_S = 8
PAYMENT_QUESTION = {"intent": {"name": "faq", "confidence": 0.9},
                    "response_selector": {"faq": {"response": {"intent_response_key": "faq/payment_methods"}}}}
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hanging_chronopost() -> Iterator[List[str]]:
    """A Chronopost that answers only after CHRONOPOST_HANG_S; yields the requests it received."""
    with http_server(chronopost_handler(PARCELS, delay_s=CHRONOPOST_HANG_S)) as (url, seen):
        yield url, seen


@pytest.fixture(scope="module")
def guarded_actions(tmp_path_factory, hanging_chronopost) -> Iterator[str]:
    """An action server with the default lookup throttle (5 failures per order number, 20 per
    client address, in 15 minutes) on a store of its own."""
    store = make_demo_store(tmp_path_factory.mktemp("guarded") / "orders.db")
    chronopost_url, _ = hanging_chronopost
    env = {"CIVETTE_DATABASE_URL": store, "CHRONOPOST_TRACKING_URL": chronopost_url,
           "CHRONOPOST_TIMEOUT_S": str(CHRONOPOST_TIMEOUT_S)}
    with action_server(RESULTS_DIR / "logs" / "guarded", env) as url:
        yield url


def call(url: str, action: str, text: str, slots: Dict[str, Optional[str]], *,
         client: Optional[str] = "203.0.113.7", sender: Optional[str] = None,
         token: Optional[str] = ACTION_TOKEN, parse: Optional[dict] = None) -> requests.Response:
    """One call of the action server as Rasa makes it, for a new conversation by default."""
    form = {"name": "order_lookup_form"} if action.startswith("validate_") else {}
    tracker = {
        "sender_id": sender or f"attacker-{secrets.token_hex(4)}",
        "slots": slots, "events": [], "paused": False, "followup_action": None,
        "active_loop": form, "latest_action_name": "action_listen",
        "latest_message": {"text": text, "intent": {"name": "inform", "confidence": 0.9},
                           "entities": [], "metadata": {"client_address": client} if client else {},
                           **(parse or {})},
    }
    headers = {"X-Civette-Action-Token": token} if token else {}
    body = {"next_action": action, "sender_id": tracker["sender_id"], "tracker": tracker,
            "domain": DOMAIN, "version": "3.6.2"}
    return requests.post(url, json=body, headers=headers, timeout=60)


def proof_outcome(url: str, number: str, proof: str, **kwargs) -> Dict[str, object]:
    """The slots the identity check sets when `proof` is given for `number`."""
    slots = {"requested_slot": "order_proof", "order_number": number, "order_proof": None,
             "identity_check": None, "identity_failures": None, "verified_order": None}
    response = call(url, "validate_order_lookup_form", proof, slots, **kwargs)
    response.raise_for_status()
    return {e["name"]: e["value"] for e in response.json()["events"] if e.get("event") == "slot"}


def test_guessing_postcodes_across_new_conversations_gets_nothing(guarded_actions):
    assert CAMILLE.postcode in PARIS_POSTCODES
    outcomes = [proof_outcome(guarded_actions, CAMILLE.number, postcode, client=None)
                for postcode in PARIS_POSTCODES]
    assert not any(outcome.get("verified_order") for outcome in outcomes)
    checks = [outcome["identity_check"] for outcome in outcomes]
    assert checks[:5] == ["not_found"] * 5 and set(checks[5:]) == {"blocked"}
    # Locked for everybody, the real owner included, for the rest of the window.
    assert proof_outcome(guarded_actions, CAMILLE.number, CAMILLE.email)["identity_check"] == "blocked"


def test_an_unknown_order_number_gets_the_same_answers(guarded_actions):
    checks = [proof_outcome(guarded_actions, "99991", postcode, client=None)["identity_check"]
              for postcode in PARIS_POSTCODES[:8]]
    assert checks == ["not_found"] * 5 + ["blocked"] * 3


def test_one_address_trying_many_orders_is_locked_out_alone(guarded_actions):
    lea = next(showcase for showcase in SHOWCASES if showcase.number == "48217")
    for number in range(30000, 30020):
        proof_outcome(guarded_actions, str(number), "75001", client="198.51.100.9")
    assert proof_outcome(guarded_actions, lea.number, lea.postcode,
                         client="198.51.100.9")["identity_check"] == "blocked"
    assert proof_outcome(guarded_actions, lea.number, lea.postcode,
                         client="192.0.2.44")["identity_check"] == "verified"


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_a_forged_tracker_without_the_secret_is_refused(guarded_actions, token):
    lea = next(showcase for showcase in SHOWCASES if showcase.number == "48217")
    slots = {"verified_order": lea.number, "order_proof": lea.postcode}
    response = call(guarded_actions, "action_answer_order", "et ma commande ?", slots, token=token)
    assert response.status_code == 403
    assert lea.number not in response.text and "XN" not in response.text


def test_a_hanging_chronopost_does_not_hold_up_other_conversations(guarded_actions, hanging_chronopost):
    _, chronopost_requests = hanging_chronopost
    owner = next(s for s in SHOWCASES if s.tracking_number == "XN081879383FR")
    slots = {"verified_order": owner.number, "order_proof": owner.postcode, "order_question": "order_status"}
    waiting = ThreadPoolExecutor(max_workers=1)
    order_answer = waiting.submit(call, guarded_actions, "action_answer_order", "ma commande ?", slots)
    while not chronopost_requests:
        threading.Event().wait(0.05)  # the order answer now waits for Chronopost
    def payment_question(_) -> requests.Response:
        return call(guarded_actions, "action_follow_up_faq", "vous prenez la visa ?", {}, parse=PAYMENT_QUESTION)

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(payment_question, range(10)))
    # Every other conversation was answered while the order answer still waited for Chronopost.
    assert not order_answer.done()
    assert [a.json()["responses"][0]["response"] for a in answers] == ["utter_faq/payment_methods"] * 10
    texts = [m.get("text") or "" for m in order_answer.result().json()["responses"]]
    assert "listeNumerosLT=XN081879383FR" in "\n".join(texts)  # the tracking link instead
    # Chronopost failed: the next answer does not wait for it again (circuit breaker).
    again = call(guarded_actions, "action_answer_order", "et maintenant ?", slots)
    assert again.status_code == 200 and len(chronopost_requests) == 1
    waiting.shutdown()


def test_a_lookup_costs_one_query_whether_the_order_exists_or_not(demo_order_store):
    engine = db.make_engine(f"sqlite:///{demo_order_store}")
    statements: List[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    lookup = DatabaseOrderLookup(db.make_session_factory(engine))
    counts = []
    for number, proof in [(CAMILLE.number, "75019"), ("99990", "75019"), (CAMILLE.number, CAMILLE.postcode)]:
        statements.clear()
        lookup.find_verified(number, proof)
        counts.append(len(statements))
    engine.dispose()
    assert counts == [1, 1, 1]
