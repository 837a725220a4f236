"""`civette mail triage PATH… [--dry-run] [--json]` and `civette mail poll`."""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional

from civette import db
from civette.faq import load_knowledge_base
from civette.mail.classifier import make_classifier
from civette.mail.reading import read_paths
from civette.mail.sending import SmtpSender
from civette.mail.settings import MailSettings, SmtpSettings
from civette.mail.triage import Outcome, Triage
from civette.orders.lookup import DatabaseOrderLookup


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def make_triage(dry_run: bool) -> Triage:
    settings = MailSettings()
    smtp = SmtpSettings()
    sessions = db.make_session_factory(db.make_engine())
    return Triage(
        classifier=make_classifier(settings.rasa_url, settings.rasa_auth_token, settings.rasa_timeout_s),
        kb=load_knowledge_base(), settings=settings, lookup=DatabaseOrderLookup(sessions),
        sessions=None if dry_run else sessions,
        sender=SmtpSender(smtp) if smtp.host and not dry_run else None, now=utc_now)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        filled = int(30 * done / max(total, 1))
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="", file=sys.stderr)


def summary_table(outcomes: List[Outcome]) -> str:
    counts = Counter(o.decision for o in outcomes)
    lines = [f"{'decision':<12} {'mails':>6}"] + [f"{d:<12} {counts[d]:>6}" for d in ("auto_reply", "case", "ignore")]
    return "\n".join(lines + [f"{'total':<12} {len(outcomes):>6}"])


def triage_command(paths: List[Path], dry_run: bool, as_json: bool) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    triage = make_triage(dry_run)
    messages = list(read_paths(paths))
    outcomes: List[Outcome] = []
    for index, (source, raw) in enumerate(messages, 1):
        outcome = triage.process(source, raw)
        outcomes.append(outcome)
        if as_json:
            print(json.dumps(outcome.as_dict(), ensure_ascii=False), flush=True)
        else:
            _progress(index, len(messages))
    if not as_json:
        print(file=sys.stderr)
        print(summary_table(outcomes))
    return 0


def poll_command(once: bool = False) -> Optional[int]:
    from civette.mail.imap import poll  # imaplib only when polling

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    return poll(make_triage(dry_run=False), once=once)
