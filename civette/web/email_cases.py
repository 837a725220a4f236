"""Email cases in the agent console: the mail as the triage received it (headers, decoded text,
attachments named but never opened) and the suggested answer, which the advisor edits and sends
as a reply in the customer's thread through the triage's own SMTP path; the case then closes."""

from __future__ import annotations

import asyncio
import smtplib
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, redirect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from civette.helpdesk.cases import close_case, get_case
from civette.helpdesk.handoff import utc_now
from civette.helpdesk.models import Case
from civette.incidents import report_failure
from civette.mail import recording
from civette.mail.composing import Reply, reply_subject
from civette.mail.reading import parse_mail
from civette.mail.sending import SmtpSender, reply_message
from civette.mail.settings import MailSettings, SmtpSettings
from civette.web.case_routes import render_case
from civette.web.display import date_and_time
from civette.web.guard import guarded

if TYPE_CHECKING:
    from civette.helpdesk.agents import LoggedIn
    from civette.web.console import Console

MAX_ANSWER = 20_000
SMTP_DOWN = ("Le serveur d'envoi des e-mails ne répond pas ou a refusé le message : la réponse n'est "
             "pas partie et le dossier reste ouvert. Réessayez dans quelques minutes.")


def _size(size: int) -> str:
    """« 812 octets », « 45 Ko », « 1,2 Mo »."""
    if size < 1024:
        return f"{size} octets"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} Ko"
    return f"{size / 1024 / 1024:.1f} Mo".replace(".", ",")


def _headers(raw: bytes) -> Tuple[str, str]:
    """The From and Date headers as written, on one line; a date in the French way, Paris time."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        sender = " ".join(str(message.get("from", "")).split())
        date = " ".join(str(message.get("date", "")).split())
    except Exception:  # the raw mail is shown as far as it can be read, never refused
        return "", ""
    try:
        date = date_and_time(parsedate_to_datetime(date))
    except (TypeError, ValueError):
        pass
    return sender, date


@dataclass
class EmailCases:
    sessions: sessionmaker
    smtp: SmtpSettings = field(default_factory=SmtpSettings)  # SMTP_*, as civette.mail reads them
    max_bytes: int = field(default_factory=lambda: MailSettings().max_bytes)

    def view(self, case: Case, answer: Optional[str] = None) -> Optional[Dict[str, Any]]:
        """What case.html shows of an email case; None when it has no mail (not an email case)."""
        record = recording.of_case(self.sessions, case.id) if case.channel == "email" else None
        if record is None:
            return None
        mail = parse_mail(record.raw, record.source, self.max_bytes)
        sender, date = _headers(record.raw)
        sent = [m for m in case.transcript or [] if m.get("role") == "agent"]
        return {
            "from": sender or record.sender, "to": record.sender, "subject": mail.subject, "date": date,
            "text": mail.text, "problem": mail.problem, "reply_subject": reply_subject(mail.subject),
            "attachments": [{"name": a.name or "(sans nom)", "type": a.content_type, "size": _size(a.size)}
                            for a in mail.attachments],
            "answer": (record.suggested_answer or "") if answer is None else answer,
            "reply_of": record.reply_message_id or "",
            "can_send": bool(self.smtp.host and record.sender), "shop": self.smtp.sender,
            "max_answer": MAX_ANSWER, "sent": sent[-1] if sent else None,
        }

    def send(self, case_id: int, answer: str, reply_of: Optional[str], agent: "LoggedIn",
             now: datetime) -> Tuple[int, str]:
        """Sends the advisor's answer, then closes the case: (200, "") or (status, why not).
        `reply_of` is the reply Message-ID the page was shown with: the answer is claimed by
        swapping it for the new one, so a form sent twice (or by two advisors) is sent once."""
        record = recording.of_case(self.sessions, case_id)
        if record is None or not record.sender:
            return 409, "Ce dossier n'a pas de message d'origine auquel répondre."
        if not self.smtp.host:
            return 503, "Aucun serveur d'envoi n'est configuré (SMTP_HOST) : la réponse n'est pas partie."
        mail = parse_mail(record.raw, record.source, self.max_bytes)
        message = reply_message(Reply(reply_subject(mail.subject), answer), record.sender, self.smtp.sender,
                                record.message_id, mail.thread_ids, automatic=False)
        reply_id = str(message["Message-ID"])
        if not recording.swap_reply_id(self.sessions, record.id, reply_of, reply_id):
            return 409, ("Ce message a déjà reçu une réponse, ou une réponse est en cours d'envoi : "
                         "rien n'a été envoyé. Rechargez la page.")
        try:
            SmtpSender(self.smtp).send(message)
        except (smtplib.SMTPException, OSError) as error:
            recording.swap_reply_id(self.sessions, record.id, reply_id, reply_of)
            report_failure("smtp", error, self.sessions, case=case_id)
            return 502, SMTP_DOWN
        try:
            self._keep(case_id, answer, agent, now)
            close_case(self.sessions, case_id, agent.username, now)
        except SQLAlchemyError as error:
            report_failure("helpdesk_store", error, self.sessions, case=case_id)
            return 500, ("La réponse est bien partie, mais le dossier n'a pas pu être clos : ne la "
                         "renvoyez pas, fermez le dossier avec « Clore le dossier sans répondre ».")
        return 200, ""

    def _keep(self, case_id: int, answer: str, agent: "LoggedIn", now: datetime) -> None:
        """The answer sent, in the case's transcript (shown once the case is closed)."""
        with self.sessions() as session, session.begin():
            case = session.get(Case, case_id)
            entry = {"role": "agent", "agent": agent.display_name, "text": answer,
                     "at": now.isoformat(timespec="seconds")}
            case.transcript = [*(case.transcript or []), entry]


def add_email_routes(bp: Blueprint, console: "Console") -> None:
    @bp.post("/cases/<case_id:int>/email-reply")
    @guarded(console, changes=True, with_case=True)
    async def email_reply(request: Request, agent: "LoggedIn", case: Case) -> HTTPResponse:
        if case.status != "open" or case.channel != "email":
            return redirect("/console/")
        form = request.form or {}
        answer = (form.get("answer") or "").replace("\r\n", "\n").strip()
        if not answer or len(answer) > MAX_ANSWER:
            return render_case(console, agent, case, 400, f"Réponse vide ou trop longue (maximum {MAX_ANSWER} "
                                                          "caractères) : rien n'a été envoyé.", answer)
        status, error = await asyncio.to_thread(console.email.send, case.id, answer,
                                                form.get("reply_of") or None, agent, utc_now())
        if error:
            return render_case(console, agent, get_case(console.sessions, case.id) or case, status, error, answer)
        return redirect("/console/")
