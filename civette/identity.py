"""Reading the order number and the proof of ownership (the order's email or postcode) that a
customer types, in any order, possibly in one message: "commande n°48213, jean@exemple.fr"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A number standing alone: not inside a longer number, a word, a date or an email, nor a street
# number (« 157 rue Saint-Honoré »).
STREET = r"\s+(?:bis\s+|ter\s+)?(?:rue|avenue|av|bd|boulevard|place|quai|chemin|all[ée]e|impasse|street|road)\b"
NUMBER = re.compile(rf"(?<![\w@/.,:-])\d+(?![\w@]|[.,/:-]\d|{STREET})", re.I)
SPACED_POSTCODE = re.compile(
    r"((?:code\s*postal|cp)\s*(?:c'?\s*est\s+|c\s+|est\s+|:\s*)?)(\d{2})\s(\d{3})\b", re.I)
ORDER_WORD = r"(?:commande|cmd|cde|order|n°|no|num(?:ero|éro)?|#)"
# "commande 48 214" (grouped digits after an order word) is 48214.
SPACED_ORDER_NUMBER = re.compile(rf"({ORDER_WORD}\.?\s*:?\s*)(\d{{2,3}})[\s-](\d{{3}})\b", re.I)
# A message that is only grouped digits, « 48 214 » or « 69 003 », is one number.
SPACED_NUMBER_ALONE = re.compile(r"^\s*(\d{2,3})[\s-](\d{3})\s*$")
# "CMD48214", "n.48214": an order word glued to the number.
GLUED_ORDER_NUMBER = re.compile(rf"\b({ORDER_WORD}|n)\.?(?=\d{{4,}})", re.I)
# "48214-69003", "48214/69003": two long numbers joined by a dash or a slash (not a date).
JOINED_NUMBERS = re.compile(r"(\d{4,})\s*[-/]\s*(\d{4,})")
# An order word just before a number, possibly with "c'est" between: « la commande c'est 48213 »;
# or « la » as customers name an order: « c'est peut-être la 48299 ».
ORDER_MARKER = re.compile(
    r"(?:(?:#|n°|no\.?|num(?:ero|éro)?\.?|commande|cmd|cde|order)\s*(?:c'?\s*est\s+|c\s+|est\s+|:\s*)?|\bla\s+)$",
    re.I)
# A postcode announced after the number: « 75008 c'est mon code postal ».
POSTCODE_AFTER = re.compile(r"^\s*,?\s*(?:c'?\s*est|c|est)?\s*(?:mon|le|ma)?\s*(?:code\s*postal|cp)\b(?!\s*(?:c'?\s*est\s|c\s|est\s|:)?\s*\d)", re.I)
POSTCODE_MARKER = re.compile(r"(?:code\s*postal|cp|postcode)\s*(?:c'?\s*est\s+|c\s+|est\s+|:\s*)?$", re.I)
ORDER_NUMBER = re.compile(r"^\d{3,12}$")
POSTCODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class IdentityParts:
    order_number: Optional[str] = None
    email: Optional[str] = None
    postcode: Optional[str] = None

    @property
    def proof(self) -> Optional[str]:
        return self.email or self.postcode


# The shop's own addresses (« j'écris à info@alacivette.com ? ») are never a customer's.
SHOP_DOMAIN = "alacivette.com"


def customer_email(text: str) -> Optional[str]:
    """The first email address in a message that is not the shop's own."""
    return next((found.group(0) for found in EMAIL.finditer(text)
                 if not found.group(0).lower().endswith("@" + SHOP_DOMAIN)), None)


def normalise_proof(proof: str) -> str:
    """Emails compare case-insensitively, postcodes without spaces."""
    return proof.strip().lower() if "@" in proof else re.sub(r"\s+", "", proof)


def looks_like_an_email(text: str) -> bool:
    """Whether a message is an attempt at an email address, even a mistyped one: a word with an
    « @ » in a short message (« non c'bon j'écrirai à info@ » is a sentence)."""
    text = text.strip()
    short = len(text.split()) <= 3
    return short and "@" in text or bool(re.fullmatch(r"[\w.+-]+\.[a-z]{2,}", text, re.I))


def looks_like_a_value(text: str) -> bool:
    """Whether a message can be an attempt at the value a form asked for (an order number, an
    email, a postcode), rather than a question or a sentence to be answered as such."""
    text = text.strip()
    return "@" in text or ("?" not in text and 0 < len(text.split()) <= 3)


def is_valid_order_number(text: str) -> bool:
    return bool(ORDER_NUMBER.match(text))


def is_valid_proof(text: str) -> bool:
    return bool(EMAIL.fullmatch(text.strip()) or POSTCODE.match(re.sub(r"\s+", "", text)))


def _normalise_numbers(text: str) -> str:
    text = SPACED_POSTCODE.sub(r"\1\2\3", text)
    text = SPACED_ORDER_NUMBER.sub(r"\1\2\3", text)
    text = SPACED_NUMBER_ALONE.sub(r"\1\2", text)
    text = GLUED_ORDER_NUMBER.sub(r"\1 ", text)
    return JOINED_NUMBERS.sub(r"\1 \2", text)


def parse_identity(text: str, expecting_proof: bool = False) -> IdentityParts:
    """Finds an order number, an email and a postcode in a message.

    A number after "commande", "n°", "#"... is the order number; after "code postal" or "cp", the
    postcode. An unmarked number is the order number unless the bot is waiting for the proof
    (`expecting_proof`) or the order number is already there, in which case a five-digit number is
    the postcode. Numbers of absurd length are ignored.
    """
    email_match = EMAIL.search(text)
    email = email_match.group(0).lower() if email_match else None
    without_email = _normalise_numbers(EMAIL.sub(" ", text))

    order_number = postcode = None
    unmarked = []
    for match in NUMBER.finditer(without_email):
        digits = match.group(0)
        before = without_email[: match.start()]
        after = without_email[match.end():]
        announced_postcode = POSTCODE_MARKER.search(before) or POSTCODE_AFTER.match(after)
        if announced_postcode and POSTCODE.match(digits):
            postcode = postcode or digits
        elif ORDER_MARKER.search(before) and ORDER_NUMBER.match(digits):
            order_number = order_number or digits.lstrip("0")
        elif ORDER_NUMBER.match(digits):
            unmarked.append(digits)

    # Two unmarked numbers are the order number then the postcode; a lone one is the order
    # number, unless the proof is expected (and not given as an email beside it).
    if order_number is None and unmarked and (len(unmarked) > 1 or not expecting_proof or email):
        order_number = unmarked.pop(0).lstrip("0")
    for digits in unmarked:
        if postcode is None and POSTCODE.match(digits):
            postcode = digits
    return IdentityParts(order_number=order_number, email=email, postcode=postcode)
