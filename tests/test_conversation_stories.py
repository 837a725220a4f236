"""Conversation tests (tests/test_stories.yml), end to end: each user text goes through the trained
NLU model (`--e2e`), so a story checks the FAQ answer chosen (`faq/<id>`) and the next actions.
A message whose answer calls action_follow_up_faq carries the classifier's `faq_follow_up`
entity, annotated on the whole text; the other FAQ answers end the turn.
(`faq/order_status` carries the classifier's `order_topic` entity, which a story cannot annotate:
its conversation is checked over REST in test_order_conversation.py.)

Rasa's story report is kept in results/core as an artifact.
"""

import subprocess

import yaml

from civette.servers import MODEL_PATH, RASA
from civette.settings import PROJECT_ROOT

from conftest import RESULTS_DIR


def test_every_conversation_story_passes(trained_model):
    out = RESULTS_DIR / "core"
    run = subprocess.run(
        [RASA, "test", "core", "--model", str(MODEL_PATH), "--stories", "tests/test_stories.yml",
         "--out", str(out), "--e2e", "--fail-on-prediction-errors"],
        cwd=PROJECT_ROOT, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    stories = yaml.safe_load((PROJECT_ROOT / "tests" / "test_stories.yml").read_text())["stories"]
    assert len(stories) >= 29 + 4
