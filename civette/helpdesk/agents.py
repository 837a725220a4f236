"""Agent accounts and console sessions.

Passwords are hashed with scrypt (RFC 7914) and a random salt; a session is a random token in an
HttpOnly cookie, stored only as its SHA-256, with a CSRF token for the console's forms.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from civette.helpdesk.models import Agent, AgentSession

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PASSWORD_LENGTH = 10


class AgentError(ValueError):
    pass


@dataclass(frozen=True)
class LoggedIn:
    agent_id: int
    username: str
    display_name: str
    csrf_token: str


def session_lifetime() -> timedelta:
    return timedelta(hours=float(os.environ.get("CIVETTE_CONSOLE_SESSION_HOURS", "8")))


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        computed = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), dklen=32,
                                  n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


def _checked_password_hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AgentError(f"le mot de passe doit avoir au moins {MIN_PASSWORD_LENGTH} caractères")
    return hash_password(password)


def create_agent(sessions: sessionmaker, username: str, display_name: str, password: str,
                 now: datetime) -> None:
    password_hash = _checked_password_hash(password)
    if not username.isidentifier():
        raise AgentError("identifiant invalide (lettres, chiffres et _ seulement)")
    try:
        with sessions() as session, session.begin():
            session.add(Agent(username=username, display_name=display_name or username,
                              password_hash=password_hash, created_at=now))
    except IntegrityError:
        raise AgentError(f"l'identifiant {username!r} existe déjà") from None


def _existing(session: Session, username: str) -> Agent:
    agent = session.scalars(select(Agent).where(Agent.username == username)).first()
    if agent is None:
        raise AgentError(f"aucun agent {username!r}")
    return agent


def remove_agent(sessions: sessionmaker, username: str) -> None:
    """Deletes the agent and their console sessions (the cases they closed keep their name)."""
    with sessions() as session, session.begin():
        session.delete(_existing(session, username))


def reset_password(sessions: sessionmaker, username: str, password: str) -> None:
    """Sets a new password and ends the agent's console sessions."""
    password_hash = _checked_password_hash(password)
    with sessions() as session, session.begin():
        agent = _existing(session, username)
        agent.password_hash = password_hash
        agent.sessions.clear()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Compared against when the username is unknown, so that both failures take the same time.
_UNKNOWN_AGENT_HASH = hash_password(secrets.token_urlsafe(16))


def log_in(sessions: sessionmaker, username: str, password: str, now: datetime) -> Optional[str]:
    """A new session token, or None when the username or the password is wrong."""
    with sessions() as session, session.begin():
        agent = session.scalars(select(Agent).where(Agent.username == username)).first()
        valid = verify_password(password, agent.password_hash if agent else _UNKNOWN_AGENT_HASH)
        if agent is None or not valid:
            return None
        session.execute(delete(AgentSession).where(AgentSession.expires_at <= now))
        token = secrets.token_urlsafe(32)
        session.add(AgentSession(token_hash=_token_hash(token), csrf_token=secrets.token_urlsafe(32),
                                 agent_id=agent.id, created_at=now,
                                 expires_at=now + session_lifetime(), last_seen=now))
        return token


def current_agent(sessions: sessionmaker, token: Optional[str], now: datetime) -> Optional[LoggedIn]:
    """The agent of a valid session token, or None."""
    if not token:
        return None
    with sessions() as session:
        row = session.scalars(
            select(AgentSession).where(AgentSession.token_hash == _token_hash(token))
        ).first()
        if row is None or row.expires_at <= now:
            return None
        return LoggedIn(row.agent.id, row.agent.username, row.agent.display_name, row.csrf_token)


def heartbeat(sessions: sessionmaker, token: str, now: datetime) -> None:
    """A console page of this session is open and visible now: its agent is online
    (cases.agents_online). Requests alone do not count: a forgotten tab polls too."""
    with sessions() as session, session.begin():
        session.execute(update(AgentSession).where(AgentSession.token_hash == _token_hash(token),
                                                   AgentSession.expires_at > now).values(last_seen=now))


def log_out(sessions: sessionmaker, token: str) -> None:
    with sessions() as session, session.begin():
        session.execute(delete(AgentSession).where(AgentSession.token_hash == _token_hash(token)))
