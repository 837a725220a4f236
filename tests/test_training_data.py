"""Training data is broad enough and stays separate from the held-out test set."""

import re
from collections import defaultdict
from typing import Dict, List

import pytest
import yaml

from civette.settings import PROJECT_ROOT

from test_knowledge_base import REQUIRED_IDS

ENTITY_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def examples_by_intent(paths) -> Dict[str, List[str]]:
    examples = defaultdict(list)
    for path in paths:
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                for line in block["examples"].splitlines():
                    if line.strip():
                        examples[block["intent"]].append(line.strip()[2:])
    return examples


def comparable(text: str) -> str:
    return re.sub(r"\W+", " ", ENTITY_ANNOTATION.sub(r"\1", text).lower()).strip()


@pytest.fixture(scope="module")
def training() -> Dict[str, List[str]]:
    return examples_by_intent(sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")))


@pytest.fixture(scope="module")
def held_out() -> Dict[str, List[str]]:
    return examples_by_intent([PROJECT_ROOT / "tests" / "nlu_test.yml"])


@pytest.mark.parametrize("entry_id", REQUIRED_IDS)
def test_every_faq_answer_has_at_least_25_training_examples(training, entry_id):
    assert len(training[f"faq/{entry_id}"]) >= 25


def test_out_of_scope_is_learnt_from_at_least_80_examples(training):
    assert len(training["out_of_scope"]) >= 80


def test_held_out_set_covers_every_faq_answer_and_out_of_scope(held_out):
    for entry_id in REQUIRED_IDS:
        assert len(held_out[f"faq/{entry_id}"]) >= 6, entry_id
    assert len(held_out["out_of_scope"]) >= 40


def test_no_held_out_sentence_is_in_the_training_data(training, held_out):
    """Sentences of three words or more; shorter ones ("bonjour", "merci") coincide by nature."""
    trained = {comparable(text) for texts in training.values() for text in texts}
    leaked = [
        text for texts in held_out.values() for text in texts
        if len(comparable(text).split()) >= 3 and comparable(text) in trained
    ]
    assert leaked == []


def test_no_sentence_is_trained_under_two_intents(training):
    seen = {}
    conflicts = []
    for intent, texts in training.items():
        for text in texts:
            other = seen.setdefault(comparable(text), intent)
            if other != intent:
                conflicts.append((text, other, intent))
    assert conflicts == []
