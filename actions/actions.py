"""Rasa custom actions: thin glue around the `civette` package."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from civette.english import english_questions, english_small_talk, gives_up, names_something_new
from civette.faq import load_knowledge_base
from civette.follow_up import MAX_WORDS_FOR_A_POINT, is_short
from civette.fallback import SUGGESTIONS, misunderstood_in_a_row, suggested_questions
from civette.identity import parse_identity

from actions.handoff import last_turn_responses, late_address_events
from actions.orders import customer_texts, order_lookup_events

KNOWLEDGE_BASE = load_knowledge_base()
# The responses of the answers in English.
ENGLISH_RESPONSES = ("utter_english_", "utter_other_language")
# English topics about the customer's own order, and the order question each one asks.
ORDER_QUESTION_BY_TOPIC = {"order_status": "order_status", "parcel_not_received": "parcel_not_received",
                           "delivery_time": "delivery_time", "debit_timing": "debit_timing"}


class ActionFallback(Action):
    """Records how often in a row the customer was not understood, and the closest FAQ topics.

    The rules then ask to rephrase (first time) or offer a human (next times). An email address
    that a pending request for a human waits for is not a misunderstanding: the case is opened.
    """

    def name(self) -> Text:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        late_address = late_address_events(tracker)
        if late_address:
            return late_address
        stage = "once" if misunderstood_in_a_row(tracker.events) == 1 else "again"
        questions = suggested_questions(tracker.latest_message, KNOWLEDGE_BASE)
        questions += [None] * (SUGGESTIONS - len(questions))
        return [SlotSet("misunderstood", stage)] + [
            SlotSet(f"suggestion_{rank}", question) for rank, question in enumerate(questions, 1)
        ]


def _previous_text(tracker: Tracker) -> Text:
    """The customer's message before the latest one, in this session."""
    texts = customer_texts(tracker)
    return texts[-2] if len(texts) > 1 else ""


class ActionAcknowledgeNo(Action):
    """« non » (« no ») out of context: the assistant stays at hand, in the language of its last
    answers."""

    def name(self) -> Text:
        return "action_acknowledge_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        english = tracker.get_slot("reply_language") == "en" or any(
            response.startswith(ENGLISH_RESPONSES) for response in last_turn_responses(tracker))
        dispatcher.utter_message(response="utter_english_at_your_service" if english else "utter_at_your_service")
        return []


class ActionAnswerInEnglish(Action):
    """A message in another language: the English answers of the topics it asks about, the
    order lookup in English when it asks about the customer's order (straight to the verified
    order, if any), else an offer of a human (utter_other_language)."""

    def name(self) -> Text:
        return "action_answer_in_english"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        if gives_up(text) and tracker.active_loop.get("name"):
            dispatcher.utter_message(response="utter_english_dropped")
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        small_talk = english_small_talk(text)
        if small_talk:
            dispatcher.utter_message(response=f"utter_english_{small_talk}")
            return []
        topics, for_a_human = english_questions(text)
        if not for_a_human and is_short(text, MAX_WORDS_FOR_A_POINT) and topics in ([], ["delivery_time"]):
            # « how many days do I have? », « how long do I have? » after a question on returns:
            # that topic's answer.
            previous = english_questions(_previous_text(tracker))[0]
            topics = previous if not topics or "return_policy" in previous else topics
        order_topic = next((t for t in topics if t in ORDER_QUESTION_BY_TOPIC), None)
        question = ORDER_QUESTION_BY_TOPIC.get(order_topic)
        # As in French: a question on where one's order is goes straight to the lookup, and one
        # naming its order or asked once the order is verified gets this order's answer.
        verified = tracker.get_slot("verified_order")
        identity = parse_identity(text)
        # The verified order's address typed again (« it's lea.moreau@…, I already told you »): its answer.
        proof_again = verified and not topics and identity.proof and identity.proof == tracker.get_slot("order_proof")
        if identity.order_number or order_topic == "order_status" or proof_again or (
                question and verified and order_topic != "parcel_not_received"):
            # « who is the carrier? can I track it? »: the other question answered first.
            for topic in topics:
                if topic not in ORDER_QUESTION_BY_TOPIC and KNOWLEDGE_BASE.english(topic):
                    dispatcher.utter_message(response=f"utter_english_{topic}")
            return order_lookup_events(tracker, question or "order_status", language="en")
        topics = [topic for topic in topics if KNOWLEDGE_BASE.english(topic)]
        responses = [f"utter_english_{topic}" for topic in topics]
        answers = [KNOWLEDGE_BASE.english(topic) for topic in topics]
        repeated = set(responses) <= set(last_turn_responses(tracker))
        if responses and repeated and "contact" not in topics and not names_something_new(
                text, _previous_text(tracker), answers):
            # The same answers as just before, which do not speak of what the customer now names
            # (« so Discover won't work? »): nothing more to say. Asking for a human again gets
            # the ways to reach one again.
            dispatcher.utter_message(response="utter_english_nothing_more")
            return []
        for response in responses:
            dispatcher.utter_message(response=response)
        if not topics:
            dispatcher.utter_message(response="utter_other_language")
        elif for_a_human:
            dispatcher.utter_message(response="utter_english_rest_for_a_human")
        # A parcel not received: the FAQ's answer (what to do), then this order's, unless already shown.
        if order_topic == "parcel_not_received" and not verified:
            return order_lookup_events(tracker, question, language="en")
        if "contact" in topics and tracker.active_loop.get("name"):
            # The ways to reach a human given, the lookup does not go on asking.
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        return []
