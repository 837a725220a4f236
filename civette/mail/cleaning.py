"""The customer's own words: quoted replies, forwarded headers and signatures removed by
mail-parser-reply (which knows « Le … a écrit : », « De : … Objet : », « Cordialement »...)."""

from __future__ import annotations

import re
from typing import List

from mailparser_reply import EmailReplyParser

PARSER = EmailReplyParser(languages=["fr", "en", "de", "es", "it"])
# What the library leaves around the parts: quoted lines with no header announcing them,
# separators (« -----Message d'origine----- », « ---------- Forwarded message --------- ») and
# the header lines of a forwarded message.
LEFTOVER_LINE = re.compile(
    r"^\s*(?:>.*|[-_=]{2,}.*[-_=]{2,}|_{5,}|(?:De|From|Date|Envoyé|Sent|À|To|Objet|Subject|Cc)\s?:.*)$",
    re.M | re.I)
FORWARDED = re.compile(r"^\s*(?:tr|fwd?|transf)\s*:|forwarded message|message transf[ée]r[ée]", re.I)
MIN_PARAGRAPH_WORDS = 3


def _tidy(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", LEFTOVER_LINE.sub("", text)).strip()


def latest_reply(text: str, subject: str = "") -> str:
    """The customer's part of the mail, without what it quotes or signs. A forwarded mail keeps
    the forwarded message: it is what the customer asks about."""
    if not text.strip():
        return ""
    bodies = [body for body in (_tidy(reply.body) for reply in PARSER.read(text).replies) if body]
    if not bodies:
        return _tidy(text)
    if FORWARDED.search(subject) or FORWARDED.search(text):
        return "\n\n".join(bodies)
    return bodies[0]


def paragraphs(text: str) -> List[str]:
    """The body's paragraphs (blank-line separated) long enough to ask something."""
    found = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    return [p for p in found if len(p.split()) >= MIN_PARAGRAPH_WORDS]
