"""SQLAlchemy models of the helpdesk, in the same database as the orders (migrations/)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, ForeignKey, Integer, String, and_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import relationship

from civette.db import Base


class Case(Base):
    """A conversation handed over to a human, with what the bot knew at that moment."""

    __tablename__ = "cases"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(100), nullable=False, index=True)
    channel = Column(String(30), nullable=False)
    # "live": an agent answers in the widget; "email": an agent replies to contact_email.
    mode = Column(String(10), nullable=False)
    status = Column(String(10), nullable=False, default="open", index=True)
    reason = Column(String(40), nullable=False)
    priority = Column(Integer, nullable=False)
    intent = Column(String(80))
    confidence = Column(Float)
    order_number = Column(String(32))
    identity_verified = Column(Boolean, nullable=False, default=False)
    contact_email = Column(String(254))
    transcript = Column(JSON, nullable=False, default=list)
    created_at = Column(DateTime, nullable=False)
    closed_at = Column(DateTime)
    closed_by = Column(String(50))
    external_refs = Column(JSON, nullable=False, default=dict)
    # Live cases: since when the customer waits for an advisor, the advisor's first reply, and
    # when nobody had answered in time and the case turned into an email case (no_reply.py).
    live_since = Column(DateTime)
    answered_at = Column(DateTime)
    unanswered_at = Column(DateTime)

    @hybrid_property
    def waiting(self) -> bool:
        """A customer waits in the widget for an advisor's first reply (also a query condition)."""
        return self.status == "open" and self.mode == "live" and self.answered_at is None

    @waiting.expression
    def waiting(cls):
        return and_(cls.status == "open", cls.mode == "live", cls.answered_at.is_(None))


class Agent(Base):
    __tablename__ = "agents"

    id = Column(Integer, primary_key=True)
    username = Column(String(50), nullable=False, unique=True)
    display_name = Column(String(100), nullable=False)
    password_hash = Column(String(300), nullable=False)
    created_at = Column(DateTime, nullable=False)

    sessions = relationship("AgentSession", back_populates="agent", cascade="all, delete-orphan")


class AgentSession(Base):
    """A console login. Only a hash of the cookie's token is stored."""

    __tablename__ = "agent_sessions"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    csrf_token = Column(String(64), nullable=False)
    agent_id = Column(Integer, ForeignKey("agents.id", ondelete="CASCADE"), nullable=False)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)
    # The last heartbeat of a console page open and visible (the agent is online: cases.py).
    last_seen = Column(DateTime, nullable=False)

    agent = relationship("Agent", back_populates="sessions")


class LoginFailure(Base):
    """A wrong console password, kept for the login throttle's window (login_throttle.py)."""

    __tablename__ = "login_failures"

    id = Column(Integer, primary_key=True)
    username = Column(String(50), nullable=False, index=True)
    address = Column(String(64), nullable=False, index=True)
    failed_at = Column(DateTime, nullable=False, index=True)


class OutboxItem(Base):
    """A case to deliver to an outside service (Zendesk, Chatwoot), kept until it is done."""

    __tablename__ = "outbox"

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id"), nullable=False, index=True)
    connector = Column(String(20), nullable=False)
    payload = Column(JSON, nullable=False)
    # "pending": to try at next_attempt_at; "done": delivered; "failed": given up.
    status = Column(String(10), nullable=False, index=True)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=False)
    last_error = Column(String(300), nullable=False, default="")
    created_at = Column(DateTime, nullable=False)
    done_at = Column(DateTime)
