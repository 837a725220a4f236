"""Scores intent predictions on full intents (`faq/delivery_time`, `greet`, `out_of_scope`...).

A customer only gets the right answer when the FAQ answer chosen is right, so every example is
scored on its full intent. The metrics:

- accuracy and macro-F1 over full intents (`nlu_fallback` counts as wrong), and the accuracy on
  in-domain examples alone (every expected intent but `out_of_scope`);
- out-of-scope recall: out-of-scope messages that got no guessed answer (classified
  `out_of_scope`, or not understood);
- confident-wrong rate: examples that got a wrong *answer*, that is a prediction that is neither
  right, nor `nlu_fallback` ("please rephrase"), nor `out_of_scope` ("I don't know").
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

OUT_OF_SCOPE = "out_of_scope"
NOT_UNDERSTOOD = "nlu_fallback"
NO_ANSWER = {OUT_OF_SCOPE, NOT_UNDERSTOOD}

Row = Tuple[str, str, str]  # text, expected, predicted


@dataclass
class Score:
    examples: int
    accuracy: float
    in_domain_accuracy: float
    macro_f1: float
    out_of_scope_recall: float
    confident_wrong_rate: float
    per_intent_accuracy: Dict[str, float]
    errors: List[Dict[str, str]] = field(default_factory=list)

    @property
    def confident_wrong(self) -> int:
        return round(self.confident_wrong_rate * self.examples)


def is_confident_wrong(expected: str, predicted: str) -> bool:
    return predicted != expected and predicted not in NO_ANSWER


def score(rows: Sequence[Row]) -> Score:
    if not rows:
        raise ValueError("no predictions to score")
    totals: Counter = Counter()
    correct: Counter = Counter()
    predicted_counts: Counter = Counter()
    for _, expected, predicted in rows:
        totals[expected] += 1
        correct[expected] += expected == predicted
        predicted_counts[predicted] += 1
    out_of_scope = [predicted for _, expected, predicted in rows if expected == OUT_OF_SCOPE]
    in_domain = len(rows) - len(out_of_scope)
    return Score(
        examples=len(rows),
        accuracy=sum(correct.values()) / len(rows),
        in_domain_accuracy=(sum(correct.values()) - correct[OUT_OF_SCOPE]) / max(in_domain, 1),
        macro_f1=_macro_f1(totals, correct, predicted_counts),
        out_of_scope_recall=sum(p in NO_ANSWER for p in out_of_scope) / max(len(out_of_scope), 1),
        confident_wrong_rate=sum(is_confident_wrong(e, p) for _, e, p in rows) / len(rows),
        per_intent_accuracy={intent: correct[intent] / totals[intent] for intent in sorted(totals)},
        errors=[
            {"text": text, "expected": expected, "predicted": predicted}
            for text, expected, predicted in rows
            if expected != predicted
        ],
    )


def _macro_f1(totals: Counter, correct: Counter, predicted: Counter) -> float:
    scores = []
    for intent, total in totals.items():
        precision = correct[intent] / predicted[intent] if predicted[intent] else 0.0
        recall = correct[intent] / total
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def markdown(result: Score, title: str = "Held-out NLU evaluation") -> str:
    lines = [
        f"# {title}",
        "",
        f"- examples: {result.examples}",
        f"- accuracy (full intents, FAQ answers resolved): {result.accuracy:.3f}",
        f"- in-domain accuracy: {result.in_domain_accuracy:.3f}",
        f"- macro-F1: {result.macro_f1:.3f}",
        f"- out-of-scope recall (out_of_scope or not understood): {result.out_of_scope_recall:.3f}",
        f"- confident-wrong rate: {result.confident_wrong_rate:.3f} ({result.confident_wrong} examples)",
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


def write_report(result: Score, out_dir: Path, name: str = "heldout") -> None:
    """Writes `<name>.json` and `<name>.md` into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.json").write_text(
        json.dumps(asdict(result), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (out_dir / f"{name}.md").write_text(markdown(result), encoding="utf-8")
