"""The mail triage understands as the chat does: the same stored model, in-process or through
Rasa's HTTP API; and the `civette mail triage` command's output."""

from __future__ import annotations

import json
import subprocess
import sys

from civette.mail.classifier import LocalClassifier, RasaClassifier
from civette.settings import PROJECT_ROOT

TEXTS = ["Bonjour, quels sont vos délais de livraison ?", "mon humidor est arrivé cassé",
         "je voudrais parler à un conseiller"]


def test_in_process_and_http_classifiers_agree(assistant, auth_token):
    local = LocalClassifier.load().parse(TEXTS)
    remote = RasaClassifier(assistant, auth_token, timeout_s=30).parse(TEXTS)
    assert [p.intent for p in local] == [p.intent for p in remote] == [
        "faq/delivery_time", "faq/damaged_or_wrong_item", "human_handoff"]
    assert all(abs(a.confidence - b.confidence) < 1e-6 for a, b in zip(local, remote))


def test_the_command_prints_one_json_line_per_message(tmp_path):
    (tmp_path / "a.eml").write_bytes("From: jean@exemple.fr\r\nSubject: Livraison\r\nMessage-ID: <x1@exemple.fr>\r\n\r\n"
                                     "Quels sont vos délais de livraison ?\r\n".encode())
    (tmp_path / "b.eml").write_bytes(b"From: MAILER-DAEMON@exemple.fr\r\nSubject: failure\r\n\r\nbounced\r\n")
    env = {"CIVETTE_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}", "PATH": ""}
    done = subprocess.run([sys.executable, "-m", "civette.cli", "mail", "triage", str(tmp_path), "--dry-run", "--json"],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=300)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0, done.stderr
    assert [(l["decision"], l["faq_id"]) for l in lines] == [("auto_reply", "delivery_time"), ("ignore", None)]
    assert set(lines[0]) == {"file", "message_id", "decision", "faq_id", "order_number", "language",
                             "confidence", "reason"}
