"""Reading mail: .eml files, directories of them and Maildirs, decoded with `email`'s
`policy.default`. A mail that cannot be decoded is kept with its raw bytes and the error: it
becomes a case, never a loss."""

from __future__ import annotations

import hashlib
import logging
import mailbox
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

from civette.mail.html_text import html_to_text

log = logging.getLogger("civette.mail")

# Headers the triage reads (machines, threads); kept lower-cased.
KEPT_HEADERS = ("auto-submitted", "precedence", "x-autoreply", "x-autorespond", "x-auto-response-suppress",
                "list-id", "list-unsubscribe", "in-reply-to", "references", "return-path")


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    size: int


@dataclass
class ParsedMail:
    raw: bytes
    source: str  # file path or "imap:<uid>"
    message_id: Optional[str] = None
    sender: str = ""
    subject: str = ""
    content_type: str = ""
    text: str = ""
    headers: Dict[str, str] = field(default_factory=dict)
    attachments: List[Attachment] = field(default_factory=list)
    # Why the mail could not be read in full (it then becomes a case), or "".
    problem: str = ""

    @property
    def key(self) -> str:
        """What identifies the message across runs: its Message-ID, else a hash of its bytes."""
        if self.message_id and len(self.message_id) <= 200:
            return self.message_id
        return f"sha256:{hashlib.sha256((self.message_id or '').encode() or self.raw).hexdigest()}"

    @property
    def thread_ids(self) -> List[str]:
        """The Message-IDs this mail answers (In-Reply-To and References)."""
        ids = f"{self.headers.get('in-reply-to', '')} {self.headers.get('references', '')}".split()
        return [i for i in ids if i.startswith("<")]


def _one_line(value: object) -> str:
    """A header's value on one line: CR and LF (an injection attempt) become spaces."""
    return " ".join(str(value).split())


def _decoded(part: EmailMessage) -> Tuple[str, str]:
    """The part's text, and a problem when its charset is unknown or its bytes do not decode."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset), ""
    except LookupError:
        problem = f"unknown charset {charset!r}"
    except UnicodeDecodeError:
        problem = f"bytes not in charset {charset!r}"
    # Windows-1252 is what mislabelled French mail usually is; the replacement keeps the rest.
    return payload.decode("windows-1252", errors="replace"), problem


def _body(message: EmailMessage, mail: ParsedMail) -> None:
    plain: List[str] = []
    html: List[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        name = part.get_filename()
        if disposition == "attachment" or (name and disposition != "inline") or \
                part.get_content_maintype() not in ("text",):
            size = len(part.get_payload(decode=True) or b"")
            mail.attachments.append(Attachment(_one_line(name or ""), part.get_content_type(), size))
            continue
        text, problem = _decoded(part)
        mail.problem = mail.problem or problem
        (html if part.get_content_subtype() == "html" else plain).append(text)
    mail.text = "\n\n".join(plain) if plain else "\n\n".join(html_to_text(h) for h in html)
    if not plain and not html and not mail.problem:
        mail.problem = "no text part"


def parse_mail(raw: bytes, source: str, max_bytes: int) -> ParsedMail:
    """Decodes one message; never raises: what cannot be read is said in `problem`."""
    mail = ParsedMail(raw=raw, source=source)
    try:
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        mail.message_id = _one_line(message.get("message-id", "")) or None
        addresses = getaddresses([str(message.get("from", ""))])
        mail.sender = addresses[0][1].strip().lower() if addresses else ""
        mail.subject = _one_line(message.get("subject", ""))
        mail.content_type = message.get_content_type()
        mail.headers = {name: _one_line(message[name]) for name in KEPT_HEADERS if message[name] is not None}
        if message.defects:
            log.info("%s: MIME defects %s", source, [type(d).__name__ for d in message.defects])
        if len(raw) > max_bytes:
            mail.problem = f"too large ({len(raw)} bytes)"
        else:
            _body(message, mail)
    except Exception as error:  # a mail is never dropped, whatever the parser chokes on
        mail.problem = f"unreadable: {type(error).__name__}: {error}"
    if mail.problem:
        log.warning("%s: %s", source, mail.problem)
    return mail


def read_paths(paths: List[Path]) -> Iterator[Tuple[str, bytes]]:
    """(source, raw bytes) of every message in files, directories of .eml files and Maildirs."""
    for path in paths:
        if (path / "cur").is_dir() and (path / "new").is_dir():
            box = mailbox.Maildir(path, factory=None, create=False)
            for key in sorted(box.keys()):
                yield f"{path}/{key}", box.get_bytes(key)
        elif path.is_dir():
            for file in sorted(path.rglob("*.eml")):
                yield str(file), file.read_bytes()
        else:
            yield str(path), path.read_bytes()
