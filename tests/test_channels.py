"""The channels as an attacker or a careless client uses them: forged metadata, huge messages,
Rasa's « /intent » syntax, a shared computer; and the servers as `ps` and the network see them."""

from __future__ import annotations

import queue
from pathlib import Path
from typing import Dict, List

import pytest
import requests
import socketio

from civette.channels import chatwoot_signature
from civette.orders.demo import SHOWCASES
from civette.orders.prompts import ask_order_number
from conftest import ASK_EMAIL, CHATWOOT_METADATA_SECRET, Conversation

LEA = next(showcase for showcase in SHOWCASES if showcase.number == "48217")
LIMIT = 2000


def rest(assistant: str, sender: str, text: str, metadata: Dict) -> List[dict]:
    response = requests.post(f"{assistant}/webhooks/rest/webhook", timeout=60,
                             json={"sender": sender, "message": text, "metadata": metadata})
    assert response.status_code == 200, response.text
    return response.json()


def chatwoot_calls_for(chatwoot, conversation_id: str) -> List[str]:
    return [path for path, _ in chatwoot.received if f"/conversations/{conversation_id}/" in path]


def hand_over(assistant: str, sender: str, metadata: Dict) -> None:
    """A customer asks for a human and leaves an email address for the reply."""
    rest(assistant, sender, "je veux parler à un conseiller", metadata)
    rest(assistant, sender, f"{sender}@exemple.fr", metadata)


def test_forged_chatwoot_metadata_reaches_nothing(assistant, agents_offline, chatwoot):
    hand_over(assistant, "forger-1", {"chatwoot_conversation_id": "777", "chatwoot_signature": "0" * 64})
    hand_over(assistant, "forger-2", {"chatwoot_conversation_id": "778"})
    assert chatwoot_calls_for(chatwoot, "777") == [] and chatwoot_calls_for(chatwoot, "778") == []


def test_signed_chatwoot_metadata_is_accepted(assistant, agents_offline, chatwoot):
    signature = chatwoot_signature("4343", CHATWOOT_METADATA_SECRET)
    hand_over(assistant, "chatwoot-4343", {"chatwoot_conversation_id": "4343", "chatwoot_signature": signature})
    assert chatwoot_calls_for(chatwoot, "4343")


def test_a_message_over_the_limit_is_answered_politely_and_not_processed(
        conversation, assistant, auth_token, domain_responses):
    assert conversation.texts("où en est ma commande 48217 ? " * 100) == domain_responses["utter_message_too_long"]
    tracker = requests.get(f"{assistant}/conversations/{conversation.sender}/tracker",
                           params={"token": auth_token}, timeout=30).json()
    assert [e for e in tracker["events"] if e["event"] == "user"] == []
    assert conversation.texts("x" * LIMIT) != domain_responses["utter_message_too_long"]


def test_the_limit_holds_on_socketio(assistant, web, domain_responses):
    replies: "queue.Queue[dict]" = queue.Queue()
    client = socketio.Client()
    client.on("session_confirm", lambda session_id: replies.put({"session_id": session_id}))
    client.on("bot_uttered", replies.put)
    client.connect(assistant, headers={"Origin": web}, transports=["polling"])
    try:
        client.emit("session_request", {"session_id": None})
        session_id = replies.get(timeout=30)["session_id"]
        client.emit("user_uttered", {"message": "a" * (LIMIT + 1), "session_id": session_id})
        assert replies.get(timeout=60)["text"] == domain_responses["utter_message_too_long"][0]
    finally:
        client.disconnect()


@pytest.mark.parametrize("text", ["/human_handoff", '/payment_dispute{"order_id": "1234"}'])
def test_a_customer_cannot_force_an_intent(assistant, agents_offline, text):
    # « /human_handoff » is Rasa's syntax for that intent: read as the words it contains instead.
    assert ASK_EMAIL not in Conversation(assistant).texts(text)


def test_a_verified_order_does_not_survive_a_new_session(conversation, assistant, auth_token):
    conversation.texts("où en est ma commande 48217 ?")
    assert "48217" in " ".join(conversation.texts(LEA.postcode))
    # A new session, as after the inactivity timeout or « Effacer la conversation ».
    response = requests.post(f"{assistant}/conversations/{conversation.sender}/execute",
                             params={"token": auth_token}, json={"name": "action_session_start"}, timeout=60)
    assert response.status_code == 200, response.text
    assert conversation.texts("où en est ma commande ?") == [ask_order_number(None)]


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _listening_addresses(port: int) -> List[str]:
    """Local addresses (hex, as /proc/net/tcp writes them) listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.rsplit(":", 1)
            if state == "0A" and int(local_port, 16) == port:
                found.append(address)
    return found


def test_the_api_token_is_not_on_the_command_line(assistant_server, auth_token):
    assert auth_token not in _cmdline(assistant_server.pid)


@pytest.mark.parametrize("server", ["assistant", "action_server_url"])
def test_servers_listen_on_loopback_only(request, server):
    url = request.getfixturevalue(server)
    port = int(url.split(":")[2].split("/")[0])
    addresses = _listening_addresses(port)
    loopback = {"0100007F", "00000000000000000000000001000000"}
    assert addresses and set(addresses) <= loopback, addresses


def test_rest_conversation_is_still_a_conversation(assistant):
    assert Conversation(assistant).texts("bonjour")
