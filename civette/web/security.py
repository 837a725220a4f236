"""Console security: session cookie, CSRF tokens, same-origin checks, response headers."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import defaultdict, deque
from typing import Callable, Deque, Dict, Optional
from urllib.parse import urlsplit

from sanic.request import Request
from sanic.response import HTTPResponse

SESSION_COOKIE = "civette_session"
LOGIN_CSRF_COOKIE = "civette_login_csrf"
CSRF_HEADER = "X-CSRF-Token"


def same_token(expected: Optional[str], given: Optional[str]) -> bool:
    return bool(expected and given) and hmac.compare_digest(expected, given)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def set_cookie(response: HTTPResponse, name: str, value: str, max_age: int, secure: bool) -> None:
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/console"
    cookie["max-age"] = max_age
    if secure:
        cookie["secure"] = True


def is_cross_site(request: Request) -> bool:
    """A state-changing request sent from another site (the browser says so in Origin)."""
    origin = request.headers.get("origin")
    return bool(origin) and urlsplit(origin).netloc != request.host


def add_security_headers(response: HTTPResponse, rasa_public_url: str) -> None:
    rasa = urlsplit(rasa_public_url)
    websocket = f"{'wss' if rasa.scheme == 'https' else 'ws'}://{rasa.netloc}"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"connect-src 'self' {rasa.scheme}://{rasa.netloc} {websocket}; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"


class LoginThrottle:
    """Refuses logins to a username after too many failures in a row within a time window."""

    def __init__(self, max_failures: int = 5, window_s: float = 900,
                 clock: Callable[[], float] = time.monotonic):
        self.max_failures, self.window_s, self.clock = max_failures, window_s, clock
        self.failures: Dict[str, Deque[float]] = defaultdict(deque)

    def _recent(self, username: str) -> Deque[float]:
        recent = self.failures[username]
        while recent and recent[0] <= self.clock() - self.window_s:
            recent.popleft()
        return recent

    def blocked(self, username: str) -> bool:
        return len(self._recent(username)) >= self.max_failures

    def failed(self, username: str) -> None:
        self._recent(username).append(self.clock())

    def succeeded(self, username: str) -> None:
        self.failures.pop(username, None)
