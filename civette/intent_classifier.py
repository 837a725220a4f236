"""Rasa glue for `civette.intent_model`: one classifier for intents and FAQ answers.

It replaces DIET and the ResponseSelector (what a message asks is decided in
`civette.understanding`). For an FAQ question it sets the intent `faq` and the
response selector's output (`utter_faq/<id>` and a ranking of FAQ answers) exactly as Rasa's
ResponseSelector does, so the domain, the rules and `utter_faq` work unchanged. When it is not
sure, the intent is `nlu_fallback` and the FAQ ranking is kept for the suggestion buttons.
"""

from __future__ import annotations

from dataclasses import fields, replace
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    METADATA,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.pipeline import Pipeline

from civette import intent_model
from civette import intent_model_file
from civette.intent_model import ModelSettings, Ranked
from civette.faq import load_knowledge_base
from civette.helpdesk.reasons import SENSITIVE_FAQ_IDS
from civette.order_question import ABOUT_THE_VERIFIED_ORDER, ORDER_TOPICS, asks_for_a_meaning
from civette.understanding import (
    OUT_OF_SCOPE, STOP, Understanding, answered_before, repeats_an_answer, thanks_only, understand_in_context,
    without_answers_given,
)

RANKING_LENGTH = 10
# Set on a message holding several questions: the FAQ answers for its other questions, and
# whether one of its questions has none (read by action_follow_up_faq).
MORE_ANSWERS = "more_faq_answers"
# Set as an entity on a question about where one's order is: a rule then starts the lookup
# without the FAQ's list of statuses first.
ORDER_TOPIC = "order_topic"
STRAIGHT_TO_LOOKUP = {"faq/order_status"}
UNANSWERED_PART = "unanswered_part"
# Set as an entity when the FAQ answer is not the whole reply (the message's other questions, an
# order lookup, a handoff): only then does a rule call action_follow_up_faq on the action server.
FOLLOW_UP = "faq_follow_up"
# Set by the channels in the message metadata: the customer's previous messages, newest first
# (follow-ups).
PREVIOUS_TEXTS = "previous_texts"
# ... and the assistant's replies of its last turns: an FAQ answer is not given twice.
PREVIOUS_ANSWERS = "previous_answers"
# Set as an entity on a message whose FAQ answer the assistant has just given: a rule then says
# it has nothing more on that point, instead of the same answer again.
REPEATED_ANSWER = "repeated_answer"



@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FullIntentClassifier(GraphComponent):
    """Classifies a message into a full intent (`faq/<id>`, `greet`...), or not understood."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        defaults = ModelSettings()
        return {field.name: getattr(defaults, field.name) for field in fields(ModelSettings)}

    def __init__(
        self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        model: Optional[Pipeline] = None,
    ) -> None:
        names = {field.name for field in fields(ModelSettings)}
        self._settings = replace(ModelSettings(), **{k: v for k, v in config.items() if k in names})
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> FullIntentClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext, **kwargs: Any,
    ) -> FullIntentClassifier:
        with model_storage.read_from(resource) as directory:
            model = intent_model_file.load(directory)
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        labels = [m.get(INTENT_RESPONSE_KEY) or m.get(INTENT) for m in examples]
        self._model = intent_model.train([m.get(TEXT) for m in examples], labels, self._settings)
        with self._model_storage.write_to(self._resource) as directory:
            intent_model_file.save(self._model, directory)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        texts = [message.get(TEXT) or "" for message in messages]
        metadata = [message.get(METADATA) or {} for message in messages]
        previous = [data.get(PREVIOUS_TEXTS) or [] for data in metadata]
        understood = understand_in_context(self._model, texts, previous, self._settings, _faq_section)
        for message, text, understanding, data, before in zip(messages, texts, understood, metadata, previous):
            answers = data.get(PREVIOUS_ANSWERS) or []
            understanding = without_answers_given(understanding, answers)
            whole_answer = replace(understanding, answer="")  # its entry's, for a precise point
            given = answered_before(understanding, answers) or answered_before(whole_answer, answers)
            if thanks_only(text) and given:
                # « ok je vais essayer paypal alors, merci »: thanks, not the answer again.
                _set_prediction(message, Understanding("thank", understanding.ranked), straight_to_lookup=False)
                continue
            if repeats_an_answer(text, understanding, before, answers):
                _set_repeated(message, understanding)
                continue
            _set_prediction(message, understanding, straight_to_lookup=not asks_for_a_meaning(text))
        return messages


@lru_cache(maxsize=None)
def _sections() -> Dict[str, str]:
    return {entry.intent: entry.section for entry in load_knowledge_base().entries}


def _faq_section(intent: str) -> Optional[str]:
    """The FAQ section of an answer (`faq/<id>`): neighbouring answers share it."""
    return _sections().get(intent)


def _set_prediction(message: Message, understood: Understanding, straight_to_lookup: bool) -> None:
    ranked, decided = understood.ranked, understood.intent
    best_by_intent: Dict[str, float] = {}
    faq_ranking: Ranked = []
    for label, confidence in ranked:
        base, _, answer = label.partition("/")
        best_by_intent.setdefault(base, confidence)
        if answer:
            faq_ranking.append((label, confidence))
    # The answer decided comes first, also when a rule chose it over the classifier's best.
    faq_ranking.sort(key=lambda item: item[0] != decided)
    intent_ranking = [
        {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
        for name, confidence in list(best_by_intent.items())[:RANKING_LENGTH]
    ]
    top_confidence = ranked[0][1]
    intent = {INTENT_NAME_KEY: decided.partition("/")[0], PREDICTED_CONFIDENCE_KEY: top_confidence}
    if decided == intent_model.NOT_UNDERSTOOD:
        intent_ranking.insert(0, dict(intent))
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, intent_ranking, add_to_output=True)
    if faq_ranking:
        selector = _selector(faq_ranking, understood.response if decided.startswith("faq/") else None)
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selector, add_to_output=True)
    if decided in STRAIGHT_TO_LOOKUP and straight_to_lookup:
        _add_entity(message, ORDER_TOPIC, decided.partition("/")[2])
    if understood.more_answers or understood.unanswered_part:
        message.set(MORE_ANSWERS, list(understood.more_answers), add_to_output=True)
        message.set(UNANSWERED_PART, understood.unanswered_part, add_to_output=True)
    if _needs_follow_up(understood) and not message.get(ENTITIES):
        _add_entity(message, FOLLOW_UP, decided.partition("/")[2] or decided)


def _set_repeated(message: Message, understood: Understanding) -> None:
    """« et vous savez quand ? » after the shortage of Cuban cigars: the answer just given does
    not say; the assistant says it has nothing more (out of scope, marked `repeated_answer`)."""
    intent = {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: 1.0}
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(intent)], add_to_output=True)
    _add_entity(message, REPEATED_ANSWER, understood.response.partition("/")[2])


def _needs_follow_up(understood: Understanding) -> bool:
    # Whether a sensitive matter is answered depends on the precise answer (« vous partagez mes
    # données ? » is not a request about them); whether the order matters, on the topic.
    if understood.intent == STOP:  # « laisse tomber, je préfère annuler »: what is asked instead
        return bool(understood.more_answers)
    responses = [understood.response, *understood.more_answers]
    topics = [understood.intent, *understood.more_answers]
    return understood.intent.startswith("faq/") and bool(
        understood.more_answers or understood.unanswered_part
        or any(t in ORDER_TOPICS | ABOUT_THE_VERIFIED_ORDER for t in topics)
        or any(r.partition("/")[2] in SENSITIVE_FAQ_IDS for r in responses))


def _add_entity(message: Message, name: str, value: str) -> None:
    """An entity about the whole message (so that test stories can annotate it)."""
    entity = {ENTITY_ATTRIBUTE_TYPE: name, ENTITY_ATTRIBUTE_VALUE: value, EXTRACTOR: "FullIntentClassifier",
              ENTITY_ATTRIBUTE_START: 0, ENTITY_ATTRIBUTE_END: len(message.get(TEXT) or "")}
    message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)


def _selector(faq_ranking: Ranked, answer: Optional[str]) -> Dict[str, Any]:
    """The response selector's output for the retrieval intent `faq`, Rasa's format. The answer
    uttered is `answer` (`faq/<entry or detail id>`), by default the best ranked entry's."""
    label, confidence = faq_ranking[0]
    retrieval_intent = label.partition("/")[0]
    return {
        RESPONSE_SELECTOR_RETRIEVAL_INTENTS: [retrieval_intent],
        retrieval_intent: {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                PREDICTED_CONFIDENCE_KEY: confidence,
                INTENT_RESPONSE_KEY: label,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{answer or label}",
            },
            RESPONSE_SELECTOR_RANKING_KEY: [
                {INTENT_RESPONSE_KEY: name, PREDICTED_CONFIDENCE_KEY: value}
                for name, value in faq_ranking[:RANKING_LENGTH]
            ],
        },
    }
