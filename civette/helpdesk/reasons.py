"""Why a conversation goes to a human, how urgent it is, and how agents read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional

# Priorities: 1 is handled first.
URGENT, NORMAL, LOW = 1, 2, 3


@dataclass(frozen=True)
class Reason:
    label: str
    priority: int


REASONS: Dict[str, Reason] = {
    "payment_dispute": Reason("Contestation de paiement", URGENT),
    "damaged_or_wrong_item": Reason("Article abîmé ou erroné", URGENT),
    "parcel_not_received": Reason("Colis non reçu (livré selon Chronopost, ou plus de 5 jours ouvrés)", URGENT),
    "cancel_modify_order": Reason("Annulation ou modification de commande", URGENT),
    "personal_data_request": Reason("Demande sur les données personnelles", NORMAL),
    "identity_failed": Reason("Vérification de commande échouée 3 fois", NORMAL),
    "customer_request": Reason("Le client demande un conseiller", NORMAL),
    "not_understood": Reason("Le bot n'a pas compris deux fois de suite", LOW),
    "email": Reason("Message reçu par e-mail", NORMAL),  # a mail the triage could not answer
}

# FAQ answers after which the conversation goes to a human, and the reason recorded.
REASON_BY_SENSITIVE_FAQ = {
    "damaged_or_wrong_item": "damaged_or_wrong_item",
    "damaged_follow_up": "damaged_or_wrong_item",  # a precise point asked about that item
    "cancel_modify_order": "cancel_modify_order",
    "data_privacy": "personal_data_request",
}
SENSITIVE_FAQ_IDS = frozenset(REASON_BY_SENSITIVE_FAQ)
# Intents that are themselves a reason.
REASON_BY_INTENT = {
    "human_handoff": "customer_request",
    "payment_dispute": "payment_dispute",
}


def reason_for(intent: Optional[str], faq_id: Optional[str], identity_check: Optional[str]) -> str:
    """The reason of a handoff, from the customer's last message and the order lookup's state."""
    if intent == "faq" and faq_id in REASON_BY_SENSITIVE_FAQ:
        return REASON_BY_SENSITIVE_FAQ[faq_id]
    if intent in REASON_BY_INTENT:
        return REASON_BY_INTENT[intent]
    if identity_check == "blocked":
        return "identity_failed"
    if intent == "nlu_fallback":
        return "not_understood"
    return "customer_request"


def label(reason: str) -> str:
    return REASONS[reason].label if reason in REASONS else reason
