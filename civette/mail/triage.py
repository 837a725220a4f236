"""One pass of the triage over messages: read, understand, decide, then (unless dry run) reply or
file a case, recording each message so that a rerun or a restart does nothing twice."""

from __future__ import annotations

import hashlib
import logging
import smtplib
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Callable, Optional

from sqlalchemy.orm import sessionmaker

from civette.faq import KnowledgeBase
from civette.helpdesk.cases import CaseDraft, open_case
from civette.mail import recording
from civette.mail.analysis import Analysis, analyse
from civette.mail.classifier import Classifier
from civette.mail.cleaning import latest_reply
from civette.mail.composing import compose, suggested_answer
from civette.mail.deciding import AUTO_REPLY, CASE, IGNORE, Decision, decide
from civette.mail.language import detect
from civette.mail.machines import machine_reason
from civette.mail.models import MailMessage
from civette.mail.reading import ParsedMail, parse_mail
from civette.mail.sending import SmtpSender, reply_message
from civette.mail.settings import MailSettings
from civette.orders.lookup import OrderLookup

log = logging.getLogger("civette.mail")


@dataclass(frozen=True)
class Outcome:
    """One line of `civette mail triage --json`."""

    file: str
    message_id: Optional[str]
    decision: str
    faq_id: Optional[str]
    order_number: Optional[str]
    language: Optional[str]
    confidence: Optional[float]
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Triage:
    classifier: Classifier
    kb: KnowledgeBase
    settings: MailSettings
    lookup: Optional[OrderLookup]
    sessions: Optional[sessionmaker]  # None: dry run, nothing recorded
    sender: Optional[SmtpSender]  # None: nothing sent (dry run, or replies filed as cases)
    now: Callable[[], datetime]

    def process(self, source: str, raw: bytes) -> Outcome:
        mail = parse_mail(raw, source, self.settings.max_bytes)
        if self.sessions is not None and recording.is_done(self.sessions, mail.key):
            return Outcome(source, mail.message_id, IGNORE, None, None, None, None, "already processed")
        analysis: Optional[Analysis] = None
        language: Optional[str] = None
        cleaned = ""
        machine = machine_reason(mail)
        if machine:
            decision = Decision(IGNORE, f"automatic mail: {machine}")
        elif mail.problem:
            decision = Decision(CASE, f"unreadable: {mail.problem}")
        else:
            cleaned = latest_reply(mail.text, mail.subject)
            if not cleaned and not mail.subject:
                decision = Decision(IGNORE, "empty")
            else:
                language = detect(cleaned if len(cleaned.split()) >= 3 else f"{mail.subject}\n{cleaned}")
                analysis = analyse(mail.subject, cleaned, mail.sender, self.classifier,
                                   self.settings.topic_confidence, self.lookup, self.now().date())
                decision = self._limits(mail, decide(analysis, language, self.settings))
        if self.sessions is not None:
            decision = self._apply(mail, decision, analysis, language, cleaned)
        log.info("%s: %s (%s)", source, decision.decision, decision.reason)
        return Outcome(source, mail.message_id, decision.decision, analysis.faq_id if analysis else None,
                       analysis.order_number if analysis else None, language,
                       round(analysis.confidence, 3) if analysis else None, decision.reason)

    def _limits(self, mail: ParsedMail, decision: Decision) -> Decision:
        """At most one automatic reply a day per sender, none in a thread already answered so:
        a person read it then (a human reply is needed)."""
        if decision.decision != AUTO_REPLY or self.sessions is None:
            return decision
        if recording.interrupted_reply(self.sessions, mail.key):
            return Decision(CASE, "interrupted while its reply was being sent: it may have gone out")
        if recording.thread_answered(self.sessions, mail.thread_ids):
            return Decision(CASE, "thread already answered automatically")
        if recording.replies_since(self.sessions, mail.sender, self.now()) >= self.settings.replies_per_sender_per_day:
            return Decision(CASE, "sender already answered automatically today")
        return decision

    def _apply(self, mail: ParsedMail, decision: Decision, analysis: Optional[Analysis],
               language: Optional[str], cleaned: str) -> Decision:
        assert self.sessions is not None
        faq_id = analysis.faq_id if analysis else None
        order_text = analysis.order.text if analysis and analysis.order else None
        record = MailMessage(
            message_key=mail.key, message_id=mail.message_id, sender=mail.sender, subject=mail.subject,
            source=mail.source[:500], decision=decision.decision, reason=decision.reason[:300],
            faq_id=faq_id, confidence=analysis.confidence if analysis else None, language=language,
            order_number=analysis.order_number if analysis else None, cleaned_text=cleaned,
            suggested_answer=suggested_answer(self.kb, faq_id, order_text) if faq_id else None,
            raw=mail.raw, received_at=self.now())
        if decision.decision == AUTO_REPLY:
            if self.sender is None:
                decision = Decision(CASE, "no SMTP server configured: reply left to an advisor")
            else:
                reply = reply_message(compose(self.kb, mail.subject, faq_id or "", order_text), mail.sender,
                                      self.sender.settings.sender, mail.message_id, mail.thread_ids)
                record.reply_message_id = str(reply["Message-ID"])
                recording.save(self.sessions, record, self.now(), done=False)
                try:
                    self.sender.send(reply)
                    recording.mark_done(self.sessions, mail.key, self.now())
                    return decision
                except (smtplib.SMTPException, OSError) as error:
                    log.warning("%s: reply not sent (%s): filed as a case", mail.source, error)
                    decision = Decision(CASE, f"reply not sent: {error}"[:300])
            record.decision, record.reason = decision.decision, decision.reason
        if decision.decision == CASE:
            recording.save(self.sessions, record, self.now(), done=False)
            case_id = open_case(self.sessions, self._draft(mail, analysis, cleaned), self.now())
            recording.mark_done(self.sessions, mail.key, self.now(), case_id)
        else:
            recording.save(self.sessions, record, self.now(), done=True)
        return decision

    def _draft(self, mail: ParsedMail, analysis: Optional[Analysis], cleaned: str) -> CaseDraft:
        conversation = f"email:{hashlib.sha256(mail.key.encode()).hexdigest()[:40]}"
        text = f"{mail.subject}\n\n{cleaned or mail.text}".strip() or "(message illisible)"
        return CaseDraft(
            conversation_id=conversation, channel="email", mode="email",
            reason=(analysis.sensitive if analysis and analysis.sensitive else "email"),
            intent=analysis.topic if analysis else None,
            confidence=analysis.confidence if analysis else None,
            order_number=analysis.order_number if analysis else None,
            identity_verified=bool(analysis and analysis.order_owned), contact_email=mail.sender or None,
            transcript=[{"role": "client", "text": text, "at": self.now().isoformat(timespec="seconds")}])
