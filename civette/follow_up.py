"""Short follow-up questions that lean on the previous one: « et annulée ? » after a question on
order statuses, « je dois faire comment ? » after one on returns.

Alone, such a message is too vague to be understood; read with the topic of the customer's
previous message, the FAQ answer it asks for is the most likely one of the same FAQ section
(returns, payment, delivery...). Only a message not understood alone is read this way: one the
classifier places elsewhere, out of the FAQ included, keeps that answer.
"""

from __future__ import annotations

from typing import Callable, Optional

from civette.intent_model import NOT_UNDERSTOOD, Ranked

MAX_WORDS = 8
# The least probability, alone, of the answer chosen in the previous question's section.
MIN_PROBABILITY = 0.10


def answer_in_context(text: str, decided: str, ranked: Ranked, previous_topic: Optional[str],
                      section_of: Callable[[str], Optional[str]]) -> str:
    """The intent to answer for `text`, given the FAQ topic of the previous message."""
    if decided != NOT_UNDERSTOOD or len(text.split()) > MAX_WORDS or previous_topic is None:
        return decided
    section = section_of(previous_topic)
    if section is None:
        return decided
    same_section = [(label, p) for label, p in ranked if section_of(label) == section]
    if same_section and same_section[0][1] >= MIN_PROBABILITY:
        return same_section[0][0]
    return decided
