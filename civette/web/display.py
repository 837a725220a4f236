"""How the console writes times and amounts: Paris time, French formats."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Optional, Union

from babel.numbers import format_currency

from civette.helpdesk.opening_hours import PARIS


def in_paris(moment: Union[datetime, str]) -> datetime:
    """A stored time (naive UTC, or ISO 8601 text with an offset) in Paris time."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(PARIS)


def clock(moment: Union[datetime, str]) -> str:
    """E.g. "10:42", Paris time."""
    return f"{in_paris(moment):%H:%M}"


def date_and_time(moment: Union[datetime, str]) -> str:
    """E.g. "26/11/2026 à 10:42", Paris time."""
    return f"{in_paris(moment):%d/%m/%Y à %H:%M}"


def day_and_time(moment: Union[datetime, str], now: datetime) -> str:
    """The time alone today, "hier à 18:03", else the date: for the case list."""
    local, today = in_paris(moment), in_paris(now).date()
    if local.date() == today:
        return clock(local)
    if (today - local.date()).days == 1:
        return f"hier à {clock(local)}"
    return date_and_time(local)


def euros(amount: Optional[Union[Decimal, float]]) -> str:
    """E.g. "869,00 €" (non-breaking spaces); "" when the amount is unknown."""
    return "" if amount is None else format_currency(amount, "EUR", locale="fr_FR")


def waited(seconds: float) -> str:
    """How long in words: "moins d'une minute", "3 min", "1 h 05" (non-breaking spaces)."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "moins d'une minute"
    if minutes < 60:
        return f"{minutes}\u00a0min"
    return f"{minutes // 60}\u00a0h\u00a0{minutes % 60:02d}"
