"""Splitting a message into the questions it asks: « Vous prenez la Visa ? et je serai livré
quand ? » holds two, each answered in turn."""

from __future__ import annotations

import re
from typing import List

MAX_QUESTIONS = 3
MIN_WORDS = 3
# Ends of sentences, and the words that join two questions in one sentence.
SENTENCE_END = re.compile(r"(?<=[?!.;])\s+|\n+")
JOINT = re.compile(r",?\s+(?:et|aussi|egalement|également|autre question|sinon|par contre)\s+", re.I)
# « les prix sont-ils les mêmes en boutique et sur le site ? »: « et » joins two places, not two
# questions.
COMPLEMENT_ONLY = re.compile(r"^(?:sur|en|au|aux|dans|chez|par|a|à)\s+(?:\S+\s+){0,2}\S+\s*[?!.]*$", re.I)


def split_questions(text: str) -> List[str]:
    """The message's parts that can stand as questions (at least three words each), in order;
    the whole message when it holds only one, or more than MAX_QUESTIONS."""
    parts: List[str] = []
    for sentence in SENTENCE_END.split(text.strip()):
        for part in _split_on_joints(sentence):
            if len(part.split()) >= MIN_WORDS:
                parts.append(part.strip())
            elif parts:
                parts[-1] = f"{parts[-1]} {part.strip()}"
    return parts if 1 < len(parts) <= MAX_QUESTIONS else [text]


def _split_on_joints(sentence: str) -> List[str]:
    pieces = JOINT.split(sentence)
    if all(len(piece.split()) >= MIN_WORDS for piece in pieces) and not any(
            COMPLEMENT_ONLY.match(piece) for piece in pieces[1:]):
        return pieces
    return [sentence]
