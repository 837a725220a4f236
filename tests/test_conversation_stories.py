"""Conversation tests (tests/test_stories.yml) against the trained model and the real action server.

Rasa's story report is kept in results/core as an artifact.
"""

import subprocess

import yaml

from civette.servers import MODEL_PATH, RASA
from civette.settings import PROJECT_ROOT

from conftest import RESULTS_DIR, write_endpoints


def test_every_conversation_story_passes(trained_model, action_server_url, tmp_path):
    out = RESULTS_DIR / "core"
    endpoints = write_endpoints(tmp_path / "endpoints.yml", action_server_url, tmp_path / "tracker.db")
    run = subprocess.run(
        [RASA, "test", "core", "--model", str(MODEL_PATH), "--stories", "tests/test_stories.yml",
         "--endpoints", str(endpoints), "--out", str(out), "--fail-on-prediction-errors"],
        cwd=PROJECT_ROOT, capture_output=True, text=True,
    )
    failed = (out / "failed_test_stories.yml").read_text() if (out / "failed_test_stories.yml").exists() else ""
    assert run.returncode == 0, failed or run.stderr[-3000:]
    stories = yaml.safe_load((PROJECT_ROOT / "tests" / "test_stories.yml").read_text())["stories"]
    report = (out / "story_report.json")
    assert report.exists()
    assert len(stories) >= 29 + 4
