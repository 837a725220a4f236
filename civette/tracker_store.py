"""The embedded profile's tracker store: Rasa's SQL tracker store on a SQLite file, in
write-ahead-log mode.

With SQLite's defaults every turn's commit waits for two syncs of the file to disk: a third of
the Rasa process's time in an FAQ turn (bench/profile.md). In WAL mode with `synchronous=NORMAL`
a commit appends to the log and survives a crash of the process; only a power cut can lose the
last turns. Connections are pooled rather than opened for every query. The production profile keeps PostgreSQL (endpoints.production.yml).
"""

from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain


def _write_ahead_logging(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class EmbeddedTrackerStore(SQLTrackerStore):
    """endpoints.yml: `type: civette.tracker_store.EmbeddedTrackerStore`, `db: <path>`."""

    def __init__(self, domain: Optional[Domain] = None, db: str = "var/tracker.db",
                 event_broker: Optional[EventBroker] = None, **kwargs: Any) -> None:
        kwargs.pop("host", None)
        kwargs.pop("dialect", None)
        super().__init__(domain, dialect="sqlite", db=db, event_broker=event_broker, **kwargs)
        # Rasa's engine opens a connection per query (SQLAlchemy 1.4's default for SQLite files):
        # connections are pooled instead, each set up once.
        self.engine.dispose()
        self.engine = sa.create_engine(self.engine.url, poolclass=QueuePool,
                                       connect_args={"check_same_thread": False})
        sa.event.listen(self.engine, "connect", _write_ahead_logging)
        self.sessionmaker = sessionmaker(bind=self.engine)
