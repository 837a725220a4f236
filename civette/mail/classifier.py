"""The chat's trained model, for mail: in-process (the FullIntentClassifier's pipeline loaded
once from models/civette.tar.gz) or through the running Rasa server's HTTP API (RASA_URL)."""

from __future__ import annotations

import json
import tarfile
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import List, Optional, Protocol, Sequence

import requests
from sklearn.pipeline import Pipeline

from civette import intent_model_file
from civette.intent_model import ModelSettings, Ranked
from civette.settings import PROJECT_ROOT
from civette.understanding import understand

MODEL_PATH = PROJECT_ROOT / "models" / "civette.tar.gz"
COMPONENT = "FullIntentClassifier"


@dataclass(frozen=True)
class Parsed:
    intent: str  # full intent: `faq/<id>`, `human_handoff`, `out_of_scope`, `nlu_fallback`...
    confidence: float  # the most likely intent's probability
    ranked: Ranked


class Classifier(Protocol):
    def parse(self, texts: Sequence[str]) -> List[Parsed]:
        """Each text's intent, as the chat would understand it."""


class LocalClassifier:
    """The model loaded in this process, with the threshold it was trained with."""

    def __init__(self, model: Pipeline, settings: ModelSettings) -> None:
        self.model, self.settings = model, settings

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LocalClassifier:
        with tarfile.open(path) as archive, tempfile.TemporaryDirectory() as directory:
            for name in intent_model_file.FILES:
                member = next((m for m in archive.getmembers() if COMPONENT in m.name and m.name.endswith(name)),
                              None)
                if member is None:
                    raise ValueError(f"{path} has no {name}: a model from an older version, retrain it (make train)")
                (Path(directory) / name).write_bytes(archive.extractfile(member).read())  # type: ignore[union-attr]
            metadata = json.load(archive.extractfile("metadata.json"))  # type: ignore[arg-type]
            model = intent_model_file.load(Path(directory))
        nodes = metadata["predict_schema"]["nodes"]
        config = next(node["config"] for name, node in nodes.items() if COMPONENT in name)
        settings = replace(ModelSettings(), **{k: v for k, v in config.items()
                                              if k in ("threshold", "margin")})
        return cls(model, settings)

    def parse(self, texts: Sequence[str]) -> List[Parsed]:
        return [Parsed(u.intent, u.ranked[0][1], u.ranked)
                for u in understand(self.model, list(texts), self.settings)]


class RasaClassifier:
    """Rasa's `POST /model/parse`, token-protected, with a timeout."""

    def __init__(self, url: str, token: Optional[str], timeout_s: float) -> None:
        self.url, self.token, self.timeout_s = url.rstrip("/"), token, timeout_s
        self.http = requests.Session()

    def parse(self, texts: Sequence[str]) -> List[Parsed]:
        return [self._parse_one(text) for text in texts]

    def _parse_one(self, text: str) -> Parsed:
        response = self.http.post(f"{self.url}/model/parse", params={"token": self.token or ""},
                                  json={"text": text}, timeout=self.timeout_s)
        response.raise_for_status()
        result = response.json()
        faq = (result.get("response_selector") or {}).get("faq") or {}
        ranked: Ranked = []
        for item in result.get("intent_ranking") or []:
            if item["name"] == "faq":
                ranked += [(r["intent_response_key"], r["confidence"]) for r in faq.get("ranking", [])]
            else:
                ranked.append((item["name"], item["confidence"]))
        intent = result["intent"]["name"]
        if intent == "faq":
            intent = faq["response"]["intent_response_key"]
        return Parsed(intent, float(result["intent"]["confidence"]), ranked)


def make_classifier(rasa_url: Optional[str], token: Optional[str], timeout_s: float) -> Classifier:
    return RasaClassifier(rasa_url, token, timeout_s) if rasa_url else LocalClassifier.load()
