"""Optional outbound connectors, each off until its environment variables are set.

Zendesk: a ticket per case (POST /api/v2/tickets.json, API-token Basic auth).
  CIVETTE_ZENDESK_URL, CIVETTE_ZENDESK_EMAIL, CIVETTE_ZENDESK_API_TOKEN
Chatwoot: for conversations that come from Chatwoot (message metadata `chatwoot_conversation_id`),
  a private note with the context, then the conversation is opened to agents (toggle_status).
  CIVETTE_CHATWOOT_URL, CIVETTE_CHATWOOT_ACCOUNT_ID, CIVETTE_CHATWOOT_API_TOKEN
Deliveries go through the outbox (outbox.py), which retries them until they succeed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Protocol

import requests

from civette.helpdesk.reasons import REASONS, URGENT, LOW, label

TIMEOUT_S = float(os.environ.get("CIVETTE_CONNECTOR_TIMEOUT_S", "5"))
ZENDESK_PRIORITY = {URGENT: "urgent", LOW: "low"}
ERROR_BODY_LENGTH = 200


class ConnectorError(Exception):
    """The service refused the call (its status and the start of its answer)."""


# What a failed delivery raises; anything else is a bug.
DELIVERY_ERRORS = (requests.RequestException, ConnectorError, KeyError, ValueError)


def _post(url: str, **kwargs: Any) -> Any:
    response = requests.post(url, timeout=TIMEOUT_S, **kwargs)
    if response.status_code >= 400:
        raise ConnectorError(f"HTTP {response.status_code}: {response.text[:ERROR_BODY_LENGTH]}")
    return response.json()


@dataclass(frozen=True)
class CaseSummary:
    case_id: int
    reason: str
    transcript: List[Dict[str, str]]
    order_number: Optional[str] = None
    identity_verified: bool = False
    contact_email: Optional[str] = None
    chatwoot_conversation_id: Optional[str] = None

    def as_text(self) -> str:
        lines = [f"Dossier n° {self.case_id} : {label(self.reason)}",
                 f"Commande : {self.order_number or 'non indiquée'}"
                 f" ({'identité vérifiée' if self.identity_verified else 'identité non vérifiée'})",
                 f"Contact : {self.contact_email or 'non indiqué'}", ""]
        lines += [f"[{line['role']}] {line['text']}" for line in self.transcript]
        return "\n".join(lines)


class Connector(Protocol):
    name: str

    def concerns(self, case: CaseSummary) -> bool:
        """Whether the case goes to this service."""

    def send(self, case: CaseSummary, delivery_key: str) -> str:
        """Delivers the case; returns its reference in the service. Raises DELIVERY_ERRORS."""


class ZendeskConnector:
    name = "zendesk"

    def __init__(self, base_url: str, email: str, api_token: str):
        self.base_url, self.auth = base_url.rstrip("/"), (f"{email}/token", api_token)

    def concerns(self, case: CaseSummary) -> bool:
        return True

    def send(self, case: CaseSummary, delivery_key: str) -> str:
        """Opens a ticket; Zendesk answers a repeated `delivery_key` with the same ticket."""
        priority = REASONS[case.reason].priority if case.reason in REASONS else None
        ticket = {
            "subject": f"[Chat] {label(case.reason)} (dossier {case.case_id})",
            "comment": {"body": case.as_text(), "public": False},
            "priority": ZENDESK_PRIORITY.get(priority, "normal"),
            "tags": ["civette_bot", case.reason],
        }
        if case.contact_email:
            ticket["requester"] = {"name": case.contact_email, "email": case.contact_email}
        created = _post(f"{self.base_url}/api/v2/tickets.json", json={"ticket": ticket}, auth=self.auth,
                        headers={"Idempotency-Key": delivery_key})
        return str(created["ticket"]["id"])


class ChatwootConnector:
    name = "chatwoot"

    def __init__(self, base_url: str, account_id: str, api_token: str):
        self.account_url = f"{base_url.rstrip('/')}/api/v1/accounts/{account_id}"
        self.headers = {"api_access_token": api_token}

    def concerns(self, case: CaseSummary) -> bool:
        return bool(case.chatwoot_conversation_id)

    def send(self, case: CaseSummary, delivery_key: str) -> str:
        """A private note, then the conversation opened to agents (Chatwoot has no delivery key)."""
        conversation = f"{self.account_url}/conversations/{case.chatwoot_conversation_id}"
        note = {"content": case.as_text(), "message_type": "outgoing", "private": True}
        _post(f"{conversation}/messages", json=note, headers=self.headers)
        _post(f"{conversation}/toggle_status", json={"status": "open"}, headers=self.headers)
        return str(case.chatwoot_conversation_id)


def connectors_from_env() -> List[Connector]:
    env = os.environ
    connectors: List[Connector] = []
    if env.get("CIVETTE_ZENDESK_URL"):
        connectors.append(ZendeskConnector(env["CIVETTE_ZENDESK_URL"], env["CIVETTE_ZENDESK_EMAIL"],
                                           env["CIVETTE_ZENDESK_API_TOKEN"]))
    if env.get("CIVETTE_CHATWOOT_URL"):
        connectors.append(ChatwootConnector(env["CIVETTE_CHATWOOT_URL"],
                                            env["CIVETTE_CHATWOOT_ACCOUNT_ID"],
                                            env["CIVETTE_CHATWOOT_API_TOKEN"]))
    return connectors
