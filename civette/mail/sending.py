"""Sending a reply by SMTP (STARTTLS or implicit TLS, login from the environment), as an answer in
the customer's thread: the triage's automatic replies, marked as such (RFC 3834), and the replies
advisors write in the console, which are not."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import List, Optional

from civette.mail.composing import Reply
from civette.mail.settings import SmtpSettings


def reply_message(reply: Reply, to: str, sender: str, in_reply_to: Optional[str],
                  references: List[str], automatic: bool = True) -> EmailMessage:
    """`automatic`: written by the triage (Auto-Submitted: auto-replied); False for an advisor's."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = reply.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    if automatic:
        message["Auto-Submitted"] = "auto-replied"
        message["X-Auto-Response-Suppress"] = "All"  # no out-of-office reply to our reply
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = " ".join([*references, in_reply_to][-20:])
    message.set_content(reply.text)
    message.add_alternative(reply.html, subtype="html")
    return message


class SmtpSender:
    def __init__(self, settings: SmtpSettings) -> None:
        if not settings.host:
            raise ValueError("SMTP_HOST is not set")
        self.settings = settings

    def send(self, message: EmailMessage) -> None:
        """Raises smtplib.SMTPException or OSError when the server does not accept it."""
        s = self.settings
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if s.ssl:
            client = smtplib.SMTP_SSL(s.host or "", s.port, timeout=s.timeout_s, context=context)
        else:
            client = smtplib.SMTP(s.host or "", s.port, timeout=s.timeout_s)
        with client:
            if s.starttls and not s.ssl:
                client.starttls(context=context)
            if s.user:
                client.login(s.user, s.password or "")
            client.send_message(message)
