"""The database is the truth of what was done with each message: nothing is answered twice,
a message is done only once its reply is sent or its case committed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import sessionmaker

from civette.mail.models import MailMessage

PENDING, DONE = "pending", "done"
DAY = timedelta(days=1)


def is_done(sessions: sessionmaker, key: str) -> bool:
    with sessions() as session:
        query = select(MailMessage.id).where(MailMessage.message_key == key, MailMessage.status == DONE)
        return session.execute(query).first() is not None


def interrupted_reply(sessions: sessionmaker, key: str) -> Optional[str]:
    """The Message-ID of a reply a run was sending when it stopped (the message is still
    pending): the SMTP server may have taken it, so it must not be sent again."""
    with sessions() as session:
        query = select(MailMessage.reply_message_id).where(
            MailMessage.message_key == key, MailMessage.status == PENDING,
            MailMessage.reply_message_id.is_not(None))
        return session.execute(query).scalar()


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


def of_case(sessions: sessionmaker, case_id: int) -> Optional[MailMessage]:
    """The mail a case was filed for (the console shows it and answers it)."""
    with sessions() as session:
        query = select(MailMessage).where(MailMessage.case_id == case_id).order_by(MailMessage.id.desc())
        return session.scalars(query.limit(1)).first()


def swap_reply_id(sessions: sessionmaker, record_id: int, expected: Optional[str],
                  new: Optional[str]) -> bool:
    """Sets the message's reply Message-ID to `new` only if it is still `expected`: an advisor's
    reply is claimed before it is sent, so that a form sent twice sends it once."""
    current = MailMessage.reply_message_id
    with sessions() as session, session.begin():
        query = update(MailMessage).where(MailMessage.id == record_id,
                                          current.is_(None) if expected is None else current == expected)
        return session.execute(query.values(reply_message_id=new)).rowcount == 1
