"""`civette mail poll`: the triage's production loop over IMAP (implicit TLS or STARTTLS), every
IMAP_POLL_INTERVAL_S seconds, stopping cleanly between two messages on SIGTERM or SIGINT.

Each message is flagged with a keyword (IMAP_KEYWORD, `$CivetteTriaged`) and \\Seen once the
database records it done; the poller looks for messages without the keyword, so a message a
person read in a mail client (\\Seen) is still triaged. A server that does not keep keywords
gets \\Seen only, and the poller then looks for unseen messages. The database stays the truth: a
message flagged by nobody (a crash between the commit and the flag) is skipped as already
processed, then flagged."""

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


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _keeps_keyword(client: imaplib.IMAP4, keyword: str) -> bool:
    """Whether the selected folder stores the keyword (PERMANENTFLAGS holds it or \\*)."""
    _, flags = client.response("PERMANENTFLAGS")
    text = b" ".join(f for f in flags if isinstance(f, bytes)).decode("ascii", "replace")
    return "\\*" in text or keyword.lower() in text.lower().split()


def poll_once(client: imaplib.IMAP4, triage: Triage, folder: str, stop: threading.Event,
              keyword: str = "$CivetteTriaged") -> int:
    """Triages every message of the folder not flagged yet; returns how many were done.

    A message whose triage fails (the classifier or the database down) is left unflagged, with
    a log line, and tried again at the next pass; the pass goes on with the next message."""
    status, answer = client.select(_quoted(folder))
    if status != "OK":
        raise imaplib.IMAP4.error(f"cannot open folder {folder!r}: {answer!r}")
    use_keyword = bool(keyword) and _keeps_keyword(client, keyword)
    criteria = f"UNKEYWORD {keyword}" if use_keyword else "UNSEEN"
    flags = f"(\\Seen {keyword})" if use_keyword else "(\\Seen)"
    _, found = client.uid("SEARCH", None, criteria)  # type: ignore[arg-type]
    count = 0
    for uid in (found[0] or b"").split():
        if stop.is_set():
            break
        _, data = client.uid("FETCH", uid, "(BODY.PEEK[])")  # type: ignore[arg-type]
        raw = next((item[1] for item in data if isinstance(item, tuple)), None)
        if raw is None:  # expunged meanwhile
            continue
        source = f"imap:{folder}/{uid.decode()}"
        try:
            triage.process(source, raw)
        except Exception as error:  # noqa: BLE001 - one message must not stop the others
            # Rasa still loading or the database down: the message is taken up at the next pass.
            log.warning("%s: triage failed (%s: %s); left unflagged, tried again at the next pass",
                        source, type(error).__name__, error)
            log.debug("%s: triage failed", source, exc_info=True)
            continue
        client.uid("STORE", uid, "+FLAGS", flags)  # type: ignore[arg-type]
        count += 1
    return count


def poll(triage: Triage, once: bool = False, settings: Optional[ImapSettings] = None,
         stop: Optional[threading.Event] = None) -> int:
    settings = settings or ImapSettings()
    if not settings.host:
        log.error("no mailbox configured (IMAP_HOST): nothing to poll")
        return 1
    stop = stop or threading.Event()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, lambda *_: stop.set())  # type: ignore[union-attr]
    log.info("polling %s@%s:%s/%s every %.0f s", settings.user, settings.host, settings.port,
             settings.folder, settings.poll_interval_s)
    try:
        while not stop.is_set():
            try:
                client = connect(settings)
                try:
                    poll_once(client, triage, settings.folder, stop, settings.keyword)
                finally:
                    try:
                        client.logout()
                    except (imaplib.IMAP4.error, OSError):
                        pass
            except (imaplib.IMAP4.error, OSError) as error:
                log.warning("IMAP %s: %s; next try in %.0f s", settings.host, error, settings.poll_interval_s)
            if once:
                break
            stop.wait(settings.poll_interval_s)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    log.info("stopped polling %s", settings.host)
    return 0
