"""Precise answers: a question on one point of an FAQ entry (« qui paie le retour ? », « je serai
remboursé quand ? ») gets the FAQ's sentences on that point (`details` in faq/faq.yml) rather than
the whole entry, where the whole answer would bury the point or answer a neighbouring question
(the return window for the refund delay).

A question on a sensitive point (a return after the shop's own error) gets the sensitive answer,
which hands over; a sensitive answer is never refined into an ordinary one.
"""

from __future__ import annotations

from typing import Optional, Sequence

from civette.faq import RETRIEVAL_INTENT, FaqDetail
from civette.helpdesk.reasons import SENSITIVE_FAQ_IDS
from civette.text import fold


def precise_answer(text: str, answer: str, details: Sequence[FaqDetail],
                   follow_up: bool = False) -> Optional[FaqDetail]:
    """The detail that answers `text` better than `answer` (`faq/<id>`), if any; for a short
    `follow_up` on `answer` (« c'est payant ? »), any point of its entry."""
    base, _, entry_id = answer.partition("/")
    if base != RETRIEVAL_INTENT:
        return None
    candidates = [d for d in details if entry_id in d.refines or (follow_up and d.entry_id == entry_id)]
    if entry_id in SENSITIVE_FAQ_IDS:
        candidates = [d for d in candidates if d.entry_id == entry_id]
    # Sensitive points first, then the answer's own points, then its neighbours'.
    candidates.sort(key=lambda d: (d.entry_id not in SENSITIVE_FAQ_IDS, d.entry_id != entry_id))
    folded = fold(text)
    return next((d for d in candidates if d.asks.search(folded)), None)
