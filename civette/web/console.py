"""The agent console: login, the case list (live cases first, filters, alerts), the heartbeat
that tells a console page is open and visible, deliveries and incidents, the background jobs.
A case's page is in case_routes.py, the email cases' mail and answer in email_cases.py."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Callable, Dict, List, Optional, TypeVar

from jinja2 import Environment
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, empty, html, json, redirect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from civette.faq import KnowledgeBase, load_knowledge_base
from civette.helpdesk.agents import LoggedIn, current_agent, heartbeat, log_in, log_out, session_lifetime
from civette.helpdesk.cases import CaseFilter, find_cases, open_cases
from civette.helpdesk.connectors import connectors_from_env
from civette.helpdesk.handoff import reply_expected, utc_now
from civette.helpdesk.login_throttle import LoginThrottle
from civette.helpdesk.opening_hours import OpeningHours
from civette.helpdesk.outbox import Outbox, undelivered
from civette.helpdesk.reasons import REASONS
from civette.incidents import failure_counts, report_failure
from civette.web.background import every
from civette.web.case_context import case_summary
from civette.web.case_routes import add_case_routes
from civette.web.config import WebConfig
from civette.web.display import date_and_time, euros
from civette.web.email_cases import EmailCases, add_email_routes
from civette.web.guard import forbidden, guarded, same_origin_and_token
from civette.web.no_reply import NoReplyWatch
from civette.web.rasa_api import RasaApi, RasaUnavailable
from civette.web.security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    client_address,
    is_cross_site,
    new_token,
    same_token,
    set_cookie,
)

RETRY_TASK = "civette.outbox.retry"
NO_REPLY_TASK = "civette.no_reply"
STATUSES = {"open": "open", "closed": "closed", "all": ""}
MAX_SEARCH = 100
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
    no_reply: NoReplyWatch = field(init=False)
    kb: KnowledgeBase = field(init=False)
    faq_answers: List[Dict[str, str]] = field(init=False)  # what the case page can insert

    def __post_init__(self) -> None:
        self.throttle = LoginThrottle(self.sessions)
        self.outbox = Outbox(self.sessions, connectors_from_env())
        self.email = EmailCases(self.sessions)
        self.kb = load_knowledge_base()
        self.faq_answers = [{"id": e.id, "question": e.question, "section": e.section, "chat": e.chat,
                             "email": e.email} for e in self.kb.entries]
        hours = OpeningHours.from_env()
        self.no_reply = NoReplyWatch(self.sessions, self.rasa, timedelta(seconds=self.config.no_reply_timeout_s),
                                     lambda: reply_expected(hours, utc_now()))
        self.templates.filters.update(paris=date_and_time, euros=euros)

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


def case_filter(args: Any) -> CaseFilter:
    """The list's filters from the query string (?status=&mode=&reason=&q=); unknown values are
    no filter."""
    mode, reason = args.get("mode", ""), args.get("reason", "")
    return CaseFilter(status=STATUSES.get(args.get("status", "open"), "open"),
                      mode=mode if mode in ("live", "email") else "",
                      reason=reason if reason in REASONS else "", search=args.get("q", "")[:MAX_SEARCH])


def console_blueprint(console: Console) -> Blueprint:
    bp = Blueprint("console", url_prefix="/console")

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
        if agent is None or not same_origin_and_token(request, agent):
            return redirect("/console/login")
        log_out(console.sessions, request.cookies[SESSION_COOKIE])
        response = redirect("/console/login")
        del response.cookies[SESSION_COOKIE]
        return response

    @bp.get("/")
    @guarded(console)
    async def cases_page(request: Request, agent: LoggedIn) -> HTTPResponse:
        reasons = sorted(((code, reason.label) for code, reason in REASONS.items()), key=lambda r: r[1])
        return console.render("cases.html", agent=agent, wanted=case_filter(request.args), reasons=reasons,
                              search_max=MAX_SEARCH)

    @bp.get("/api/cases")
    @guarded(console, api=True)
    async def cases_json(request: Request, agent: LoggedIn) -> HTTPResponse:
        """The cases the filters select, and the customers waiting live (for the alerts, whatever
        the filters)."""
        now = utc_now()
        listed = await asyncio.to_thread(find_cases, console.sessions, case_filter(request.args))
        waiting_now = [case for case in await asyncio.to_thread(open_cases, console.sessions) if case.waiting]
        return json({"cases": [case_summary(case, now) for case in listed],
                     "waiting": [case_summary(case, now) for case in waiting_now]})

    @bp.post("/api/heartbeat")
    @guarded(console, api=True, changes=True)
    async def page_is_visible(request: Request, agent: LoggedIn) -> HTTPResponse:
        """Sent every 20 s by a console page while it is visible: its agent is online."""
        await asyncio.to_thread(heartbeat, console.sessions, request.cookies[SESSION_COOKIE], utc_now())
        return empty()

    add_case_routes(bp, console)
    add_email_routes(bp, console)

    @bp.get("/outbox")
    @guarded(console)
    async def outbox_page(request: Request, agent: LoggedIn) -> HTTPResponse:
        failures = sorted(failure_counts(console.sessions).values(), key=lambda row: row.source)
        return console.render("outbox.html", agent=agent, items=undelivered(console.sessions),
                              failures=failures, max_attempts=console.outbox.policy.max_attempts)

    @bp.listener("after_server_start")
    async def start_background_jobs(app: Any, loop: Any) -> None:
        if console.outbox.connectors:
            app.add_task(every(console.config.outbox_retry_s, lambda: console.outbox.retry_due(utc_now()),
                               "outbox", console.sessions), name=RETRY_TASK)
        app.add_task(every(console.no_reply.interval_s, lambda: console.no_reply.check(utc_now()),
                           "no_reply", console.sessions), name=NO_REPLY_TASK)

    @bp.listener("before_server_stop")
    async def stop_background_jobs(app: Any, loop: Any) -> None:
        for task in (RETRY_TASK, NO_REPLY_TASK):
            await app.cancel_task(task, raise_exception=False)

    return bp
