"""The evaluation gate of the email triage, on the labelled set in tests/emails/ (written apart
from the training data; thresholds are never tuned on it): automatic replies must be right
(precision >= 0.97: right decision and right FAQ id) and no `ignore` mail may be answered.
The report, with the confusion table, goes to results/mail/triage.md."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Dict, List, Tuple

import pytest
import yaml

from civette import db
from civette.faq import load_knowledge_base
from civette.mail.classifier import LocalClassifier
from civette.mail.settings import MailSettings
from civette.mail.triage import Outcome, Triage
from civette.orders.lookup import DatabaseOrderLookup
from civette.settings import PROJECT_ROOT

EMAILS = PROJECT_ROOT / "tests" / "emails"
REPORT = PROJECT_ROOT / "results" / "mail" / "triage.md"
DECISIONS = ("auto_reply", "case", "ignore")
MIN_PRECISION = 0.97


@pytest.fixture(scope="module")
def classifier() -> LocalClassifier:
    return LocalClassifier.load()


@pytest.fixture(scope="module")
def triaged(classifier, demo_order_store) -> List[Tuple[dict, Outcome]]:
    labels_path = EMAILS / "labels.yml"
    assert labels_path.exists(), "the labelled email set (tests/emails/labels.yml) is missing"
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    engine = db.make_engine(f"sqlite:///{demo_order_store}")
    triage = Triage(classifier, load_knowledge_base(), MailSettings(),
                    DatabaseOrderLookup(db.make_session_factory(engine)), sessions=None, sender=None,
                    now=datetime.utcnow)
    results = [(label, triage.process(label["file"], (EMAILS / label["file"]).read_bytes()))
               for label in labels]
    engine.dispose()
    return results


def _right(label: dict, outcome: Outcome) -> bool:
    """An automatic reply where one was expected, on the expected FAQ topic."""
    return outcome.decision == label["decision"] == "auto_reply" and label.get("faq_id") == outcome.faq_id


def write_report(results: List[Tuple[dict, Outcome]], precision: float, answered: float) -> None:
    confusion: Dict[Tuple[str, str], int] = Counter((l["decision"], o.decision) for l, o in results)
    lines = ["# Email triage on the labelled set (tests/emails)", "",
             f"{len(results)} mails; precision of automatic replies **{precision:.3f}** "
             f"(gate {MIN_PRECISION}); answerable mail answered automatically **{answered:.1%}**.", "",
             "| labelled \\ decided | " + " | ".join(DECISIONS) + " |", "|---" * (len(DECISIONS) + 1) + "|"]
    lines += [f"| {want} | " + " | ".join(str(confusion[(want, got)]) for got in DECISIONS) + " |"
              for want in DECISIONS]
    lines += ["", "## Differences", "", "| file | label | decided | faq (label / decided) | reason |",
              "|---|---|---|---|---|"]
    lines += [f"| {l['file']} | {l['decision']} | {o.decision} | {l.get('faq_id')} / {o.faq_id} | {o.reason} |"
              for l, o in results if l["decision"] != o.decision or (o.decision == "auto_reply" and not _right(l, o))]
    lines += ["", "Thresholds come from the training data (results/mail/bands.md), never from this set."]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_automatic_replies_are_right_and_machines_never_answered(triaged):
    replies = [(l, o) for l, o in triaged if o.decision == "auto_reply"]
    precision = sum(_right(l, o) for l, o in replies) / len(replies) if replies else 1.0
    answerable = [o for l, o in triaged if l["decision"] == "auto_reply"]
    answered = sum(_right(l, o) for l, o in triaged if l["decision"] == "auto_reply") / max(len(answerable), 1)
    write_report(triaged, precision, answered)
    assert [l["file"] for l, o in replies if l["decision"] == "ignore"] == [], "a machine was answered"
    assert precision >= MIN_PRECISION, [(l["file"], l.get("faq_id"), o.faq_id) for l, o in replies if not _right(l, o)]


def test_every_mail_gets_one_decision_with_a_reason(triaged):
    assert all(o.decision in DECISIONS and o.reason for _, o in triaged)
