"""Scores a held-out NLU set from the files `rasa test nlu --successes` writes.

Rasa scores the retrieval intent `faq` and the FAQ answer chosen inside it separately; a customer
only gets the right answer when both are right, so each example is scored on its full intent
(`faq/delivery_time`, `greet`, ...). Out-of-scope recall counts the out-of-scope messages that
got no guessed answer: classified `out_of_scope`, or not understood (`nlu_fallback`).

    python -m civette.nlu_eval results/nlu --min-accuracy 0.90 --min-oos-recall 0.85
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

RETRIEVAL_INTENT = "faq"
OUT_OF_SCOPE = "out_of_scope"
NOT_UNDERSTOOD = "nlu_fallback"


@dataclass
class Score:
    examples: int
    accuracy: float
    out_of_scope_recall: float
    out_of_scope_strict_recall: float
    per_intent_accuracy: Dict[str, float]
    errors: List[Dict[str, str]] = field(default_factory=list)


def _read(results_dir: Path, name: str) -> List[dict]:
    path = results_dir / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def full_intents(results_dir: Path) -> List[Tuple[str, str, str]]:
    """(text, expected, predicted) for every example, with FAQ answers resolved."""
    responses = {
        row["text"]: row
        for name in ("response_selection_successes.json", "response_selection_errors.json")
        for row in _read(results_dir, name)
    }
    rows = []
    for name in ("intent_successes.json", "intent_errors.json"):
        for row in _read(results_dir, name):
            text, expected = row["text"], row["intent"]
            predicted = row["intent_prediction"]["name"]
            selection = responses.get(text)
            if expected == RETRIEVAL_INTENT and selection:
                expected = selection["intent_response_key_target"]
            if predicted == RETRIEVAL_INTENT and selection:
                predicted = selection["intent_response_key_prediction"]["name"]
            rows.append((text, expected, predicted))
    if not rows:
        raise FileNotFoundError(f"no intent results in {results_dir}: run `rasa test nlu --successes`")
    return rows


def score(results_dir: Path) -> Score:
    rows = full_intents(results_dir)
    totals, correct = Counter(), Counter()
    for _, expected, predicted in rows:
        totals[expected] += 1
        correct[expected] += expected == predicted
    out_of_scope = [predicted for _, expected, predicted in rows if expected == OUT_OF_SCOPE]
    return Score(
        examples=len(rows),
        accuracy=sum(correct.values()) / len(rows),
        out_of_scope_recall=_share(out_of_scope, {OUT_OF_SCOPE, NOT_UNDERSTOOD}),
        out_of_scope_strict_recall=_share(out_of_scope, {OUT_OF_SCOPE}),
        per_intent_accuracy={intent: correct[intent] / totals[intent] for intent in sorted(totals)},
        errors=[
            {"text": text, "expected": expected, "predicted": predicted}
            for text, expected, predicted in rows
            if expected != predicted
        ],
    )


def _share(predictions: List[str], accepted: set) -> float:
    return sum(p in accepted for p in predictions) / len(predictions) if predictions else 0.0


def markdown(result: Score) -> str:
    lines = [
        "# Held-out NLU evaluation",
        "",
        f"- examples: {result.examples}",
        f"- intent accuracy (FAQ answers resolved): {result.accuracy:.3f}",
        f"- out-of-scope recall (out_of_scope or not understood): {result.out_of_scope_recall:.3f}",
        f"- out-of-scope recall (strictly out_of_scope): {result.out_of_scope_strict_recall:.3f}",
        "",
        "| intent | accuracy |",
        "|---|---|",
        *(f"| {intent} | {value:.2f} |" for intent, value in result.per_intent_accuracy.items()),
        "",
        "## Errors",
        "",
        "| expected | predicted | text |",
        "|---|---|---|",
        *(f"| {e['expected']} | {e['predicted']} | {e['text']} |" for e in result.errors),
    ]
    return "\n".join(lines) + "\n"


def write_report(results_dir: Path) -> Score:
    """Scores the results and writes summary.json and summary.md beside them."""
    result = score(results_dir)
    (results_dir / "summary.json").write_text(
        json.dumps(asdict(result), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (results_dir / "summary.md").write_text(markdown(result), encoding="utf-8")
    return result


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results_dir", type=Path)
    parser.add_argument("--min-accuracy", type=float, default=0.90)
    parser.add_argument("--min-oos-recall", type=float, default=0.85)
    args = parser.parse_args(argv)
    result = write_report(args.results_dir)
    print(f"accuracy {result.accuracy:.3f}, out-of-scope recall {result.out_of_scope_recall:.3f}")
    passed = result.accuracy >= args.min_accuracy and result.out_of_scope_recall >= args.min_oos_recall
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
