"""The decision for one mail: `auto_reply` only when the answer is certain and safe, `ignore` for
machines, `case` for everything else, always with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from civette.mail.analysis import Analysis
from civette.mail.settings import MailSettings

AUTO_REPLY, CASE, IGNORE = "auto_reply", "case", "ignore"
# Answered automatically only with the sender's own order (and then only when not overdue).
NEEDS_OWN_ORDER = {"parcel_not_received"}


@dataclass(frozen=True)
class Decision:
    decision: str
    reason: str


def decide(analysis: Analysis, language: str, settings: MailSettings) -> Decision:
    """For a readable mail written by a person (machines and unreadable mail are decided before)."""
    faq_id = analysis.faq_id
    if analysis.sensitive:
        return Decision(CASE, f"sensitive: {analysis.sensitive}")
    if language != "fr":
        return Decision(CASE, f"language {language}")
    if faq_id is None:
        return Decision(CASE, f"no FAQ topic ({analysis.topic})")
    if analysis.confidence < settings.topic_confidence:
        return Decision(CASE, f"unclear ({analysis.confidence:.2f})")
    if analysis.confidence < settings.auto_reply_confidence:
        return Decision(CASE, f"medium confidence ({analysis.confidence:.2f})")
    others = analysis.other_topics(settings.topic_confidence)
    if others:
        return Decision(CASE, f"several topics ({', '.join(others)})")
    if analysis.unanswered_question:
        return Decision(CASE, "a question outside the FAQ")
    order = _order_reason(analysis, faq_id)
    if order:
        return Decision(CASE, order)
    return Decision(AUTO_REPLY, f"faq {faq_id} ({analysis.confidence:.2f})")


def _order_reason(analysis: Analysis, faq_id: str) -> Optional[str]:
    """Why an order's mail needs a person, or None."""
    if analysis.order_number and not analysis.order_owned:
        return f"order {analysis.order_number} not the sender's"
    if analysis.order is not None and analysis.order.hand_over:
        return f"order {analysis.order_number} needs an advisor"
    if faq_id in NEEDS_OWN_ORDER and analysis.order is None:
        return f"{faq_id} without the sender's order"
    return None
