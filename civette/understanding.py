"""What a customer's message asks, from the classifier's probabilities: the intent to answer,
and for a message holding several questions, every FAQ answer in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from sklearn.pipeline import Pipeline
from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS

from civette import cues, follow_up, intent_model, order_question
from civette.faq import FaqDetail, load_knowledge_base
from civette.english import continues_in_english, looks_english
from civette.helpdesk.reasons import SENSITIVE_FAQ_IDS
from civette.identity import customer_email
from civette.intent_model import ModelSettings, Ranked
from civette.precise_answers import precise_answer
from civette.questions import SENTENCE_END, split_questions
from civette.text import fold

FAQ_PREFIX = "faq/"
OUT_OF_SCOPE = "out_of_scope"
# Whole-message intents that the parts do not override: a request for a human, a dispute...
OTHER_LANGUAGE = "other_language"
STOP = "stop"
NOT_SPLIT = {"human_handoff", "payment_dispute", OTHER_LANGUAGE, STOP}
# The least words left after « laisse tomber » or « non je parlais » for a question.
MIN_WORDS_LEFT = 3
# The least probability of one of its LIKELY_TOPICS most likely topics for a message not
# understood to get one of its points (which its words name: `asks`).
MIN_PROBABILITY_FOR_A_POINT = 0.15
LIKELY_TOPICS = 3
DAMAGED, RETURN_POLICY = "faq/damaged_or_wrong_item", "faq/return_policy"
PARCEL_NOT_RECEIVED = "faq/parcel_not_received"
# Answers that a mail not received does not ask for, unless the message names what they speak of.
MAIL_NOT_ABOUT = {PARCEL_NOT_RECEIVED: cues.PARCEL, "faq/invoice": cues.INVOICE}
# Intents that a message holding an email address does not mean.
NOT_AN_ADDRESS = {"affirm", "deny", STOP, "thank", "greet", OUT_OF_SCOPE}
# A message of more than LONG_MESSAGE_WORDS words not understood is read again by its question's
# last TAIL_CLAUSES clauses.
LONG_MESSAGE_WORDS = 25
TAIL_CLAUSES = 2
CLAUSE_END = re.compile(r"\s*,\s*")
# A part of at most this many words that speaks of « it » (cues.ABOUT_IT) asks about the message's topic.
LEANING_ON_IT_WORDS = 6
# A question part of at most this many words leans on the rest of its message.
LEANING_WORDS = 3
WORD = re.compile(r"\w+")
FULL_WORD = re.compile(r"\w\w+")  # not an elided « j' », « c' »...
QUESTION_WORDS = {"comment", "pourquoi", "pk", "quand", "qd", "ou", "où", "combien", "quel", "quelle",
                  "quels", "quelles", "est-ce", "vous", "tu", "pouvez", "peut", "puis-je", "peux"}


def is_question(text: str) -> bool:
    """A part that asks something (« ? » or a question word first), not mere context."""
    words = text.lower().split()
    return "?" in text or bool(words) and words[0].strip(",.") in QUESTION_WORDS


@dataclass(frozen=True)
class Understanding:
    intent: str  # a full intent (`faq/<id>`, `greet`...) or `nlu_fallback`
    ranked: Ranked  # the whole message's intents, most likely first
    more_answers: Tuple[str, ...] = ()  # further FAQ answers, for the message's other questions
    unanswered_part: bool = False  # a question of the message that no FAQ answer covers
    # The answer to give when it is one precise point of the intent's entry (`faq/<detail id>`).
    answer: str = ""

    @property
    def response(self) -> str:
        """The FAQ answer to give (`faq/<entry or detail id>`)."""
        return self.answer or self.intent


# How the FAQ's honest points begin (faq/faq.yml): what the FAQ does not say, said so.
HONEST_POINT = "Je n’ai pas d’information"
# Words that name nothing: « et », « vous », « qu' »...
NO_CONTENT_WORDS = set(FRENCH_STOP_WORDS) | {"qu", "jusqu", "lorsqu", "puisqu"}
# Answers that may follow themselves: an order question goes on to the customer's own order.
REPEATABLE = order_question.ORDER_TOPICS | order_question.ABOUT_THE_VERIFIED_ORDER


@lru_cache(maxsize=None)
def _chat_answers() -> Dict[str, str]:
    knowledge_base = load_knowledge_base()
    answers = {entry.intent: entry.chat for entry in knowledge_base.entries}
    answers.update({detail.answer: detail.chat for detail in knowledge_base.details if detail.chat})
    return answers


def answered_before(understood: Understanding, previous_answers: Sequence[str]) -> bool:
    """Whether the FAQ answer of a message is among `previous_answers`, the assistant's replies
    of its last turns (order answers aside: they go on to the customer's order)."""
    response = understood.response
    if not response.startswith(FAQ_PREFIX) or understood.more_answers or understood.intent in REPEATABLE:
        return False
    answer = _chat_answers().get(response, "").strip()
    return bool(answer) and answer in {previous.strip() for previous in previous_answers}


def without_answers_given(understood: Understanding, previous_answers: Sequence[str]) -> Understanding:
    """A message holding several questions, without the FAQ answers the assistant gave in its
    last turns: « je peux commander en ligne et retirer en boutique ? » after a question on buying
    online gets the pick-up's answer alone."""
    responses = [understood.response, *understood.more_answers]
    given = {previous.strip() for previous in previous_answers}
    remaining = [response for response in responses
                 if response in REPEATABLE or _chat_answers().get(response, "").strip() not in given]
    if not understood.more_answers or not remaining or len(remaining) == len(responses):
        return understood
    first = remaining[0]
    point = _point_of(first)
    point = point if point is not None and point.chat else None  # a point of its own, not its entry's answer
    return replace(understood, intent=f"{FAQ_PREFIX}{point.entry_id}" if point else first,
                   answer=first if point else "", more_answers=tuple(remaining[1:]))


def repeats_an_answer(text: str, understood: Understanding, previous_texts: Sequence[str],
                      previous_answers: Sequence[str]) -> bool:
    """Whether a message gets an FAQ answer that the assistant gave in its last turns (to
    `previous_texts`), while naming nothing new that this answer speaks of: the customer
    asks for more than it says (« et vous savez quand ? » after the shortage of Cuban cigars, « il
    faut la refaire au nom de la boîte » after the invoices), unlike « et la CB ça passe ? » after
    the payment methods."""
    if not answered_before(understood, previous_answers):
        return False
    answer = _chat_answers()[understood.response]
    folded = fold(text)
    point = _point_of(understood.response)
    if point is not None and point.asks.search(folded) or cues.HOW_LONG.search(folded) and cues.DURATION.search(answer):
        # The point asked in so many words (« vous gardez mon numéro de carte ? »), or a duration
        # the answer gives: the same answer answers it.
        return False
    answer_words = set(WORD.findall(fold(answer)))
    already_said = {word for previous in previous_texts for word in WORD.findall(fold(previous))}
    return not any(word in answer_words and word not in already_said for word in _content_words(text))


def _content_words(text: str) -> List[str]:
    return [word for word in WORD.findall(fold(text))
            if len(word) > 1 and not word.isdigit() and word not in NO_CONTENT_WORDS]


def understand(model: Pipeline, texts: List[str], settings: ModelSettings) -> List[Understanding]:
    return _understand_all(model, [without_courtesy(without_correction(text)) for text in texts], settings)


def _understand_all(model: Pipeline, texts: List[str], settings: ModelSettings) -> List[Understanding]:
    """As `understand`, for texts already without their courtesy words."""
    return [_understand(model, text, ranked, settings)
            for text, ranked in zip(texts, intent_model.ranking(model, texts))]


def without_correction(text: str) -> str:
    """« non je parlais des frais de livraison »: the question corrected, not a no."""
    rest = cues.CORRECTION.sub("", text)
    return rest if rest != text and len(WORD.findall(rest)) >= MIN_WORDS_LEFT else text


def without_courtesy(text: str) -> str:
    """A question without the thanks or the « ok » before it: « ok merci et du coup si c pas
    arrivé je fais quoi ? » asks what to do, it does not only thank."""
    if not is_question(text):
        return text
    rest = cues.COURTESY.sub("", text)
    return rest if WORD.search(rest) and is_question(rest) else text


def understand_in_context(model: Pipeline, texts: List[str], previous_texts: Sequence[Sequence[str]],
                          settings: ModelSettings,
                          section_of: Callable[[str], Optional[str]]) -> List[Understanding]:
    """As `understand`, a short message that depends on its context read with the topic of the
    customer's latest previous message that had an FAQ topic (follow_up); `previous_texts` holds
    each message's previous ones, newest first."""
    texts = [without_courtesy(without_correction(text)) for text in texts]
    understood = _understand_all(model, texts, settings)
    for index, previous in enumerate(previous_texts):
        text, current = texts[index], understood[index]
        answerable = current.intent.startswith(FAQ_PREFIX) or current.intent in (intent_model.NOT_UNDERSTOOD,
                                                                                   OUT_OF_SCOPE)
        if previous and answerable and looks_english(previous[0]) and continues_in_english(text):
            # « and paypal? » after an English question: answered in English.
            understood[index] = Understanding(OTHER_LANGUAGE, current.ranked)
            continue
        returns_asked = current.intent == STOP and any(_ordinary_return_point(a) for a in current.more_answers)
        if not previous or not (follow_up.depends_on_context(current.intent) or returns_asked) or \
                cues.OPENING_HOURS.search(fold(text)):
            continue
        topics = [u.intent for u in understand(model, list(previous), settings)]
        previous_topics = [t for t in topics if t.startswith(FAQ_PREFIX)]
        if returns_asked:
            # « non. par contre c'est moi qui paie le renvoi ? » after a damaged item: that item's return.
            if DAMAGED in previous_topics and not follow_up.is_ordinary_return(text):
                point = _refined(Understanding(DAMAGED, current.ranked), text, topic=DAMAGED).response
                answers = [point if _ordinary_return_point(a) else a for a in current.more_answers]
                understood[index] = replace(current, more_answers=tuple(dict.fromkeys(answers)))
            continue
        answer = follow_up.answer_in_context(text, current.intent, current.ranked, previous_topics, section_of)
        general = _refined(current, text) if answer in follow_up.STAYS_ON else current
        if general.answer.partition("/")[2] in follow_up.SAME_FOR_ANY_ITEM:
            understood[index] = general  # a rule that holds for the damaged item too
        elif answer != current.intent:
            # Read with the previous topic: its answer, or a precise point of it.
            understood[index] = _refined(replace(current, intent=answer, answer=""), text, topic=answer)
        elif previous_topics and follow_up.may_ask_a_point(text, answer):
            # « c'est payant ? » after a question on returns, « je l'envoie où ? » (not the shop's
            # address): a precise point of that topic (or of an earlier one, when the latest has none).
            for topic in dict.fromkeys(previous_topics):
                understood[index] = _refined(current, text, topic=topic)
                if understood[index] is not current:
                    break
    return understood


@lru_cache(maxsize=None)
def _faq_details() -> Tuple[FaqDetail, ...]:
    return tuple(load_knowledge_base().details)


def _precise(text: str, decided: str, follow_up: bool = False) -> Tuple[str, str]:
    """The intent and the answer for `decided`, refined to a precise point of the FAQ if `text`
    asks about one."""
    detail = precise_answer(text, decided, _faq_details(), follow_up)
    return (decided, "") if detail is None else (f"{FAQ_PREFIX}{detail.entry_id}", detail.answer)


def _point_of(answer: str) -> Optional[FaqDetail]:
    """The precise point of an FAQ entry that gives `answer` (`faq/<id>`), if it is one."""
    return next((detail for detail in _faq_details() if detail.answer == answer), None)


def _ordinary_return_point(answer: str) -> bool:
    """Whether an answer is one of the ordinary return rules that do not hold for a damaged item."""
    point = _point_of(answer)
    entry = f"{FAQ_PREFIX}{point.entry_id}" if point else answer
    return entry in follow_up.STAYS_ON[DAMAGED] and answer.partition("/")[2] not in follow_up.SAME_FOR_ANY_ITEM


def _without_refined(answers: List[str]) -> List[str]:
    """The answers of a message's questions, without a whole answer that one of its own points
    given beside it already says (« et les virements ? » asked beside the payment methods)."""
    refined = {f"{FAQ_PREFIX}{detail.entry_id}" for detail in _faq_details() if detail.answer in answers}
    # A sensitive answer stays, whatever point beside it: « supprimez mes données, et arrêtez
    # vos newsletters » is a request for an advisor.
    return [answer for answer in answers if answer not in refined or answer.partition("/")[2] in SENSITIVE_FAQ_IDS]


def _refined(understood: Understanding, text: str, topic: Optional[str] = None) -> Understanding:
    """`understood`, or the precise point of `topic` (by default its own intent) that `text` asks.

    A message not understood, or placed out of the FAQ, is read with its most likely FAQ topic
    for a sensitive point about something bought here: « vous m'avez envoyé la mauvaise taille,
    je peux le retourner ? » goes to an advisor, « mes lunettes sont rayées » does not. A message
    only just not understood may also get a point of its likely topic.
    """
    if topic is not None or understood.intent not in (intent_model.NOT_UNDERSTOOD, OUT_OF_SCOPE):
        intent, answer = _precise(text, topic or understood.intent, follow_up=topic is not None)
        return understood if not answer else replace(understood, intent=intent, answer=answer)
    likely = [(label, p) for label, p in understood.ranked if label.startswith(FAQ_PREFIX)][:LIKELY_TOPICS]
    folded = fold(text)
    if cues.PURCHASE.search(folded) and follow_up.DAMAGE_OR_MISTAKE.search(folded) and \
            DAMAGED in (label for label, _ in likely):
        # « mon mari m'a offert un briquet, il vient de chez vous, et il ne fonctionne plus »: an
        # item bought here that is damaged, told at length, is for an advisor.
        return replace(understood, intent=DAMAGED, answer="")
    for rank, (label, probability) in enumerate(likely):
        intent, answer = _precise(text, label)
        sensitive = rank == 0 and answer.partition("/")[2] in SENSITIVE_FAQ_IDS and cues.PURCHASE.search(folded)
        # A point of a topic the message was nearly understood as: « vos partenaires peuvent-ils
        # être à l'étranger, oui ou non ? », « vous me remboursez si le colis est perdu ? ».
        own_point = (understood.intent == intent_model.NOT_UNDERSTOOD
                     and probability >= MIN_PROBABILITY_FOR_A_POINT
                     and answer.partition("/")[2] not in SENSITIVE_FAQ_IDS)
        if answer and (sensitive or own_point):
            return replace(understood, intent=intent, answer=answer)
    return understood


def thanks_only(text: str) -> bool:
    """Thanks, maybe with what the customer will do, but no question."""
    return not is_question(text) and bool(cues.THANKS.search(fold(text)))


def _decide(text: str, ranked: Ranked, settings: ModelSettings) -> str:
    decided = intent_model.decide(ranked, settings)
    folded = fold(text)
    if looks_english(text):
        # Answered in English (action_answer_in_english), whatever French topic it resembles.
        return OTHER_LANGUAGE
    if cues.OPENING_HOURS.search(folded):
        # The FAQ gives no opening hours: honestly not known, whatever topic the words resemble.
        return OUT_OF_SCOPE
    unsure = decided in (intent_model.NOT_UNDERSTOOD, OUT_OF_SCOPE)
    if (unsure or decided in ("thank", "affirm")) and not is_question(text) and cues.GOODBYE.search(folded):
        # « ok merci au revoir », « bonne fin de journée »: the customer leaves.
        return "goodbye"
    if unsure and thanks_only(text):
        # « ok ben je vais attendre alors. merci bcp »: a thanks, with what the customer will do.
        return "thank"
    if decided == "affirm" and cues.HUMAN.search(folded):
        # « ok jveux bien un conseiller oui »: the yes asks for the advisor by name.
        return "human_handoff"
    if decided == "payment_dispute" and is_question(text) and cues.DEBIT_ASKED.search(folded):
        # « j'ai été débitée ou pas ? j'ai peur de payer 2 fois »: a question on the debit, which
        # the rule (and the verified order) answers; a charge contested stays for an advisor.
        return "faq/debit_timing"
    own_words = MAIL_NOT_ABOUT.get(decided)
    if own_words is not None and cues.RESET_EMAIL.search(folded) and not own_words.search(folded):
        # « j'ai jamais reçu le mail » is not about a parcel, nor about an invoice: read with the
        # previous topic (a password reset, an account...).
        return intent_model.NOT_UNDERSTOOD
    if decided == DAMAGED and follow_up.is_ordinary_return(text):
        # « la couleur me plaît pas, je peux le renvoyer ? »: nothing damaged nor mistaken.
        return RETURN_POLICY
    if unsure and not is_question(text) and cues.LEADING_NO.match(folded):
        # « non c'est bon, j'écrirai à info@ moi-même »: a no, with what the customer will do.
        return "deny"
    if decided in NOT_AN_ADDRESS and customer_email(text):
        # « bon finalement voici mon mail : … » gives an address, for a form or for a request
        # that waits for one (action_fallback): it is not a yes, a no, a thanks or a greeting.
        return intent_model.NOT_UNDERSTOOD
    return order_question.redirect(text, decided, best=ranked[0][0])


def _questions_after_giving_up(model: Pipeline, text: str, settings: ModelSettings) -> Tuple[str, ...]:
    """The FAQ answers to what a customer who gives up asks next: « laisse tomber c'était mon
    code postal. je demandais quand je serai débité », « laisse tomber, je préfère annuler »."""
    rest = cues.GIVING_UP.sub("", text)
    # What follows read whole (« si elle arrive pas à temps je préfère l'annuler. comment je
    # fais ? »), else question by question (« c'était mon code postal. je demandais quand … »).
    whole, parts = [rest], split_questions(rest)
    for pieces in (whole, parts if len(parts) > 1 else []):
        pieces = [piece for piece in pieces if piece != text and len(WORD.findall(piece)) >= MIN_WORDS_LEFT]
        answers = []
        for piece, understood in zip(pieces, _understand_all(model, pieces, settings)):
            asks = is_question(piece) or cues.INDIRECT_QUESTION.search(fold(piece))
            if understood.intent.startswith(FAQ_PREFIX) and (
                    asks or understood.response.partition("/")[2] in SENSITIVE_FAQ_IDS):
                answers += [understood.response, *understood.more_answers]
        if answers:
            return tuple(dict.fromkeys(answers))
    return ()


def _understand(model: Pipeline, text: str, ranked: Ranked, settings: ModelSettings) -> Understanding:
    understood = _understand_message(model, text, ranked, settings)
    tail = question_tail(text) if understood.intent == intent_model.NOT_UNDERSTOOD else None
    if tail is not None:
        # A long message whose story hides the question: what comes just before its question
        # mark (« … et rien n'a été débité, c'est normal ?? »), when that alone is understood.
        in_short = _understand_all(model, [tail], settings)[0]
        if in_short.intent.startswith(FAQ_PREFIX):
            return in_short
    return understood


def question_tail(text: str) -> Optional[str]:
    """For a message of more than LONG_MESSAGE_WORDS words, the last clauses of its (last)
    question, which carry what it asks."""
    if len(WORD.findall(text)) <= LONG_MESSAGE_WORDS:
        return None
    sentences = [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence.strip()]
    question = ([sentence for sentence in sentences if "?" in sentence] or sentences)[-1]
    tail = ", ".join(CLAUSE_END.split(question)[-TAIL_CLAUSES:]).strip()
    return tail if tail and tail != text.strip() else None


def _understand_message(model: Pipeline, text: str, ranked: Ranked, settings: ModelSettings) -> Understanding:
    whole = _decide(text, ranked, settings)
    asked_instead = _questions_after_giving_up(model, text, settings) if (
        whole == STOP or cues.GIVING_UP.match(text)) else ()
    if whole == STOP or asked_instead:
        # « laisse tomber, dis moi juste pourquoi … »: what was going on is dropped, whatever
        # the words that follow resemble, and what they ask is answered.
        return Understanding(STOP, ranked, asked_instead)
    parts = split_questions(text)
    if len(parts) == 1 or whole in NOT_SPLIT:
        return _refined(Understanding(whole, ranked), text)
    decided = [_decide(part, part_ranked, settings)
               for part, part_ranked in zip(parts, intent_model.ranking(model, parts))]
    # A part placed out of the FAQ may ask a point of the message's topic: « quels moyens de
    # paiement ? et les virements c'est possible ? ».
    decided = [whole if d in (OUT_OF_SCOPE, intent_model.NOT_UNDERSTOOD) and whole.startswith(FAQ_PREFIX)
               and _precise(part, whole)[1] else d for part, d in zip(parts, decided)]
    # « … je n'ai pas reçu de facture. Où puis-je la trouver ? »: a few words about « it » ask
    # about what the rest of the message speaks of, not about finding a product.
    decided = [whole if index and whole.startswith(FAQ_PREFIX) and cues.ABOUT_IT.search(fold(part))
               and len(WORD.findall(part)) <= LEANING_ON_IT_WORDS else d
               for index, (part, d) in enumerate(zip(parts, decided))]
    precise = [(part, _precise(part, d)) for part, d in zip(parts, decided) if d.startswith(FAQ_PREFIX)]
    if whole != DAMAGED:
        # « et si je l'ai ouvert ? la boîte était sous blister »: a remark that alone resembles a
        # damaged item, but names no damage, in a message that as a whole is not about one.
        precise = [(part, found) for part, found in precise if is_question(part) or found[0] != DAMAGED
                   or follow_up.DAMAGE_OR_MISTAKE.search(fold(part))]
    if any(intent.partition("/")[2] in SENSITIVE_FAQ_IDS for _, (intent, _) in precise):
        # « j'ai reçu mon colis ce matin et le briquet est cassé »: beside a sensitive matter, a
        # part that asks nothing is its context, not another question.
        precise = [(part, found) for part, found in precise
                   if is_question(part) or found[0].partition("/")[2] in SENSITIVE_FAQ_IDS]
    found_answers = [found for _, found in precise]
    answers = _without_refined(list(dict.fromkeys(answer or intent for intent, answer in found_answers)))
    if DAMAGED in answers:
        # « c'est moi qui paie le renvoi ? c'est vous qui vous êtes trompés »: the return asked
        # about is the damaged item's, not an ordinary one (whose fees are the customer's).
        answers = [answer for answer in answers if not _ordinary_return_point(answer)]
    if not answers:
        return _refined(Understanding(whole, ranked), text)
    # Only a question the model places outside the FAQ and that stands alone: one it cannot
    # place (« qu'est-ce que je dois faire ? »), or a few words (« c'est possible ? »), leans on
    # the rest of the message.
    # An answer that already says what the FAQ does not (« je n'ai pas d'information sur … ») is
    # not followed by « pour l'autre partie de votre message … ».
    unanswered = any(d == OUT_OF_SCOPE and is_question(part) and len(FULL_WORD.findall(part)) > LEANING_WORDS
                     for part, d in zip(parts, decided)) and not any(
        _chat_answers().get(answer, "").startswith(HONEST_POINT) for answer in answers)
    first_intent, first_answer = next((intent, answer) for intent, answer in found_answers
                                      if (answer or intent) == answers[0])
    return Understanding(first_intent, ranked, tuple(answers[1:]), unanswered, first_answer)
