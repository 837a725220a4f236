"""Reading Rasa NLU YAML files as (text, full intent) examples, entity annotations removed."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

import yaml

from civette.settings import PROJECT_ROOT

TRAINING_DIR = PROJECT_ROOT / "data" / "nlu"
HELD_OUT_PATH = PROJECT_ROOT / "tests" / "nlu_test.yml"
ENTITY_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def training_paths() -> List[Path]:
    return sorted(TRAINING_DIR.rglob("*.yml"))


def examples_by_intent(paths: Iterable[Path]) -> Dict[str, List[str]]:
    """Every example's plain text (annotations removed), by full intent (`faq/<id>`, `greet`)."""
    examples: Dict[str, List[str]] = defaultdict(list)
    for path in paths:
        for block in yaml.safe_load(Path(path).read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                for line in block["examples"].splitlines():
                    if line.strip():
                        text = line.strip()[2:]
                        examples[block["intent"]].append(ENTITY_ANNOTATION.sub(r"\1", text))
    return examples


def labelled(paths: Iterable[Path]) -> Tuple[List[str], List[str]]:
    """(texts, intents), in file order."""
    texts: List[str] = []
    intents: List[str] = []
    for intent, examples in examples_by_intent(paths).items():
        texts += examples
        intents += [intent] * len(examples)
    return texts, intents
