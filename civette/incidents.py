"""Failures the assistant survives: one structured log line each, with personal data masked,
and a count per source in the store, which the console and `make bench` show."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from typing import Dict, Optional

from sqlalchemy import Column, DateTime, Integer, String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from civette.db import Base

logger = logging.getLogger("civette.failures")

EMAIL = re.compile(r"([\w.+-])[\w.+-]*@[\w-]+(?:\.[\w-]+)+")
POSTCODE = re.compile(r"\b(\d{2})\d{3}\b")
MAX_ERROR_LENGTH = 300


class FailureCount(Base):
    """How often one source (chronopost, order_store, zendesk...) failed, and its last error."""

    __tablename__ = "failure_counts"

    source = Column(String(40), primary_key=True)
    count = Column(Integer, nullable=False, default=0)
    last_at = Column(DateTime, nullable=False)
    last_error = Column(String(MAX_ERROR_LENGTH), nullable=False, default="")


def mask(text: object) -> str:
    """`text` with email addresses and postcodes masked: « j***@*** », « 75*** »."""
    masked = EMAIL.sub(lambda m: f"{m.group(1)}***@***", str(text))
    return POSTCODE.sub(lambda m: f"{m.group(1)}***", masked)


def report_failure(source: str, error: BaseException, sessions: Optional[sessionmaker] = None,
                   **context: object) -> None:
    """Logs a failure that was handled (the customer got an answer), and counts it in the
    store when `sessions` is given. Never raises: counting is best effort."""
    details = " ".join(f"{key}={mask(value)}" for key, value in sorted(context.items()))
    message = mask(f"{type(error).__name__}: {error}")[:MAX_ERROR_LENGTH]
    logger.warning("failure source=%s error=%r %s", source, message, details)
    if sessions is not None:
        _count(sessions, source, message)


def _count(sessions: sessionmaker, source: str, message: str) -> None:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    try:
        with sessions() as session, session.begin():
            row = session.get(FailureCount, source, with_for_update=True)
            if row is None:
                session.add(FailureCount(source=source, count=1, last_at=now, last_error=message))
            else:
                row.count, row.last_at, row.last_error = row.count + 1, now, message
    except SQLAlchemyError as error:
        logger.warning("failure source=failure_counts error=%r", mask(error)[:MAX_ERROR_LENGTH])


def failure_counts(sessions: sessionmaker) -> Dict[str, FailureCount]:
    with sessions() as session:
        return {row.source: row for row in session.execute(select(FailureCount)).scalars()}
