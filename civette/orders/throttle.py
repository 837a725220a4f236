"""Throttling order lookups across conversations.

Failed proofs are counted on the server side, per order number and per client address, so a new
conversation does not start again at zero: after a few failures in a window the order number (or
the address) is locked for the rest of that window, whether the order exists or not. The
embedded profile counts in the order store; the production profile in Redis
(CIVETTE_REDIS_URL), shared by every action server.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from typing import Dict, Iterable, List, Optional, Protocol

import redis
from sqlalchemy import Column, DateTime, Integer, String, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from civette.db import Base

WINDOW = timedelta(minutes=int(os.environ.get("CIVETTE_LOOKUP_WINDOW_MINUTES", "15")))
# Failures allowed in a window: per order number (a customer mistyping a few times), per client
# address (a customer with several orders, or a shared office connection).
LIMITS = {
    "order": int(os.environ.get("CIVETTE_LOOKUP_FAILURES_PER_ORDER", "5")),
    "client": int(os.environ.get("CIVETTE_LOOKUP_FAILURES_PER_CLIENT", "20")),
}


class ThrottleUnavailable(Exception):
    """The failure counts cannot be read: lookups are refused rather than left unthrottled."""


class LookupFailure(Base):
    __tablename__ = "lookup_failures"

    id = Column(Integer, primary_key=True)
    key = Column(String(100), nullable=False)
    failed_at = Column(DateTime, nullable=False)


def throttle_keys(order_number: str, client_address: Optional[str]) -> List[str]:
    keys = [f"order:{order_number}"]
    if client_address:
        keys.append(f"client:{client_address}")
    return keys


def _limit(key: str) -> int:
    return LIMITS[key.split(":", 1)[0]]


class LookupThrottle(Protocol):
    def is_locked(self, keys: Iterable[str]) -> bool:
        """Whether any key reached its limit of failures in the current window."""

    def record_failure(self, keys: Iterable[str]) -> None:
        """Counts one failed proof for every key."""


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class DatabaseThrottle:
    """Failures as rows of the order store; rows older than the window are deleted as new
    failures come, so the table holds at most one window of failures."""

    def __init__(self, sessions: sessionmaker, window: timedelta = WINDOW) -> None:
        self.sessions = sessions
        self.window = window

    def _counts(self, keys: List[str]) -> Dict[str, int]:
        query = (select(LookupFailure.key, func.count())
                 .where(LookupFailure.key.in_(keys), LookupFailure.failed_at > _now() - self.window)
                 .group_by(LookupFailure.key))
        with self.sessions() as session:
            return dict(session.execute(query).all())

    def is_locked(self, keys: Iterable[str]) -> bool:
        keys = list(keys)
        try:
            counts = self._counts(keys)
        except SQLAlchemyError as error:
            raise ThrottleUnavailable(str(error)) from error
        return any(counts.get(key, 0) >= _limit(key) for key in keys)

    def record_failure(self, keys: Iterable[str]) -> None:
        now = _now()
        try:
            with self.sessions() as session, session.begin():
                session.execute(delete(LookupFailure).where(LookupFailure.failed_at <= now - self.window))
                session.add_all(LookupFailure(key=key, failed_at=now) for key in keys)
        except SQLAlchemyError as error:
            raise ThrottleUnavailable(str(error)) from error


class RedisThrottle:
    """One counter per key, expiring with the window that its first failure opened."""

    def __init__(self, client: redis.Redis, window: timedelta = WINDOW, prefix: str = "civette:lookup:") -> None:
        self.client = client
        self.window_s = int(window.total_seconds())
        self.prefix = prefix

    def is_locked(self, keys: Iterable[str]) -> bool:
        keys = list(keys)
        try:
            counts = self.client.mget([self.prefix + key for key in keys])
        except redis.RedisError as error:
            raise ThrottleUnavailable(str(error)) from error
        return any(int(count or 0) >= _limit(key) for key, count in zip(keys, counts))

    def record_failure(self, keys: Iterable[str]) -> None:
        try:
            with self.client.pipeline() as pipe:
                for key in keys:
                    pipe.incr(self.prefix + key)
                    pipe.expire(self.prefix + key, self.window_s, nx=True)
                pipe.execute()
        except redis.RedisError as error:
            raise ThrottleUnavailable(str(error)) from error


def throttle_from_env(sessions: sessionmaker) -> LookupThrottle:
    """Redis when CIVETTE_REDIS_URL is set (production profile), else the order store."""
    url = os.environ.get("CIVETTE_REDIS_URL")
    if url:
        return RedisThrottle(redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2))
    return DatabaseThrottle(sessions)
