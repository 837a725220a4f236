"""Custom Rasa NLU components."""

from __future__ import annotations

import json
from typing import Any, Dict, FrozenSet, Iterable, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.nlu.constants import TOKENS_NAMES

from civette.intent_classifier import ORDER_TOPIC
from civette.text import fold

VOCABULARY_FILE = "vocabulary.json"
FALLBACK_INTENT = "nlu_fallback"
ORDER_ID = "order_id"


def words(message: Message) -> List[str]:
    """The message's words, normalised; punctuation and emoji are not words."""
    tokens = (token.text for token in message.get(TOKENS_NAMES[TEXT], []))
    return [fold(token) for token in tokens if any(char.isalnum() for char in token)]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class UnknownWordsFallback(GraphComponent):
    """Marks as not understood (`nlu_fallback`) a message with no word seen in training.

    Classifiers give confident answers even to gibberish, emoji-only or empty messages; a
    message sharing no word with the training data cannot have been understood. Place it after
    the FallbackClassifier.
    """

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, vocabulary: Iterable[str] = ()
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary: FrozenSet[str] = frozenset(vocabulary)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UnknownWordsFallback:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> UnknownWordsFallback:
        with model_storage.read_from(resource) as directory:
            vocabulary = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        return cls(model_storage, resource, vocabulary)

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary = {
            word for example in training_data.intent_examples for word in words(example)
        }
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(vocabulary)), encoding="utf-8")
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if names_an_order(message):
                continue  # « 48214 » alone: a number is no word, but it is understood
            if not any(word in self._vocabulary for word in words(message)):
                mark_not_understood(message)
        return messages


def names_an_order(message: Message) -> bool:
    """Whether the message holds an order number (the `order_id` entity) that the intent
    classifier read as a question about that order (`order_topic`)."""
    names = {entity.get("entity") for entity in message.get(ENTITIES) or []}
    return {ORDER_ID, ORDER_TOPIC} <= names


def mark_not_understood(message: Message) -> None:
    fallback = {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [
        intent
        for intent in message.get(INTENT_RANKING_KEY) or []
        if intent.get(INTENT_NAME_KEY) != FALLBACK_INTENT
    ]
    message.set(INTENT, fallback, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(fallback)] + ranking, add_to_output=True)
