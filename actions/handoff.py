"""Handoff actions: thin Rasa glue around civette.helpdesk."""

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from civette import db
from civette.helpdesk.cases import CaseDraft
from civette.helpdesk.connectors import connectors_from_env
from civette.helpdesk.handoff import (
    HANDOFF_FAILED_MESSAGE,
    INVALID_EMAIL_MESSAGE,
    Handoff,
    ask_contact_message,
    email_message,
    live_message,
)
from civette.helpdesk.opening_hours import OpeningHours
from civette.helpdesk.reasons import reason_for
from civette.helpdesk.transcript import transcript
from civette.identity import EMAIL, customer_email, looks_like_an_email, parse_identity
from civette.order_question import asks_about_the_order
from civette.orders.service import ORDER_QUESTIONS, selected_faq_id, selected_response
from civette.text import fold

from actions.orders import OTHER_REQUESTS, customer_texts, off_the_loop, order_lookup_events, session_events

HANDOFF = Handoff(db.shared_session_factory(), OpeningHours.from_env(), connectors_from_env())
CONTACT_FORM = "handoff_contact_form"
# An email address given later, after a digression, for the request that asked for it (the
# message, not understood alone, goes to action_fallback).
LATE_ADDRESS = "action_fallback"
# A yes to the offer of an advisor's reply (action_acknowledge_yes) accepts it.
ACCEPTED_BY = "action_acknowledge_yes"
# Actions after which action_handoff reads the reason stored in the handoff_reason slot.
REASON_STORED_BY = {CONTACT_FORM, "action_answer_order", LATE_ADDRESS, ACCEPTED_BY}
# Actions after which the address is collected: the case is about the message that asked for it.
ADDRESS_COLLECTED_BY = {CONTACT_FORM, LATE_ADDRESS}
# Intents that ask for a human whatever was offered before (others get the offer only once).
ASKING_FOR_A_HUMAN = {"human_handoff", "payment_dispute"}
# Responses that offer an advisor's reply: a yes just after them accepts it.
OFFERS_OF_AN_ADVISOR = {"utter_handoff_already_offered"}
# What the order lookup asks for: an address typed then is an order's proof.
ORDER_SLOTS = {"order_number", "order_proof"}
# Words saying that an address volunteered is for looking an order up.
ABOUT_AN_ORDER = re.compile(r"\b(commande|cmd|cde|colis|order)\b")
# Tells the widget that an advisor now answers (socket.io: bot_uttered {"handoff": "started"}).
HANDOFF_STARTED = {"data": {"handoff": "started"}}


def _request(tracker: Tracker, collected: bool) -> Dict[str, Any]:
    """The message the case is about: the latest one or, once the email address was collected,
    the one that started the request (the message before the address form opened)."""
    request = tracker.latest_message or {}
    if collected:
        last_user: Dict[str, Any] = request
        for event in tracker.events:
            if event.get("event") == "user":
                last_user = event.get("parse_data") or {}
            elif event.get("event") == "active_loop" and event.get("name") == CONTACT_FORM:
                request = last_user
    return request


def _draft(tracker: Tracker) -> CaseDraft:
    stored = tracker.get_slot("handoff_reason") if tracker.latest_action_name in REASON_STORED_BY else None
    message = _request(tracker, collected=tracker.latest_action_name in ADDRESS_COLLECTED_BY)
    intent = message.get("intent") or {}
    faq_id = selected_faq_id(message) if intent.get("name") == "faq" else None
    reason = stored or reason_for(intent.get("name"), faq_id, tracker.get_slot("identity_check"))
    verified = tracker.get_slot("verified_order")
    return CaseDraft(
        conversation_id=tracker.sender_id,
        channel=tracker.get_latest_input_channel() or "inconnu",
        reason=reason,
        intent=f"faq/{faq_id}" if faq_id else intent.get("name"),
        confidence=intent.get("confidence"),
        order_number=verified or tracker.get_slot("order_number"),
        identity_verified=bool(verified),
        contact_email=tracker.get_slot("contact_email"),
        transcript=transcript(tracker.events),
    )


class ActionHandoff(Action):
    """Opens a case for an advisor and pauses the bot, or collects an email address for a reply."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        offered = tracker.get_slot("handoff_offered")
        # Once a case waits for a reply by email, its advisor answers this too, also when the
        # customer asks for a human again (« et si elle part avant que le conseiller réponde ? »).
        case_open = offered and tracker.get_slot("contact_email") and not tracker.get_slot("handoff_reason")
        if case_open and tracker.latest_action_name not in ADDRESS_COLLECTED_BY:
            dispatcher.utter_message(response="utter_handoff_case_open")
            return [FollowupAction("action_listen")]
        if offered and not _asks_for_a_human(tracker):
            # A second sensitive question or misunderstanding: the offer stands, it is not repeated.
            dispatcher.utter_message(response="utter_handoff_already_offered")
            return [FollowupAction("action_listen")]
        draft = _draft(tracker)
        metadata = (tracker.latest_message or {}).get("metadata") or {}
        outcome = await off_the_loop(HANDOFF.hand_over, draft, metadata.get("chatwoot_conversation_id"))
        offered = SlotSet("handoff_offered", True)
        if outcome.kind == "need_contact":
            return [offered, SlotSet("handoff_reason", draft.reason), FollowupAction(CONTACT_FORM)]
        # The address stays for the session: a later request for a human does not ask it again.
        events: List[EventType] = [offered, SlotSet("handoff_reason", None)]
        if outcome.kind == "live":
            dispatcher.utter_message(text=live_message(outcome.case_id), json_message=HANDOFF_STARTED)
            return events + [ConversationPaused()]
        # The assistant then listens, also after a late address (a follow-up no rule continues).
        events.append(FollowupAction("action_listen"))
        if outcome.kind == "email":
            dispatcher.utter_message(
                text=email_message(outcome.case_id, draft.contact_email, outcome.reply_expected))
            return events
        dispatcher.utter_message(text=HANDOFF_FAILED_MESSAGE)
        dispatcher.utter_message(response="utter_contact_ways")
        return events


class ValidateHandoffContactForm(FormValidationAction):
    """Reads an email address in what the customer types."""

    def name(self) -> Text:
        return "validate_handoff_contact_form"

    async def extract_contact_email(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        asked = tracker.get_slot("requested_slot") == "contact_email"
        text = tracker.latest_message.get("text") or ""
        found = customer_email(text)
        # Also in the request for a human itself: « un conseiller svp, mon mail c'est … ».
        if found and (asked or _intent(tracker) in ASKING_FOR_A_HUMAN):
            return {"contact_email": found}
        earlier = _address_given_earlier(tracker)
        if earlier and tracker.get_slot("requested_slot") is None:
            return {"contact_email": earlier}  # the form opens: not asked again
        if not asked or _is_other_request(tracker) or not looks_like_an_email(text):
            return {}  # a question, a number, another request: the rules answer it, the form goes on
        return {"contact_email": text.strip()[:100]}

    def validate_contact_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        valid = isinstance(value, str) and EMAIL.fullmatch(value) and customer_email(value)
        return {"contact_email": value if valid else None}


def _order_named_earlier(tracker: Tracker) -> Optional[str]:
    """The latest order number in the customer's earlier messages of this session."""
    numbers = [parse_identity(text).order_number for text in customer_texts(tracker)[:-1]]
    return next((number for number in reversed(numbers) if number), None)


def _address_given_earlier(tracker: Tracker) -> Optional[str]:
    """The latest email address the customer wrote in this session (« … mon mail c'est … » in the
    message describing the problem, before any advisor was offered); not one typed as the proof
    of an order, which may not even be theirs, unless it proved the order theirs."""
    proof = tracker.get_slot("order_proof") or ""
    verified_address = proof if tracker.get_slot("verified_order") and EMAIL.fullmatch(proof) else None
    address, requested = verified_address, None
    for event in session_events(tracker):
        if event.get("event") == "slot" and event.get("name") == "requested_slot":
            requested = event.get("value")
        elif event.get("event") == "user" and requested not in ORDER_SLOTS:
            text = event.get("text") or ""
            found = customer_email(text)
            # Beside an order number (« commande 48215, mail … »), an address is that order's proof.
            proof_attempt = parse_identity(text).order_number is not None
            address = found if found and not proof_attempt else address
    return address


def _asks_for_a_human(tracker: Tracker) -> bool:
    """The customer asked for a human, accepted the offer of one, or gave what the handoff waited
    for (an email address, an order whose parcel is late). A payment dispute after an offer the
    customer let pass keeps that offer: the address is not asked again."""
    return _intent(tracker) == "human_handoff" or tracker.latest_action_name in REASON_STORED_BY


def last_turn_responses(tracker: Tracker) -> List[str]:
    """The responses of the assistant's messages between the customer's last two, latest first."""
    users, responses = 0, []
    for event in reversed(tracker.events):
        users += event.get("event") == "user"
        if users > 1:
            break
        if event.get("event") == "bot":
            responses.append((event.get("metadata") or {}).get("utter_action") or "")
    return responses


def _last_bot_response(tracker: Tracker) -> Optional[str]:
    """The response of the assistant's last message before the customer's latest one."""
    return next(iter(last_turn_responses(tracker)), None)


class ActionOrderNumberForTheAdvisor(Action):
    """An order number while the email address is asked: « c'est la 48214 » is a reference for
    the advisor (noted, the address asked again); « où en est la 48214 ? » a question, answered
    instead (the form ends, the lookup starts)."""

    def name(self) -> Text:
        return "action_order_number_for_the_advisor"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        if not asks_about_the_order(text):
            # Once an order number is known, a bare five-digit number is its postcode, not another
            # order: the address is asked again.
            known = tracker.get_slot("order_number") or _order_named_earlier(tracker)
            number = parse_identity(text, expecting_proof=known is not None).order_number
            if number:
                dispatcher.utter_message(response="utter_order_number_noted", order_number=number)
            return [SlotSet("order_number", number or known), FollowupAction(CONTACT_FORM)]
        if selected_faq_id(tracker.latest_message) not in ORDER_QUESTIONS:  # those go to the lookup
            dispatcher.utter_message(response=selected_response(tracker.latest_message))
        return [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("action_follow_up_faq")]


class ActionAcknowledgeYes(Action):
    """« oui » after the offer of an advisor's reply accepts it; during a form, the form asks its
    question again; any other yes is acknowledged."""

    def name(self) -> Text:
        return ACCEPTED_BY

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if _last_bot_response(tracker) in OFFERS_OF_AN_ADVISOR:
            return [FollowupAction("action_handoff")]
        if not tracker.active_loop.get("name"):
            dispatcher.utter_message(response="utter_anything_else")
        return []


def _intent(tracker: Tracker) -> Optional[Text]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def late_address_events(tracker: Tracker) -> List[EventType]:
    """An email address given after a digression, while a request still waits for one
    (handoff_reason is kept until its case is opened): the case is opened with it. Given with
    nothing waiting (« mon mail c'est … si besoin »), it asks for an advisor's reply, unless it
    is the verified order's own address, typed again, or given to look an order up."""
    found = customer_email(tracker.latest_message.get("text") or "")
    if found is None:
        return []
    waiting = tracker.get_slot("handoff_reason")
    proof = tracker.get_slot("order_proof") if tracker.get_slot("verified_order") else None
    if not waiting and proof and found.lower() == proof.lower():
        # The verified order's address typed again: the customer still means that order.
        return order_lookup_events(tracker, "order_status")
    if not waiting and ABOUT_AN_ORDER.search(fold(tracker.latest_message.get("text") or "")):
        # « j'ai pas le numéro mais mon mail c'est … vous pouvez regarder ? »: the order's proof.
        return order_lookup_events(tracker, "order_status", proof=found)
    events: List[EventType] = [SlotSet("contact_email", found)]
    if not waiting:
        events.append(SlotSet("handoff_reason", "customer_request"))
    return events + [FollowupAction("action_handoff")]


def _is_other_request(tracker: Tracker) -> bool:
    return _intent(tracker) in OTHER_REQUESTS


class ActionAskContactEmail(Action):
    def name(self) -> Text:
        return "action_ask_contact_email"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        tried_an_address = not _is_other_request(tracker) and looks_like_an_email(text)
        asked = tracker.get_slot("requested_slot") == "contact_email"
        if asked and tried_an_address:
            dispatcher.utter_message(text=INVALID_EMAIL_MESSAGE)
        elif asked and _intent(tracker) == "affirm":
            dispatcher.utter_message(response="utter_ask_email_again")  # « oui »: the question, shortly
        else:
            dispatcher.utter_message(text=ask_contact_message(HANDOFF.reply_expected()))
        return []

