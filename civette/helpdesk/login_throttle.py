"""Console login throttling, in the store so that every web process shares it.

Each wrong password is a row (username, client address, time). Within the window, a login is
refused for:
- a username from one address after `per_pair` failures (an advisor mistyping, or a guesser);
- an address after `per_address` failures, whatever the usernames (a guesser trying names);
- a username from anywhere after `per_username` failures, that is from many addresses.
Refused attempts are not counted, so one address adds at most `per_pair` failures to a username:
a flood from one address locks only that address, and the advisor logs in from another one.
The table holds one window of failures at most, and never more than `max_rows` rows.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import sessionmaker

from civette.helpdesk.models import LoginFailure

USERNAME_LENGTH = 50


@dataclass(frozen=True)
class ThrottleLimits:
    per_pair: int = 5
    per_address: int = 20
    per_username: int = 50
    window: timedelta = timedelta(minutes=15)
    max_rows: int = 10_000


def address_key(address: str) -> str:
    """The address as counted: an IPv6 address by its /64 network (what one subscriber gets)."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address[:64]
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class LoginThrottle:
    def __init__(self, sessions: sessionmaker, limits: ThrottleLimits = ThrottleLimits()):
        self.sessions, self.limits = sessions, limits

    def blocked(self, username: str, address: str, now: datetime) -> bool:
        username, address = username[:USERNAME_LENGTH], address_key(address)
        query = select(LoginFailure.username, LoginFailure.address).where(
            LoginFailure.failed_at > now - self.limits.window,
            or_(LoginFailure.username == username, LoginFailure.address == address))
        with self.sessions() as session:
            rows = session.execute(query).all()
        pair = sum(1 for row in rows if (row.username, row.address) == (username, address))
        by_address = sum(1 for row in rows if row.address == address)
        by_username = len(rows) - by_address + pair
        return (pair >= self.limits.per_pair or by_address >= self.limits.per_address
                or by_username >= self.limits.per_username)

    def failed(self, username: str, address: str, now: datetime) -> None:
        """Counts a wrong password; forgets the failures out of the window, and the oldest ones
        beyond `max_rows`."""
        with self.sessions() as session, session.begin():
            session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - self.limits.window))
            session.add(LoginFailure(username=username[:USERNAME_LENGTH], address=address_key(address),
                                     failed_at=now))
            session.flush()
            oldest_kept = session.scalars(select(LoginFailure.id).order_by(LoginFailure.id.desc())
                                          .offset(self.limits.max_rows - 1).limit(1)).first()
            if oldest_kept is not None:
                session.execute(delete(LoginFailure).where(LoginFailure.id < oldest_kept))

    def succeeded(self, username: str, address: str) -> None:
        """A right password: the failures of this username from this address are forgotten."""
        with self.sessions() as session, session.begin():
            session.execute(delete(LoginFailure).where(LoginFailure.username == username[:USERNAME_LENGTH],
                                                       LoginFailure.address == address_key(address)))
