"""Outbound connectors (Zendesk, Chatwoot) against local servers speaking their JSON APIs, and the
outbox that retries their deliveries, on SQLite and PostgreSQL."""

import logging
import threading
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from civette.helpdesk.cases import CaseDraft, get_case, open_case
from civette.helpdesk.connectors import CaseSummary, ChatwootConnector, ZendeskConnector, connectors_from_env
from civette.helpdesk.outbox import Outbox, RetryPolicy, undelivered
from civette.incidents import failure_counts
from fakes import Flaky, chatwoot_handler, http_server, zendesk_handler

NOW = datetime(2026, 11, 26, 10, 0)
EMAIL = "jean.dupont@exemple.fr"
TRANSCRIPT = [{"role": "client", "text": "mon humidor est arrivé cassé", "at": "2026-11-26T09:00:00+00:00"},
              {"role": "bot", "text": "Je transmets à un conseiller.", "at": "2026-11-26T09:00:01+00:00"}]
CASE = CaseSummary(case_id=12, reason="damaged_or_wrong_item", transcript=TRANSCRIPT,
                   order_number="48213", identity_verified=True, contact_email=EMAIL,
                   chatwoot_conversation_id="77")
POLICY = RetryPolicy(first_delay=timedelta(seconds=30), max_attempts=3)


def zendesk(url: str) -> ZendeskConnector:
    return ZendeskConnector(url, "support@alacivette.com", "zd-token")


@pytest.fixture
def stored_case(order_sessions) -> CaseSummary:
    """CASE, opened in the store."""
    draft = CaseDraft(conversation_id="conv-c", channel="rest", reason=CASE.reason, mode="email",
                      contact_email=EMAIL, transcript=TRANSCRIPT)
    return replace(CASE, case_id=open_case(order_sessions, draft, NOW))


@pytest.fixture
def flaky_zendesk():
    """A Zendesk that can be made to fail; yields (the switch, its URL, the tickets it created,
    the requests it received)."""
    tickets = []
    flaky = Flaky(zendesk_handler("support@alacivette.com", "zd-token", tickets))
    with http_server(flaky) as (url, requests_seen):
        yield flaky, url, tickets, requests_seen


def test_zendesk_ticket_carries_the_case():
    tickets = []
    with http_server(zendesk_handler("support@alacivette.com", "zd-token", tickets)) as (url, _):
        assert zendesk(url).send(CASE, "civette-outbox-1") == "1000"
        assert zendesk(url).send(CASE, "civette-outbox-1") == "1000"  # a repeated delivery key
    assert len(tickets) == 1
    ticket = tickets[0]
    assert ticket["priority"] == "urgent" and ticket["tags"] == ["civette_bot", "damaged_or_wrong_item"]
    assert ticket["requester"] == {"name": EMAIL, "email": EMAIL}
    assert ticket["comment"]["public"] is False
    body = ticket["comment"]["body"]
    assert "Dossier n° 12 : Article abîmé ou erroné" in body
    assert "Commande : 48213 (identité vérifiée)" in body
    assert "[client] mon humidor est arrivé cassé" in body


def test_chatwoot_gets_a_private_note_then_the_conversation_is_opened():
    calls = []
    with http_server(chatwoot_handler("3", "cw-token", calls)) as (url, _):
        assert ChatwootConnector(url, "3", "cw-token").send(CASE, "civette-outbox-1") == "77"
    (note_path, note), (toggle_path, toggle) = calls
    assert note_path == "/api/v1/accounts/3/conversations/77/messages"
    assert note["private"] is True and note["message_type"] == "outgoing"
    assert "Article abîmé ou erroné" in note["content"]
    assert (toggle_path, toggle) == ("/api/v1/accounts/3/conversations/77/toggle_status", {"status": "open"})


def test_chatwoot_is_skipped_for_conversations_not_from_chatwoot(order_sessions, stored_case):
    calls = []
    with http_server(chatwoot_handler("3", "cw-token", calls)) as (url, _):
        outbox = Outbox(order_sessions, [ChatwootConnector(url, "3", "cw-token")])
        outbox.send(replace(stored_case, chatwoot_conversation_id=None), NOW)
    assert calls == [] and undelivered(order_sessions) == []


def test_a_delivery_is_retried_with_backoff_until_done(order_sessions, stored_case, flaky_zendesk):
    flaky, url, tickets, _ = flaky_zendesk
    flaky.failures = 2
    outbox = Outbox(order_sessions, [zendesk(url)], POLICY)
    outbox.send(stored_case, NOW)
    [pending] = undelivered(order_sessions)
    assert (pending.status, pending.attempts, pending.next_attempt_at) == ("pending", 1, NOW + timedelta(seconds=30))
    assert outbox.retry_due(NOW + timedelta(seconds=29)) == 0
    assert outbox.retry_due(NOW + timedelta(seconds=30)) == 0  # fails again: next try a minute later
    assert undelivered(order_sessions)[0].next_attempt_at == NOW + timedelta(seconds=90)
    assert outbox.retry_due(NOW + timedelta(seconds=90)) == 1
    assert undelivered(order_sessions) == [] and len(tickets) == 1
    assert get_case(order_sessions, stored_case.case_id).external_refs == {"zendesk": "1000"}
    assert failure_counts(order_sessions)["zendesk"].count == 2


def test_a_delivery_is_given_up_after_the_last_attempt_and_can_be_retried_by_hand(
    order_sessions, stored_case, flaky_zendesk
):
    flaky, url, tickets, _ = flaky_zendesk
    flaky.failures = 3
    outbox = Outbox(order_sessions, [zendesk(url)], POLICY)
    outbox.send(stored_case, NOW)
    outbox.retry_due(NOW + timedelta(seconds=30))
    outbox.retry_due(NOW + timedelta(seconds=90))
    [failed] = undelivered(order_sessions)
    assert (failed.status, failed.attempts) == ("failed", 3)
    assert outbox.retry_due(NOW + timedelta(days=1)) == 0  # given up
    assert outbox.retry_all(NOW + timedelta(days=1)) == 1  # `civette outbox retry`
    assert len(tickets) == 1 and undelivered(order_sessions) == []


def test_two_processes_retrying_send_each_delivery_once(order_sessions, stored_case, flaky_zendesk):
    flaky, url, tickets, requests_seen = flaky_zendesk
    flaky.failures = 1
    Outbox(order_sessions, [zendesk(url)], POLICY).send(stored_case, NOW)
    later = NOW + timedelta(minutes=5)
    retriers = [threading.Thread(target=Outbox(order_sessions, [zendesk(url)]).retry_due, args=(later,))
                for _ in range(4)]
    for retrier in retriers:
        retrier.start()
    for retrier in retriers:
        retrier.join()
    assert len(requests_seen) == 2  # the failure, then one retry: the others found it claimed
    assert len(tickets) == 1 and undelivered(order_sessions) == []


def test_a_refusal_is_reported_with_the_answer_and_no_email_address(order_sessions, stored_case, caplog):
    refusal = (b'{"error": "RecordInvalid", "details": {"requester": [{"description": '
               b'"Requester: jean.dupont@exemple.fr is not valid"}]}}')
    flaky = Flaky(zendesk_handler("support@alacivette.com", "zd-token", []), status=422, payload=refusal)
    flaky.failures = 1
    with caplog.at_level(logging.WARNING), http_server(flaky) as (url, _):
        Outbox(order_sessions, [zendesk(url)], POLICY).send(stored_case, NOW)
    assert "failure source=zendesk" in caplog.text and "HTTP 422" in caplog.text
    assert "j***@***" in caplog.text and EMAIL not in caplog.text
    [pending] = undelivered(order_sessions)
    assert "HTTP 422" in pending.last_error and EMAIL not in pending.last_error
    assert EMAIL not in failure_counts(order_sessions)["zendesk"].last_error


def test_an_unreachable_service_is_reported(order_sessions, stored_case, caplog):
    with http_server(chatwoot_handler("3", "cw-token", [])) as (url, _):
        pass  # the server is gone
    with caplog.at_level(logging.WARNING):
        Outbox(order_sessions, [ChatwootConnector(url, "3", "cw-token")], POLICY).send(stored_case, NOW)
    assert "failure source=chatwoot" in caplog.text and "ConnectionError" in caplog.text
    assert [item.connector for item in undelivered(order_sessions)] == ["chatwoot"]


def test_connectors_are_off_by_default(monkeypatch):
    for name in ("CIVETTE_ZENDESK_URL", "CIVETTE_CHATWOOT_URL"):
        monkeypatch.delenv(name, raising=False)
    assert connectors_from_env() == []
    monkeypatch.setenv("CIVETTE_ZENDESK_URL", "https://alacivette.zendesk.com")
    monkeypatch.setenv("CIVETTE_ZENDESK_EMAIL", "support@alacivette.com")
    monkeypatch.setenv("CIVETTE_ZENDESK_API_TOKEN", "zd-token")
    assert [c.name for c in connectors_from_env()] == ["zendesk"]
