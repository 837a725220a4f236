"""Mail written by machines (RFC 3834 and common practice): never answered, not filed."""

from __future__ import annotations

import re
from typing import Optional

from civette.mail.reading import ParsedMail

MACHINE_SENDERS = re.compile(r"^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|ne-?pas-?repondre)"
                             r"(?:[+._-][^@]*)?@", re.I)
BULK_PRECEDENCE = {"bulk", "junk", "list"}


def machine_reason(mail: ParsedMail) -> Optional[str]:
    """Why the mail is automatic (a header, a delivery report, a robot's address), or None."""
    headers = mail.headers
    auto_submitted = headers.get("auto-submitted", "no").split(";")[0].strip().lower()
    if auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    if headers.get("precedence", "").strip().lower() in BULK_PRECEDENCE:
        return f"Precedence: {headers['precedence'].strip().lower()}"
    for name in ("x-autoreply", "x-autorespond", "x-auto-response-suppress", "list-id", "list-unsubscribe"):
        if name in headers:
            return f"{name} header"
    if mail.content_type == "multipart/report":
        return "delivery report"
    if MACHINE_SENDERS.match(mail.sender) or headers.get("return-path", "").strip() == "<>":
        return f"automatic sender {mail.sender or '<>'}"
    return None
