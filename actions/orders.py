"""Order lookup actions: thin Rasa glue around civette.orders."""

import asyncio
import re
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any, Callable, Dict, List, Optional, Text, TypeVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from civette.chronopost import ChronopostClient, Tracking, TrackingUnavailable
from civette.db import shared_session_factory
from civette.incidents import report_failure
from civette.helpdesk.reasons import SENSITIVE_FAQ_IDS
from civette.identity import ORDER_WORD, is_valid_order_number, is_valid_proof, looks_like_a_value, parse_identity
from civette.orders.answers import order_answer
from civette.orders.lookup import OrderStoreUnavailable, OrderView
from civette.orders.prompts import ask_order_number, ask_order_proof
from civette.orders.wording import WORDINGS
from civette.orders.service import (
    ORDER_QUESTIONS,
    VERIFIED_ORDER_QUESTIONS,
    JustVerified,
    check_identity,
    lookup_from_env,
    selected_faq_id,
    selected_response,
)
from civette.orders.throttle import throttle_from_env

ORDER_LOOKUP = lookup_from_env()
THROTTLE = throttle_from_env(shared_session_factory())
CHRONOPOST = ChronopostClient()
JUST_VERIFIED = JustVerified()
# Intents meaning the customer said something else than what the form asked for:
# the form then lets the rules answer (an FAQ digression, giving up, asking for a human).
OTHER_REQUESTS = {"faq", "human_handoff", "stop", "deny", "affirm", "greet", "goodbye", "thank",
                  "bot_challenge", "other_language", "payment_dispute"}
MAX_RAW_ANSWER = 100
# The turns whose answers are not repeated in an answer about the order, unless the customer
# asks where it is again.
RECENT_TURNS = 3
ASKED_AGAIN_IN_FULL = {"order_status", "track_order"}
NAMES_AN_ORDER = re.compile(rf"{ORDER_WORD}|\bla\s+\d", re.I)


Result = TypeVar("Result")


async def off_the_loop(function: Callable[..., Result], *args: Any, **kwargs: Any) -> Result:
    """Runs a blocking call (database, HTTP) in a worker thread: the other conversations go on."""
    return await asyncio.get_running_loop().run_in_executor(None, partial(function, *args, **kwargs))


CONTACT_WAYS = {"fr": "utter_contact_ways", "en": "utter_english_contact"}


def _language(tracker: Tracker) -> Text:
    return "en" if tracker.get_slot("reply_language") == "en" else "fr"


def _intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


class ActionFollowUpFaq(Action):
    """After an FAQ answer: answers the message's other questions, then looks the customer's
    order up, or hands a sensitive matter over."""

    def name(self) -> Text:
        return "action_follow_up_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        message = tracker.latest_message
        # The answer given: its entry's, or one precise point's (which a sensitive entry's
        # informational point, « vous partagez mes données ? », is not).
        main = selected_response(message).partition("/")[2] if _intent(tracker) == "faq" else None
        if main and tracker.latest_action_name == "action_listen" and main not in ORDER_QUESTIONS:
            # The rule for a message naming an order skipped utter_faq: answer here.
            dispatcher.utter_message(response=f"utter_faq/{main}")
        more = [intent.split("/", 1)[1] for intent in message.get("more_faq_answers") or []]
        for faq_id in more:
            dispatcher.utter_message(response=f"utter_faq/{faq_id}")
        if message.get("unanswered_part"):
            dispatcher.utter_message(response="utter_part_unanswered")
        questions = [main, *more] if main else more
        if any(q in SENSITIVE_FAQ_IDS for q in questions):
            return [FollowupAction("action_handoff")]
        question = next((q for q in questions if q in ORDER_QUESTIONS), None)
        entry = selected_faq_id(message) if main else None
        names_an_order = parse_identity(message.get("text") or "").order_number is not None
        if question is None and entry in VERIFIED_ORDER_QUESTIONS and (
                tracker.get_slot("verified_order") or names_an_order):
            question = entry  # « on m'a pas encore débité, cmd 48215 »: this order's answer
        return [] if question is None else order_lookup_events(tracker, question)


def order_lookup_events(tracker: Tracker, question: Text, language: Text = "fr",
                        proof: Optional[Text] = None) -> List[EventType]:
    """Answers `question` about the customer's order, in `language`: straight away for the
    verified order, else through the lookup, which reads the number and proof the message may
    already hold (or starts with the `proof` given)."""
    events: List[EventType] = [SlotSet("order_question", question), SlotSet("reply_language", language)]
    verified = tracker.get_slot("verified_order")
    # Once an order is verified, a bare five-digit number is its postcode typed again, not another order.
    asked = parse_identity(tracker.latest_message.get("text") or "", expecting_proof=bool(verified)).order_number
    if verified and asked in (None, verified):
        return events + [FollowupAction("action_answer_order")]
    if tracker.get_slot("identity_check") != "blocked":
        # « elle en est où ma commande ? » after a message naming it: that number, not asked again.
        earlier = None if asked else order_number_mentioned(tracker)
        # The address given for an advisor's reply is likely the order's too, and a proof typed
        # beside the number earlier (« commande 48216, CP 13006 ») is that order's: not asked again.
        proof = proof or tracker.get_slot("contact_email") or _proof_given_with(tracker, asked or earlier)
        events += [SlotSet("identity_check", None), SlotSet("order_number", earlier),
                   SlotSet("order_proof", proof)]
    return events + [FollowupAction("order_lookup_form")]


def session_events(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The events of the conversation's current session."""
    starts = [index for index, event in enumerate(tracker.events) if event.get("event") == "session_started"]
    return tracker.events[starts[-1] + 1:] if starts else list(tracker.events)


def customer_texts(tracker: Tracker) -> List[Text]:
    """What the customer wrote in this session, oldest first, the latest message included."""
    return [event.get("text") or "" for event in session_events(tracker) if event.get("event") == "user"]


def order_number_mentioned(tracker: Tracker) -> Optional[Text]:
    """The order number the customer named last in this session as an order's (« commande
    48214 »: a number alone may have been a postcode), if any."""
    for event in reversed(session_events(tracker)):
        if event.get("event") == "user" and NAMES_AN_ORDER.search(event.get("text") or ""):
            entities = (event.get("parse_data") or {}).get("entities") or []
            number = next((e.get("value") for e in entities if e.get("entity") == "order_id"), None)
            if number and is_valid_order_number(str(number)):
                return str(number)
    return None


def _proof_given_with(tracker: Tracker, number: Optional[Text]) -> Optional[Text]:
    """The email or postcode the customer last typed in this session beside order `number`."""
    identities = [parse_identity(text) for text in customer_texts(tracker)] if number else []
    return next((identity.proof for identity in reversed(identities)
                 if identity.order_number == number and identity.proof), None)


def _last_value(tracker: Tracker, slot: Text) -> Optional[Text]:
    """The latest value (not None) set to `slot` in this session before the customer's latest
    message (the form's events of this turn come after it)."""
    events = session_events(tracker)
    latest_message = max((index for index, event in enumerate(events) if event.get("event") == "user"), default=0)
    values = (event.get("value") for event in reversed(events[:latest_message])
              if event.get("event") == "slot" and event.get("name") == slot)
    return next((value for value in values if value), None)


class ValidateOrderLookupForm(FormValidationAction):
    """Reads the order number and the proof from what the customer types, then checks them."""

    def name(self) -> Text:
        return "validate_order_lookup_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        if tracker.get_slot("identity_check") in ("blocked", "unavailable"):
            return []
        return domain_slots

    def _raw_answer(self, tracker: Tracker, slot: Text) -> Optional[Text]:
        """What the customer typed, when it is an attempt at the value asked (to be validated);
        a question or another request is left to the rules."""
        text = (tracker.latest_message.get("text") or "").strip()
        if tracker.get_slot("requested_slot") != slot or _intent(tracker) in OTHER_REQUESTS:
            return None
        return text[:MAX_RAW_ANSWER] if looks_like_a_value(text) else None

    def _parts(self, tracker: Tracker):
        expecting_proof = tracker.get_slot("requested_slot") == "order_proof"
        parts = parse_identity(tracker.latest_message.get("text") or "", expecting_proof)
        number = tracker.get_slot("order_number") or ""
        if expecting_proof and parts.postcode and parts.order_number is None and _looks_alike(parts.postcode, number):
            # « ah je me suis trompé, c'est 48216 » after 48261: the number corrected, not a postcode.
            return replace(parts, order_number=parts.postcode, postcode=None)
        return parts

    async def extract_order_number(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        value = self._parts(tracker).order_number or self._raw_answer(tracker, "order_number")
        return {"order_number": value} if value is not None else {}

    async def extract_order_proof(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        value = self._parts(tracker).proof or self._raw_answer(tracker, "order_proof")
        return {"order_proof": value} if value is not None else {}

    # A slot reset to None (a new lookup starting) is nothing given, not something invalid.
    def validate_order_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is None:
            return {}
        if isinstance(value, str) and is_valid_order_number(value):
            return {"order_number": value}
        return {"order_number": None, "identity_check": "invalid_number"}

    def validate_order_proof(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is None:
            return {}
        if isinstance(value, str) and is_valid_proof(value):
            return {"order_proof": value}
        return {"order_proof": None, "identity_check": "invalid_proof"}

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """Validates the format of what was given, then checks number and proof together."""
        events = await super().get_validation_events(dispatcher, tracker, domain)
        given = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        number = given.get("order_number", tracker.get_slot("order_number"))
        proof = given.get("order_proof", tracker.get_slot("order_proof"))
        if tracker.get_slot("identity_check") == "not_found" and number != _last_value(tracker, "order_number") \
                and not proof:
            # « oops, typo, it's 48217 » after a proof that did not match: checked with that proof.
            proof = _last_value(tracker, "order_proof")
            events.append(SlotSet("order_proof", proof))
        if not (number and proof) or not ({"order_number", "order_proof"} & given.keys()):
            return events
        failures = int(tracker.get_slot("identity_failures") or 0)
        client = (tracker.latest_message.get("metadata") or {}).get("client_address")
        check = await off_the_loop(check_identity, ORDER_LOOKUP, THROTTLE, number, proof, failures, client)
        events += [SlotSet("identity_check", check.outcome), SlotSet("identity_failures", check.failures)]
        if check.order is not None:
            JUST_VERIFIED.remember(tracker.sender_id, check.order)
            events.append(SlotSet("verified_order", number))
        elif check.outcome == "not_found":
            # The number is kept: the next email or postcode is read as a new proof, and a
            # number given as such ("commande 48214") replaces it.
            events.append(SlotSet("order_proof", None))
        elif check.outcome == "blocked":
            events += [SlotSet("order_number", None), SlotSet("order_proof", None)]
        return events


def _looks_alike(typed: Text, order_number: Text) -> bool:
    """Whether a number typed for the proof is rather the order number, retyped or corrected: same
    length and same first three digits (a postcode seldom shares them)."""
    return len(typed) == len(order_number) and typed[:3] == order_number[:3]


class ActionAnswerOrder(Action):
    """Tells a verified customer the status of their order, with its Chronopost tracking."""

    def name(self) -> Text:
        return "action_answer_order"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        number, proof = tracker.get_slot("verified_order"), tracker.get_slot("order_proof")
        order = JUST_VERIFIED.take(tracker.sender_id, number) if number else None
        if order is None and number and proof:
            try:
                order = await off_the_loop(ORDER_LOOKUP.find_verified, number, proof)
            except OrderStoreUnavailable as error:
                await off_the_loop(report_failure, "order_store", error, shared_session_factory(), order=number)
        if order is None:
            dispatcher.utter_message(response="utter_order_store_unavailable")
            dispatcher.utter_message(response="utter_contact_ways")
            return [FollowupAction("action_listen")]
        question = tracker.get_slot("order_question") or "order_status"
        language = _language(tracker)
        words = WORDINGS[language]
        answer = order_answer(order, question, await off_the_loop(_tracking, order), date.today(), words)
        recent = _recent_bot_messages(tracker)
        # Asked about something else (the debit, what to do if it does not come), the customer is
        # not told again what they have just read about the order.
        said = set() if question in ASKED_AGAIN_IN_FULL else {
            line.strip() for message in recent for line in (message.get("text") or "").splitlines()}
        key = set(answer.key.splitlines())
        new_lines = [line for line in answer.text.splitlines() if line.strip() not in said or line in key]
        if new_lines:
            dispatcher.utter_message(text="\n".join(new_lines))
        elif not _recent_bot_messages(tracker, turns=0):  # nothing else answers this turn
            dispatcher.utter_message(text=answer.text)
        if answer.hand_over and language == "fr":
            return [SlotSet("handoff_reason", "parcel_not_received"), FollowupAction("action_handoff")]
        contact_ways_given = CONTACT_WAYS[language] in {
            (message.get("metadata") or {}).get("utter_action") for message in recent}
        if (answer.offer_human or answer.hand_over) and not contact_ways_given:
            # In English, the ways to reach the advisors (who read English) rather than a case
            # opened in French.
            dispatcher.utter_message(response=CONTACT_WAYS[language])
        # Also when it follows a question about the verified order (a follow-up action, which no
        # rule continues): the customer has the answer, the assistant listens.
        return [FollowupAction("action_listen")]


def _recent_bot_messages(tracker: Tracker, turns: int = RECENT_TURNS) -> List[Dict[Text, Any]]:
    """The assistant's messages in this session since the customer's `turns`-th last message
    (0: those of the current turn), latest first."""
    users, messages = 0, []
    for event in reversed(session_events(tracker)):
        users += event.get("event") == "user"
        if users > turns:
            break
        if event.get("event") == "bot":
            messages.append(event)
    return messages


def _tracking(order: OrderView) -> Optional[Tracking]:
    shipment = order.last_shipment
    if shipment is None:
        return None
    try:
        return CHRONOPOST.track(shipment.tracking_number)
    except TrackingUnavailable as error:
        report_failure("chronopost", error, shared_session_factory(), parcel=shipment.tracking_number)
        return None


# Answers to another question, after which the lookup waits quietly.
ANSWERS = {"utter_faq", "utter_out_of_scope", "action_answer_in_english"}


def _already_answered(tracker: Tracker, slot: Text) -> bool:
    """Whether this turn answered another question (in the FAQ or not) while `slot` was being
    asked for: the form then waits quietly instead of asking again after every answer."""
    if tracker.get_slot("requested_slot") != slot:
        return False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") in ANSWERS:
            return True
    return False


class ActionAskOrderNumber(Action):
    def name(self) -> Text:
        return "action_ask_order_number"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if not _already_answered(tracker, "order_number"):
            dispatcher.utter_message(text=ask_order_number(tracker.get_slot("identity_check"), _language(tracker)))
        return []


class ActionAskOrderProof(Action):
    def name(self) -> Text:
        return "action_ask_order_proof"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if not _already_answered(tracker, "order_proof"):
            number = tracker.get_slot("order_number") or ""
            dispatcher.utter_message(text=ask_order_proof(tracker.get_slot("identity_check"), number,
                                                          _language(tracker)))
        return []
