"""Console security: session cookie, CSRF tokens, same-origin checks, response headers."""

from __future__ import annotations

import hmac
import secrets
from typing import Optional
from urllib.parse import urlsplit

from sanic.request import Request
from sanic.response import HTTPResponse

SESSION_COOKIE = "civette_session"
LOGIN_CSRF_COOKIE = "civette_login_csrf"
CSRF_HEADER = "X-CSRF-Token"


def same_token(expected: Optional[str], given: Optional[str]) -> bool:
    return bool(expected and given) and hmac.compare_digest(expected.encode(), given.encode())


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


def client_address(request: Request) -> str:
    """The client's address; behind a reverse proxy, set Sanic's SANIC_PROXIES_COUNT (or
    SANIC_REAL_IP_HEADER / SANIC_FORWARDED_SECRET) so that it is the client's, not the proxy's."""
    return request.remote_addr or request.ip


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
