"""Deliveries of cases to outside services (Zendesk, Chatwoot), kept until they succeed.

Each delivery is a row of the `outbox` table, tried at once by the process that opens the case.
A failure is reported (civette.incidents) and tried again later, 30 s, 1 min, 2 min... up to an
hour apart, by the web server's retry loop (or `civette outbox retry`); after `max_attempts`
failures the delivery is given up. Deliveries not done are listed in the console. When one
succeeds, the case gets the service's reference (Case.external_refs).

A process claims a delivery (moves its next attempt a lease away) before trying it, so that
several processes retrying the same table do not send it twice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import List, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from civette.helpdesk.connectors import DELIVERY_ERRORS, CaseSummary, Connector
from civette.helpdesk.models import Case, OutboxItem
from civette.incidents import MAX_ERROR_LENGTH, mask, report_failure

NOT_DONE = ("pending", "failed")


@dataclass(frozen=True)
class RetryPolicy:
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)
    max_attempts: int = 8
    # How long a process has to try a delivery it claimed before another one may try it.
    lease: timedelta = timedelta(minutes=2)

    def delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failure."""
        return min(self.first_delay * 2 ** (attempts - 1), self.max_delay)


class Outbox:
    def __init__(self, sessions: sessionmaker, connectors: Sequence[Connector],
                 policy: RetryPolicy = RetryPolicy()):
        self.sessions, self.policy = sessions, policy
        self.connectors = {connector.name: connector for connector in connectors}

    def send(self, case: CaseSummary, now: datetime) -> None:
        """Queues the case for every service it concerns, and tries each delivery at once."""
        items = [OutboxItem(case_id=case.case_id, connector=name, payload=asdict(case), status="pending",
                            attempts=0, last_error="", next_attempt_at=now + self.policy.lease,
                            created_at=now)
                 for name, connector in self.connectors.items() if connector.concerns(case)]
        with self.sessions() as session, session.begin():
            session.add_all(items)
        for item in items:
            self._try(item, now)

    def retry_due(self, now: datetime) -> int:
        """Tries again the deliveries whose time has come; returns how many succeeded."""
        query = (select(OutboxItem)
                 .where(OutboxItem.status == "pending", OutboxItem.next_attempt_at <= now,
                        OutboxItem.connector.in_(list(self.connectors)))
                 .order_by(OutboxItem.id))
        with self.sessions() as session:
            due = list(session.scalars(query))
        return sum(self._try(item, now) for item in due if self._claim(item, now))

    def retry_all(self, now: datetime) -> int:
        """Tries again at once every delivery not done, given up ones included."""
        with self.sessions() as session, session.begin():
            session.execute(update(OutboxItem)
                            .where(OutboxItem.status.in_(NOT_DONE),
                                   OutboxItem.connector.in_(list(self.connectors)))
                            .values(status="pending", next_attempt_at=now))
        return self.retry_due(now)

    def _claim(self, item: OutboxItem, now: datetime) -> bool:
        with self.sessions() as session, session.begin():
            claimed = session.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item.id, OutboxItem.status == "pending",
                       OutboxItem.next_attempt_at <= now)
                .values(next_attempt_at=now + self.policy.lease))
        return claimed.rowcount == 1

    def _try(self, item: OutboxItem, now: datetime) -> bool:
        try:
            ref = self.connectors[item.connector].send(CaseSummary(**item.payload),
                                                       f"civette-outbox-{item.id}")
        except DELIVERY_ERRORS as error:
            report_failure(item.connector, error, self.sessions, case=item.case_id,
                           attempt=item.attempts + 1)
            self._failed(item.id, error, now)
            return False
        self._done(item.id, ref, now)
        return True

    def _failed(self, item_id: int, error: Exception, now: datetime) -> None:
        with self.sessions() as session, session.begin():
            item = session.get(OutboxItem, item_id)
            item.attempts += 1
            item.last_error = mask(f"{type(error).__name__}: {error}")[:MAX_ERROR_LENGTH]
            if item.attempts >= self.policy.max_attempts:
                item.status = "failed"
            else:
                item.next_attempt_at = now + self.policy.delay(item.attempts)

    def _done(self, item_id: int, ref: str, now: datetime) -> None:
        with self.sessions() as session, session.begin():
            item = session.get(OutboxItem, item_id)
            item.status, item.attempts, item.done_at = "done", item.attempts + 1, now
            case = session.get(Case, item.case_id)
            case.external_refs = {**(case.external_refs or {}), item.connector: ref}


def undelivered(sessions: sessionmaker) -> List[OutboxItem]:
    """Deliveries not done (pending or given up), oldest first."""
    with sessions() as session:
        query = select(OutboxItem).where(OutboxItem.status.in_(NOT_DONE)).order_by(OutboxItem.id)
        return list(session.scalars(query))
