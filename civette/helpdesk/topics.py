"""The topic the bot detected in a case, in words for advisors (not `nlu_fallback 100 %`)."""

from __future__ import annotations

from typing import Optional

from civette.faq import KnowledgeBase

FAQ_PREFIX = "faq/"
INTENT_TOPICS = {
    "human_handoff": "demande à parler à un conseiller",
    "payment_dispute": "contestation d'un paiement",
    "nlu_fallback": "message que le bot n'a pas compris",
    "out_of_scope": "question hors du champ de la boutique",
    "other_language": "message dans une autre langue",
    "order_id": "numéro de commande",
    "greet": "salutation",
    "goodbye": "au revoir",
    "thank": "remerciements",
    "affirm": "réponse « oui »",
    "deny": "réponse « non »",
    "stop": "abandon de la demande",
    "bot_challenge": "demande s'il parle à un robot",
}
# Below this confidence the advisor is told the bot was unsure of the topic.
UNSURE_BELOW = 0.5


def faq_id(intent: Optional[str]) -> Optional[str]:
    """The FAQ entry of a detected `faq/<id>` intent."""
    return intent[len(FAQ_PREFIX):] if intent and intent.startswith(FAQ_PREFIX) else None


def topic_label(intent: Optional[str], confidence: Optional[float], kb: KnowledgeBase) -> str:
    """E.g. "FAQ : « Quels sont les délais de livraison ? »", "demande à parler à un conseiller"."""
    if not intent:
        return "aucun"
    entry = faq_id(intent)
    if entry in kb.ids:
        words = f"FAQ : « {kb.get(entry).question} »"
    else:
        words = INTENT_TOPICS.get(intent, intent.replace("_", " "))
    unsure = confidence is not None and confidence < UNSURE_BELOW and intent != "nlu_fallback"
    return f"{words} (le bot n'en était pas sûr)" if unsure else words
