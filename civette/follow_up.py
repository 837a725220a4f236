"""Short follow-up questions that lean on the previous one: « et annulée ? » after a question on
order statuses, « je dois faire comment ? » after one on returns.

Alone, such a message is too vague to be understood; read with the topic of the customer's
previous message, the FAQ answer it asks for is the most likely one of the same FAQ section
(returns, payment, delivery...). Only a message not understood alone is read this way: one the
classifier places elsewhere, out of the FAQ included, keeps that answer.

One topic changes the meaning of the next short question: after a damaged or wrong item, « qui
paie le retour ? » is about that item, not about the general return rules (whose fees are the
customer's): it keeps the damaged-item answer, which sends the customer to an advisor.
"""

from __future__ import annotations

from typing import Callable, Optional

from civette.intent_model import NOT_UNDERSTOOD, Ranked

MAX_WORDS = 8
# The least probability, alone, of the answer chosen in the previous question's section.
MIN_PROBABILITY = 0.10
# Previous topic -> the answers that, asked just after it, mean that topic again.
STAYS_ON = {"faq/damaged_or_wrong_item": {"faq/how_to_return", "faq/return_policy"}}


def depends_on_context(decided: str) -> bool:
    """Whether the answer to a message may change with the previous message's topic."""
    return decided == NOT_UNDERSTOOD or any(decided in answers for answers in STAYS_ON.values())


def is_short(text: str) -> bool:
    """Short enough to lean on the previous message's topic."""
    return len(text.split()) <= MAX_WORDS


def answer_in_context(text: str, decided: str, ranked: Ranked, previous_topic: Optional[str],
                      section_of: Callable[[str], Optional[str]]) -> str:
    """The intent to answer for `text`, given the FAQ topic of the previous message."""
    if not is_short(text) or previous_topic is None:
        return decided
    if decided in STAYS_ON.get(previous_topic, ()):
        return previous_topic
    if decided != NOT_UNDERSTOOD:
        return decided
    section = section_of(previous_topic)
    if section is None:
        return decided
    same_section = [(label, p) for label, p in ranked if section_of(label) == section]
    if same_section and same_section[0][1] >= MIN_PROBABILITY:
        return same_section[0][0]
    return decided
