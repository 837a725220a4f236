"""The triage for real: replies through an SMTP server (aiosmtpd), cases and records in the store
(SQLite and PostgreSQL), and a rerun that answers nothing twice."""

from __future__ import annotations

from datetime import date, datetime
from email import message_from_bytes, policy
from typing import Iterator, List

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from civette.faq import load_knowledge_base
from civette.helpdesk.models import Case
from civette.mail.classifier import LocalClassifier
from civette.mail.models import MailMessage
from civette.mail.sending import SmtpSender
from civette.mail.settings import MailSettings, SmtpSettings
from civette.mail.triage import Triage
from civette.orders.demo import demo_records
from civette.orders.lookup import DatabaseOrderLookup
from civette.orders.store import save_records
from civette.servers import free_port

NOW = datetime(2026, 11, 27, 10, 0)


class Inbox:
    def __init__(self) -> None:
        self.messages: List[bytes] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture(scope="module")
def classifier() -> LocalClassifier:
    return LocalClassifier.load()


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port  # type: ignore[attr-defined]
    yield inbox
    controller.stop()


def make_triage(classifier, sessions, port: int) -> Triage:
    with sessions() as session, session.begin():
        save_records(session, demo_records(date(2026, 11, 27)))
    sender = SmtpSender(SmtpSettings(host="127.0.0.1", port=port, starttls=False, sender="contact@alacivette.com"))
    return Triage(classifier, load_knowledge_base(), MailSettings(), DatabaseOrderLookup(sessions),
                  sessions, sender, now=lambda: NOW)


def mail(number: int, sender: str, subject: str, body: str, extra: str = "") -> bytes:
    return (f"From: {sender}\r\nTo: contact@alacivette.com\r\nSubject: {subject}\r\n"
            f"Message-ID: <m{number}@exemple.fr>\r\n{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{body}\r\n").encode()


QUESTION = mail(1, "jean@exemple.fr", "Délais de livraison", "Bonjour,\n\nQuels sont vos délais de livraison ?\n\nMerci")
DAMAGED = mail(2, "paul@exemple.fr", "Humidor", "Bonjour, mon humidor est arrivé cassé, le bois est fendu.")
BOUNCE = mail(3, "MAILER-DAEMON@mx.exemple.fr", "Undelivered", "failed")


def records(sessions) -> List[MailMessage]:
    with sessions() as session:
        return list(session.scalars(sa.select(MailMessage).order_by(MailMessage.id)))


def test_a_pass_replies_files_and_ignores_then_a_rerun_does_nothing_twice(classifier, order_sessions, smtp):
    triage = make_triage(classifier, order_sessions, smtp.port)
    decisions = [triage.process(f"{i}.eml", raw).decision for i, raw in enumerate([QUESTION, DAMAGED, BOUNCE])]
    assert decisions == ["auto_reply", "case", "ignore"]
    assert len(smtp.messages) == 1
    reply = message_from_bytes(smtp.messages[0], policy=policy.default)
    assert reply["Subject"] == "Re: Délais de livraison" and reply["To"] == "jean@exemple.fr"
    assert reply["In-Reply-To"] == "<m1@exemple.fr>" and "<m1@exemple.fr>" in reply["References"]
    assert reply["Auto-Submitted"] == "auto-replied" and reply["Message-ID"].endswith("@alacivette.com>")
    assert {part.get_content_type() for part in reply.walk()} >= {"text/plain", "text/html"}
    text = reply.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert load_knowledge_base().get("delivery_time").email in text
    assert "automatiquement" in text and "conseiller" in text

    with order_sessions() as session:
        case = session.scalars(sa.select(Case)).one()
    assert (case.channel, case.mode, case.contact_email, case.reason) == ("email", "email", "paul@exemple.fr",
                                                                        "damaged_or_wrong_item")
    assert "cassé" in case.transcript[0]["text"]
    stored = records(order_sessions)
    assert [(r.decision, r.status) for r in stored] == [("auto_reply", "done"), ("case", "done"), ("ignore", "done")]
    assert stored[1].case_id == case.id and stored[1].raw == DAMAGED
    assert stored[1].suggested_answer.startswith("Bonjour")

    again = [triage.process(f"{i}.eml", raw) for i, raw in enumerate([QUESTION, DAMAGED, BOUNCE])]
    assert {o.reason for o in again} == {"already processed"}
    assert len(smtp.messages) == 1 and len(records(order_sessions)) == 3


def test_one_automatic_reply_per_sender_per_day_and_none_in_an_answered_thread(classifier, order_sessions, smtp):
    triage = make_triage(classifier, order_sessions, smtp.port)
    assert triage.process("1.eml", QUESTION).decision == "auto_reply"
    same_day = mail(4, "jean@exemple.fr", "Paiement", "Bonjour, quels moyens de paiement acceptez-vous ?")
    assert triage.process("4.eml", same_day).reason == "sender already answered automatically today"
    our_reply = message_from_bytes(smtp.messages[0], policy=policy.default)["Message-ID"]
    answer = mail(5, "marie@exemple.fr", "Re: Délais", "Quels sont vos délais de livraison ?",
                  f"In-Reply-To: {our_reply}\r\nReferences: <m1@exemple.fr> {our_reply}\r\n")
    assert triage.process("5.eml", answer).reason == "thread already answered automatically"
    assert len(smtp.messages) == 1


def test_the_order_status_only_to_the_orders_owner(classifier, order_sessions, smtp):
    triage = make_triage(classifier, order_sessions, smtp.port)
    asked = "Bonjour, où en est ma commande n° 48214 ? Merci"
    owner = triage.process("6.eml", mail(6, "julien.bernard@exemple.fr", "Commande 48214", asked))
    stranger = triage.process("7.eml", mail(7, "pirate@exemple.fr", "Commande 48214", asked))
    assert (owner.decision, owner.order_number) == ("auto_reply", "48214")
    assert stranger.decision == "case" and "not the sender's" in stranger.reason
    assert len(smtp.messages) == 1
    assert "Votre commande n° 48214" in message_from_bytes(smtp.messages[0], policy=policy.default).get_body(("plain",)).get_content()


def test_a_reply_that_cannot_be_sent_becomes_a_case_and_a_pending_message_is_resumed(classifier, order_sessions, smtp):
    triage = make_triage(classifier, order_sessions, free_port())  # nobody listens there
    assert triage.process("1.eml", QUESTION).reason.startswith("reply not sent")
    assert [r.status for r in records(order_sessions)] == ["done"]
    with order_sessions() as session:
        assert session.scalars(sa.select(Case)).one().contact_email == "jean@exemple.fr"

    resumed = make_triage(classifier, order_sessions, smtp.port)
    question = mail(8, "luc@exemple.fr", "Délais de livraison", "Quels sont vos délais de livraison ?")
    with order_sessions() as session, session.begin():  # a run killed before the reply was sent
        session.add(MailMessage(message_key="<m8@exemple.fr>", sender="luc@exemple.fr", subject="", source="8.eml",
                                decision="auto_reply", reason="", cleaned_text="", raw=question,
                                status="pending", received_at=NOW))
    assert resumed.process("8.eml", question).decision == "auto_reply"
    assert len(smtp.messages) == 1 and [r.status for r in records(order_sessions)] == ["done", "done"]
