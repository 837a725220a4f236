"""The web server's periodic jobs (delivery retries, unanswered live cases)."""

from __future__ import annotations

import asyncio
from typing import Callable

from sqlalchemy.orm import sessionmaker

from civette.incidents import report_failure


async def every(interval_s: float, job: Callable[[], object], source: str, sessions: sessionmaker) -> None:
    """Runs `job` off the event loop every `interval_s` seconds, for ever; a failure is reported
    under `source` and the loop goes on (store down...)."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            await asyncio.to_thread(job)
        except Exception as error:  # the loop outlives any one failure
            report_failure(source, error, sessions)
