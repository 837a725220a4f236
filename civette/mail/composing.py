"""The automatic reply: the FAQ entry's formal `email` answer (never invented text), the order's
real status when the sender owns it, and the fixed wording of civette/mail/wording.yml."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from civette.faq import KnowledgeBase

WORDING_PATH = Path(__file__).with_name("wording.yml")


@dataclass(frozen=True)
class Reply:
    subject: str
    text: str

    @property
    def html(self) -> str:
        paragraphs = [html.escape(p).replace("\n", "<br>\n") for p in self.text.split("\n\n")]
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        return f'<!DOCTYPE html>\n<html lang="fr"><body>\n{body}\n</body></html>\n'


@lru_cache(maxsize=1)
def wording() -> Dict[str, str]:
    return yaml.safe_load(WORDING_PATH.read_text(encoding="utf-8"))


def reply_subject(subject: str) -> str:
    prefix = wording()["subject_prefix"]
    bare = re.sub(r"^(?:\s*(?:re|tr|fwd?)\s*:\s*)+", "", subject, flags=re.I).strip()
    return f"{prefix}{bare}" if bare else prefix.strip()


def suggested_answer(kb: KnowledgeBase, faq_id: Optional[str], order_text: Optional[str] = None,
                     automatic: bool = False) -> str:
    """The whole reply's text: sent automatically, or prefilled for an advisor to edit."""
    words = wording()
    parts: List[str] = [words["greeting"]]
    if faq_id:
        parts.append(kb.get(faq_id).email)
    if order_text:
        parts.append(f"{words['order_intro']}\n{order_text}")
    parts += [words["advisor"], words["closing"]] + ([words["automatic"]] if automatic else [])
    return "\n\n".join(parts)


def compose(kb: KnowledgeBase, subject: str, faq_id: str, order_text: Optional[str]) -> Reply:
    return Reply(reply_subject(subject), suggested_answer(kb, faq_id, order_text, automatic=True))
