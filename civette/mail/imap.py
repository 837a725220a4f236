"""`civette mail poll`: the triage's production loop over IMAP (implicit TLS or STARTTLS), every
IMAP_POLL_INTERVAL_S seconds, stopping cleanly between two messages on SIGTERM. Each message is
flagged \\Seen once the database records it done; the database stays the truth (a message seen
by a person in a mail client is still triaged, by UID, not by flag)."""

from __future__ import annotations

import imaplib
import logging
import signal
import ssl
import threading
from typing import Optional

from civette.mail.settings import ImapSettings
from civette.mail.triage import Triage

log = logging.getLogger("civette.mail")


def connect(settings: ImapSettings) -> imaplib.IMAP4:
    context = ssl.create_default_context()
    client: imaplib.IMAP4
    if settings.ssl:
        client = imaplib.IMAP4_SSL(settings.host or "", settings.port, ssl_context=context,
                                   timeout=settings.timeout_s)
    else:
        client = imaplib.IMAP4(settings.host or "", settings.port, timeout=settings.timeout_s)
        if settings.starttls:
            client.starttls(context)
    client.login(settings.user or "", settings.password or "")
    return client


def poll_once(client: imaplib.IMAP4, triage: Triage, folder: str, stop: threading.Event) -> int:
    """Triages every message of the folder not flagged \\Seen; returns how many were read."""
    client.select(folder)
    _, found = client.uid("SEARCH", None, "UNSEEN")  # type: ignore[arg-type]
    count = 0
    for uid in (found[0] or b"").split():
        if stop.is_set():
            break
        _, data = client.uid("FETCH", uid, "(BODY.PEEK[])")  # type: ignore[arg-type]
        raw = next((item[1] for item in data if isinstance(item, tuple)), None)
        if raw is None:
            continue
        triage.process(f"imap:{folder}/{uid.decode()}", raw)
        client.uid("STORE", uid, "+FLAGS", "(\\Seen)")  # type: ignore[arg-type]
        count += 1
    return count


def poll(triage: Triage, once: bool = False, settings: Optional[ImapSettings] = None) -> int:
    settings = settings or ImapSettings()
    if not settings.host:
        log.error("no mailbox configured (IMAP_HOST): nothing to poll")
        return 1
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    while not stop.is_set():
        try:
            client = connect(settings)
            try:
                poll_once(client, triage, settings.folder, stop)
            finally:
                client.logout()
        except (imaplib.IMAP4.error, OSError) as error:
            log.warning("IMAP %s: %s; next try in %.0f s", settings.host, error, settings.poll_interval_s)
        if once:
            break
        stop.wait(settings.poll_interval_s)
    return 0
