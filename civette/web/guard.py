"""What every console route checks first: the agent's session, for a state-changing request its
origin and CSRF token, and the case the URL names."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from sanic.request import Request
from sanic.response import HTTPResponse, json, redirect

from civette.helpdesk.agents import LoggedIn
from civette.helpdesk.cases import get_case
from civette.web.security import CSRF_HEADER, is_cross_site, same_token

if TYPE_CHECKING:
    from civette.web.console import Console

Handler = Callable[..., Awaitable[HTTPResponse]]


def forbidden() -> HTTPResponse:
    return json({"error": "requête refusée (jeton CSRF ou origine invalide)"}, status=403)


def same_origin_and_token(request: Request, agent: LoggedIn) -> bool:
    """A state-changing request: same origin and the session's CSRF token (header or form)."""
    given = request.headers.get(CSRF_HEADER) or (request.form.get("csrf_token") if request.form else None)
    return not is_cross_site(request) and same_token(agent.csrf_token, given)


def guarded(console: "Console", api: bool = False, changes: bool = False,
            with_case: bool = False) -> Callable[[Handler], Handler]:
    """Calls the route as handler(request, agent, [case,] **params) when the agent is logged in
    (else the login page; 401 for the `api`), the request that `changes` something is same-origin
    with the CSRF token (else 403), and `with_case`, the URL's case_id exists (else 404)."""
    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def route(request: Request, **params: Any) -> HTTPResponse:
            agent = console.agent(request)
            if agent is None:
                return json({"error": "non connecté"}, status=401) if api else redirect("/console/login")
            if changes and not same_origin_and_token(request, agent):
                return forbidden()
            if not with_case:
                return await handler(request, agent, **params)
            case = get_case(console.sessions, params.pop("case_id"))
            if case is None:
                if api:
                    return json({"error": "dossier introuvable"}, status=404)
                return console.render("not_found.html", status=404, agent=agent)
            return await handler(request, agent, case, **params)
        return route
    return decorate
