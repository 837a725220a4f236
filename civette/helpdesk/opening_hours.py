"""When advisors answer live: opening hours from configuration, closed on public holidays.

CIVETTE_OPENING_HOURS lists days and hours, e.g. "lun-ven 09:30-18:30; sam 10:00-17:00"
(days: lun mar mer jeu ven sam dim; ranges allowed). Times are Paris time. Public holidays are
closed unless CIVETTE_OPEN_ON_PUBLIC_HOLIDAYS=true.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Dict, Optional, Tuple
from zoneinfo import ZoneInfo

from civette.orders.wording import french_date, french_time
from civette.working_days import public_holidays

PARIS = ZoneInfo("Europe/Paris")
DEFAULT_OPENING_HOURS = "lun-sam 10:00-19:00"
DAYS = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]
_PERIOD = re.compile(r"^(\w{3})(?:-(\w{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class InvalidOpeningHours(ValueError):
    pass


@dataclass(frozen=True)
class OpeningHours:
    """Opening times per weekday (0 = Monday): (opens, closes) as minutes after midnight."""

    by_weekday: Dict[int, Tuple[int, int]]
    open_on_public_holidays: bool = False

    @classmethod
    def parse(cls, text: str, open_on_public_holidays: bool = False) -> "OpeningHours":
        by_weekday: Dict[int, Tuple[int, int]] = {}
        for period in filter(None, (part.strip() for part in text.split(";"))):
            match = _PERIOD.match(period.lower())
            if not match or match[1] not in DAYS or (match[2] and match[2] not in DAYS):
                raise InvalidOpeningHours(f"période illisible : {period!r}")
            first, last = DAYS.index(match[1]), DAYS.index(match[2] or match[1])
            opens = int(match[3]) * 60 + int(match[4])
            closes = int(match[5]) * 60 + int(match[6])
            if not 0 <= opens < closes <= 24 * 60:
                raise InvalidOpeningHours(f"horaires incohérents : {period!r}")
            for weekday in range(first, last + 1):
                by_weekday[weekday] = (opens, closes)
        return cls(by_weekday, open_on_public_holidays)

    @classmethod
    def from_env(cls) -> "OpeningHours":
        return cls.parse(os.environ.get("CIVETTE_OPENING_HOURS", DEFAULT_OPENING_HOURS),
                         os.environ.get("CIVETTE_OPEN_ON_PUBLIC_HOLIDAYS", "false").lower() == "true")

    def _hours_on(self, moment: datetime) -> Optional[Tuple[int, int]]:
        if not self.open_on_public_holidays and moment.date() in public_holidays(moment.year):
            return None
        return self.by_weekday.get(moment.weekday())

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(PARIS)
        hours = self._hours_on(local)
        minutes = local.hour * 60 + local.minute
        return hours is not None and hours[0] <= minutes < hours[1]

    def next_opening(self, moment: datetime) -> Optional[datetime]:
        """The next time advisors start answering after `moment` (None if never open)."""
        local = moment.astimezone(PARIS)
        for offset in range(0, 15):
            day = (local + timedelta(days=offset)).replace(hour=0, minute=0, second=0, microsecond=0)
            hours = self._hours_on(day)
            if hours is None:
                continue
            opening = datetime.combine(day.date(), time(hours[0] // 60, hours[0] % 60), PARIS)
            if opening > local:
                return opening
        return None


def describe_opening(opening: datetime, now: datetime) -> str:
    """When advisors are back, as seen from `now` in Paris: "dès 10 h" today, "demain dès 10 h",
    else "le lundi 30 novembre dès 10 h" (with the year when it is not this year's)."""
    opening = opening.astimezone(PARIS)
    day, today = opening.date(), now.astimezone(PARIS).date()
    at = f"dès {french_time(opening)}"
    if day == today:
        return at
    if day == today + timedelta(days=1):
        return f"demain {at}"
    return f"le {french_date(day, with_year=day.year != today.year)} {at}"

