"""Shared fixtures: the trained model served by a real Rasa server and a real action server."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests
import yaml

from civette.faq import KnowledgeBase, load_knowledge_base
from civette.servers import MODEL_PATH, action_server, rasa_server
from civette.settings import PROJECT_ROOT

RESULTS_DIR = PROJECT_ROOT / "results"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="session")
def domain_responses() -> Dict[str, List[str]]:
    """Every response text the bot can say, by response name."""
    documents = [PROJECT_ROOT / "domain.yml", PROJECT_ROOT / "data" / "faq_responses.yml"]
    responses: Dict[str, List[str]] = {}
    for path in documents:
        for name, variants in yaml.safe_load(path.read_text(encoding="utf-8"))["responses"].items():
            responses[name] = [variant["text"] for variant in variants]
    return responses


@pytest.fixture(scope="session")
def trained_model() -> Path:
    assert MODEL_PATH.exists(), "no trained model: run `make train` first"
    return MODEL_PATH


@pytest.fixture(scope="session")
def action_server_url() -> Iterator[str]:
    with action_server(RESULTS_DIR / "logs") as url:
        yield url


def write_endpoints(path: Path, action_url: str, tracker_db: Path) -> Path:
    path.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {"url": action_url},
                "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(tracker_db)},
                "lock_store": {"type": "in_memory"},
            }
        )
    )
    return path


@pytest.fixture(scope="session")
def auth_token() -> str:
    return secrets.token_urlsafe(16)


@pytest.fixture(scope="session")
def assistant(trained_model, action_server_url, auth_token, tmp_path_factory) -> Iterator[str]:
    """Base URL of a Rasa server on the embedded default profile (SQLite tracker store)."""
    workdir = tmp_path_factory.mktemp("assistant")
    endpoints = write_endpoints(workdir / "endpoints.yml", action_server_url, workdir / "tracker.db")
    with rasa_server(endpoints, RESULTS_DIR / "logs", auth_token) as url:
        yield url


class Conversation:
    """One customer talking to the bot through the REST channel."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.sender = f"pytest-{secrets.token_hex(6)}"

    def send(self, text: str) -> List[dict]:
        response = requests.post(
            f"{self.base_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def texts(self, text: str) -> List[str]:
        return [message.get("text", "") for message in self.send(text)]


@pytest.fixture
def conversation(assistant) -> Conversation:
    return Conversation(assistant)
