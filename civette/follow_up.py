"""Short follow-up questions that lean on the previous one: « et annulée ? » after a question on
order statuses, « je dois faire comment ? » after one on returns.

Alone, such a message is too vague to be understood; read with the topic of the customer's
previous message, the FAQ answer it asks for is the most likely one of the same FAQ section
(returns, payment, delivery...). Only a message not understood alone is read this way: one the
classifier places elsewhere, out of the FAQ included, keeps that answer.

One topic changes the meaning of the next return questions: after a damaged or wrong item, « qui
paie le retour ? » is about that item, not about the general return rules (whose fees are the
customer's): it keeps the damaged-item answer, which sends the customer to an advisor.

« Et pour le tabac à pipe, c'est pareil ? » asks the previous question again about something
else: it gets the previous answer.
"""

from __future__ import annotations

import re
from typing import Callable, Optional, Sequence

from civette.helpdesk.reasons import SENSITIVE_FAQ_IDS
from civette.intent_model import NOT_UNDERSTOOD, Ranked
from civette.text import fold

WORD = re.compile(r"\w+")
MAX_WORDS = 12
# A follow-up asking a precise point (« et si j'ai ouvert le paquet qui était scellé ? ») names
# it: it may be longer.
MAX_WORDS_FOR_A_POINT = 20
# The least probability, alone, of the answer chosen in the previous question's section.
MIN_PROBABILITY = 0.10
# Previous topic -> the answers that, asked just after it, mean that topic again.
STAYS_ON = {"faq/damaged_or_wrong_item": {"faq/how_to_return", "faq/return_policy"}}
# Points of the return rules that hold for any item, the damaged one included: « j'ai combien de
# jours pour retourner un article ? » gets them even after a damaged item.
SAME_FOR_ANY_ITEM = {"return_window", "return_window_passed", "return_window_open", "used_or_opened",
                     "exchange_once", "return_form", "return_address"}


# An ordinary return, even after a damaged item: the customer's own choice, or another item.
CHANGE_OF_MIND = re.compile(r"\b(plait pas|plaira pas|plairait pas|convien\w* (pas|plus)|change d.?avis|"
                            r"pas satisfait\w*|si ca (me|lui) (va|plait) pas|moi[- ]?meme|je parle (pas )?(de|des|du)|"
                            r"rien a voir|en a deja un|finalement|question generale|en general|de maniere generale)\b")
# What makes a return the shop's matter all the same.
DAMAGE_OR_MISTAKE = re.compile(r"\b(cass\w*|abim\w*|endommag\w*|fendu\w*|fissur\w*|ray(e|ee|es|ure)\w*|defectu\w*|"
                               r"(marche|fonctionne) (pas|plus)|ecras\w*|erreur|trompe\w*|pas (le|la) bon\w*|au lieu|"
                               r"a la place|manqu\w*)\b")


# « il est pas abîmé hein »: a damage denied.
NOT_DAMAGED = re.compile(
    r"\b(pas|plus|jamais|rien d.?) ?(du tout |vraiment |du |de )?(abim|cass|endommag|ray|defectu)\w*")


def is_ordinary_return(text: str) -> bool:
    """« la couleur me plaît pas », « les pierres que j'ai ouvertes moi-même », « il est pas
    abîmé, j'ai juste enlevé le blister »: a return of the customer's own choice, which the
    general rules answer (no damage or mistake named, other than denied)."""
    folded = fold(text)
    chosen = CHANGE_OF_MIND.search(folded) or NOT_DAMAGED.search(folded)
    return bool(chosen) and not DAMAGE_OR_MISTAKE.search(NOT_DAMAGED.sub("", folded))
# « c'est pareil ? », « idem pour … ? »: the same question about something else.
SAME_AS_BEFORE = re.compile(r"\b(c.?est pareil|c pareil|pareil pour|idem|la meme chose|meme chose|meme regle)\b")
# « et paypal aussi ? », when not understood alone (« et vous vendez aussi des pizzas ? » is placed
# out of the FAQ, and stays there).
ALSO = re.compile(r"^\W*et\b.*\baussi\b")
SAME_AS_BEFORE_ANSWERABLE = {NOT_UNDERSTOOD, "out_of_scope"}
# Answers that a short follow-up gets alone but that a precise point of the previous topic may
# answer better: « je l'envoie à quelle adresse ? » after a return is the return form's address,
# not the shop's; « et ça coûte combien ? » after the delivery time is the delivery's cost.
GENERIC_ANSWERS = {"faq/contact", "faq/postal_address", "faq/price_not_online"}


def depends_on_context(decided: str) -> bool:
    """Whether the answer to a message may change with the previous message's topic."""
    return decided in SAME_AS_BEFORE_ANSWERABLE | GENERIC_ANSWERS or any(
        decided in answers for answers in STAYS_ON.values())


def is_short(text: str, limit: int = MAX_WORDS) -> bool:
    """Short enough to lean on the previous message's topic."""
    return len(WORD.findall(text)) <= limit


def may_ask_a_point(text: str, decided: str) -> bool:
    """Whether a message, with its answer alone, may ask a precise point of the previous topic."""
    not_faq = not decided.startswith("faq/")
    return (not_faq or decided in GENERIC_ANSWERS) and is_short(text, MAX_WORDS_FOR_A_POINT)


def answer_in_context(text: str, decided: str, ranked: Ranked, previous_topics: Sequence[str],
                      section_of: Callable[[str], Optional[str]]) -> str:
    """The intent to answer for `text`, given the FAQ topics of the previous messages, newest
    first: the latest one's section, else an earlier one's (« ok et ça arrive quand ? » after a
    question on the debit, itself after one on the order)."""
    if not previous_topics:
        return decided
    # Whatever the length of the message, and whatever came between (« je préfère être
    # remboursé », then « et c'est moi qui paie le renvoi ? »), unless the customer now speaks of
    # an ordinary return (« et si ça me plaît pas ? »).
    staying_on = _staying_on(text, decided, previous_topics)
    if staying_on:
        return staying_on
    folded = fold(text)
    same_question = (SAME_AS_BEFORE.search(folded) or decided == NOT_UNDERSTOOD and ALSO.search(folded)) and \
        is_short(text, MAX_WORDS_FOR_A_POINT)
    if decided in SAME_AS_BEFORE_ANSWERABLE and same_question:
        # « et pour le tabac à pipe c'est pareil ? »: the previous answer again.
        return previous_topics[0]
    if decided != NOT_UNDERSTOOD or not is_short(text):
        return decided
    for section in dict.fromkeys(section_of(topic) for topic in previous_topics):
        # A guess never lands on an answer that hands over: that one is given when sure.
        same_section = [(label, p) for label, p in ranked if section is not None and section_of(label) == section
                        and label.partition("/")[2] not in SENSITIVE_FAQ_IDS]
        if same_section and same_section[0][1] >= MIN_PROBABILITY:
            # « on m'en renverra un neuf ? » after a damaged item is still about that item.
            return _staying_on(text, same_section[0][0], previous_topics) or same_section[0][0]
    return decided


def _staying_on(text: str, answer: str, previous_topics: Sequence[str]) -> Optional[str]:
    """The previous topic that `answer` means again (STAYS_ON), unless the customer now speaks
    of an ordinary return."""
    staying_on = next((topic for topic in previous_topics if answer in STAYS_ON.get(topic, ())), None)
    return None if staying_on is None or is_ordinary_return(text) else staying_on
