"""Live cases nobody answered in time: the customer is told and offered a reply by email (through
Rasa's HTTP API, as the advisors' replies), and the case turns into an email case. Any web process
may check: switching the case first claims it, so the customer is told once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, List

from sqlalchemy.orm import sessionmaker

from civette.helpdesk.cases import back_to_live, switch_to_email, unanswered_live_cases
from civette.helpdesk.no_reply import no_reply_message
from civette.incidents import report_failure
from civette.web.rasa_api import RasaApi, RasaUnavailable


@dataclass
class NoReplyWatch:
    sessions: sessionmaker
    rasa: RasaApi
    timeout: timedelta
    reply_expected: Callable[[], str]  # when an advisor will reply by email, in words

    @property
    def interval_s(self) -> float:
        """How often to check: often enough that the wait is barely longer than the timeout."""
        return min(5.0, max(self.timeout.total_seconds() / 4, 0.5))

    def check(self, now: datetime) -> List[int]:
        """Switches the cases whose time is up; returns their ids. A customer who cannot be told
        (Rasa out of reach) keeps a live case, tried again at the next check."""
        switched = []
        for case in unanswered_live_cases(self.sessions, now - self.timeout):
            if not switch_to_email(self.sessions, case.id, now):
                continue
            text = no_reply_message(case.id, case.contact_email, self.reply_expected())
            try:
                self.rasa.offer_email(case.conversation_id, text, case.reason, not case.contact_email)
            except RasaUnavailable as error:
                report_failure("rasa", error, self.sessions, case=case.id)
                back_to_live(self.sessions, case.id)
                continue
            switched.append(case.id)
        return switched
