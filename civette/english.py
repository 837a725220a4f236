"""Messages in English: which of the topics with an English answer (faq/faq.yml, `english`) they
ask about. The assistant's language is French; these few topics, the ones English-speaking
customers ask most, get a short English answer, anything else an English offer of a human."""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS

# Most specific first: « how long is the delivery for a return » is about returns.
TOPIC_PATTERNS = [
    # Damage and cancellation first: their answer sends the customer to an advisor.
    ("damaged_or_wrong_item", r"\b(damaged|broken|cracked|scratch(ed|es)?|crushed|dented|smashed|defective|faulty|"
                              r"wrong (item|product|size|colou?r|model|one|lighter|pipe|cutter|box|thing)|"
                              r"(does|did|do) ?n.?t work|not working|replacement)\b"),
    ("cancel_modify_order", r"\b(cancel(l?ing)?|modify(ing)?|chang(e|ing)) (my |the |an? |this )?(order|purchase)\b|"
                            r"\b(?<!n't )(?<!not )cancel(l?ing|lation)?\b|"
                            r"\b(change|modify|update|redirect)\b.*\b(delivery|shipping) address\b|"
                            r"\badd\b.*\bto (my|this|the) order\b|"
                            r"\badd (an? |another |a second |one more )?(item|product)"),
    ("forgot_password", r"\b(password|log ?in|sign ?in|reset)\b"),
    ("create_account", r"\b(create|open|make|register)\b.*\baccount\b|\bsign ?up\b"),
    ("invoice", r"\b(invoices?|receipts?|bills?)\b"),
    ("payment_security", r"\b(safe|secure|security|ssl|stor(e|ed|ing)|keep|save[ds]?)\b.*"
                         r"\b(card|payment|details|data)\b|"
                         r"\bcard (details|data|number|info)"),
    ("data_sharing", r"\b(share|sell|pass on|give|transfer)\b.*\b(data|details|information|info)\b|"
                     r"\bthird[- ]part(y|ies)\b"),
    ("data_privacy", r"\b(personal data|gdpr|privacy|my data|my personal (details|information))\b"),
    # Points of the returns, most precise first, then the whole rules.
    ("return_fees", r"\b(who pays|pay for|cost of|costs?|free|charge for)\b.*\b(return\w*|send(ing)? (it )?back)\b|"
                    r"\breturn (shipping|postage|label)\b"),
    ("refund_delay", r"\b(how long|how many days|when)\b.*\brefund\w*|\brefund\w*\b.*\b(how long|when|take)\b"),
    ("used_or_opened", r"\b((used|opened|smoked|worn) (it|them)|opened the (box|packaging|blister|seal)|unsealed|"
                       r"out of (the|its) (box|packaging))\b"),
    ("exchange", r"\b(exchang\w*|swap\w*)\b"),
    ("return_policy", r"\b(return(ing|s|ed)?|refund(ed|s)?|exchange[ds]?|send (it )?back|money back)\b"),
    ("three_d_secure", r"\b(3-?d ?secure|3ds|verification|sms code)\b|"
                       r"\b(bank|card)\b.*\b(block\w*|declin\w*|refus\w*|reject\w*)\b"),
    ("delivery_cost", r"\b(shipping|delivery|postage) (costs?|fees?|prices?|charges?)\b|"
                      r"\bpay (for )?(the )?(shipping|delivery|postage)\b|"
                      r"\bhow much (is|for|does) (the )?"
                      r"(shipping|delivery|postage)\b|\bfree (shipping|delivery)\b"),
    ("debit_timing", r"\b(debit(ed)?|charged?|take the money|money (be )?taken|payment (be )?taken|"
                     r"money\b.*\b(leaves?|taken|comes? out|goes? out)|leaves? my (bank )?account)\b"),
    ("other_payment_methods", r"\b(cheques?|checks?|instal?lments?|bank transfer|wire transfer|cash|bitcoins?|"
                              r"crypto\w*|"
                              r"apple ?pay|google ?pay|klarna|gift cards?|vouchers?)\b"),
    ("payment_methods", r"\b(pay(ing|ment)?|paypal|visa|master ?card|amex|american express|credit card|debit card|"
                        r"card)\b"),
    ("cuban_cigar_shortage", r"\b(cuban|shortages?|out of stock|in stock|sold out|habanos?)\b"),
    ("buy_online", r"\b(buy|order|purchase|sell|sold|ship|deliver)\w*\b.*\b(cigars?|tobacco|cohibas?|montecristos?)\b|"
                   r"\b(cigars?|tobacco)\b.*\bonline\b|\b(buy|order) online\b"),
    ("price_not_online", r"\b(prices?|priced|how much (is|are|does|do|for) (a|an|the|one)\b)"),
    ("account_benefits", r"\b(why|point|benefits?|advantages?|useful)\b.*\baccount\b|\b(benefits?|advantages?)\b"),
    ("edit_delete_account", r"\b(delete|close|remove|change|update|edit)\b.*\b(account|profile|my details)\b|"
                            r"\baccount\b.*\b(delete|deleted|closed)\b"),
    # « if the parcel is lost will I get a refund? »: what the FAQ does not say, for an advisor.
    ("lost_parcel", r"\b(lost|stolen)\b.*\b(refund\w*|money back|replac\w*|resend|send (it |another )?again)\b|"
                    r"\b(refund\w*|money back|replac\w*|resend)\b.*\b(lost|stolen)\b"),
    ("parcel_not_received", r"\b(not (yet )?(arrived|received)|never (arrive[sd]?|came|comes|received|got)|"
                            r"still (don'?t|do not|"
                            r"haven'?t|have not) (have|got|received)|(has ?n'?t|did ?n'?t|didnt|hasnt) "
                            r"(arrive|arrived|come|came)|(does ?n'?t|doesnt|does not|won'?t|will not) (arrive|come)|"
                            r"(have ?n'?t|haven'?t|has ?n'?t|did ?n'?t|didnt|did not|"
                            r"have not) (yet )?(received|got|get|receive)|"
                            r"(lost|missing) (my |the |our )?(parcel|package|order)|(parcel|package|order) "
                            r"(is |was |got |has been )?(lost|missing))\b"),
    ("carrier", r"\b(carrier|courier|which (company|delivery service)|who (delivers|ships))\b"),
    ("order_status", r"\b(where('?s| is)|where (it|they) (is|are)|status|track(ing)?|my (order|parcel|package))\b"),
    ("delivery_time", r"\b(deliver(y|ed|ies)?|ship(ping|ped|s)?|how long|arrive|when will|carrier|courier|"
                      r"chronopost)\b"),
    ("contact", r"\b(contact|phone|call|e-?mail|address|talk|speak|human|person|someone|advisor|agent|help|"
                r"located|location|where are you|find you|visit (you|the shop|your shop))\b"),
]
# Greetings and thanks: answered in English too (responses utter_english_<name>).
SMALL_TALK = [
    ("bye", r"\b(good ?)?bye\b|\bsee you\b"),
    ("thanks", r"^\W*(thanks?( you)?|thx|cheers|great|perfect|ok(ay)?( thanks?)?)\W*$|"
               r"\b(thanks?|thank you|thx|cheers)\b"),
    ("hello", r"^\W*(hi|hello|hey|good (morning|afternoon|evening))\W*$"),
]
THANKS = re.compile(r"\b(thanks?|thank you|thx|cheers)\b")
SEE_YOU = re.compile(r"\bsee you\b.*$")  # « see you at the shop » asks for nothing
# Thanks « for your help » asks for no help.
THANKS_FOR_THE_HELP = re.compile(r"\b(thanks?|thank you|thx)( \w+){0,2} for (your|the|all the|all your) help\b")
MAX_TOPICS = 2
ONLINE = re.compile(r"\b(online|website|web ?site|site|internet|ship\w*|deliver\w*)\b")
THE_SHOP = re.compile(r"\b(shop|store|boutique|located|location)\b")
ORDER_NAMED = re.compile(r"\b(order|parcel|package|delivery|tracking)\b")
# « how long does the delivery take for a return »; not « it was delivered 10 days ago ».
PARCEL = re.compile(r"\b(arriv\w*|deliver\w*|parcel|package)\b")
DELIVERY_ASKED = re.compile(r"\b(how long|when|how many days)\b[^.?!]*\b(deliver\w*|ship\w*|arriv\w*)|"
                            r"\b(carrier|courier)\b")
PAYMENT_METHODS_ASKED = re.compile(r"\b(methods?|paypal|visa|master ?card|amex|american express|which card|accept)\b")
# Questions that look like a topic above but that its answer does not settle (shipping abroad),
# or that a human must handle (cancelling, a damaged item): they get the offer of a human.
FOR_A_HUMAN = re.compile(
    r"\b((ship|deliver)\w*\s+(to|in)\s+(?!my\b|your\b|the address)\w+|abroad|international\w*|overseas)\b|"
    # « do you sell e-cigarettes? », « can you ship gas lighters? »: a product the FAQ does not list.
    r"\b(do|can|could|will) you (sell|stock|carry|ship|send|post)\b(?!.*\b(cigars?|tobacco|cuban|cohibas?|"
    r"habanos?|montecristos?|orders?|parcels?|packages?|it|them)\b)")
HUMAN_ASKED = re.compile(r"\b(talk|speak|chat|want|need|get me|give me)\b.*\b(real person|human|someone|somebody|"
                         r"advisor|agent|staff)\b|\breal person\b|^\W*(human|advisor|agent)\b")
# Questions the FAQ does not answer but whose message may ask a common one too: « where are you
# located and what time do you open? » gets the address, and an advisor for the hours.
UNANSWERED_HERE = re.compile(r"\b(opening (hours|times)|what time|open(ed)? on|are you open|closing time)\b")


# Common English and French words: a message is read as English when it holds several of the
# first and (almost) none of the second. Loan words customers mix into French (« ok », « order »)
# are in neither list.
ENGLISH_WORDS = set("""
the is are was were my your where when what why how will would could should can did does do i i'm
i've i'd it it's be been have has had not yet of to for an and this that with from please hello hi
thanks thank there there's received receive arrived arrive shipped delivered deliver parcel
package still anyone someone speak english you me we our which who whom if or but any some much bye thx
many about by at in don't doesn't didn't can't won't isn't haven't hasn't what's where's need
want get got pay pays paid shipping refund return great cheers perfect awesome human advisor now person
""".split())
FRENCH_WORDS = set("""
le la les de des du je j j'ai est mon ma mes vous tu et pas quand ou où commande un une pour que
qui ce c c'est sur avec il elle on ne en au aux bonjour merci svp stp colis livraison bien ai
suis
""".split())
WORDS = re.compile(r"[a-zà-ÿ']+")
MAX_WORDS_CONTINUING = 6


def continues_in_english(text: str) -> bool:
    """A few words with nothing French, no number and no address (« and paypal? »): after an
    English message, English too."""
    words = WORDS.findall(text.lower())
    return 1 <= len(words) <= MAX_WORDS_CONTINUING and not any(word in FRENCH_WORDS for word in words) and \
        not re.search(r"[@\d]", text)


def looks_english(text: str) -> bool:
    words = WORDS.findall(text.lower())
    english = sum(word in ENGLISH_WORDS for word in words)
    french = sum(word in FRENCH_WORDS for word in words)
    return english >= 2 and english >= 3 * french


# The more precise answer says it all: the methods with the others, the shop with the shortage,
# the refund delay with « how long for the refund », the bank with « never got the SMS »...
PRECISE_OVER_GENERAL = (
    ("other_payment_methods", "payment_methods"), ("cuban_cigar_shortage", "buy_online"),
    ("return_policy", "delivery_time"), ("three_d_secure", "parcel_not_received"),
    ("delivery_cost", "delivery_time"), ("buy_online", "delivery_time"), ("data_sharing", "data_privacy"),
    ("lost_parcel", "parcel_not_received"), ("lost_parcel", "return_policy"), ("carrier", "delivery_time"),
    *((point, "return_policy") for point in ("return_fees", "refund_delay", "used_or_opened", "exchange")),
)
# Topics whose answer sends the customer to an advisor, who handles the rest of the matter.
FOR_AN_ADVISOR = ("damaged_or_wrong_item", "cancel_modify_order")
SENTENCE_END = re.compile(r"(?<=[?.!])\s+")


def english_questions(text: str) -> Tuple[List[str], bool]:
    """The topics of a message's sentences, at most MAX_TOPICS, and whether one of its sentences
    needs a human: « do you ship to the UK? and how long does shipping take » gets the delivery
    time, and an advisor for the rest."""
    if HUMAN_ASKED.search(text.lower()):
        # « return what?? I have nothing to return. I want to speak to a human »: the human first.
        return ["contact"], False
    sentences = [sentence for sentence in SENTENCE_END.split(text) if sentence.strip()]
    # What the questions ask, if they ask something known; else what the message says: « I'm not
    # returning anything! Was my card charged? » asks the latter.
    questions = [sentence for sentence in sentences if "?" in sentence]
    topics = [topic for sentence in questions for topic in english_topics(sentence)] or [
        topic for sentence in sentences for topic in english_topics(sentence)]
    for_a_human = any(FOR_A_HUMAN.search(sentence.lower()) or UNANSWERED_HERE.search(sentence.lower())
                      for sentence in sentences)
    return list(dict.fromkeys(topics))[:MAX_TOPICS], for_a_human


def english_topics(text: str) -> List[str]:
    """The topics a message asks about, most specific first, at most MAX_TOPICS; none when a
    human should answer."""
    lowered = text.lower()
    if FOR_A_HUMAN.search(lowered):
        return []
    if HUMAN_ASKED.search(lowered):  # « could I talk to a real person about that return? »
        return ["contact"]
    found = [topic for topic, pattern in TOPIC_PATTERNS if re.search(pattern, lowered)]
    advisor_topics = [topic for topic in found if topic in FOR_AN_ADVISOR]
    if advisor_topics:  # a damaged item or a cancellation: the advisor handles the rest with it
        return advisor_topics
    if "order_status" in found and THE_SHOP.search(lowered) and not ORDER_NAMED.search(lowered):
        # « where is the shop? »: its address (in the contact answer), not an order's status.
        found = [topic for topic in found if topic != "order_status"] or ["contact"]
    if "parcel_not_received" in found:  # its answer says what to do: the general ones would not
        # « can I get a refund if it never arrives? » is about the parcel, not about returns.
        general = ("order_status", "delivery_time", *(("return_policy",) if PARCEL.search(lowered) else ()))
        found = [topic for topic in found if topic not in general]
    # « card » or « pay » alone: not a question on the ways of paying.
    paying_words_only = not PAYMENT_METHODS_ASKED.search(lowered)
    if {"payment_security", "debit_timing", "three_d_secure", "delivery_cost"} & set(found) and \
            "payment_methods" in found and paying_words_only:
        found.remove("payment_methods")
    online_asked = ONLINE.search(lowered)
    for precise, general in PRECISE_OVER_GENERAL:
        delivery_asked = precise == "return_policy" and DELIVERY_ASKED.search(lowered)
        if precise in found and general in found and not delivery_asked:
            # « can we buy Cuban cigars from your website? » asks whether cigars are sold online.
            found.remove(precise if general == "buy_online" and online_asked else general)
    if not found and THE_SHOP.search(lowered):  # « is 157 rue Saint-Honoré the shop? »: its address
        found = ["contact"]
    return found[:MAX_TOPICS]


STOP = re.compile(r"\b(stop asking|never ?mind|forget (it|about it)|i don'?t have an order|no order yet|"
                  r"leave it|doesn'?t matter)\b")


def gives_up(text: str) -> bool:
    """« stop asking », « never mind »: the customer drops what the assistant was asking for."""
    return bool(STOP.search(text.lower()))


def english_small_talk(text: str) -> Optional[str]:
    """The name of the small-talk answer for a greeting or thanks, if the message is only that:
    « ok thanks. Can I return it? » asks a question, answered as such."""
    lowered = text.lower().strip()
    topics = english_topics(SEE_YOU.sub("", THANKS_FOR_THE_HELP.sub("", lowered)))
    # « never mind, I'll email them. thanks »: thanks, with what the customer will do.
    if "?" in lowered or topics and not (gives_up(lowered) and THANKS.search(lowered)):
        return None
    return next((name for name, pattern in SMALL_TALK if re.search(pattern, lowered)), None)


HOW_LONG = re.compile(r"\bhow (long|many days|much time)\b|\btoo late\b|\bstill (time|within|ok|possible)\b")
DURATION = re.compile(r"\b\d+ (working )?(days|hours)\b")


def names_something_new(text: str, previous_text: str, answers: List[str]) -> bool:
    """Whether a message names something that `answers` speak of and that the previous message
    did not, or asks how long when they give a duration (« how many days do I have? » after a
    return question, whose answer gives the days)."""
    if HOW_LONG.search(text.lower()) and DURATION.search(" ".join(answers)):
        return True
    answer_words = set(WORDS.findall(" ".join(answers).lower()))
    said = set(WORDS.findall(previous_text.lower()))
    return any(word in answer_words and word not in said and word not in ENGLISH_STOP_WORDS
               for word in WORDS.findall(text.lower()))
