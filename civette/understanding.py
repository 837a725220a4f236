"""What a customer's message asks, from the classifier's probabilities: the intent to answer,
and for a message holding several questions, every FAQ answer in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, List, Optional, Sequence, Tuple

from sklearn.pipeline import Pipeline

from civette import follow_up, intent_model, order_question
from civette.intent_model import ModelSettings, Ranked
from civette.questions import split_questions

FAQ_PREFIX = "faq/"
OUT_OF_SCOPE = "out_of_scope"
# Whole-message intents that the parts do not override: a request for a human, a dispute...
NOT_SPLIT = {"human_handoff", "payment_dispute", "other_language", "stop"}

# A question part of at most this many words leans on the rest of its message.
LEANING_WORDS = 3
WORD = re.compile(r"\w+")
QUESTION_WORDS = {"comment", "pourquoi", "pk", "quand", "qd", "ou", "où", "combien", "quel", "quelle",
                  "quels", "quelles", "est-ce", "vous", "tu", "pouvez", "peut", "puis-je", "peux"}


def is_question(text: str) -> bool:
    """A part that asks something (« ? » or a question word first), not mere context."""
    words = text.lower().split()
    return "?" in text or bool(words) and words[0].strip(",.") in QUESTION_WORDS


@dataclass(frozen=True)
class Understanding:
    intent: str  # a full intent (`faq/<id>`, `greet`...) or `nlu_fallback`
    ranked: Ranked  # the whole message's intents, most likely first
    more_answers: Tuple[str, ...] = ()  # further FAQ answers, for the message's other questions
    unanswered_part: bool = False  # a question of the message that no FAQ answer covers


def understand(model: Pipeline, texts: List[str], settings: ModelSettings) -> List[Understanding]:
    return [_understand(model, text, ranked, settings)
            for text, ranked in zip(texts, intent_model.ranking(model, texts))]


def understand_in_context(model: Pipeline, texts: List[str], previous_texts: Sequence[Sequence[str]],
                          settings: ModelSettings,
                          section_of: Callable[[str], Optional[str]]) -> List[Understanding]:
    """As `understand`, a short message that depends on its context read with the topic of the
    customer's latest previous message that had an FAQ topic (follow_up); `previous_texts` holds
    each message's previous ones, newest first."""
    understood = understand(model, texts, settings)
    for index, previous in enumerate(previous_texts):
        if previous and follow_up.depends_on_context(understood[index].intent):
            topics = [u.intent for u in understand(model, list(previous), settings)]
            previous_topic = next((t for t in topics if t.startswith(FAQ_PREFIX)), None)
            answer = follow_up.answer_in_context(texts[index], understood[index].intent,
                                                 understood[index].ranked, previous_topic, section_of)
            understood[index] = replace(understood[index], intent=answer)
    return understood


def _decide(text: str, ranked: Ranked, settings: ModelSettings) -> str:
    decided = intent_model.decide(ranked, settings)
    return order_question.redirect(text, decided, best=ranked[0][0])


def _understand(model: Pipeline, text: str, ranked: Ranked, settings: ModelSettings) -> Understanding:
    whole = _decide(text, ranked, settings)
    parts = split_questions(text)
    if len(parts) == 1 or whole in NOT_SPLIT:
        return Understanding(whole, ranked)
    decided = [_decide(part, part_ranked, settings)
               for part, part_ranked in zip(parts, intent_model.ranking(model, parts))]
    answers = list(dict.fromkeys(d for d in decided if d.startswith(FAQ_PREFIX)))
    if not answers:
        return Understanding(whole, ranked)
    # Only a question the model places outside the FAQ and that stands alone: one it cannot
    # place (« qu'est-ce que je dois faire ? »), or a few words (« c'est possible ? »), leans on
    # the rest of the message.
    unanswered = any(d == OUT_OF_SCOPE and is_question(part) and len(WORD.findall(part)) > LEANING_WORDS
                     for part, d in zip(parts, decided))
    return Understanding(answers[0], ranked, tuple(answers[1:]), unanswered)
