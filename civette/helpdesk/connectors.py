"""Optional outbound connectors, each off until its environment variables are set.

Zendesk: a ticket per case (POST /api/v2/tickets.json, API-token Basic auth).
  CIVETTE_ZENDESK_URL, CIVETTE_ZENDESK_EMAIL, CIVETTE_ZENDESK_API_TOKEN
Chatwoot: for conversations that come from Chatwoot (message metadata `chatwoot_conversation_id`),
  a private note with the context, then the conversation is opened to agents (toggle_status).
  CIVETTE_CHATWOOT_URL, CIVETTE_CHATWOOT_ACCOUNT_ID, CIVETTE_CHATWOOT_API_TOKEN
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Dict, List, Optional

import requests

from civette.helpdesk.reasons import REASONS, URGENT, LOW, label

logger = logging.getLogger(__name__)
TIMEOUT_S = float(os.environ.get("CIVETTE_CONNECTOR_TIMEOUT_S", "5"))
ZENDESK_PRIORITY = {URGENT: "urgent", LOW: "low"}


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


class ZendeskConnector:
    name = "zendesk"

    def __init__(self, base_url: str, email: str, api_token: str):
        self.base_url, self.auth = base_url.rstrip("/"), (f"{email}/token", api_token)

    def send(self, case: CaseSummary) -> Optional[str]:
        priority = REASONS[case.reason].priority if case.reason in REASONS else None
        ticket = {
            "subject": f"[Chat] {label(case.reason)} (dossier {case.case_id})",
            "comment": {"body": case.as_text(), "public": False},
            "priority": ZENDESK_PRIORITY.get(priority, "normal"),
            "tags": ["civette_bot", case.reason],
        }
        if case.contact_email:
            ticket["requester"] = {"name": case.contact_email, "email": case.contact_email}
        response = requests.post(f"{self.base_url}/api/v2/tickets.json", json={"ticket": ticket},
                                 auth=self.auth, timeout=TIMEOUT_S)
        response.raise_for_status()
        return str(response.json()["ticket"]["id"])


class ChatwootConnector:
    name = "chatwoot"

    def __init__(self, base_url: str, account_id: str, api_token: str):
        self.account_url = f"{base_url.rstrip('/')}/api/v1/accounts/{account_id}"
        self.headers = {"api_access_token": api_token}

    def send(self, case: CaseSummary) -> Optional[str]:
        if not case.chatwoot_conversation_id:
            return None
        conversation = f"{self.account_url}/conversations/{case.chatwoot_conversation_id}"
        note = {"content": case.as_text(), "message_type": "outgoing", "private": True}
        requests.post(f"{conversation}/messages", json=note, headers=self.headers,
                      timeout=TIMEOUT_S).raise_for_status()
        requests.post(f"{conversation}/toggle_status", json={"status": "open"}, headers=self.headers,
                      timeout=TIMEOUT_S).raise_for_status()
        return case.chatwoot_conversation_id


def connectors_from_env() -> List:
    env = os.environ
    connectors: List = []
    if env.get("CIVETTE_ZENDESK_URL"):
        connectors.append(ZendeskConnector(env["CIVETTE_ZENDESK_URL"], env["CIVETTE_ZENDESK_EMAIL"],
                                           env["CIVETTE_ZENDESK_API_TOKEN"]))
    if env.get("CIVETTE_CHATWOOT_URL"):
        connectors.append(ChatwootConnector(env["CIVETTE_CHATWOOT_URL"],
                                            env["CIVETTE_CHATWOOT_ACCOUNT_ID"],
                                            env["CIVETTE_CHATWOOT_API_TOKEN"]))
    return connectors


def notify(connectors: List, case: CaseSummary) -> Dict[str, str]:
    """Sends the case to every connector; returns their references. A failure is only logged."""
    refs = {}
    for connector in connectors:
        try:
            ref = connector.send(case)
        except (requests.RequestException, KeyError, ValueError) as error:
            logger.warning("%s: case %s not sent: %s", connector.name, case.case_id, error)
            continue
        if ref:
            refs[connector.name] = ref
    return refs
