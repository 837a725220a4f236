"""Rasa custom actions: thin glue around the `civette` package."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from civette.faq import load_knowledge_base
from civette.fallback import SUGGESTIONS, misunderstood_in_a_row, suggested_questions

KNOWLEDGE_BASE = load_knowledge_base()


class ActionFallback(Action):
    """Records how often in a row the customer was not understood, and the closest FAQ topics.

    The rules then ask to rephrase (first time) or offer a human (next times).
    """

    def name(self) -> Text:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        stage = "once" if misunderstood_in_a_row(tracker.events) == 1 else "again"
        questions = suggested_questions(tracker.latest_message, KNOWLEDGE_BASE)
        questions += [None] * (SUGGESTIONS - len(questions))
        return [SlotSet("misunderstood", stage)] + [
            SlotSet(f"suggestion_{rank}", question) for rank, question in enumerate(questions, 1)
        ]
