"""Two-stage fallback: first ask to rephrase with the closest FAQ topics, then offer a human."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

from civette.faq import RETRIEVAL_INTENT, KnowledgeBase

FALLBACK_ACTION = "action_fallback"
SUGGESTIONS = 3


def misunderstood_in_a_row(events: Iterable[Dict[str, Any]]) -> int:
    """The latest user message plus the ones just before it that the bot did not understand."""
    count = 0
    actions_since_user: set = set()
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind == "action":
            actions_since_user.add(event.get("name"))
        elif kind == "user":
            if count and FALLBACK_ACTION not in actions_since_user:
                break
            count += 1
            actions_since_user = set()
    return max(count, 1)


def suggested_questions(parse_data: Dict[str, Any], kb: KnowledgeBase) -> List[str]:
    """The FAQ questions the response selector ranked highest, or none if it ranked too few.

    They are offered as buttons whose payload is the question itself, so a click is understood
    like a typed question.
    """
    selector = (parse_data.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    questions: List[str] = []
    for candidate in selector.get("ranking") or []:
        try:
            question = kb.get(candidate["intent_response_key"]).question
        except KeyError:
            continue
        if question not in questions:
            questions.append(question)
    return questions[:SUGGESTIONS] if len(questions) >= SUGGESTIONS else []
