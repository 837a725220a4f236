"""Email cases in the agent console, over real HTTP: a mail of tests/emails/ filed as a case by the
triage (the chat's model, a SQLite store) is shown with its suggested answer; the advisor's edited
answer goes out once through a real SMTP server (aiosmtpd) as a reply in the customer's thread,
not marked automatic, and the case closes; CSRF and Origin are checked; with the SMTP server down
the case stays open and the failure is counted."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from email import message_from_bytes, policy
from itertools import count
from pathlib import Path
from typing import Iterator, List, NamedTuple, Optional
from zoneinfo import ZoneInfo

import pytest
import requests
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from sqlalchemy.orm import sessionmaker

from civette import db
from civette.faq import load_knowledge_base
from civette.helpdesk.agents import create_agent
from civette.helpdesk.cases import get_case
from civette.helpdesk.handoff import utc_now
from civette.incidents import failure_counts
from civette.mail.classifier import LocalClassifier
from civette.mail.models import MailMessage
from civette.mail.settings import MailSettings
from civette.mail.triage import Triage
from civette.orders.lookup import DatabaseOrderLookup
from civette.servers import free_port, web_server
from civette.settings import PROJECT_ROOT

from conftest import AGENT, RESULTS_DIR
from test_console import logged_in

USERNAME, _, PASSWORD = AGENT
DAMAGED = (PROJECT_ROOT / "tests" / "emails" / "032_cendrier-fendu-photo.eml").read_bytes()
ORIGINAL_ID = "<CAaxmtVBXzOS05wCVtaJgy0AcArAdht14h9gTVNpan7Uf3TXHH@mail.gmail.com>"
EDITED = ("Bonjour Madame Fournier,\n\nNous sommes désolés : un nouveau cendrier <cristal> part demain, "
          "sans frais.\n\nClaire, À La Civette")


class Inbox:
    """A real SMTP server on loopback, which can be stopped and started again on its port."""

    def __init__(self) -> None:
        self.messages: List[bytes] = []
        self.port = free_port()
        self.controller: Optional[Controller] = None

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(envelope.content)
        return "250 OK"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        assert self.controller is not None
        self.controller.stop()


class Console(NamedTuple):
    url: str
    sessions: sessionmaker
    smtp: Inbox
    log: Path


@pytest.fixture(scope="module")
def console(tmp_path_factory) -> Iterator[Console]:
    """A console on a fresh SQLite store, sending through the SMTP server; Rasa is out of reach
    (an email case does not need it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('email-console') / 'store.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    sessions = db.make_session_factory(engine)
    create_agent(sessions, USERNAME, "Claire", PASSWORD, utc_now())
    smtp = Inbox()
    smtp.start()
    env = {"CIVETTE_DATABASE_URL": url, "RASA_URL": f"http://127.0.0.1:{free_port()}",
           "RASA_AUTH_TOKEN": "jeton-rasa-email", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port),
           "SMTP_STARTTLS": "false", "SMTP_SENDER": "contact@alacivette.com", "SMTP_TIMEOUT_S": "5"}
    log_dir = RESULTS_DIR / "logs" / "console-email"
    with web_server(free_port(), env, log_dir) as web:
        yield Console(web, sessions, smtp, log_dir / "web.log")
    smtp.stop()
    engine.dispose()


@pytest.fixture(scope="module")
def triage(console) -> Triage:
    """The triage as `civette mail triage` runs it, recording into the console's store, sending nothing."""
    return Triage(LocalClassifier.load(), load_knowledge_base(), MailSettings(),
                  DatabaseOrderLookup(console.sessions), console.sessions, sender=None, now=datetime.utcnow)


NUMBERS = count(1)


def filed(console: Console, triage: Triage, raw: bytes = DAMAGED) -> MailMessage:
    """The mail, under a new Message-ID, filed as a case by the triage; returns its record."""
    message_id = f"<essai-{next(NUMBERS)}-{datetime.utcnow().timestamp()}@mail.gmail.com>"
    raw = raw.replace(ORIGINAL_ID.encode(), message_id.encode())
    outcome = triage.process("032_cendrier-fendu-photo.eml", raw)
    assert outcome.decision == "case", outcome
    with console.sessions() as session:
        return session.scalars(sa.select(MailMessage).where(MailMessage.message_id == message_id)).one()


def form_of(page: str) -> dict:
    """The email reply form's hidden fields, as the browser would send them."""
    fields = dict(re.findall(r'<input type="hidden" name="(csrf_token|reply_of)" value="([^"]*)">', page))
    return {name: html.unescape(value) for name, value in fields.items()}


def answer_in(page: str) -> str:
    """The answer in the page's textarea, as the advisor sees it."""
    return html.unescape(re.search(r'<textarea id="answer" name="answer"[^>]*>(.*?)</textarea>', page, re.S)[1])


def replies(console: Console) -> list:
    return [message_from_bytes(raw, policy=policy.default) for raw in console.smtp.messages]


def test_an_email_case_shows_the_original_mail_and_the_suggested_answer(console, triage):
    record = filed(console, triage)
    session = logged_in(console.url)
    page = session.get(f"{console.url}/console/cases/{record.case_id}")
    assert page.ok
    text = page.text
    assert "Isabelle Fournier &lt;isabelle.fournier@gmail.com&gt;" in text
    assert "Cendrier arrivé cassé" in text and "<dd>06/11/2025 à 11:48</dd>" in text  # sent 11:48 +0100: Paris
    assert "le cendrier en cristal est arrivé fendu" in text  # quoted-printable, decoded
    assert re.search(r"<li>[^<]+\.jpeg \(image/jpeg, \d+ (Ko|octets)\)</li>", text)  # named, not opened
    assert record.suggested_answer and record.suggested_answer.startswith("Bonjour")
    assert answer_in(text) == record.suggested_answer
    assert "mailto:" not in text and "Envoyer la réponse et clore le dossier" in text
    assert 'data-reply-box data-register="email"' in text and 'id="faq-data"' in text  # FAQ answers at hand
    assert "Réponse à isabelle.fournier@gmail.com : « Re: Cendrier arrivé cassé »" in text


def test_what_the_mail_says_is_shown_as_text_never_as_html(console, triage):
    raw = DAMAGED.replace(b"Subject: =?utf-8?q?Cendrier_arriv=C3=A9_cass=C3=A9?=",
                          b"Subject: Cendrier <script>alert(1)</script> casse")
    record = filed(console, triage, raw.replace(b"Que dois-je faire", b"<img src=x onerror=alert(2)> Que dois-je faire"))
    text = logged_in(console.url).get(f"{console.url}/console/cases/{record.case_id}").text
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<img src=x" not in text


def test_the_edited_answer_is_sent_once_as_the_advisors_reply_and_the_case_closes(console, triage):
    record = filed(console, triage)
    session = logged_in(console.url)
    page = session.get(f"{console.url}/console/cases/{record.case_id}").text
    before = len(console.smtp.messages)
    form = {**form_of(page), "answer": EDITED.replace("\n", "\r\n")}  # as browsers send a textarea
    url = f"{console.url}/console/cases/{record.case_id}/email-reply"
    sent = session.post(url, data=form, allow_redirects=False)
    assert sent.status_code == 302 and sent.headers["location"] == "/console/"
    again = session.post(url, data=form, allow_redirects=False)  # the button pressed twice
    assert again.status_code == 302
    assert len(console.smtp.messages) == before + 1

    reply = replies(console)[-1]
    assert reply["To"] == "isabelle.fournier@gmail.com" and reply["From"] == "contact@alacivette.com"
    assert reply["Subject"] == "Re: Cendrier arrivé cassé"
    assert reply["In-Reply-To"] == record.message_id and record.message_id in reply["References"]
    assert reply["Message-ID"].endswith("@alacivette.com>")
    assert reply["Auto-Submitted"] is None and reply["X-Auto-Response-Suppress"] is None  # a human wrote it
    assert {part.get_content_type() for part in reply.walk()} >= {"text/plain", "text/html"}
    assert reply.get_body(("plain",)).get_content().replace("\r\n", "\n").strip() == EDITED
    assert "un nouveau cendrier &lt;cristal&gt; part demain" in reply.get_body(("html",)).get_content()

    case = get_case(console.sessions, record.case_id)
    assert (case.status, case.closed_by) == ("closed", USERNAME)
    with console.sessions() as db_session:
        assert db_session.get(MailMessage, record.id).reply_message_id == reply["Message-ID"]
    assert record.case_id not in [c["id"] for c in session.get(f"{console.url}/console/api/cases").json()["cases"]]
    closed_page = session.get(f"{console.url}/console/cases/{record.case_id}").text
    assert "Réponse envoyée par Claire" in closed_page and "cendrier &lt;cristal&gt;" in closed_page
    sent_at = case.closed_at.replace(tzinfo=timezone.utc).astimezone(ZoneInfo("Europe/Paris"))
    assert f"Réponse envoyée par Claire le {sent_at:%d/%m/%Y à %H:%M}</h2>" in closed_page  # Paris time
    assert 'name="answer"' not in closed_page


def test_a_reply_needs_the_login_the_csrf_token_and_the_same_origin(console, triage):
    record = filed(console, triage)
    session = logged_in(console.url)
    form = {**form_of(session.get(f"{console.url}/console/cases/{record.case_id}").text), "answer": EDITED}
    url = f"{console.url}/console/cases/{record.case_id}/email-reply"
    before = len(console.smtp.messages)
    anonymous = requests.post(url, data=form, allow_redirects=False)
    assert anonymous.status_code == 302 and anonymous.headers["location"] == "/console/login"
    assert session.post(url, data={**form, "csrf_token": "forged"}, allow_redirects=False).status_code == 403
    assert session.post(url, data={k: v for k, v in form.items() if k != "csrf_token"}).status_code == 403
    cross_site = session.post(url, data=form, headers={"Origin": "https://evil.example"}, allow_redirects=False)
    assert cross_site.status_code == 403
    assert session.post(url, data={**form, "answer": "  "}).status_code == 400
    assert len(console.smtp.messages) == before
    assert get_case(console.sessions, record.case_id).status == "open"


def test_with_the_smtp_server_down_the_case_stays_open_and_the_failure_is_counted(console, triage):
    record = filed(console, triage)
    session = logged_in(console.url)
    form = {**form_of(session.get(f"{console.url}/console/cases/{record.case_id}").text), "answer": EDITED}
    url = f"{console.url}/console/cases/{record.case_id}/email-reply"
    console.smtp.stop()
    try:
        failed = session.post(url, data=form, allow_redirects=False)
    finally:
        console.smtp.start()
    assert failed.status_code == 502
    assert "la réponse n'est pas partie et le dossier reste ouvert" in html.unescape(failed.text)
    assert answer_in(failed.text) == EDITED  # the advisor's text is kept in the form
    assert get_case(console.sessions, record.case_id).status == "open"
    assert failure_counts(console.sessions)["smtp"].count >= 1
    assert "failure source=smtp" in console.log.read_text()
    # The server is back: the same form goes through, once.
    before = len(console.smtp.messages)
    assert session.post(url, data=form_of(failed.text) | {"answer": EDITED}, allow_redirects=False).status_code == 302
    assert len(console.smtp.messages) == before + 1
    assert get_case(console.sessions, record.case_id).status == "closed"


def test_an_answer_already_on_its_way_is_not_sent_a_second_time(console, triage):
    """Two advisors (or two tabs) answer the same case at once: the one whose page no longer
    matches the message's state (another answer claimed it) is refused, and nothing is sent."""
    record = filed(console, triage)
    session = logged_in(console.url)
    url = f"{console.url}/console/cases/{record.case_id}"
    form = {**form_of(session.get(url).text), "answer": EDITED}
    with console.sessions() as db_session, db_session.begin():  # the other advisor's send, in flight
        db_session.get(MailMessage, record.id).reply_message_id = "<autre-envoi@alacivette.com>"
    before = len(console.smtp.messages)
    refused = session.post(f"{url}/email-reply", data=form, allow_redirects=False)
    assert refused.status_code == 409 and "rien n'a été envoyé" in html.unescape(refused.text)
    assert len(console.smtp.messages) == before
    assert get_case(console.sessions, record.case_id).status == "open"
