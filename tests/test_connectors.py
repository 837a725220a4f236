"""Outbound connectors (Zendesk, Chatwoot) against local servers speaking their JSON APIs."""

from civette.helpdesk.connectors import (
    CaseSummary,
    ChatwootConnector,
    ZendeskConnector,
    connectors_from_env,
    notify,
)
from fakes import chatwoot_handler, http_server, zendesk_handler

TRANSCRIPT = [{"role": "client", "text": "mon humidor est arrivé cassé", "at": "2026-11-26T09:00:00+00:00"},
              {"role": "bot", "text": "Je transmets à un conseiller.", "at": "2026-11-26T09:00:01+00:00"}]
CASE = CaseSummary(case_id=12, reason="damaged_or_wrong_item", transcript=TRANSCRIPT,
                   order_number="48213", identity_verified=True, contact_email="jean.dupont@exemple.fr",
                   chatwoot_conversation_id="77")


def test_zendesk_ticket_carries_the_case():
    tickets = []
    with http_server(zendesk_handler("support@alacivette.com", "zd-token", tickets)) as (url, _):
        refs = notify([ZendeskConnector(url, "support@alacivette.com", "zd-token")], CASE)
    assert refs == {"zendesk": "1000"}
    ticket = tickets[0]
    assert ticket["priority"] == "urgent" and ticket["tags"] == ["civette_bot", "damaged_or_wrong_item"]
    assert ticket["requester"] == {"name": "jean.dupont@exemple.fr", "email": "jean.dupont@exemple.fr"}
    assert ticket["comment"]["public"] is False
    body = ticket["comment"]["body"]
    assert "Dossier n° 12 : Article abîmé ou erroné" in body
    assert "Commande : 48213 (identité vérifiée)" in body
    assert "[client] mon humidor est arrivé cassé" in body


def test_zendesk_refusal_is_only_logged(caplog):
    with http_server(zendesk_handler("support@alacivette.com", "zd-token", [])) as (url, _):
        refs = notify([ZendeskConnector(url, "support@alacivette.com", "wrong-token")], CASE)
    assert refs == {}
    assert "zendesk: case 12 not sent" in caplog.text


def test_chatwoot_gets_a_private_note_then_the_conversation_is_opened():
    calls = []
    with http_server(chatwoot_handler("3", "cw-token", calls)) as (url, _):
        refs = notify([ChatwootConnector(url, "3", "cw-token")], CASE)
    assert refs == {"chatwoot": "77"}
    (note_path, note), (toggle_path, toggle) = calls
    assert note_path == "/api/v1/accounts/3/conversations/77/messages"
    assert note["private"] is True and note["message_type"] == "outgoing"
    assert "Article abîmé ou erroné" in note["content"]
    assert (toggle_path, toggle) == ("/api/v1/accounts/3/conversations/77/toggle_status", {"status": "open"})


def test_chatwoot_is_skipped_for_conversations_not_from_chatwoot():
    calls = []
    with http_server(chatwoot_handler("3", "cw-token", calls)) as (url, _):
        without_chatwoot = CaseSummary(12, "customer_request", TRANSCRIPT)
        assert notify([ChatwootConnector(url, "3", "cw-token")], without_chatwoot) == {}
    assert calls == []


def test_an_unreachable_service_is_only_logged(caplog):
    with http_server(chatwoot_handler("3", "cw-token", [])) as (url, _):
        pass  # the server is gone
    assert notify([ChatwootConnector(url, "3", "cw-token")], CASE) == {}
    assert "chatwoot: case 12 not sent" in caplog.text


def test_connectors_are_off_by_default(monkeypatch):
    for name in ("CIVETTE_ZENDESK_URL", "CIVETTE_CHATWOOT_URL"):
        monkeypatch.delenv(name, raising=False)
    assert connectors_from_env() == []
    monkeypatch.setenv("CIVETTE_ZENDESK_URL", "https://alacivette.zendesk.com")
    monkeypatch.setenv("CIVETTE_ZENDESK_EMAIL", "support@alacivette.com")
    monkeypatch.setenv("CIVETTE_ZENDESK_API_TOKEN", "zd-token")
    assert [c.name for c in connectors_from_env()] == ["zendesk"]
