"""Rasa custom actions: thin glue around the `civette` package."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from civette.english import english_small_talk, english_topics
from civette.faq import load_knowledge_base
from civette.fallback import SUGGESTIONS, misunderstood_in_a_row, suggested_questions
from civette.identity import parse_identity

from actions.handoff import late_address_events
from actions.orders import order_lookup_events

KNOWLEDGE_BASE = load_knowledge_base()


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


class ActionAnswerInEnglish(Action):
    """A message in another language: the English answers of the topics it asks about, the
    order lookup when it gives an order number, else an offer of a human (utter_other_language)."""

    def name(self) -> Text:
        return "action_answer_in_english"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        small_talk = english_small_talk(text)
        if small_talk:
            dispatcher.utter_message(response=f"utter_english_{small_talk}")
            return []
        if parse_identity(text).order_number:
            return order_lookup_events(tracker, "order_status")
        topics = [topic for topic in english_topics(text) if KNOWLEDGE_BASE.get(topic).english]
        for topic in topics:
            dispatcher.utter_message(response=KNOWLEDGE_BASE.get(topic).english_response_name)
        if not topics:
            dispatcher.utter_message(response="utter_other_language")
        return []
