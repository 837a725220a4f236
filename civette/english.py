"""Messages in English: which of the topics with an English answer (faq/faq.yml, `english`) they
ask about. The assistant's language is French; these few topics, the ones English-speaking
customers ask most, get a short English answer, anything else an English offer of a human."""

from __future__ import annotations

import re
from typing import List, Optional

# Most specific first: « how long is the delivery for a return » is about returns.
TOPIC_PATTERNS = [
    ("return_policy", r"\b(return(ing|s|ed)?|refund(ed|s)?|exchange|send (it )?back|money back)\b"),
    ("payment_methods", r"\b(pay(ing|ment)?|paypal|visa|master ?card|amex|american express|credit card|debit card|card)\b"),
    ("buy_online", r"\b(cigars?|tobacco|cohiba|habanos?|montecristo|buy online|order online)\b"),
    ("parcel_not_received", r"\b(not (yet )?(arrived|received)|never (arrived|came|received|got)|still (don'?t|do not|"
                            r"haven'?t|have not) (have|got|received)|(has ?n'?t|did ?n'?t|didnt|hasnt) "
                            r"(arrive|arrived|come|came)|lost|missing)\b"),
    ("order_status", r"\b(where('?s| is)|status|track(ing)?|my (order|parcel|package))\b"),
    ("delivery_time", r"\b(deliver(y|ed|ies)?|ship(ping|ped)?|how long|arrive|when will)\b"),
    ("contact", r"\b(contact|phone|call|e-?mail|address|talk|speak|human|person|someone|advisor|agent|help)\b"),
]
# Greetings and thanks: answered in English too (responses utter_english_<name>).
SMALL_TALK = [
    ("thanks", r"^\W*(thanks?( you)?|thx|cheers|great|perfect|ok(ay)?( thanks?)?)\b"),
    ("hello", r"^\W*(hi|hello|hey|good (morning|afternoon|evening))\W*$"),
]
MAX_TOPICS = 2
# Questions that look like a topic above but that its answer does not settle (shipping abroad),
# or that a human must handle (cancelling, a damaged item): they get the offer of a human.
FOR_A_HUMAN = re.compile(
    r"\b(cancel\w*|damaged|broken|wrong item|(ship|deliver)\w*\s+(to|in)\s+(?!my\b|your\b|the address)\w+|"
    r"abroad|international\w*|overseas)\b")


def english_topics(text: str) -> List[str]:
    """The topics a message asks about, most specific first, at most MAX_TOPICS; none when a
    human should answer."""
    lowered = text.lower()
    if FOR_A_HUMAN.search(lowered):
        return []
    found = [topic for topic, pattern in TOPIC_PATTERNS if re.search(pattern, lowered)]
    if "parcel_not_received" in found:  # its answer says what to do: the general ones would not
        found = [topic for topic in found if topic not in ("order_status", "delivery_time")]
    return found[:MAX_TOPICS]


def english_small_talk(text: str) -> Optional[str]:
    """The name of the small-talk answer for a greeting or thanks, if the message is only that:
    « ok thanks. Can I return it? » asks a question, answered as such."""
    lowered = text.lower().strip()
    if "?" in lowered or english_topics(lowered):
        return None
    return next((name for name, pattern in SMALL_TALK if re.search(pattern, lowered)), None)
