"""Compares NLU pipelines on splits of the training data, never on the held-out set.

Each Rasa configuration is trained (`rasa train nlu`) on a stratified 80 % of the training data
and scored on the other 20 %, for several split seeds; the table gives the mean and spread of
each metric, with training time, model size and parse latency:

    python -m civette.nlu_compare bench/pipelines/*.yml --seeds 0 1 2 --out results/nlu/compare

`--held-out` trains on random 90 % subsets of the training data and scores the held-out set: the
mean and spread of those scores are where the CI gates of tests/test_nlu_heldout.py sit.

`--cross-validate` instead scores the classifier of `civette.intent_model` alone by 5-fold
cross-validation for a grid of thresholds (seconds per fold): this is how its fallback
threshold and margin were chosen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from sklearn.model_selection import StratifiedKFold, train_test_split

from civette import intent_model
from civette.nlu_data import HELD_OUT_PATH, TRAINING_DIR, labelled, training_paths
from civette.nlu_eval import Row, Score, score
from civette.settings import PROJECT_ROOT

RASA = str(Path(sys.executable).with_name("rasa"))
TEST_SHARE = 0.2
STABILITY_SHARE = 0.9


def rasa_predictions(model_path: Path, texts: Sequence[str]) -> Tuple[List[str], float]:
    """Full intents predicted by a trained Rasa model, and the mean parse time in ms."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model_path))

    async def parse_all() -> List[dict]:
        return [await agent.parse_message(text) for text in texts]

    started = time.perf_counter()
    parsed = asyncio.run(parse_all())
    latency_ms = (time.perf_counter() - started) * 1000 / max(len(texts), 1)
    return [full_intent(result) for result in parsed], latency_ms


def full_intent(parse_data: dict) -> str:
    """`faq/<id>` for an FAQ question (the answer the response selector chose), else the intent."""
    intent = (parse_data.get("intent") or {}).get("name") or intent_model.NOT_UNDERSTOOD
    selectors = parse_data.get("response_selector") or {}
    # A response selector trained without `retrieval_intent` answers under "default", for the
    # retrieval intent only.
    selected = selectors.get(intent) or (selectors.get("default") if intent == "faq" else None) or {}
    return (selected.get("response") or {}).get("intent_response_key") or intent


def _write_nlu(path: Path, texts: Sequence[str], intents: Sequence[str]) -> None:
    by_intent: Dict[str, List[str]] = {}
    for text, intent in zip(texts, intents):
        by_intent.setdefault(intent, []).append(text)
    lines = ['version: "3.1"', "nlu:"]
    for intent, examples in by_intent.items():
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {json.dumps(text, ensure_ascii=False)[1:-1]}" for text in examples]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def train_and_score(
    config: Path, train: Tuple[List[str], List[str]], test: Tuple[List[str], List[str]],
    workdir: Path, name: str,
) -> Dict[str, float]:
    """Trains `config` with `rasa train nlu` on `train` and scores it on `test`."""
    data_dir = workdir / f"data-{name}"
    data_dir.mkdir(parents=True, exist_ok=True)
    _write_nlu(data_dir / "train.yml", *train)
    (data_dir / "order_id.yml").write_text((TRAINING_DIR / "order_id.yml").read_text(encoding="utf-8"))
    (data_dir / "responses.yml").write_text(
        (PROJECT_ROOT / "data" / "faq_responses.yml").read_text(encoding="utf-8")
    )
    started = time.perf_counter()
    subprocess.run(
        [RASA, "train", "nlu", "--config", str(config), "--nlu", str(data_dir),
         "--out", str(workdir), "--fixed-model-name", name],
        cwd=PROJECT_ROOT, check=True, capture_output=True,
    )
    training_s = time.perf_counter() - started
    model = workdir / f"{name}.tar.gz"
    predicted, latency_ms = rasa_predictions(model, test[0])
    result = score(list(zip(test[0], test[1], predicted)))
    return {**_metrics(result), "training_s": training_s,
            "model_mib": model.stat().st_size / 2**20, "parse_ms": latency_ms}


def split_run(config: Path, seed: int, workdir: Path) -> Dict[str, float]:
    """Trained on a stratified 80 % of the training data, scored on the other 20 %."""
    texts, intents = labelled(training_paths())
    train_x, test_x, train_y, test_y = train_test_split(
        texts, intents, test_size=TEST_SHARE, random_state=seed, stratify=intents
    )
    return train_and_score(config, (train_x, train_y), (test_x, test_y), workdir, f"{config.stem}-{seed}")


def held_out_run(config: Path, seed: int, workdir: Path) -> Dict[str, float]:
    """Trained on a random 90 % of the training data, scored on the held-out set: how much the
    held-out scores move with the data and the seed, which is where the CI gates sit."""
    texts, intents = labelled(training_paths())
    train_x, _, train_y, _ = train_test_split(
        texts, intents, train_size=STABILITY_SHARE, random_state=seed, stratify=intents
    )
    held_out = labelled([HELD_OUT_PATH])
    return train_and_score(config, (train_x, train_y), held_out, workdir, f"{config.stem}-held-out-{seed}")


def _metrics(result: Score) -> Dict[str, float]:
    return {"accuracy": result.accuracy, "in_domain_accuracy": result.in_domain_accuracy,
            "macro_f1": result.macro_f1,
            "out_of_scope_recall": result.out_of_scope_recall,
            "confident_wrong_rate": result.confident_wrong_rate}


def cross_validated_rankings(
    settings: intent_model.ModelSettings, seed: int, folds: int = 5
) -> Tuple[List[str], List[str], list]:
    texts, intents = labelled(training_paths())
    ranked: list = [None] * len(texts)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(texts, intents):
        model = intent_model.train(
            [texts[i] for i in train_index], [intents[i] for i in train_index], settings
        )
        for i, ranking in zip(test_index, intent_model.ranking(model, [texts[i] for i in test_index])):
            ranked[i] = ranking
    return texts, intents, ranked


def threshold_grid(seeds: Sequence[int]) -> List[Dict[str, float]]:
    """Cross-validated scores of the classifier for each fallback threshold and margin."""
    base = intent_model.ModelSettings()
    runs = [cross_validated_rankings(base, seed) for seed in seeds]
    table = []
    for threshold in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5):
        for margin in (0.0, 0.05, 0.1, 0.2):
            settings = replace(base, threshold=threshold, margin=margin)
            scores = [
                _metrics(score(_decided(texts, intents, ranked, settings)))
                for texts, intents, ranked in runs
            ]
            table.append({"threshold": threshold, "margin": margin, **_mean(scores)})
    return table


def _decided(texts, intents, ranked, settings) -> List[Row]:
    return [(t, i, intent_model.decide(r, settings)) for t, i, r in zip(texts, intents, ranked)]


def _mean(runs: List[Dict[str, float]]) -> Dict[str, float]:
    summary: Dict[str, float] = {}
    for key in runs[0]:
        values = [run[key] for run in runs]
        summary[key] = statistics.mean(values)
        summary[f"{key}_spread"] = statistics.pstdev(values) if len(values) > 1 else 0.0
    return summary


METRICS = ["accuracy", "in_domain_accuracy", "macro_f1", "out_of_scope_recall", "confident_wrong_rate",
           "training_s", "model_mib", "parse_ms"]


def markdown_table(rows: Dict[str, Dict[str, float]]) -> str:
    header = "| pipeline | " + " | ".join(METRICS) + " |"
    lines = [header, "|" + "---|" * (len(METRICS) + 1)]
    for name, summary in rows.items():
        cells = [f"{summary[m]:.3f} ± {summary[m + '_spread']:.3f}" if m in summary else "" for m in METRICS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("configs", nargs="*", type=Path)
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results" / "nlu" / "compare")
    parser.add_argument("--cross-validate", action="store_true")
    parser.add_argument("--held-out", action="store_true",
                        help="train on 90 %% subsets, score on the held-out set (gates)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.cross_validate:
        table = threshold_grid(args.seeds)
        (args.out / "thresholds.json").write_text(json.dumps(table, indent=2))
        for row in table:
            print(json.dumps({k: round(v, 3) for k, v in row.items() if not k.endswith("_spread")}))
        return 0
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for config in args.configs:
            run = held_out_run if args.held_out else split_run
            runs = [run(config, seed, Path(tmp)) for seed in args.seeds]
            rows[config.stem] = _mean(runs)
            (args.out / f"{config.stem}.json").write_text(json.dumps(runs, indent=2))
            print(config.stem, json.dumps({k: round(v, 3) for k, v in rows[config.stem].items()}), flush=True)
    (args.out / "table.md").write_text(markdown_table(rows), encoding="utf-8")
    print(markdown_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
