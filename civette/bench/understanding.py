"""Understanding on the held-out set (tests/nlu_test.yml), for the project's pipeline and three
baselines, each trained on the same training data (data/nlu):

- the project's pipeline (config.yml), through Rasa;
- Rasa 3.6's default pipeline for a new project (bench/pipelines/rasa_default.yml: DIET and a
  response selector);
- TF-IDF word and character n-grams with a logistic regression (scikit-learn, the project's
  regularisation, none of its text normalisation or rules), answering below
  the project's threshold as « not understood » like the project does;
- a keyword FAQ bot: each intent's most telling words, the intent with the most of them wins.
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

from civette.intent_model import ModelSettings
from civette.nlu_compare import _metrics, train_and_score
from civette.nlu_data import HELD_OUT_PATH, labelled, training_paths
from civette.nlu_eval import NOT_UNDERSTOOD, score
from civette.settings import PROJECT_ROOT
from civette.text import fold

Data = Tuple[List[str], List[str]]
WORD = re.compile(r"[a-z0-9]{4,}")
KEYWORDS_PER_INTENT = 12


def project_threshold() -> float:
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    return next(c["threshold"] for c in config["pipeline"] if c["name"].endswith("FullIntentClassifier"))


def tfidf_logistic_regression(train: Data) -> Callable[[str], str]:
    model = make_pipeline(
        FeatureUnion([("words", TfidfVectorizer(strip_accents="unicode", ngram_range=(1, 2))),
                      ("characters", TfidfVectorizer(strip_accents="unicode", analyzer="char_wb",
                                                     ngram_range=(2, 5)))]),
        LogisticRegression(C=ModelSettings().regularisation_c, max_iter=3000),
    ).fit(*train)
    threshold = project_threshold()

    def predict(text: str) -> str:
        probabilities = model.predict_proba([text])[0]
        best = probabilities.argmax()
        return str(model.classes_[best]) if probabilities[best] >= threshold else NOT_UNDERSTOOD

    return predict


def keyword_bot(train: Data) -> Callable[[str], str]:
    """Words seen most in one intent's examples and rarely elsewhere are its keywords."""
    counts: Dict[str, Counter] = defaultdict(Counter)
    for text, intent in zip(*train):
        counts[intent].update(set(WORD.findall(fold(text))))
    everywhere = sum(counts.values(), Counter())
    keywords = {
        intent: {word for word, _ in sorted(
            ((w, n / everywhere[w] * n) for w, n in words.items() if n >= 2),
            key=lambda item: -item[1])[:KEYWORDS_PER_INTENT]}
        for intent, words in counts.items()
    }

    def predict(text: str) -> str:
        words = set(WORD.findall(fold(text)))
        hits = {intent: len(words & chosen) for intent, chosen in keywords.items()}
        best = max(hits, key=hits.get)
        return best if hits[best] else NOT_UNDERSTOOD

    return predict


def in_process(build: Callable[[Data], Callable[[str], str]], train: Data, test: Data) -> Dict[str, float]:
    started = time.perf_counter()
    predict = build(train)
    training_s = time.perf_counter() - started
    latencies, predicted = [], []
    for text in test[0]:
        started = time.perf_counter()
        predicted.append(predict(text))
        latencies.append((time.perf_counter() - started) * 1000)
    return {**_metrics(score(list(zip(test[0], test[1], predicted)))), "training_s": training_s,
            "parse_ms": statistics.mean(latencies)}


def run(workdir: Path) -> Dict[str, Dict[str, float]]:
    train, test = labelled(training_paths()), labelled([HELD_OUT_PATH])
    return {
        "projet (config.yml)": train_and_score(PROJECT_ROOT / "config.yml", train, test, workdir, "project"),
        "Rasa par défaut (DIET)": train_and_score(PROJECT_ROOT / "bench" / "pipelines" / "rasa_default.yml",
                                                  train, test, workdir, "rasa-default"),
        "TF-IDF + régression logistique": in_process(tfidf_logistic_regression, train, test),
        "mots-clés": in_process(keyword_bot, train, test),
    }


def pipelines_ahead(results: Dict[str, Dict[str, float]], project: str) -> bool:
    """Whether the project beats every baseline on accuracy and on confident-wrong rate."""
    ours = results[project]
    return all(ours["accuracy"] > r["accuracy"] and ours["confident_wrong_rate"] < r["confident_wrong_rate"]
               for name, r in results.items() if name != project)


def ranked_names(results: Dict[str, Dict[str, float]]) -> Sequence[str]:
    return sorted(results, key=lambda name: -results[name]["accuracy"])
