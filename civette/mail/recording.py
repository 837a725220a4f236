"""The database is the truth of what was done with each message: nothing is answered twice,
a message is done only once its reply is sent or its case committed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import func, or_, select
from sqlalchemy.orm import sessionmaker

from civette.mail.models import MailMessage

PENDING, DONE = "pending", "done"
DAY = timedelta(days=1)


def is_done(sessions: sessionmaker, key: str) -> bool:
    with sessions() as session:
        query = select(MailMessage.id).where(MailMessage.message_key == key, MailMessage.status == DONE)
        return session.execute(query).first() is not None


def replies_since(sessions: sessionmaker, sender: str, now: datetime) -> int:
    """Automatic replies sent to `sender` in the last 24 hours."""
    with sessions() as session:
        query = select(func.count(MailMessage.id)).where(
            MailMessage.sender == sender, MailMessage.decision == "auto_reply",
            MailMessage.status == DONE, MailMessage.done_at >= now - DAY)
        return int(session.execute(query).scalar_one())


def thread_answered(sessions: sessionmaker, thread_ids: List[str]) -> bool:
    """Whether the mail answers one of our automatic replies, or a mail we answered automatically."""
    if not thread_ids:
        return False
    with sessions() as session:
        query = select(MailMessage.id).where(
            MailMessage.decision == "auto_reply", MailMessage.status == DONE,
            or_(MailMessage.reply_message_id.in_(thread_ids), MailMessage.message_id.in_(thread_ids)))
        return session.execute(query.limit(1)).first() is not None


def save(sessions: sessionmaker, record: MailMessage, now: datetime, done: bool) -> None:
    """Writes (or rewrites, for a message left pending by an earlier run) the message's record."""
    with sessions() as session, session.begin():
        existing = session.scalars(
            select(MailMessage).where(MailMessage.message_key == record.message_key)).first()
        if existing is not None:
            record.id = existing.id
            record = session.merge(record)
        else:
            session.add(record)
        record.status = DONE if done else PENDING
        record.done_at = now if done else None


def mark_done(sessions: sessionmaker, key: str, now: datetime, case_id: Optional[int] = None) -> None:
    with sessions() as session, session.begin():
        record = session.scalars(select(MailMessage).where(MailMessage.message_key == key)).one()
        record.status, record.done_at = DONE, now
        record.case_id = case_id if case_id is not None else record.case_id
