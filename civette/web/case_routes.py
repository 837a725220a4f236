"""A case in the agent console: its page (context, answers at hand, live transcript), the
transcript's updates, the advisor's live replies, closing."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Optional

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json, redirect

from civette.helpdesk.agents import LoggedIn
from civette.helpdesk.cases import claim_live_reply, close_case, get_case, release_live_reply
from civette.helpdesk.handoff import utc_now
from civette.helpdesk.models import Case
from civette.helpdesk.reasons import label
from civette.helpdesk.topics import faq_id, topic_label
from civette.web.case_context import CHANNELS, order_context, timed, waiting_for
from civette.web.display import waited
from civette.web.guard import guarded
from civette.web.rasa_api import RasaUnavailable

if TYPE_CHECKING:
    from civette.web.console import Console

MAX_REPLY = 2000
NOT_LIVE = "ce dossier n'accepte pas de réponse en direct"
UNANSWERED = ("Personne n'a répondu à temps : le client en a été informé et ce dossier se traite "
              "désormais par e-mail.")


def render_case(console: "Console", agent: LoggedIn, case: Case, status: int = 200, error: str = "",
                answer: Optional[str] = None) -> HTTPResponse:
    return console.render(
        "case.html", status=status, agent=agent, case=case, error=error, reason=label(case.reason),
        topic=topic_label(case.intent, case.confidence, console.kb), topic_faq=faq_id(case.intent) or "",
        channel=CHANNELS.get(case.channel, case.channel), waiting_for=waiting_for(case, utc_now()),
        order=order_context(console.sessions, case.order_number), max_reply=MAX_REPLY,
        faq=console.faq_answers, email=console.email.view(case, answer), unanswered=UNANSWERED,
        no_reply_after=waited(console.config.no_reply_timeout_s))


def add_case_routes(bp: Blueprint, console: "Console") -> None:
    @bp.get("/cases/<case_id:int>")
    @guarded(console, with_case=True)
    async def case_page(request: Request, agent: LoggedIn, case: Case) -> HTTPResponse:
        return render_case(console, agent, case)

    @bp.get("/api/cases/<case_id:int>/messages")
    @guarded(console, api=True, with_case=True)
    async def case_messages(request: Request, agent: LoggedIn, case: Case) -> HTTPResponse:
        try:
            messages = await console.call_rasa(console.rasa.transcript, case.conversation_id)
            live = True
        except RasaUnavailable:
            messages, live = case.transcript, False
        now = utc_now()
        return json({"status": case.status, "mode": case.mode, "live": live,
                     "waiting": waiting_for(case, now), "messages": timed(messages, now)})

    @bp.post("/api/cases/<case_id:int>/reply")
    @guarded(console, api=True, changes=True, with_case=True)
    async def reply(request: Request, agent: LoggedIn, case: Case) -> HTTPResponse:
        text = ((request.json or {}).get("text") or "").strip() if isinstance(request.json, dict) else ""
        if not text or len(text) > MAX_REPLY:
            return json({"error": f"message vide ou trop long (maximum {MAX_REPLY} caractères)"},
                        status=400)
        now = utc_now()
        if not await asyncio.to_thread(claim_live_reply, console.sessions, case.id, now):
            current = await asyncio.to_thread(get_case, console.sessions, case.id)
            refusal = UNANSWERED if current and current.unanswered_at else NOT_LIVE
            return json({"error": refusal}, status=409)
        try:
            await console.call_rasa(console.rasa.send_agent_message, case.conversation_id, text,
                                    agent.display_name)
        except RasaUnavailable:
            await asyncio.to_thread(release_live_reply, console.sessions, case.id, now)
            return json({"error": "l'assistant (Rasa) est injoignable, message non envoyé"}, status=502)
        return json({"sent": True})

    @bp.post("/cases/<case_id:int>/close")
    @guarded(console, changes=True, with_case=True)
    async def close(request: Request, agent: LoggedIn, case: Case) -> HTTPResponse:
        if case.status != "open":
            return redirect("/console/")
        # A live case is claimed first, as for a reply: the no-reply check cannot hand the
        # customer to email while the bot is given back (if it just did, the bot already was).
        now = utc_now()
        if case.mode == "live" and await asyncio.to_thread(claim_live_reply, console.sessions, case.id, now):
            try:
                await console.call_rasa(console.rasa.resume_bot, case.conversation_id)
            except RasaUnavailable:
                await asyncio.to_thread(release_live_reply, console.sessions, case.id, now)
                return render_case(console, agent, case, 502,
                                   "L'assistant (Rasa) est injoignable : le dossier reste ouvert.")
        close_case(console.sessions, case.id, agent.username, now)
        return redirect("/console/")
