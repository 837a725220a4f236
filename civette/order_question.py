"""Messages asking about one's own order by its number: « la 5521 arrive quand ? », « 48214 ».

Whatever generic topic the classifier saw in such a message (delivery times, how to order, or
nothing at all), the customer wants this order's status: the assistant answers as for
`faq/order_status`, which starts the order lookup with the number already filled. So does a
question on where « it » is (« elle est où exactement ? »), said of the order being discussed.
"""

from __future__ import annotations

import re

from civette.identity import parse_identity
from civette.intent_model import NOT_UNDERSTOOD
from civette.text import fold

ORDER_STATUS = "faq/order_status"
ORDER_WORDS = re.compile(
    r"\b(ou|quand|qd|livr\w*|expedi\w*|envoy\w*|recu\w*|recev\w*|arriv\w*|colis|suivi|statut"
    r"|etat|parti\w*|bouge|annulee?s?|where|when|status|shipped|delivered|arrived?|track\w*)\b"
)
# Topics that a question about a numbered order overrides; the others (cancelling, returns,
# damage, invoices...) keep their own, more specific answer.
GENERIC_TOPICS = {
    "out_of_scope", "greet", "other_language", "faq/delivery_time", "faq/order_preparation",
    "faq/order_history", "faq/order_help", "faq/how_to_order", "faq/buy_online",
    "faq/find_product", "faq/contact", "faq/postal_address",
}
ORDER_TOPICS = {ORDER_STATUS, "faq/track_order", "faq/parcel_not_received"}
# Answered for the customer's verified order too, when there is one, without starting a lookup.
ABOUT_THE_VERIFIED_ORDER = {"faq/debit_timing", "faq/delivery_time", "faq/order_preparation"}
# Words that may stand around a bare order number: « bonjour, commande n° 48214 svp ».
FILLER_WORDS = set(
    "bonjour bjr salut bonsoir merci svp stp please hello hi c est ce voici voila la le ma mon "
    "une un de du pour commande cmd cde order n no num numero reference ref".split()
)


# « terminé, ça veut dire quoi ? »: the FAQ's list of statuses answers it, not the order lookup.
MEANING = re.compile(
    r"\b(veu[tx] dire|signifi\w*|c\s*'?\s*(?:est\s+)?quoi|qu\s*'?\s*est[- ]ce que|correspond\w*|definition)\b")


def asks_for_a_meaning(text: str) -> bool:
    return bool(MEANING.search(fold(text)))


def asks_about_the_order(text: str) -> bool:
    """Whether a message says what it wants to know of its order (« où », « quand », « livrée »...),
    beyond naming it (« c'est la 48214 »)."""
    return bool(ORDER_WORDS.search(fold(text))) or "?" in text


def is_order_question(text: str) -> bool:
    """An order number with a word about where or when it is, with its proof (an email or a
    postcode: the customer asks us to look), or with nothing else."""
    identity = parse_identity(text)
    if identity.order_number is None:
        return False
    if identity.proof is not None:
        return True
    folded = fold(text)
    words = set(re.findall(r"[^\W\d_]+", folded))
    return bool(ORDER_WORDS.search(folded)) or words <= FILLER_WORDS


# « elle est où exactement ? », « où en est-il ? »: where « it » is, said of the order the
# conversation is about (a place has its name: « elle est où la boutique ? »).
WHERE_IS_IT = re.compile(r"^\W*(?:et\s+|mais\s+|du coup\s+)?(?:elle|il)\s+(?:est|en est)\s+ou\b"
                         r"|\bou\s+(?:est|en est)[- ]?(?:t[- ])?(?:elle|il)\b")
PLACE_WORDS = re.compile(r"\b(boutique|magasin|shop|civette|bureau|adresse|rue|tabac)\b")


def asks_where_it_is(text: str) -> bool:
    folded = fold(text)
    return bool(WHERE_IS_IT.search(folded)) and not PLACE_WORDS.search(folded)


# « ma commande est marquée annulée alors que j'ai rien demandé »: the order's status, which the
# lookup explains, not a request to cancel.
SAYS_CANCELLED = re.compile(r"\b(est|a ete|etait|marquee?|indiquee?|passee?|statut|en|affiche\w*)\s+(comme\s+)?"
                            r"[«\"]?\s*annulee?s?\b|\bpourquoi\b.*\bannulee?s?\b")
WANTS_TO_CANCEL = re.compile(r"\b(veu[xt]|voudrais|souhait\w*|peux|peut|comment|faut|dois)\b.{0,20}\bannuler\b")
CANCEL_MODIFY = "faq/cancel_modify_order"


def says_it_was_cancelled(text: str) -> bool:
    folded = fold(text)
    return bool(SAYS_CANCELLED.search(folded)) and not WANTS_TO_CANCEL.search(folded)


def redirect(text: str, decided: str, best: str) -> str:
    """The intent to answer: `decided` by the classifier, whose most likely intent was `best`.

    A message not understood is redirected only when its most likely topic was a generic or
    an order one: « le briquet de la 55120 est arrivé rayé » stays not understood.
    """
    if decided == CANCEL_MODIFY and says_it_was_cancelled(text):
        return ORDER_STATUS
    unsure_about_an_order = decided == NOT_UNDERSTOOD and best in GENERIC_TOPICS | ORDER_TOPICS
    if (decided in GENERIC_TOPICS or unsure_about_an_order) and (is_order_question(text) or asks_where_it_is(text)):
        return ORDER_STATUS
    return decided
