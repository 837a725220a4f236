"""Saving and loading the intent classifier inside the Rasa model, without pickle.

The arrays (TF-IDF weights, the classifier's coefficients) go to a NumPy archive read with
`allow_pickle=False`, the vocabularies and labels to JSON, and the estimators are rebuilt by
`intent_model.build`: nothing in the file can run code. Loading takes a tenth of a second, where
skops took 4 s plus 6 s importing every scikit-learn estimator (bench/profile.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.pipeline import Pipeline

from civette.intent_model import build

ARRAYS = "intent_model.npz"
TABLES = "intent_model.json"
FILES = (ARRAYS, TABLES)


def save(model: Pipeline, directory: Path) -> None:
    classifier = model.named_steps["classifier"]
    arrays = {"coef": classifier.coef_, "intercept": classifier.intercept_}
    tables = {"classes": [str(label) for label in classifier.classes_], "vocabularies": {}}
    for name, vectorizer in model.named_steps["features"].transformer_list:
        arrays[f"idf_{name}"] = vectorizer.idf_
        tables["vocabularies"][name] = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
    np.savez(directory / ARRAYS, **arrays)
    (directory / TABLES).write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")


def load(directory: Path) -> Pipeline:
    """The saved model, ready to predict.

    The classifier's weights are kept column-major: predicting multiplies the message's sparse
    features by their transpose, which scipy would otherwise copy whole on every call (2.8 ms of
    a 3 ms prediction, bench/profile.md)."""
    tables = json.loads((directory / TABLES).read_text(encoding="utf-8"))
    model = build()
    with np.load(directory / ARRAYS, allow_pickle=False) as arrays:
        for name, vectorizer in model.named_steps["features"].transformer_list:
            vectorizer.vocabulary_ = tables["vocabularies"][name]
            vectorizer.idf_ = arrays[f"idf_{name}"]
        classifier = model.named_steps["classifier"]
        classifier.classes_ = np.array(tables["classes"])
        classifier.coef_ = np.asfortranarray(arrays["coef"])
        classifier.intercept_ = arrays["intercept"]
        classifier.n_features_in_ = classifier.coef_.shape[1]
    return model
