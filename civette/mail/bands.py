"""Choosing the confidence bands on the TRAINING data (never on the labelled email set).

    python -m civette.mail.bands        writes results/mail/bands.md

Five-fold stratified cross-validation of the chat's classifier on data/nlu: each example is
predicted by a model that never saw it. The auto-reply band is the lowest probability at which
the FAQ answers given are right at least TARGET_PRECISION of the time (the email gate's own
level); the topic band is the highest at which a sensitive message (damage, cancellation,
personal data, a human, a dispute) still has a sensitive intent at least that likely, at least
TARGET_SENSITIVE_RECALL of the time (the mail then goes to an advisor).
"""

from __future__ import annotations

from typing import List, Tuple

import numpy as np
from sklearn.model_selection import StratifiedKFold

from civette import intent_model
from civette.helpdesk.reasons import REASON_BY_INTENT, SENSITIVE_FAQ_IDS
from civette.nlu_data import labelled, training_paths
from civette.settings import PROJECT_ROOT

TARGET_PRECISION = 0.97
TARGET_SENSITIVE_RECALL = 0.95
GRID = [round(0.05 * i, 2) for i in range(1, 20)]  # 0.05 ... 0.95
SENSITIVE = {f"faq/{i}" for i in SENSITIVE_FAQ_IDS} | set(REASON_BY_INTENT)


Row = Tuple[str, str, float, float]


def cross_validated() -> List[Row]:
    """(true intent, predicted intent, its probability, the likeliest sensitive intent's
    probability) for every training example."""
    texts, labels = labelled(training_paths())
    rows: List[Row] = []
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    for train, test in folds.split(texts, labels):
        model = intent_model.train([texts[i] for i in train], [labels[i] for i in train])
        for i, ranked in zip(test, intent_model.ranking(model, [texts[i] for i in test])):
            sensitive = max(p for label, p in ranked if label in SENSITIVE)
            rows.append((labels[i], ranked[0][0], ranked[0][1], sensitive))
    return rows


def report(rows: List[Row]) -> Tuple[str, float, float]:
    lines = ["| band | FAQ answers given | right | precision | sensitive recall |", "|---|---|---|---|---|"]
    auto_band, topic_band = GRID[-1], GRID[0]
    sensitive = [p for true, _, _, p in rows if true in SENSITIVE]
    for band in GRID:
        given = [(true, pred) for true, pred, p, _ in rows if pred.startswith("faq/") and p >= band]
        right = sum(true == pred for true, pred in given)
        precision = right / len(given) if given else 1.0
        recall = float(np.mean([p >= band for p in sensitive]))
        lines.append(f"| {band:.2f} | {len(given)} | {right} | {precision:.3f} | {recall:.3f} |")
        if precision >= TARGET_PRECISION:
            auto_band = min(auto_band, band)
        if recall >= TARGET_SENSITIVE_RECALL:
            topic_band = band
    return "\n".join(lines), auto_band, topic_band


def main() -> None:
    table, auto_band, topic_band = report(cross_validated())
    text = (f"# Email triage: confidence bands\n\n{__doc__.strip()}\n\n{table}\n\n"
            f"Auto-reply band: **{auto_band:.2f}** (precision >= {TARGET_PRECISION}); "
            f"topic band: **{topic_band:.2f}** (sensitive recall >= {TARGET_SENSITIVE_RECALL}).\n")
    path = PROJECT_ROOT / "results" / "mail" / "bands.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
