"""With the action server down, every message still gets an answer: the FAQ from Rasa's
responses, and for a custom action the apology with the contact ways (said by the channel)."""

from __future__ import annotations

from typing import Iterator

import pytest

from civette.servers import free_port, rasa_server
from conftest import RESULTS_DIR, Conversation, write_endpoints


@pytest.fixture(scope="module")
def assistant_without_actions(trained_model, auth_token, tmp_path_factory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("no-actions")
    dead_url = f"http://127.0.0.1:{free_port()}/webhook"  # nothing listens there
    endpoints = write_endpoints(workdir / "endpoints.yml", dead_url, workdir / "tracker.db")
    with rasa_server(endpoints, RESULTS_DIR / "logs" / "no-actions", auth_token) as server:
        yield server.url


@pytest.mark.parametrize("messages", [
    ["je veux parler à un conseiller"],
    ["où en est ma commande 48217 ?"],
])
def test_a_custom_action_that_cannot_run_gets_the_apology(assistant_without_actions, domain_responses, messages):
    conversation = Conversation(assistant_without_actions)
    for text in messages:
        assert conversation.texts(text)[-1] == domain_responses["utter_service_unavailable"][0]


def test_faq_answers_still_work(assistant_without_actions, kb):
    conversation = Conversation(assistant_without_actions)
    assert conversation.texts("quels moyens de paiement acceptez-vous ?") == [kb.get("payment_methods").chat]
