"""What a mail asks: the topic of its subject and body, the topics of each paragraph, whether one
is sensitive, and the order it names (given only to the order's own email address)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from typing import List, Optional, Tuple

from civette.helpdesk.reasons import REASON_BY_INTENT, REASON_BY_SENSITIVE_FAQ
from civette.identity import parse_identity
from civette.mail.classifier import Classifier, Parsed
from civette.mail.cleaning import paragraphs
from civette.orders.answers import OrderAnswer, order_answer
from civette.orders.lookup import OrderLookup, OrderStoreUnavailable
from civette.text import fold
from civette.understanding import FAQ_PREFIX, OUT_OF_SCOPE, is_question

log = logging.getLogger("civette.mail")
ORDER_WORD = re.compile(r"\b(?:commande|cmd|cde|order)\b|n°|#\s*\d")
ORDER_TOPICS = {"order_status", "track_order", "parcel_not_received"}


@dataclass
class Analysis:
    topic: str  # the whole mail's full intent (`faq/<id>`, `out_of_scope`, `nlu_fallback`...)
    confidence: float
    paragraph_topics: List[Tuple[str, float]] = field(default_factory=list)  # subject included
    sensitive: Optional[str] = None  # the handoff reason (civette.helpdesk.reasons)
    unanswered_question: bool = False
    order_number: Optional[str] = None
    order_owned: bool = False
    order: Optional[OrderAnswer] = None

    @property
    def faq_id(self) -> Optional[str]:
        return self.topic[len(FAQ_PREFIX):] if self.topic.startswith(FAQ_PREFIX) else None

    def other_topics(self, band: float) -> List[str]:
        """FAQ topics asked with at least `band` likelihood besides the mail's own."""
        return sorted({t for t, p in self.paragraph_topics
                       if t.startswith(FAQ_PREFIX) and t != self.topic and p >= band})


def _confidence(parsed: Parsed) -> float:
    """The decided intent's probability (a rule may have chosen it over the model's best)."""
    return dict(parsed.ranked).get(parsed.intent, parsed.confidence)


def _sensitive(intent: str) -> Optional[str]:
    bare = intent[len(FAQ_PREFIX):] if intent.startswith(FAQ_PREFIX) else None
    return REASON_BY_SENSITIVE_FAQ.get(bare or "") or REASON_BY_INTENT.get(intent)


def analyse(subject: str, body: str, sender: str, classifier: Classifier, band: float,
            lookup: Optional[OrderLookup], today: date) -> Analysis:
    """`band`: the likelihood from which a topic counts (a second topic, a sensitive one)."""
    parts = paragraphs(body)
    whole = f"{subject}\n{body}".strip()
    texts = [whole] + ([subject] if len(subject.split()) >= 2 else []) + (parts if len(parts) > 1 else [])
    parsed = classifier.parse(texts)
    analysis = Analysis(parsed[0].intent, _confidence(parsed[0]),
                        [(p.intent, _confidence(p)) for p in parsed[1:]])
    for text, item in zip(texts, parsed):
        # Sensitive when decided so, or when a sensitive intent is at least `band` likely.
        reasons = [_sensitive(item.intent)] + [_sensitive(label) for label, p in item.ranked if p >= band]
        analysis.sensitive = analysis.sensitive or next((r for r in reasons if r), None)
        if item.intent in (OUT_OF_SCOPE, "nlu_fallback") and item is not parsed[0] and is_question(text):
            analysis.unanswered_question = True
    # A number counts as an order's only beside an order word: not a year, nor an amount.
    if ORDER_WORD.search(fold(whole)):
        analysis.order_number = parse_identity(whole).order_number
    if analysis.order_number and lookup is not None and sender:
        try:
            view = lookup.find_verified(analysis.order_number, sender)
        except OrderStoreUnavailable as error:  # the order then stays unverified: a case
            log.warning("order store unavailable: %s", error)
            view = None
        if view is not None:
            analysis.order_owned = True
            question = analysis.faq_id if analysis.faq_id in ORDER_TOPICS else "order_status"
            analysis.order = order_answer(view, question, None, today)
    return analysis
