"""The agent console: open cases, a case's live transcript and context, replies, closing; email
cases (the mail and its answer) in email_cases.py."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, TypeVar

from jinja2 import Environment
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, html, json, redirect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from civette.helpdesk.agents import LoggedIn, current_agent, log_in, log_out, session_lifetime
from civette.helpdesk.cases import close_case, get_case, open_cases
from civette.helpdesk.connectors import connectors_from_env
from civette.helpdesk.handoff import utc_now
from civette.helpdesk.login_throttle import LoginThrottle
from civette.helpdesk.models import Case
from civette.helpdesk.outbox import Outbox, undelivered
from civette.helpdesk.reasons import label
from civette.incidents import failure_counts, report_failure
from civette.web.case_context import case_summary, order_context
from civette.web.config import WebConfig
from civette.web.email_cases import EmailCases, add_email_routes
from civette.web.rasa_api import RasaApi, RasaUnavailable
from civette.web.security import (
    CSRF_HEADER,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    client_address,
    is_cross_site,
    new_token,
    same_token,
    set_cookie,
)

MAX_REPLY = 2000
RETRY_TASK = "civette.outbox.retry"
T = TypeVar("T")


@dataclass
class Console:
    config: WebConfig
    sessions: sessionmaker
    templates: Environment
    rasa: RasaApi
    throttle: LoginThrottle = field(init=False)
    outbox: Outbox = field(init=False)
    email: EmailCases = field(init=False)

    def __post_init__(self) -> None:
        self.throttle = LoginThrottle(self.sessions)
        self.outbox = Outbox(self.sessions, connectors_from_env())
        self.email = EmailCases(self.sessions)

    async def call_rasa(self, method: Callable[..., T], conversation_id: str, *args: str) -> T:
        """Calls Rasa's HTTP API off the event loop; a failure is reported, then raised."""
        def call() -> T:
            try:
                return method(conversation_id, *args)
            except RasaUnavailable as error:
                report_failure("rasa", error, self.sessions, conversation=conversation_id)
                raise
        return await asyncio.to_thread(call)

    def render(self, name: str, status: int = 200, **context: Any) -> HTTPResponse:
        return html(self.templates.get_template(name).render(**context), status=status)

    def agent(self, request: Request) -> Optional[LoggedIn]:
        try:
            return current_agent(self.sessions, request.cookies.get(SESSION_COOKIE), utc_now())
        except SQLAlchemyError as error:
            report_failure("helpdesk_store", error, self.sessions)
            return None


def console_blueprint(console: Console) -> Blueprint:
    bp = Blueprint("console", url_prefix="/console")

    def forbidden() -> HTTPResponse:
        return json({"error": "requête refusée (jeton CSRF ou origine invalide)"}, status=403)

    def checked(request: Request, agent: LoggedIn) -> bool:
        """A state-changing request: same origin and the session's CSRF token."""
        given = request.headers.get(CSRF_HEADER) or (request.form.get("csrf_token") if request.form else None)
        return not is_cross_site(request) and same_token(agent.csrf_token, given)

    def login_form(status: int = 200, error: str = "") -> HTTPResponse:
        """The login form, with a fresh CSRF token in a hidden field and in a cookie."""
        csrf = new_token()
        response = console.render("login.html", status=status, csrf_token=csrf, error=error)
        set_cookie(response, LOGIN_CSRF_COOKIE, csrf, 600, console.config.secure_cookies)
        return response

    @bp.get("/login")
    async def login_page(request: Request) -> HTTPResponse:
        return login_form()

    @bp.post("/login")
    async def login(request: Request) -> HTTPResponse:
        form = request.form or {}
        if is_cross_site(request) or not same_token(request.cookies.get(LOGIN_CSRF_COOKIE),
                                                     form.get("csrf_token")):
            return forbidden()
        username, address, now = form.get("username", ""), client_address(request), utc_now()
        if console.throttle.blocked(username, address, now):
            return login_form(429, "Trop de tentatives : réessayez dans quelques minutes.")
        token = await asyncio.to_thread(log_in, console.sessions, username, form.get("password", ""), now)
        if token is None:
            console.throttle.failed(username, address, now)
            return login_form(401, "Identifiant ou mot de passe incorrect.")
        console.throttle.succeeded(username, address)
        response = redirect("/console/")
        lifetime = int(session_lifetime().total_seconds())
        set_cookie(response, SESSION_COOKIE, token, lifetime, console.config.secure_cookies)
        return response

    @bp.post("/logout")
    async def logout(request: Request) -> HTTPResponse:
        agent = console.agent(request)
        if agent is None or not checked(request, agent):
            return redirect("/console/login")
        log_out(console.sessions, request.cookies[SESSION_COOKIE])
        response = redirect("/console/login")
        del response.cookies[SESSION_COOKIE]
        return response

    @bp.get("/")
    async def cases_page(request: Request) -> HTTPResponse:
        agent = console.agent(request)
        if agent is None:
            return redirect("/console/login")
        return console.render("cases.html", agent=agent)

    @bp.get("/api/cases")
    async def cases_json(request: Request) -> HTTPResponse:
        agent = console.agent(request)
        if agent is None:
            return json({"error": "non connecté"}, status=401)
        now = utc_now()
        return json({"cases": [case_summary(case, now) for case in open_cases(console.sessions)]})

    def render_case(agent: LoggedIn, case: Case, status: int = 200, error: str = "",
                    answer: Optional[str] = None) -> HTTPResponse:
        order = order_context(console.sessions, case.order_number)
        return console.render("case.html", status=status, agent=agent, case=case, error=error,
                              reason=label(case.reason), order=order, max_reply=MAX_REPLY,
                              email=console.email.view(case, answer))

    @bp.get("/cases/<case_id:int>")
    async def case_page(request: Request, case_id: int) -> HTTPResponse:
        agent = console.agent(request)
        if agent is None:
            return redirect("/console/login")
        case = get_case(console.sessions, case_id)
        if case is None:
            return console.render("not_found.html", status=404, agent=agent)
        return render_case(agent, case)

    @bp.get("/api/cases/<case_id:int>/messages")
    async def case_messages(request: Request, case_id: int) -> HTTPResponse:
        agent = console.agent(request)
        if agent is None:
            return json({"error": "non connecté"}, status=401)
        case = get_case(console.sessions, case_id)
        if case is None:
            return json({"error": "dossier introuvable"}, status=404)
        try:
            messages = await console.call_rasa(console.rasa.transcript, case.conversation_id)
            live = True
        except RasaUnavailable:
            messages, live = case.transcript, False
        return json({"status": case.status, "live": live, "messages": messages})

    @bp.post("/api/cases/<case_id:int>/reply")
    async def reply(request: Request, case_id: int) -> HTTPResponse:
        agent = console.agent(request)
        if agent is None:
            return json({"error": "non connecté"}, status=401)
        if not checked(request, agent):
            return forbidden()
        case = get_case(console.sessions, case_id)
        text = ((request.json or {}).get("text") or "").strip() if isinstance(request.json, dict) else ""
        if case is None or case.status != "open" or case.mode != "live":
            return json({"error": "ce dossier n'accepte pas de réponse en direct"}, status=409)
        if not text or len(text) > MAX_REPLY:
            return json({"error": f"message vide ou trop long (maximum {MAX_REPLY} caractères)"},
                        status=400)
        try:
            await console.call_rasa(console.rasa.send_agent_message, case.conversation_id, text,
                                    agent.display_name)
        except RasaUnavailable:
            return json({"error": "l'assistant (Rasa) est injoignable, message non envoyé"}, status=502)
        return json({"sent": True})

    @bp.post("/cases/<case_id:int>/close")
    async def close(request: Request, case_id: int) -> HTTPResponse:
        agent = console.agent(request)
        if agent is None:
            return redirect("/console/login")
        if not checked(request, agent):
            return forbidden()
        case = get_case(console.sessions, case_id)
        if case is None or case.status != "open":
            return redirect("/console/")
        if case.mode == "live":
            try:
                await console.call_rasa(console.rasa.resume_bot, case.conversation_id)
            except RasaUnavailable:
                return render_case(agent, case, 502,
                                   "L'assistant (Rasa) est injoignable : le dossier reste ouvert.")
        close_case(console.sessions, case_id, agent.username, utc_now())
        return redirect("/console/")

    add_email_routes(bp, console, render_case, checked, forbidden)

    @bp.get("/outbox")
    async def outbox_page(request: Request) -> HTTPResponse:
        agent = console.agent(request)
        if agent is None:
            return redirect("/console/login")
        failures = sorted(failure_counts(console.sessions).values(), key=lambda row: row.source)
        return console.render("outbox.html", agent=agent, items=undelivered(console.sessions),
                              failures=failures, max_attempts=console.outbox.policy.max_attempts)

    @bp.listener("after_server_start")
    async def start_retrying_deliveries(app: Any, loop: Any) -> None:
        if console.outbox.connectors:
            app.add_task(console.outbox.retry_forever(console.config.outbox_retry_s, utc_now),
                         name=RETRY_TASK)

    @bp.listener("before_server_stop")
    async def stop_retrying_deliveries(app: Any, loop: Any) -> None:
        await app.cancel_task(RETRY_TASK, raise_exception=False)

    return bp
