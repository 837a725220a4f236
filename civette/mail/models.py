"""What was done with each email (migrations/versions/0005_mail.py)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text

from civette.db import Base


class MailMessage(Base):
    """One received message, by Message-ID (or sha256 of its bytes): its decision, and for a
    case the original mail and the answer suggested to the advisor. `status` is "done" only once
    the reply is sent or the case committed: a pending row is processed again."""

    __tablename__ = "mail_messages"

    id = Column(Integer, primary_key=True)
    message_key = Column(String(255), nullable=False, unique=True)
    message_id = Column(String(998))
    sender = Column(String(254), nullable=False, index=True)
    subject = Column(Text, nullable=False, default="")
    source = Column(String(500), nullable=False, default="")
    decision = Column(String(12), nullable=False)
    reason = Column(String(300), nullable=False)
    faq_id = Column(String(80))
    confidence = Column(Float)
    language = Column(String(10))
    order_number = Column(String(32))
    cleaned_text = Column(Text, nullable=False, default="")
    suggested_answer = Column(Text)
    raw = Column(LargeBinary, nullable=False)
    case_id = Column(Integer, ForeignKey("cases.id"), index=True)
    reply_message_id = Column(String(998), index=True)
    status = Column(String(10), nullable=False, index=True)
    received_at = Column(DateTime, nullable=False)
    done_at = Column(DateTime, index=True)
