"""The intent classifier: TF-IDF word and character n-grams with a logistic regression.

It predicts full intents (`faq/delivery_time`, `greet`, `out_of_scope`...) in one step, so an
FAQ answer is chosen by the same calibrated probabilities as every other intent. A message is
"not understood" when the best intent is unlikely or barely ahead of the second one: the
customer is then asked to rephrase instead of getting a confidently wrong answer.

The settings were chosen by cross-validation on the training data (`civette.nlu_compare`),
never on the held-out set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from civette.text import fold

NOT_UNDERSTOOD = "nlu_fallback"
DIGIT = re.compile(r"\d")
# The one or two words after a negation: « pas arrivé » is not « arrivé ».
NEGATED = re.compile(r"\b(pas|jamais|plus|rien|aucun\w*|not|never)\s+(\w+)(?:\s+(\w+))?")
Ranked = List[Tuple[str, float]]  # intents with their probability, most likely first


@dataclass(frozen=True)
class ModelSettings:
    """What the classifier learns from and how sure it must be to answer."""

    word_max_features: int = 10_000
    char_max_features: int = 20_000
    regularisation_c: float = 20.0
    # Below this probability, or this far ahead of the runner-up, the message is not understood.
    threshold: float = 0.40
    margin: float = 0.0
    random_state: int = 0


def normalise(text: str) -> str:
    """Lower case, no accents, every digit the same: "Cde N°48213" -> "cde n°00000"."""
    return DIGIT.sub("0", fold(text))


def normalise_words(text: str) -> str:
    """As `normalise`, with the words after a negation marked: "pas recu" -> "pas neg_recu"."""
    def mark(match: re.Match) -> str:
        return " ".join([match.group(1), *(f"neg_{word}" for word in match.groups()[1:] if word)])

    return NEGATED.sub(mark, normalise(text))


def build(settings: ModelSettings = ModelSettings()) -> Pipeline:
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(
                preprocessor=normalise_words, ngram_range=(1, 2), sublinear_tf=True,
                max_features=settings.word_max_features,
                token_pattern=r"(?u)\b\w+\b")),
            ("characters", TfidfVectorizer(
                preprocessor=normalise, analyzer="char_wb", ngram_range=(2, 5),
                sublinear_tf=True, max_features=settings.char_max_features)),
        ]
    )
    classifier = LogisticRegression(
        C=settings.regularisation_c, max_iter=3000, random_state=settings.random_state
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def train(texts: Sequence[str], labels: Sequence[str], settings: ModelSettings = ModelSettings()) -> Pipeline:
    return build(settings).fit(list(texts), list(labels))


def ranking(model: Pipeline, texts: Sequence[str]) -> List[Ranked]:
    """For each text, every intent with its probability, most likely first."""
    if not texts:
        return []
    probabilities = model.predict_proba(list(texts))
    labels = model.classes_
    return [
        [(str(labels[i]), float(row[i])) for i in np.argsort(-row)]
        for row in probabilities
    ]


def is_sure(ranked: Ranked, settings: ModelSettings) -> bool:
    best = ranked[0][1]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return best >= settings.threshold and best - runner_up >= settings.margin


def decide(ranked: Ranked, settings: ModelSettings) -> str:
    """The intent answered, or `nlu_fallback` when the model is not sure enough."""
    return ranked[0][0] if is_sure(ranked, settings) else NOT_UNDERSTOOD
