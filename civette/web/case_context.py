"""What the console shows of a case besides its conversation: the list's summary, the order, the
transcript's times; in Paris time and French formats."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Optional

from sqlalchemy.orm import sessionmaker

from civette.helpdesk.models import Case
from civette.helpdesk.reasons import label
from civette.incidents import report_failure
from civette.orders.answers import order_answer
from civette.orders.lookup import DatabaseOrderLookup, OrderStoreUnavailable
from civette.web.display import day_and_time, euros, in_paris, waited

CHANNELS = {"socketio": "widget du site", "rest": "API REST", "email": "e-mail", "chatwoot": "Chatwoot"}


def waiting_for(case: Case, now: datetime) -> Optional[str]:
    """E.g. "attend depuis 3 min"; None when nobody waits."""
    if not case.waiting:
        return None
    return f"attend depuis {waited((now - (case.live_since or case.created_at)).total_seconds())}"


def state(case: Case, now: datetime) -> str:
    """Where the case stands, in a few words, for the list."""
    if case.status != "open":
        return f"clos ({day_and_time(case.closed_at, now)})" if case.closed_at else "clos"
    if case.mode == "live":
        return waiting_for(case, now) or "en conversation"
    return f"ouvert depuis {waited((now - case.created_at).total_seconds())}"


def case_summary(case: Case, now: datetime) -> Dict[str, Any]:
    return {
        "id": case.id, "reason": label(case.reason), "reason_code": case.reason, "priority": case.priority,
        "status": case.status, "mode": case.mode, "channel": case.channel, "waiting": case.waiting,
        "state": state(case, now), "opened": day_and_time(case.created_at, now),
        "created_at": case.created_at.isoformat(timespec="seconds") + "Z",
        "age_minutes": int((now - case.created_at).total_seconds() // 60),
        "order_number": case.order_number, "identity_verified": case.identity_verified,
        "contact_email": case.contact_email,
    }


def timed(messages: List[Dict[str, Any]], now: datetime) -> List[Dict[str, Any]]:
    """The transcript's lines with their time as an advisor reads it (`time`, Paris time)."""
    return [{**message, "time": day_and_time(message["at"], now)} if message.get("at") else message
            for message in messages]


def order_context(sessions: sessionmaker, number: Optional[str]) -> Optional[Dict[str, str]]:
    """The case's order for the advisor, with `answer`: what the bot tells a verified customer
    about it, for the reply box."""
    if not number:
        return None
    try:
        order = DatabaseOrderLookup(sessions).find_for_staff(number)
    except OrderStoreUnavailable as error:
        report_failure("order_store", error, sessions, order=number)
        return {"number": number, "status": "base des commandes indisponible"}
    if order is None:
        return {"number": number, "status": "commande introuvable"}
    today = in_paris(datetime.utcnow()).date()
    return {"number": number, "status": order.status.label, "total": euros(order.total),
            "date": f"{order.date_created:%d/%m/%Y}",  # the shop's own time, as WooCommerce gives it
            "answer": order_answer(order, "order_status", None, today).text}

