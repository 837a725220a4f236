"""Precise answers: a question on one point of an FAQ entry (« qui paie le retour ? », « je serai
remboursé quand ? ») gets the FAQ's sentences on that point (`details` in faq/faq.yml) rather than
the whole entry, where the whole answer would bury the point or answer a neighbouring question
(the return window for the refund delay).

A question on a sensitive point (a return after the shop's own error) gets the sensitive answer,
which hands over; a sensitive answer is never refined into an ordinary one.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Dict, Optional, Sequence

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
    if follow_up:  # a follow-up gets a point, not the whole answer again
        candidates = [d for d in candidates if d.answer != answer]
    if entry_id in SENSITIVE_FAQ_IDS:
        candidates = [d for d in candidates if d.entry_id == entry_id]
    # Sensitive points first, then the answer's own points, then its neighbours'.
    candidates.sort(key=lambda d: (d.entry_id not in SENSITIVE_FAQ_IDS, d.entry_id != entry_id))
    folded = fold(text)
    days = days_ago(folded)
    return next((d for d in candidates if d.asks.search(folded) and _within(days, d.received_days_ago)), None)


NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
                "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20}
UNIT_DAYS = {"j": 1, "jour": 1, "jours": 1, "sem": 7, "semaine": 7, "semaines": 7, "mois": 30}
DAYS_AGO = re.compile(r"\b(?:il y a|y a|ya|depuis|ca fait|cela fait|voila)\s+(?:plus d.?|presque |environ |bientot )?"
                      r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")\s*(jours?|j|semaines?|sem|mois)\b")


# The time given is the reception's: « reçu il y a 3 semaines », « je l'ai depuis 10 jours », « ça
# fait 3 semaines que je l'ai ».
RECEIVED = re.compile(r"\b(recu\w*|livre\w*|arrive\w*|depuis|que je l.?ai\b(?! command))")


MONTHS = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
          "novembre", "decembre"]
# « reçu le 10 novembre », « livré le 3/11 ».
ON_A_DATE = re.compile(r"\b(?:le|du|depuis le)\s+(\d{1,2})(?:er)?\s*(?:(" + "|".join(MONTHS) + r")|/(\d{1,2}))\b")


def days_ago(folded: str, today: Optional[date] = None) -> Optional[int]:
    """How long ago the customer received their order, from « reçu il y a 3 semaines », « ça fait
    10 jours qu'il est arrivé », « je l'ai reçu le 10 novembre »..."""
    if not RECEIVED.search(folded):
        return None
    found = DAYS_AGO.search(folded)
    if found is not None:
        count, unit = found.groups()
        return (int(count) if count.isdigit() else NUMBER_WORDS[count]) * UNIT_DAYS[unit]
    on_a_date = ON_A_DATE.search(folded)
    return None if on_a_date is None else _days_since(*on_a_date.groups(), today or date.today())


def _days_since(day: str, month_name: Optional[str], month_number: Optional[str], today: date) -> Optional[int]:
    """Days from the latest such date (last year's, if this year's is still to come) to `today`."""
    month = MONTHS.index(month_name) + 1 if month_name else int(month_number or 0)
    try:
        received = date(today.year, month, int(day))
        if received > today:
            received = received.replace(year=today.year - 1)
    except ValueError:  # « le 31/02 »
        return None
    return (today - received).days


def _within(days: Optional[int], bounds: Optional[Dict[str, int]]) -> bool:
    if bounds is None:
        return True
    if days is None:
        return False
    return days > bounds.get("more_than", -1) and days <= bounds.get("at_most", days)
