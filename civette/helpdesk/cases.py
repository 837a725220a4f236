"""The case store: conversations handed over to advisors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Dict, List, Optional

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import sessionmaker

from civette.helpdesk.models import AgentSession, Case
from civette.helpdesk.reasons import REASONS, NORMAL

# An agent is online while a console page of theirs is open and visible: the page sends a
# heartbeat every 20 s (console.js), so two missed beats are the margin.
ONLINE_WINDOW = timedelta(seconds=45)
CLOSED_LISTED = 100  # the most recently closed cases the console lists


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
        if draft.mode == "live" and case.mode != "live":
            case.live_since, case.answered_at = now, None
        case.channel, case.mode, case.reason = draft.channel, draft.mode, draft.reason
        priority = REASONS[draft.reason].priority if draft.reason in REASONS else NORMAL
        case.priority = min(priority, case.priority or priority)
        if draft.intent != "nlu_fallback" or case.intent is None:
            # A message the bot did not understand (an email address given...) keeps the topic.
            case.intent, case.confidence = draft.intent, draft.confidence
        case.order_number = draft.order_number or case.order_number
        case.identity_verified = draft.identity_verified or bool(case.identity_verified)
        case.contact_email = draft.contact_email or case.contact_email
        case.transcript = draft.transcript
        session.flush()
        return case.id


def _open_order(case: Case) -> tuple:
    return case.mode != "live", case.priority, case.live_since or case.created_at


def open_cases(sessions: sessionmaker) -> List[Case]:
    """Open cases: live ones first (a customer waits in the widget), then the most urgent, then
    the oldest."""
    with sessions() as session:
        return sorted(session.scalars(select(Case).where(Case.status == "open")), key=_open_order)


@dataclass(frozen=True)
class CaseFilter:
    status: str = "open"  # "open", "closed" or "" (both)
    mode: str = ""        # "live", "email" or "" (both)
    reason: str = ""      # a key of REASONS, or "" (all)
    search: str = ""      # part of the contact's email address, or of the order number


def find_cases(sessions: sessionmaker, wanted: CaseFilter) -> List[Case]:
    """The cases the console lists: open ones as open_cases sorts them, then the most recently
    closed (at most CLOSED_LISTED)."""
    conditions = []
    if wanted.mode:
        conditions.append(Case.mode == wanted.mode)
    if wanted.reason:
        conditions.append(Case.reason == wanted.reason)
    search = wanted.search.strip().lower().lstrip("#").removeprefix("n°").strip()
    if search:
        conditions.append(or_(func.lower(Case.contact_email).contains(search, autoescape=True),
                              Case.order_number.contains(search, autoescape=True)))
    found: List[Case] = []
    with sessions() as session:
        if wanted.status in ("open", ""):
            found += sorted(session.scalars(select(Case).where(Case.status == "open", *conditions)),
                            key=_open_order)
        if wanted.status in ("closed", ""):
            closed = (select(Case).where(Case.status == "closed", *conditions)
                      .order_by(Case.closed_at.desc()).limit(CLOSED_LISTED))
            found += list(session.scalars(closed))
    return found


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


def claim_live_reply(sessions: sessionmaker, case_id: int, now: datetime) -> bool:
    """An advisor is about to reply live: the case counts as answered from now on (the first reply
    counts), so the no-reply check cannot turn it into an email case while the reply is sent.
    False when the case no longer takes live replies (closed, or already switched to email)."""
    with sessions() as session, session.begin():
        claimed = session.execute(update(Case).where(
            Case.id == case_id, Case.status == "open", Case.mode == "live"
        ).values(answered_at=func.coalesce(Case.answered_at, now)))
    return claimed.rowcount == 1


def release_live_reply(sessions: sessionmaker, case_id: int, claimed_at: datetime) -> None:
    """Undoes claim_live_reply when the reply could not be sent: the customer still waits."""
    with sessions() as session, session.begin():
        session.execute(update(Case).where(Case.id == case_id, Case.answered_at == claimed_at)
                        .values(answered_at=None))


def unanswered_live_cases(sessions: sessionmaker, waiting_since: datetime) -> List[Case]:
    """Open live cases whose customer has waited since `waiting_since` or before, unanswered."""
    with sessions() as session:
        return list(session.scalars(select(Case).where(
            Case.waiting, Case.live_since <= waiting_since).order_by(Case.live_since)))


def switch_to_email(sessions: sessionmaker, case_id: int, now: datetime) -> bool:
    """Turns a live case nobody answered into an email case; False when it no longer waits
    (answered, closed, or switched by another process in the meantime)."""
    with sessions() as session, session.begin():
        switched = session.execute(update(Case).where(Case.id == case_id, Case.waiting)
                                   .values(mode="email", unanswered_at=now))
    return switched.rowcount == 1


def back_to_live(sessions: sessionmaker, case_id: int) -> None:
    """Undoes switch_to_email when the customer could not be told (tried again later)."""
    with sessions() as session, session.begin():
        session.execute(update(Case).where(Case.id == case_id, Case.status == "open", Case.mode == "email")
                        .values(mode="live", unanswered_at=None))


def left_unanswered(sessions: sessionmaker, conversation_id: str) -> bool:
    """Whether the conversation's open case turned into an email case for lack of an answer: a
    new request for a human in it is answered by email, not by waiting live again."""
    with sessions() as session:
        query = select(Case.id).where(Case.conversation_id == conversation_id, Case.status == "open",
                                      Case.unanswered_at.is_not(None))
        return session.execute(query.limit(1)).first() is not None


def agents_online(sessions: sessionmaker, now: datetime) -> bool:
    """Whether an agent has a console page open and visible now (a recent heartbeat)."""
    with sessions() as session:
        query = select(AgentSession.id).where(
            AgentSession.last_seen >= now - ONLINE_WINDOW, AgentSession.expires_at > now
        )
        return session.execute(query.limit(1)).first() is not None
