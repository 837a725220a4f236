"""The case store: conversations handed over to advisors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from civette.helpdesk.models import AgentSession, Case
from civette.helpdesk.reasons import REASONS, NORMAL

ONLINE_WINDOW = timedelta(minutes=2)


@dataclass
class CaseDraft:
    conversation_id: str
    channel: str
    reason: str
    mode: str = ""
    intent: Optional[str] = None
    confidence: Optional[float] = None
    order_number: Optional[str] = None
    identity_verified: bool = False
    contact_email: Optional[str] = None
    transcript: List[Dict[str, str]] = field(default_factory=list)


def open_case(sessions: sessionmaker, draft: CaseDraft, now: datetime) -> int:
    """Opens a case, or refreshes the conversation's open one; returns its id."""
    with sessions() as session, session.begin():
        case = session.scalars(
            select(Case).where(Case.conversation_id == draft.conversation_id, Case.status == "open")
        ).first()
        if case is None:
            case = Case(conversation_id=draft.conversation_id, status="open", created_at=now,
                        external_refs={})
            session.add(case)
        case.channel, case.mode, case.reason = draft.channel, draft.mode, draft.reason
        priority = REASONS[draft.reason].priority if draft.reason in REASONS else NORMAL
        case.priority = min(priority, case.priority or priority)
        case.intent, case.confidence = draft.intent, draft.confidence
        case.order_number = draft.order_number or case.order_number
        case.identity_verified = draft.identity_verified or bool(case.identity_verified)
        case.contact_email = draft.contact_email or case.contact_email
        case.transcript = draft.transcript
        session.flush()
        return case.id


def open_cases(sessions: sessionmaker) -> List[Case]:
    """Open cases, most urgent first, then oldest first."""
    with sessions() as session:
        query = select(Case).where(Case.status == "open").order_by(Case.priority, Case.created_at)
        return list(session.scalars(query))


def get_case(sessions: sessionmaker, case_id: int) -> Optional[Case]:
    with sessions() as session:
        return session.get(Case, case_id)


def close_case(sessions: sessionmaker, case_id: int, agent: str, now: datetime) -> bool:
    """Closes an open case; False when it was not open."""
    with sessions() as session, session.begin():
        case = session.get(Case, case_id)
        if case is None or case.status != "open":
            return False
        case.status, case.closed_at, case.closed_by = "closed", now, agent
        return True


def agents_online(sessions: sessionmaker, now: datetime) -> bool:
    """Whether an agent has the console open (seen in the last two minutes)."""
    with sessions() as session:
        query = select(AgentSession.id).where(
            AgentSession.last_seen >= now - ONLINE_WINDOW, AgentSession.expires_at > now
        )
        return session.execute(query.limit(1)).first() is not None
