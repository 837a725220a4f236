"""SQLAlchemy models of the helpdesk, in the same database as the orders (migrations/)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, ForeignKey, Integer, String
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
    last_seen = Column(DateTime, nullable=False)

    agent = relationship("Agent", back_populates="sessions")
